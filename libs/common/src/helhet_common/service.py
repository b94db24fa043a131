"""One command line for every service: ``api``, ``relay``, ``consume``, ``rebuild``,
``prune-processed``, ``prune-idempotency``, ``migrate``, ``seed``.

A service describes itself once with a ``ServiceDefinition`` (in its ``bootstrap.py``)
and its console script calls ``run_cli``. Every process kind therefore starts, logs,
shuts down on SIGTERM and exposes metrics the same way in every service.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from helhet_common.db import create_engine, create_session_factory
from helhet_common.db.migrations import upgrade
from helhet_common.db.shared_tables import SharedTables
from helhet_common.heap import settle_heap
from helhet_common.idempotency import IdempotencyPruneResult, prune_idempotency_records
from helhet_common.messaging.consumer import CatchUpResult, ConsumerRunner, Projection
from helhet_common.messaging.outbox import OutboxRelay
from helhet_common.messaging.registry import EventRegistry
from helhet_common.messaging.retention import PruneResult, prune_processed_events
from helhet_common.observability import configure_logging, instrument_engine, setup_telemetry
from helhet_common.observability.logging import flush_logs
from helhet_common.settings import ServiceSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ServiceCommand:
    """A command of the service's own, beside the common ones (e.g. a daily job)."""

    name: str
    help: str
    run: Callable[[Any, argparse.Namespace], Coroutine[Any, Any, None]]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    # A long-running process (a deployment, not a job): it serves ``/metrics`` and
    # ``/health/live`` on ``<PREFIX>_METRICS_PORT`` like the relay and the consumer.
    long_running: bool = False


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    settings_factory: Callable[[], ServiceSettings]
    app_factory: Callable[[ServiceSettings], FastAPI]
    migrations_dir: Path
    tables: SharedTables
    publishes: EventRegistry | None = None
    # What the consumer maintains: ``make_projection(settings)`` (settings injected).
    make_projection: Callable[[Any], Projection] | None = None
    seed: Callable[[ServiceSettings], Coroutine[Any, Any, None]] | None = None
    commands: Sequence[ServiceCommand] = ()
    # Runs before every command; raise ``ConfigurationError`` to stop with a message.
    check: Callable[[Any], None] | None = None
    # Runs after a complete ``rebuild`` (e.g. re-evaluating what depends on the clock).
    after_rebuild: Callable[[Any], Coroutine[Any, Any, None]] | None = None

    @property
    def consumes(self) -> bool:
        return self.make_projection is not None

    def projection_for(self, settings: ServiceSettings) -> Projection | None:
        """The service's projection, made with ``settings``."""
        if self.make_projection is not None:
            return self.make_projection(settings)
        return None


class ConfigurationError(Exception):
    """The service's configuration is invalid: the command stops with exit code 2."""


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set ``stop``: a long-running process ends its round and exits."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)


def _serve_metrics(settings: ServiceSettings) -> None:
    if settings.metrics_port:
        from prometheus_client import start_http_server

        start_http_server(settings.metrics_port, addr=settings.host)


def migrate(definition: ServiceDefinition, settings: ServiceSettings) -> None:
    url = settings.resolved_migration_database_url
    if url.startswith("sqlite"):
        # Make sure the folder of the SQLite file exists before Alembic connects.
        create_engine(url)
    upgrade(definition.migrations_dir, url)
    log.info("migrated", service=definition.name)


async def run_relay(definition: ServiceDefinition, settings: ServiceSettings) -> None:
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    instrument_engine(engine)
    topics = definition.publishes.topics if definition.publishes else []
    relay = OutboxRelay(
        settings=settings,
        session_factory=create_session_factory(engine),
        tables=definition.tables,
        topics=topics,
    )
    stop = asyncio.Event()
    stop_on_signals(stop)
    settle_heap()
    try:
        await relay.run(stop)
    finally:
        await engine.dispose()


def make_consumer_runner(
    definition: ServiceDefinition, settings: ServiceSettings, engine_url: str | None = None
) -> tuple[ConsumerRunner, Callable[[], Awaitable[None]]]:
    projection = definition.projection_for(settings)
    if projection is None:
        raise SystemExit(f"{definition.name} has no consumer")
    engine = create_engine(engine_url or settings.resolved_database_url, pool_size=2)
    instrument_engine(engine)
    runner = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(engine),
        tables=definition.tables,
        projection=projection,
    )
    return runner, engine.dispose


