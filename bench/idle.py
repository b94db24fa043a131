"""What an idle relay and an idle consumer cost: CPU of this process while nothing
happens, as a share of one core.

One run starts its own Tansu broker and a throw-away PostgreSQL database (reporting-
service's, which has an outbox like every service's), then, each for ``--seconds``
(default 10) with nothing to send or read:

1. baseline relay: ``OutboxRelay.run`` as it was, polling the outbox every
   ``outbox_poll_interval_s`` (50 ms) and never listening;
2. outbox relay: ``OutboxRelay.run`` as it is (LISTEN/NOTIFY on PostgreSQL, idle polls
   doubling up to ``outbox_idle_poll_max_s``); then one row is written and the time to
   its publication measured (the wake-up by NOTIFY);
3. baseline consumer: a bare ``AIOKafkaConsumer`` made as the runner's
   (``make_consumer``: the same fetch wait, session timeout and heartbeats) in a group of
   its own, on reporting's topics, in a ``getmany`` loop: what aiokafka costs alone;
4. consumer runner (before): ``ConsumerRunner.run`` with its loop as it was before issue
   14's third round, a ``getmany`` of at most 200 ms round after round;
5. consumer runner: ``ConsumerRunner.run`` of reporting-service's projection, joined to
   its group, on topics with nothing new.

The settings are the tests' (``service_settings``: a 2 s session timeout, so a group
heartbeat every 500 ms; a deployment's default is 6 s and 1.5 s).

CPU is this process's (``time.process_time``): the client side. PostgreSQL's backend and
the broker work for every poll too, so the share the relay saves is larger than shown.

    uv run --frozen python bench/idle.py [--seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from sqlalchemy import func, select

from helhet_common.broker import TansuBroker
from helhet_common.db import create_engine
from helhet_common.db.engine import create_session_factory
from helhet_common.db.migrations import upgrade
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.messaging.kafka import make_consumer
from helhet_common.messaging.outbox import OutboxRelay, OutboxWriter
from helhet_common.observability.logging import configure_logging
from helhet_common.testing.databases import check_server, create_database, drop_database
from helhet_common.testing.services import service_settings
from reporting_service import bootstrap as reporting_bootstrap
from reporting_service.adapters.tables import shared
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
TOPIC = "bench.idle"


class PollingRelay(OutboxRelay):
    """The relay as it was: never listens, so it polls every poll interval."""

    async def _listening(self) -> asyncio.Event | None:
        return None


class PollingRunner(ConsumerRunner):
    """The runner's loop as it was: a ``getmany`` of at most 200 ms, round after round."""

    async def _poll(
        self, consumer: AIOKafkaConsumer, stopping: asyncio.Future[Any] | None = None
    ) -> dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]:
        return await super()._poll(consumer, None)


async def bare_consumer(settings: ReportingSettings, stop: asyncio.Event) -> None:
    """aiokafka alone: a consumer made as the runner's (``make_consumer``: the same fetch
    wait, session and heartbeat), in a group of its own, on the same topics, waiting."""
    consumer = make_consumer(settings, group_id="bench-idle-bare")
    consumer.subscribe(topics=make_projection(settings).topics)
    await consumer.start()
    try:
        while not stop.is_set():
            await consumer.getmany(timeout_ms=1000)
    finally:
        await consumer.stop()


async def cpu_while(task: asyncio.Task[None], seconds: float) -> float:
    """The share of one core this process used over ``seconds`` while ``task`` ran."""
    await asyncio.sleep(2.0)  # started, connected, joined: what follows is idle
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.sleep(seconds)
    share = (time.process_time() - cpu) / (time.perf_counter() - wall)
    if task.done():
        task.result()  # raises what stopped it
    return share


async def unpublished(sessions: object) -> int:
    async with sessions() as session:  # type: ignore[operator]
        return int(
            await session.scalar(
                select(func.count())
                .select_from(shared.outbox)
                .where(shared.outbox.c.published_at.is_(None))
            )
            or 0
        )


