"""Throughput of the messaging backbone: outbox relay and consumer runner against bare aiokafka.

One run starts its own Tansu broker and two throw-away PostgreSQL databases, then measures:

1. baseline producer   a bare ``AIOKafkaProducer`` sending N small keyed messages
2. outbox relay        ``OutboxRelay.publish`` draining N outbox rows to Kafka (pipelined)
3. baseline consumer   a bare ``AIOKafkaConsumer`` reading the N relayed messages
4. consumer runner     ``ConsumerRunner.apply_batch`` applying them to reporting-service's
                       projection, one transaction per ``getmany`` batch of 500

and prints each figure with its ratio to the baseline measured in the same run. Absolute
figures vary between machines; the ratios are what to compare. ``--run-loop`` also times
``ConsumerRunner.run`` itself (fresh group, third database) as a cross-check of 4.
Every stage checks that all N events were delivered or applied and fails otherwise.

    uv run python bench/backbone.py [--events N] [--database-url URL] [--json] [--run-loop]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.broker import TansuBroker
from helhet_common.db import create_engine
from helhet_common.db.engine import create_session_factory
from helhet_common.db.migrations import upgrade
from helhet_common.heap import settle_heap
from helhet_common.messaging.consumer import BatchResult, ConsumerRunner, KeepCheck
from helhet_common.messaging.envelope import CONTENT_TYPE, CloudEvent
from helhet_common.messaging.kafka import ensure_topics, make_producer
from helhet_common.messaging.outbox import OutboxRelay, OutboxWriter
from helhet_common.observability.logging import configure_logging
from helhet_common.settings import ServiceSettings
from helhet_common.testing.databases import check_server, create_database, drop_database, redact
from helhet_common.testing.services import service_settings
from plan_service import bootstrap as plan_bootstrap
from plan_service.adapters.tables import shared as plan_shared
from plan_service.contracts import ParticipantSettledV1
from plan_service.settings import PlanSettings
from reporting_service import bootstrap as reporting_bootstrap
from reporting_service.adapters.tables import participant_chain
from reporting_service.adapters.tables import shared as reporting_shared
from reporting_service.contracts import PARTICIPANTS_TOPIC
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
DEFAULT_EVENTS = 20_000
PARTICIPANTS = 1_000
EVENT_TYPE = ParticipantSettledV1.event_type
BASELINE_TOPIC = "bench.baseline"
RELAY_TOPIC = PARTICIPANTS_TOPIC  # what reporting-service's projection subscribes to
INSERT_BATCH = 5_000  # outbox rows per setup transaction
RELAY_BATCH = 1_000  # outbox_batch_size
CONSUMER_BATCH = 1_000  # max_records of the baseline consumer's getmany
RUNNER_BATCH = ServiceSettings.model_fields["consumer_max_records"].default
STAGE_TIMEOUT_S = 600.0  # a stage that stalls longer fails


class BenchError(RuntimeError):
    """A stage did not deliver or apply every event."""


@dataclass
class Figure:
    name: str
    events: int
    seconds: float
    baseline: str | None = None
    ratio: float | None = None
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")

    def against(self, baseline: Figure) -> Figure:
        self.baseline = baseline.name
        self.ratio = self.per_second / baseline.per_second
        return self

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["events_per_second"] = round(self.per_second, 1)
        values["seconds"] = round(self.seconds, 4)
        if self.ratio is not None:
            values["ratio"] = round(self.ratio, 6)
        return values


def check(condition: bool, message: str) -> None:
    if not condition:
        raise BenchError(message)


# --------------------------------------------------------------------------- the events


def make_events(count: int, seed: int = 7) -> list[CloudEvent]:
    """``count`` valid ``helhet.participant.settled.v1`` envelopes over ~1000 participants."""
    rng = random.Random(seed)
    participants = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(PARTICIPANTS)]
    start = date(2026, 1, 1)
    events = []
    for _ in range(count):
        pid = rng.choice(participants)
        data = ParticipantSettledV1(
            participant_id=pid,
            municipality="3403",
            settlement_date=start + timedelta(days=rng.randrange(365)),
            birth_year=rng.randrange(1950, 2020),
            household_type=rng.choice(["single", "family"]),
            languages=rng.sample(["ar", "uk", "ti", "so", "fa", "en", "ru"], k=2),
        ).model_dump(mode="json")
        events.append(
            CloudEvent(
                source="/helhet/plan-service",
                type=EVENT_TYPE,
                subject=str(pid),
                municipality="3403",
                data=data,
            )
        )
    return events


# --------------------------------------------------------------------------- kafka helpers


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """The topic's partitions, once the consumer's metadata knows them."""
    deadline = time.monotonic() + 10
    while True:
        await consumer.topics()  # refreshes metadata
        found = consumer.partitions_for_topic(topic)
        if found:
            return [TopicPartition(topic, p) for p in sorted(found)]
        if time.monotonic() > deadline:
            raise BenchError(f"topic {topic!r} has no partitions")
        await asyncio.sleep(0.05)


async def read_topic(
    bootstrap: str,
    topic: str,
    expected: int,
    *,
    max_records: int,
    keep: bool,
) -> tuple[float, int, list[list[ConsumerRecord[bytes, bytes]]]]:
    """Read ``topic`` from the start without a group until ``expected`` records arrived.

    Returns the seconds from ``assign`` to the last record (the client is connected
    before the clock starts, and fetching only begins at ``assign``),
    the count, and (with ``keep``) the batches as ``getmany`` returned them, flattened
    per batch in partition order the way ``ConsumerRunner`` does.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    batches: list[list[ConsumerRecord[bytes, bytes]]] = []
    count = 0
    try:
        partitions = await _partitions(consumer, topic)
        deadline = time.monotonic() + STAGE_TIMEOUT_S
        started = time.perf_counter()  # connected; nothing fetched before assign()
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        while count < expected:
            got = await consumer.getmany(timeout_ms=1000, max_records=max_records)
            for records in got.values():
                count += len(records)
            if keep and got:
                batches.append([r for tp in sorted(got) for r in got[tp]])
            if time.monotonic() > deadline:
                raise BenchError(f"read {count} of {expected} records from {topic!r} in time")
        seconds = time.perf_counter() - started
        extra = await consumer.getmany(timeout_ms=300)
        count += sum(len(records) for records in extra.values())
    finally:
        await consumer.stop()
    check(count == expected, f"{topic!r}: read {count} records, expected {expected}")
    return seconds, count, batches