async def run_consumer(
    definition: ServiceDefinition, settings: ServiceSettings, *, from_beginning: bool
) -> None:
    runner, dispose = make_consumer_runner(definition, settings)
    stop = asyncio.Event()
    stop_on_signals(stop)
    settle_heap()
    try:
        await runner.run(stop, from_beginning=from_beginning)
    finally:
        await dispose()


REBUILD_HELP = (
    "empty the read models, replay every topic from its start up to the end offsets seen "
    "at start, print the count and exit. Reads outside the consumer group and commits no "
    "offsets: the live consumers, stopped meanwhile, resume from their own offsets and "
    "skip what the rebuild applied"
)


async def rebuild(definition: ServiceDefinition, settings: ServiceSettings) -> CatchUpResult:
    """Rebuild the service's read model (the ``rebuild`` command); returns the counts.

    The replay runs outside the consumer group: it commits no offsets, so the live
    group's committed offsets are left where they were. It records each applied event
    in processed-events under the live consumer's name, so when the live consumers
    start again (from their own committed offsets) whatever they read again up to the
    rebuild's end offsets is skipped as a duplicate, and what was published during the
    rebuild is applied by them. Stop the service's consumers for the duration: they
    would write to the tables being emptied and refilled. SIGINT/SIGTERM stop the
    replay early (``complete`` is then false and the read model partial).
    """
    runner, dispose = make_consumer_runner(definition, settings)
    stop = asyncio.Event()
    stop_on_signals(stop)
    settle_heap()
    try:
        return await runner.run_until_caught_up(stop)
    finally:
        await dispose()


PRUNE_IDEMPOTENCY_HELP = (
    "reduce the responses stored for Idempotency-Key replays to their status and id after "
    "idempotency_body_hours (default 24), and delete the keys after idempotency_keep_days "
    "(default 30): the bodies hold personal data and a retry comes within minutes"
)
PRUNE_HELP = (
    "delete processed-events rows older than the retention window "
    "(consumer_processed_retention_days, default 7), counted back from each consumer "
    "group's last heartbeat; groups that never beat keep their rows. Safe while the "
    "window exceeds the longest time between applying a batch and committing its offsets "
    "(see docs/operations.md)"
)


async def prune_processed(
    definition: ServiceDefinition, settings: ServiceSettings, *, days: float | None = None
) -> PruneResult:
    """The ``prune-processed`` command: the service's processed-events retention."""
    window = days if days is not None else settings.consumer_processed_retention_days
    engine = create_engine(settings.resolved_database_url, pool_size=1)
    try:
        return await prune_processed_events(
            create_session_factory(engine), definition.tables, retention=timedelta(days=window)
        )
    finally:
        await engine.dispose()


async def prune_idempotency(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    *,
    body_hours: float | None = None,
    keep_days: float | None = None,
) -> IdempotencyPruneResult:
    """The ``prune-idempotency`` command: stored responses lose their bodies, then go."""
    engine = create_engine(settings.resolved_database_url, pool_size=1)
    try:
        return await prune_idempotency_records(
            create_session_factory(engine),
            definition.tables,
            body_after=timedelta(hours=body_hours or settings.idempotency_body_hours),
            keep_for=timedelta(days=keep_days or settings.idempotency_keep_days),
        )
    finally:
        await engine.dispose()


def rebuilt_line(service: str, result: CatchUpResult) -> str:
    return (
        f"rebuilt {service} read model: {result.applied} events applied in "
        f"{result.seconds:.2f} s ({result.events_per_second:.0f} events/s)"
    )