async def write_and_wait(sessions: object) -> float:
    """Milliseconds from the commit of one outbox row to its publication."""
    async with sessions() as session, session.begin():  # type: ignore[operator]
        envelope = CloudEvent(source="/bench", type="bench.idle.v1", data={})
        await OutboxWriter(shared).add(session, [(TOPIC, envelope)])
    written = time.perf_counter()
    while await unpublished(sessions):  # noqa: ASYNC110 (polling the table is the point)
        await asyncio.sleep(0.001)
    return (time.perf_counter() - written) * 1000


async def run(url: str, bootstrap: str, home: Path, seconds: float) -> dict[str, float]:
    figures: dict[str, float] = {}
    settings = service_settings(
        ReportingSettings,
        database_url=url,
        kafka_bootstrap=bootstrap,
        home=home,
        outbox_poll_interval_s=0.05,
        outbox_max_backoff_s=30.0,
    )
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    try:
        polling = settings.model_copy(update={"outbox_idle_poll_max_s": 0.05})
        for name, kind, config in (
            ("baseline relay", PollingRelay, polling),
            ("outbox relay", OutboxRelay, settings),
        ):
            relay = kind(settings=config, session_factory=sessions, tables=shared, topics=[TOPIC])
            stop = asyncio.Event()
            task = asyncio.create_task(relay.run(stop))
            await write_and_wait(sessions)  # connected to the broker, the producer started
            figures[name] = await cpu_while(task, seconds)
            figures[f"{name} ms"] = await write_and_wait(sessions)
            stop.set()
            await task
        stop = asyncio.Event()
        task = asyncio.create_task(bare_consumer(settings, stop))
        await asyncio.sleep(3.0)  # the group join
        figures["baseline consumer"] = await cpu_while(task, seconds)
        stop.set()
        await task
        for name, kind in (
            ("consumer runner (before)", PollingRunner),
            ("consumer runner", ConsumerRunner),
        ):
            runner = kind(
                settings=settings,
                session_factory=sessions,
                tables=shared,
                projection=make_projection(settings),
            )
            stop = asyncio.Event()
            task = asyncio.create_task(runner.run(stop))
            await asyncio.sleep(3.0)  # the group join
            figures[name] = await cpu_while(task, seconds)
            stop.set()
            await task
    finally:
        await engine.dispose()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database-url", default=DEFAULT_ADMIN_URL)
    args = parser.parse_args(argv)
    configure_logging(ReportingSettings(log_level="WARNING", log_json=True), stream=sys.stderr)
    version = check_server(args.database_url)
    load_before = os.getloadavg()[0]
    broker = TansuBroker()
    url = ""
    try:
        broker.start()
        url = create_database(args.database_url, "bench")
        upgrade(reporting_bootstrap.MIGRATIONS, url)
        with tempfile.TemporaryDirectory(prefix="helhet-bench-") as tmp:
            figures = asyncio.run(run(url, broker.bootstrap_servers, Path(tmp), args.seconds))
    finally:
        broker.stop()
        if url:
            drop_database(args.database_url, url)
    load = (load_before, os.getloadavg()[0])
    print(
        f"idle: {args.seconds:.0f} s per stage; PostgreSQL {version}, Tansu; "
        f"{os.cpu_count()} CPUs, load {load[0]:.2f} -> {load[1]:.2f}"
    )
    base = figures["baseline relay"]
    relay = figures["outbox relay"]
    print(
        f"baseline relay (polls every 50 ms)   {base * 100:6.2f} % of a core  (a row written "
        f"after the idle spell was sent in {figures['baseline relay ms']:.0f} ms)"
    )
    print(
        f"outbox relay (LISTEN, idle backoff)  {relay * 100:6.2f} % of a core  "
        f"({relay / base:.2f} x baseline; a row written after the idle spell was sent "
        f"in {figures['outbox relay ms']:.0f} ms)"
    )
    bare = figures["baseline consumer"]
    print(f"baseline consumer (bare aiokafka)    {bare * 100:6.2f} % of a core")
    for name in ("consumer runner (before)", "consumer runner"):
        print(
            f"{name:36} {figures[name] * 100:6.2f} % of a core  "
            f"({figures[name] / bare:.2f} x baseline consumer)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