# --------------------------------------------------------------------------- stages


async def baseline_producer(bootstrap: str, events: Sequence[CloudEvent]) -> Figure:
    """1. A bare producer: every send queued, then all deliveries awaited together."""
    settings = PlanSettings(kafka_bootstrap_servers=bootstrap)
    await ensure_topics(settings, [BASELINE_TOPIC])  # same partition count as the relay's
    messages = [(e.key, e.to_json_bytes()) for e in events]
    headers = [("content-type", CONTENT_TYPE.encode())]
    # Configured exactly as the relay's producer (``make_producer``: acks=all, linger 5 ms,
    # 256 KiB batches), so the ratio is the outbox's cost and not a producer setting's.
    producer = make_producer(settings, client_id="bench-baseline")
    await producer.start()
    try:
        started = time.perf_counter()
        futures = [
            await producer.send(BASELINE_TOPIC, value=value, key=key, headers=headers)
            for key, value in messages
        ]
        delivered = await asyncio.gather(*futures)
        seconds = time.perf_counter() - started
    finally:
        await producer.stop()
    placed = {(m.partition, m.offset) for m in delivered}
    check(len(placed) == len(events), f"baseline producer: {len(placed)} delivered")
    # Read back (untimed). Tansu's ListOffsets(latest) is the last batch's base offset + 1,
    # not the log end, so end offsets cannot be used to count a topic.
    await read_topic(bootstrap, BASELINE_TOPIC, len(events), max_records=CONSUMER_BATCH, keep=False)
    size = sum(len(v) for _, v in messages) / len(messages)
    return Figure("baseline producer", len(events), seconds, note=f"{size:.0f} B/event")