def run_cli(definition: ServiceDefinition, argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=definition.name)
    commands = parser.add_subparsers(dest="command", required=True)
    api = commands.add_parser("api", help="serve the HTTP API")
    api.add_argument("--host")
    api.add_argument("--port", type=int)
    api.add_argument("--migrate", action="store_true", help="run migrations first")
    if definition.publishes is not None:
        commands.add_parser("relay", help="publish the outbox to Kafka")
    if definition.consumes:
        consume = commands.add_parser("consume", help="consume events into the read models")
        consume.add_argument(
            "--from-beginning",
            action="store_true",
            help="empty the read models and replay every topic from its start",
        )
        commands.add_parser(
            "rebuild",
            help="rebuild the read models from every topic's start, then exit",
            description=REBUILD_HELP,
        )
        prune = commands.add_parser(
            "prune-processed",
            help="delete processed-events rows older than the retention window",
            description=PRUNE_HELP,
        )
        prune.add_argument(
            "--days", type=float, help="the window in days (at least 1; default: the setting)"
        )
    prune_keys = commands.add_parser(
        "prune-idempotency",
        help="purge stored response bodies after a day and idempotency keys after 30 days",
        description=PRUNE_IDEMPOTENCY_HELP,
    )
    prune_keys.add_argument("--body-hours", type=float, help="default: the setting (24)")
    prune_keys.add_argument("--keep-days", type=float, help="default: the setting (30)")
    commands.add_parser("migrate", help="migrate the database to the newest revision")
    if definition.seed is not None:
        commands.add_parser("seed", help="load the demo municipality")
    extra = {command.name: command for command in definition.commands}
    for command in definition.commands:
        sub = commands.add_parser(command.name, help=command.help)
        if command.add_arguments is not None:
            command.add_arguments(sub)
    args = parser.parse_args(argv)

    settings = definition.settings_factory()
    if definition.check is not None:
        try:
            definition.check(settings)
        except ConfigurationError as exc:
            print(f"{definition.name}: {exc}", file=sys.stderr)
            return 2
    configure_logging(settings)
    setup_telemetry(settings)
    started = time.monotonic()
    if args.command == "api":
        if args.migrate:
            migrate(definition, settings)
        from helhet_common.app import serve_api  # only the api needs the web stack

        started_ok = serve_api(
            definition.app_factory(settings),
            settings,
            host=args.host or settings.host,
            port=args.port or settings.port,
        )
        if not started_ok:
            return 3  # uvicorn's exit code when it could not start (e.g. the port is taken)
    elif args.command == "relay":
        _serve_metrics(settings)
        asyncio.run(run_relay(definition, settings))
    elif args.command == "consume":
        _serve_metrics(settings)
        asyncio.run(run_consumer(definition, settings, from_beginning=args.from_beginning))
    elif args.command == "rebuild":
        result = asyncio.run(rebuild(definition, settings))
        if not result.complete:
            print(
                f"{definition.name}: rebuild interrupted after {result.applied} events; "
                "the read model may be incomplete (a bulk rebuild leaves it as it was), run "
                "it again",
                file=sys.stderr,
            )
            return 1
        log.info(
            "read_model_rebuilt",
            service=definition.name,
            applied=result.applied,
            duplicates=result.duplicates,
            ignored=result.ignored,
            dead_lettered=result.dead_lettered,
            seconds=round(result.seconds, 3),
            events_per_second=round(result.events_per_second, 1),
        )
        flush_logs()  # the log lines before it are written first (by the writer thread)
        sys.stdout.write(rebuilt_line(definition.name, result) + "\n")
        sys.stdout.flush()
        if definition.after_rebuild is not None:
            asyncio.run(definition.after_rebuild(settings))
    elif args.command == "prune-processed":
        try:
            pruned = asyncio.run(prune_processed(definition, settings, days=args.days))
        except ValueError as exc:
            print(f"{definition.name}: {exc}", file=sys.stderr)
            return 2
        log.info(
            "processed_events_pruned",
            service=definition.name,
            deleted=pruned.deleted,
            kept_without_heartbeat=pruned.kept_without_heartbeat,
        )
        flush_logs()
        sys.stdout.write(f"pruned {pruned.total} processed-events rows of {definition.name}\n")
        sys.stdout.flush()
    elif args.command == "prune-idempotency":
        try:
            kept = asyncio.run(
                prune_idempotency(
                    definition, settings, body_hours=args.body_hours, keep_days=args.keep_days
                )
            )
        except ValueError as exc:
            print(f"{definition.name}: {exc}", file=sys.stderr)
            return 2
        log.info(
            "idempotency_records_pruned",
            service=definition.name,
            bodies_purged=kept.bodies_purged,
            deleted=kept.deleted,
        )
        flush_logs()
        sys.stdout.write(
            f"purged {kept.bodies_purged} stored response bodies and deleted {kept.deleted} "
            f"idempotency keys of {definition.name}\n"
        )
        sys.stdout.flush()
    elif args.command == "migrate":
        migrate(definition, settings)
    elif args.command == "seed":
        assert definition.seed is not None
        asyncio.run(definition.seed(settings))
    elif args.command in extra:
        if extra[args.command].long_running:
            _serve_metrics(settings)
        asyncio.run(extra[args.command].run(settings, args))
    log.info("command_finished", command=args.command, seconds=round(time.monotonic() - started, 2))
    return 0
