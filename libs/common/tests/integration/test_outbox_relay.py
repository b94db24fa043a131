"""The outbox relay against real PostgreSQL and a real broker."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client import REGISTRY
from sqlalchemy import func, select, update

from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.outbox import OutboxRelay, OutboxWriter
from helhet_common.testing import async_wait_until
from helhet_common.testing.plugin import TansuFactory

from . import toy


async def _write(url: str, topic: str, envelopes: list) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    async with sessions() as session, session.begin():
        await OutboxWriter(toy.shared).add(session, [(topic, e) for e in envelopes])
    await engine.dispose()


async def _unpublished(url: str) -> int:
    engine = create_engine(url)
    async with engine.connect() as conn:
        n = await conn.scalar(
            select(func.count())
            .select_from(toy.shared.outbox)
            .where(toy.shared.outbox.c.published_at.is_(None))
        )
    await engine.dispose()
    return int(n or 0)


async def _consume(bootstrap: str, topic: str, expected: int) -> list:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await async_wait_until(
            lambda: consumer.partitions_for_topic(topic), timeout=10, message="metadata"
        )
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list = []

        async def enough() -> bool:
            for rs in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(rs)
            return len(records) >= expected

        await async_wait_until(enough, timeout=20, message=f"{expected} records")
        return records
    finally:
        await consumer.stop()


def _relay(url: str, bootstrap: str, home: Path, topic: str, **overrides: object) -> tuple:
    config = toy.settings(url, bootstrap, home, **overrides)
    engine = create_engine(url)
    relay = OutboxRelay(
        settings=config,
        session_factory=create_session_factory(engine),
        tables=toy.shared,
        topics=[topic],
    )
    return relay, engine


async def test_relay_publishes_in_batches_and_keeps_per_key_order(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    envelopes = [toy.envelope(f"k{i % 7}", i) for i in range(350)]
    await _write(toy_database, topic, envelopes)
    relay, engine = _relay(toy_database, kafka_bootstrap, home, topic, outbox_batch_size=100)
    batches = []
    while published := await relay.publish_once():
        batches.append(published)
    await relay._drop_producer()
    await engine.dispose()
    assert batches == [100, 100, 100, 50]
    assert await _unpublished(toy_database) == 0

    records = await _consume(kafka_bootstrap, topic, 350)
    assert len(records) == 350
    by_key: dict[bytes, list[int]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key, []).append(json.loads(record.value)["data"]["seq"])
    for key, seqs in by_key.items():
        assert seqs == sorted(seqs), f"events of {key!r} out of order"
    headers = dict(records[0].headers)
    assert headers["content-type"] == b"application/cloudevents+json"


async def test_the_backlog_goes_out_in_one_pipelined_call_in_per_key_order(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    envelopes = [toy.envelope(f"k{i % 7}", i) for i in range(350)]
    await _write(toy_database, topic, envelopes)
    relay, engine = _relay(toy_database, kafka_bootstrap, home, topic, outbox_batch_size=40)
    published = await relay.publish()  # nine batches, the next selected while one is in flight
    assert await relay.publish() == 0
    await relay._drop_producer()
    await engine.dispose()
    assert published == 350
    assert await _unpublished(toy_database) == 0

    records = await _consume(kafka_bootstrap, topic, 350)
    assert sorted(json.loads(r.value)["id"] for r in records) == sorted(e.id for e in envelopes)
    by_key: dict[bytes, list[int]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key, []).append(json.loads(record.value)["data"]["seq"])
    assert len(by_key) == 7
    for key, seqs in by_key.items():
        assert seqs == sorted(seqs), f"events of {key!r} out of order"


async def test_writes_while_the_broker_is_down_all_arrive_when_it_is_back(
    toy_database: str, tansu_factory: TansuFactory, topic: str, home: Path
) -> None:
    broker = tansu_factory()
    relay, engine = _relay(
        toy_database, broker.bootstrap_servers, home, topic, kafka_request_timeout_ms=1500
    )
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await _write(toy_database, topic, [toy.envelope("before", i) for i in range(5)])
        await async_wait_until(
            _all_published(toy_database), timeout=15, message="first events published"
        )
        broker.stop()
        # The service keeps accepting writes: they wait in the outbox.
        during = [toy.envelope(f"during-{i % 3}", i) for i in range(30)]
        await _write(toy_database, topic, during)
        failures = _failures()
        await async_wait_until(
            lambda: _failures() > failures, timeout=20, message="relay saw the outage"
        )
        assert await _unpublished(toy_database) == 30
        broker.start()
        await async_wait_until(
            _all_published(toy_database), timeout=30, message="outbox drained after outage"
        )
    finally:
        stop.set()
        await task
        await engine.dispose()
    # The restarted in-memory broker holds exactly what was written during the outage.
    records = await _consume(broker.bootstrap_servers, topic, 30)
    got = {json.loads(r.value)["id"] for r in records}
    assert got == {e.id for e in during}


def _failures() -> float:
    value = REGISTRY.get_sample_value("outbox_publish_failures_total", {"service": "toy-service"})
    return value or 0.0


def _all_published(url: str):
    async def check() -> bool:
        return await _unpublished(url) == 0

    return check


async def test_published_rows_are_kept_for_the_retention_then_purged(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    await _write(toy_database, topic, [toy.envelope("r", i) for i in range(4)])
    relay, engine = _relay(toy_database, kafka_bootstrap, home, topic)
    assert await relay.publish_once() == 4
    await relay._drop_producer()
    old = datetime.now(UTC) - timedelta(days=30)
    async with engine.begin() as conn:
        await conn.execute(
            update(toy.shared.outbox)
            .where(toy.shared.outbox.c.id.in_(select(func.min(toy.shared.outbox.c.id))))
            .values(published_at=old)
        )
    await _write(toy_database, topic, [toy.envelope("r", 99)])  # not yet published
    assert await relay.purge(retention=timedelta(days=7)) == 1
    async with engine.connect() as conn:
        left = await conn.scalar(select(func.count()).select_from(toy.shared.outbox))
    assert left == 4  # three recent published rows and the unpublished one
    await engine.dispose()


async def test_trace_context_travels_from_the_writer_through_kafka(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    """The relay publishes inside a span parented by the traceparent stored with the
    row, and the aiokafka instrumentation carries it on in the record headers, so one
    trace runs from the API call through the outbox into the consumer."""
    from opentelemetry import trace

    from helhet_common.messaging.envelope import wrap
    from helhet_common.observability.telemetry import current_traceparent, setup_telemetry

    config = toy.settings(toy_database, kafka_bootstrap, home)
    setup_telemetry(config)
    with trace.get_tracer("test").start_as_current_span("POST /participants") as span:
        traceparent = current_traceparent()
        trace_id = format(span.get_span_context().trace_id, "032x")
    assert traceparent is not None
    assert trace_id in traceparent
    envelope = wrap(toy.Counted(key="t", seq=1), source="/helhet/toy", traceparent=traceparent)
    await _write(toy_database, topic, [envelope])

    relay, engine = _relay(toy_database, kafka_bootstrap, home, topic)
    assert await relay.publish_once() == 1
    await relay._drop_producer()
    await engine.dispose()

    [record] = await _consume(kafka_bootstrap, topic, 1)
    carried = dict(record.headers)["traceparent"].decode()
    assert carried.split("-")[1] == trace_id  # same trace
    assert carried != traceparent  # a child span: the relay's publish
    assert json.loads(record.value)["traceparent"] == traceparent


async def test_retained_rows_rebuild_a_topic_the_broker_lost(
    toy_database: str, tansu_factory: TansuFactory, topic: str, home: Path
) -> None:
    """Published rows stay for the retention period so that a topic can be rebuilt,
    e.g. after the in-memory development broker restarted empty."""
    broker = tansu_factory()
    envelopes = [toy.envelope(f"k{i % 3}", i) for i in range(9)]
    await _write(toy_database, topic, envelopes)
    relay, engine = _relay(toy_database, broker.bootstrap_servers, home, topic)
    assert await relay.publish_once() == 9
    await relay._drop_producer()
    broker.restart()  # memory storage: the topic and its records are gone

    assert await relay.republish_all() == 9
    assert await relay.publish_once() == 9
    await relay._drop_producer()
    await engine.dispose()
    records = await _consume(broker.bootstrap_servers, topic, 9)
    assert {json.loads(r.value)["id"] for r in records} == {e.id for e in envelopes}


async def test_an_idle_relay_is_woken_by_the_commit_or_polls_less_often(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    """On PostgreSQL a row committed while the relay waits is sent at once (NOTIFY), even
    with polls minutes apart; on SQLite the relay polls, at most ``idle_poll_max`` apart."""
    postgres = not toy_database.startswith("sqlite")
    waits = (
        {"outbox_poll_interval_s": 60.0, "outbox_idle_poll_max_s": 120.0}
        if postgres
        else {"outbox_poll_interval_s": 0.05, "outbox_idle_poll_max_s": 0.4}
    )
    relay, engine = _relay(toy_database, kafka_bootstrap, home, topic, **waits)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        await _write(toy_database, topic, [toy.envelope("k", 0)])
        await async_wait_until(
            lambda: _unpublished_is_zero(toy_database), timeout=20, message="first row sent"
        )
        await asyncio.sleep(1.0)  # idle: on SQLite the poll interval has grown to its cap
        written = asyncio.get_running_loop().time()
        await _write(toy_database, topic, [toy.envelope("k", 1)])
        await async_wait_until(
            lambda: _unpublished_is_zero(toy_database), timeout=20, message="second row sent"
        )
        took = asyncio.get_running_loop().time() - written
    finally:
        stop.set()
        await running
        await engine.dispose()
    assert took < 5.0
    assert len(await _consume(kafka_bootstrap, topic, 2)) == 2


async def _unpublished_is_zero(url: str) -> bool:
    return await _unpublished(url) == 0