async def outbox_stages(
    url: str, bootstrap: str, home: Path, events: Sequence[CloudEvent]
) -> tuple[Figure, Figure]:
    """Setup (batched outbox inserts), then 2. the relay draining the outbox."""
    settings = service_settings(
        PlanSettings,
        database_url=url,
        kafka_bootstrap=bootstrap,
        home=home,
        outbox_batch_size=RELAY_BATCH,
    )
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    producers: list[AIOKafkaProducer] = []

    def producer_factory() -> AIOKafkaProducer:
        producers.append(make_producer(settings))
        return producers[-1]

    try:
        writer = OutboxWriter(plan_shared)
        started = time.perf_counter()
        for i in range(0, len(events), INSERT_BATCH):
            async with sessions() as session, session.begin():
                await writer.add(session, [(RELAY_TOPIC, e) for e in events[i : i + INSERT_BATCH]])
        inserted = time.perf_counter() - started
        outbox = plan_shared.outbox
        rows = await _scalar(sessions, select(func.count()).select_from(outbox))
        check(rows == len(events), f"outbox holds {rows} rows, inserted {len(events)}")
        insert_figure = Figure(
            "outbox insert (setup)", len(events), inserted, note=f"{INSERT_BATCH} rows/txn"
        )
        # Statistics as autovacuum would have them on a service's table (untimed): on a
        # table created a second ago the planner guesses a few dozen unpublished rows and
        # answers each batch's select by reading and sorting every one of them.
        async with engine.connect() as connection:
            await connection.execute(text(f"ANALYZE {outbox.name}"))
            await connection.commit()

        await ensure_topics(settings, [RELAY_TOPIC])
        relay = OutboxRelay(
            settings=settings,
            session_factory=sessions,
            tables=plan_shared,
            topics=[RELAY_TOPIC],
            producer_factory=producer_factory,
        )
        published = 0
        rounds = 0
        deadline = time.monotonic() + STAGE_TIMEOUT_S
        started = time.perf_counter()
        while marked := await relay.publish():
            published += marked
            rounds += 1
            check(time.monotonic() < deadline, f"relay: {published} published in time")
        seconds = time.perf_counter() - started
        check(published == len(events), f"relay published {published}, expected {len(events)}")
        backlog = await relay.backlog()
        check(backlog == 0, f"relay left {backlog} rows unpublished")
    finally:
        for producer in producers:
            await producer.stop()
        await engine.dispose()
    relay_figure = Figure(
        "outbox relay", published, seconds, note=f"{rounds} x publish(), batches of {RELAY_BATCH}"
    )
    return insert_figure, relay_figure


async def baseline_consumer(bootstrap: str, expected: int) -> Figure:
    """3. A bare consumer (no group) counting the relayed records: exactly N, none more."""
    seconds, count, _ = await read_topic(
        bootstrap, RELAY_TOPIC, expected, max_records=CONSUMER_BATCH, keep=False
    )
    return Figure("baseline consumer", count, seconds, note=f"getmany({CONSUMER_BATCH})")


def _runner_settings(url: str, bootstrap: str, home: Path, **overrides: Any) -> ReportingSettings:
    return service_settings(
        ReportingSettings,
        database_url=url,
        kafka_bootstrap=bootstrap,
        home=home,
        consumer_max_records=RUNNER_BATCH,
        **overrides,
    )


async def _check_read_model(
    sessions: async_sessionmaker[AsyncSession], name: str, expected: int, participants: int
) -> None:
    """Every event has its processed-events row; every participant its settled row."""
    processed = reporting_shared.processed_events
    rows = await _scalar(sessions, select(func.count()).select_from(processed))
    check(rows == expected, f"{name}: {rows} processed-events rows, expected {expected}")
    chain = participant_chain.c
    settled = await _scalar(
        sessions,
        select(func.count())
        .select_from(participant_chain)
        .where(
            chain.stage == "settled",
            chain.municipality == "3403",
            chain.settlement_date.is_not(None),
        ),
    )
    check(
        settled == participants,
        f"{name}: {settled} settled participants in the read model, expected {participants}",
    )


async def consumer_runner(
    url: str, bootstrap: str, home: Path, expected: int, participants: int
) -> tuple[Figure, Figure]:
    """4. ConsumerRunner.apply_batch on the batches a bare consumer read (the read is untimed),
    then 5. the same batches again (every event already processed)."""
    _, _, batches = await read_topic(
        bootstrap, RELAY_TOPIC, expected, max_records=RUNNER_BATCH, keep=True
    )
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    try:
        settings = _runner_settings(url, bootstrap, home)
        runner = ConsumerRunner(
            settings=settings,
            session_factory=sessions,
            tables=reporting_shared,
            projection=make_projection(settings),
            group_id="bench-reporting",
        )
        settle_heap()  # as the service's consume command does before its loop
        total = BatchResult()
        started = time.perf_counter()
        for records in batches:
            result = await runner.apply_batch(records)
            total.applied += result.applied
            total.duplicates += result.duplicates
            total.ignored += result.ignored
            total.dead_lettered += result.dead_lettered
        seconds = time.perf_counter() - started
        check(
            total.applied == expected
            and not total.duplicates
            and not total.ignored
            and not total.dead_lettered,
            f"runner: applied {total.applied} of {expected} (duplicates {total.duplicates}, "
            f"ignored {total.ignored}, dead letters {len(total.dead_lettered)})",
        )
        await _check_read_model(sessions, "runner", expected, participants)
        # 5. The same batches again: every event already processed (a redelivery after a
        # crash before the offset commit, or a group reading from the beginning).
        again = BatchResult()
        started = time.perf_counter()
        for records in batches:
            result = await runner.apply_batch(records)
            again.applied += result.applied
            again.duplicates += result.duplicates
        replay_seconds = time.perf_counter() - started
        check(
            again.duplicates == expected and not again.applied,
            f"replay: {again.duplicates} skipped as processed, {again.applied} applied again",
        )
        await _check_read_model(sessions, "replay", expected, participants)
    finally:
        await engine.dispose()
    per_txn = expected / len(batches)
    first = Figure(
        "consumer runner",
        total.applied,
        seconds,
        note=f"apply_batch x{len(batches)}, ~{per_txn:.0f} events/txn",
    )
    replay = Figure(
        "replay (all processed)",
        again.duplicates,
        replay_seconds,
        note="the same batches again, every event skipped",
    )
    return first, replay


class _TimedRunner(ConsumerRunner):
    """The runner unchanged, noting when its first batch starts and its N-th event is applied."""

    def __init__(self, *, expected: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.expected = expected
        self.applied = 0
        self.batches = 0
        self.first: float | None = None
        self.last = 0.0
        self.between = 0.0
        self.done = asyncio.Event()

    async def apply_batch(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], *, keep: KeepCheck | None = None
    ) -> BatchResult:
        started = time.perf_counter()
        if self.first is None:
            self.first = started
        else:
            self.between += started - self.last  # offset commit, lag gauge, next getmany
        result = await super().apply_batch(records, keep=keep)
        self.last = time.perf_counter()
        self.applied += result.applied
        self.batches += 1
        if self.applied >= self.expected:
            self.done.set()
        return result


async def consumer_runner_loop(
    url: str, bootstrap: str, home: Path, expected: int, participants: int
) -> Figure:
    """4b (``--run-loop``). ``ConsumerRunner.run`` with a fresh group, from its first batch."""
    group = f"bench-reporting-{uuid.uuid4().hex[:8]}"
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    stop = asyncio.Event()
    try:
        settings = _runner_settings(url, bootstrap, home, consumer_group=group)
        runner = _TimedRunner(
            expected=expected,
            settings=settings,
            session_factory=sessions,
            tables=reporting_shared,
            projection=make_projection(settings),
        )
        settle_heap()  # as the service's consume command does before its loop
        launched = time.perf_counter()
        task = asyncio.create_task(runner.run(stop))
        waiter = asyncio.create_task(runner.done.wait())
        await asyncio.wait({task, waiter}, timeout=STAGE_TIMEOUT_S, return_when="FIRST_COMPLETED")
        stop.set()
        waiter.cancel()
        await asyncio.wait_for(task, timeout=30)  # re-raises if run() failed
        check(
            runner.done.is_set() and runner.applied == expected and runner.first is not None,
            f"run loop: applied {runner.applied} of {expected} in time",
        )
        await _check_read_model(sessions, "run loop", expected, participants)
    finally:
        stop.set()
        await engine.dispose()
    assert runner.first is not None
    return Figure(
        "consumer runner (run loop)",
        runner.applied,
        runner.last - runner.first,
        note=f"run(): {runner.batches} batches, {runner.between:.2f}s between them, "
        f"+{runner.first - launched:.1f}s group join",
    )


async def _scalar(sessions: async_sessionmaker[AsyncSession], statement: Any) -> int:
    async with sessions() as session:
        return int(await session.scalar(statement) or 0)


# --------------------------------------------------------------------------- output


def _ratio(figure: Figure) -> str:
    if figure.ratio is None:
        return ""
    if figure.ratio >= 0.1:
        return f"{figure.ratio:.2f} x {figure.baseline}"
    return f"{figure.ratio:.4f} (1/{1 / figure.ratio:.0f}) x {figure.baseline}"


def render(figures: Sequence[Figure]) -> str:
    header = ("stage", "events", "seconds", "events/s", "ratio to baseline", "note")
    rows = [header]
    for f in figures:
        rows.append(
            (f.name, str(f.events), f"{f.seconds:.3f}", f"{f.per_second:,.0f}", _ratio(f), f.note)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    right = {1, 2, 3}
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


async def run(args: argparse.Namespace, urls: dict[str, str], bootstrap: str) -> list[Figure]:
    events = make_events(args.events)
    n = len(events)
    participants = len({e.subject for e in events})

    async def stage(label: str, work: Awaitable[Any]) -> Any:
        print(f"... {label}", file=sys.stderr, flush=True)
        return await work

    with tempfile.TemporaryDirectory(prefix="helhet-bench-") as tmp:
        home = Path(tmp)
        producer = await stage("baseline producer", baseline_producer(bootstrap, events))
        inserted, relay = await stage(
            "outbox insert + relay", outbox_stages(urls["plan"], bootstrap, home, events)
        )
        consumer = await stage("baseline consumer", baseline_consumer(bootstrap, n))
        runner, replay = await stage(
            "consumer runner",
            consumer_runner(urls["reporting"], bootstrap, home, n, participants),
        )
        figures = [
            producer,
            inserted,
            relay.against(producer),
            consumer,
            runner.against(consumer),
            replay.against(runner),
        ]
        if args.run_loop:
            loop = await stage(
                "consumer runner (run loop)",
                consumer_runner_loop(urls["reporting_loop"], bootstrap, home, n, participants),
            )
            figures.append(loop.against(consumer))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=DEFAULT_EVENTS, help=f"N (default {DEFAULT_EVENTS})"
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_ADMIN_URL,
        help="admin URL of the PostgreSQL server (default: the local server, user postgres)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--run-loop",
        action="store_true",
        help="also time ConsumerRunner.run() with a fresh group (a third database; doubles "
        "the runner's share of the run time)",
    )
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be positive")

    configure_logging(PlanSettings(log_level="WARNING", log_json=True), stream=sys.stderr)
    admin = args.database_url
    try:
        version = check_server(admin)
    except Exception as exc:
        print(f"PostgreSQL not reachable at {redact(admin)}: {exc!r}", file=sys.stderr)
        return 2

    load_before = os.getloadavg()[0]
    urls: dict[str, str] = {}
    broker = TansuBroker()
    wall = time.perf_counter()
    try:
        broker.start()
        urls["plan"] = create_database(admin, "bench")
        upgrade(plan_bootstrap.MIGRATIONS, urls["plan"])
        for name in ["reporting", "reporting_loop"] if args.run_loop else ["reporting"]:
            urls[name] = create_database(admin, "bench")
            upgrade(reporting_bootstrap.MIGRATIONS, urls[name])
        figures = asyncio.run(run(args, urls, broker.bootstrap_servers))
    except BenchError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        broker.stop()
        for url in urls.values():
            drop_database(admin, url)
    wall = time.perf_counter() - wall
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))

    if args.json:
        report = {
            "events": args.events,
            "participant_pool": PARTICIPANTS,
            "postgresql": version,
            "broker": "tansu",
            "wall_seconds": round(wall, 2),
            "cpus": os.cpu_count(),
            "load_average_1m": {"before": load[0], "after": load[1]},
            "figures": [f.as_dict() for f in figures],
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"backbone: N={args.events}, PostgreSQL {version}, Tansu; {os.cpu_count()} CPUs, "
            f"load {load[0]:.2f} -> {load[1]:.2f}; wall {wall:.1f}s"
        )
        print(render(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
