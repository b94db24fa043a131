"""The consumer runner against real PostgreSQL and a real broker."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import func, select

from helhet_common.db import create_engine
from helhet_common.messaging import consumer as consumer_module
from helhet_common.messaging.kafka import dead_letter_topic
from helhet_common.testing import async_wait_until

from . import toy


async def _processed(url: str) -> int:
    engine = create_engine(url)
    async with engine.connect() as conn:
        n = await conn.scalar(select(func.count()).select_from(toy.shared.processed_events))
    await engine.dispose()
    return int(n or 0)


async def _read_all(bootstrap: str, topic: str, expected: int) -> list:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await async_wait_until(
            lambda: consumer.partitions_for_topic(topic), timeout=10, message="topic metadata"
        )
        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list = []

        async def enough() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            for rs in batch.values():
                records.extend(rs)
            return len(records) >= expected

        await async_wait_until(enough, timeout=15, message=f"{expected} records on {topic}")
        return records
    finally:
        await consumer.stop()


async def _run_until(runner, predicate, *, from_beginning: bool = False, deadline: float = 20):
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop, from_beginning=from_beginning))
    try:
        await async_wait_until(predicate, timeout=deadline, message="consumer caught up")
    finally:
        stop.set()
        await task


async def test_poison_event_goes_to_dead_letters_and_the_rest_is_applied(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    events = [toy.envelope("a", 1), toy.envelope("a", 2, fail=True), toy.envelope("a", 3)]
    events += [toy.envelope("b", i) for i in range(5)]
    await toy.produce(kafka_bootstrap, topic, events)
    config = toy.settings(toy_database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id=f"g-{topic}")

    async def applied() -> bool:
        return await toy.read_counts(toy_database) == {"a": 2, "b": 5}

    await _run_until(runner, applied)
    await engine.dispose()  # type: ignore[attr-defined]

    letters = await _read_all(kafka_bootstrap, dead_letter_topic(topic), 1)
    assert len(letters) == 1
    headers = dict(letters[0].headers)
    assert headers["dlq-reason"] == b"handler-failed"
    assert b"poison event 2" in headers["dlq-error"]
    assert headers["dlq-original-topic"] == topic.encode()
    assert letters[0].value == events[1].to_json_bytes()


async def test_malformed_record_is_dead_lettered(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    await producer.send_and_wait(topic, value=b"{not json", key=b"x")
    await producer.stop()
    await toy.produce(kafka_bootstrap, topic, [toy.envelope("x", 1)])
    config = toy.settings(toy_database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id=f"g-{topic}")

    async def applied() -> bool:
        return await toy.read_counts(toy_database) == {"x": 1}

    await _run_until(runner, applied)
    await engine.dispose()  # type: ignore[attr-defined]
    letters = await _read_all(kafka_bootstrap, dead_letter_topic(topic), 1)
    assert dict(letters[0].headers)["dlq-reason"] == b"malformed"


async def test_rebuild_from_beginning_truncates_and_replays(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    await toy.produce(kafka_bootstrap, topic, [toy.envelope(k, i) for k in "pq" for i in range(3)])
    config = toy.settings(toy_database, kafka_bootstrap, home)
    group = f"g-{topic}"
    runner, engine = toy.runner(config, topic, group_id=group)

    async def applied() -> bool:
        return await toy.read_counts(toy_database) == {"p": 3, "q": 3}

    await _run_until(runner, applied)
    # The read model drifts (a bug, a manual edit): a rebuild makes it right again.
    drift = create_engine(toy_database)
    async with drift.begin() as conn:
        await conn.execute(toy.counts.update().values(n=99))
    await drift.dispose()
    await _run_until(runner, applied, from_beginning=True)
    assert await _processed(toy_database) == 6
    await engine.dispose()  # type: ignore[attr-defined]


async def test_consumer_killed_between_db_commit_and_offset_commit(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    """The process dies after its database commit and before its offset commit.

    The batch is delivered again after restart; the processed-events rows make the
    replay harmless, so the counts are exact.
    """
    events = [toy.envelope(k, i) for k in "uvw" for i in range(20)]
    await toy.produce(kafka_bootstrap, topic, events)
    group = f"g-{topic}"
    script = Path(__file__).with_name("crashing_consumer.py")
    env = {**os.environ, "PYTHONPATH": str(script.parents[1])}
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(script), toy_database, kafka_bootstrap, topic, group, str(home)],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 137, result.stderr.decode()[-2000:]
    committed_before_crash = await toy.read_counts(toy_database)
    assert sum(committed_before_crash.values()) > 0, "the crash came after a database commit"

    config = toy.settings(toy_database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id=group)

    async def exact() -> bool:
        return await toy.read_counts(toy_database) == {"u": 20, "v": 20, "w": 20}

    await _run_until(runner, exact)
    assert await _processed(toy_database) == 60
    await engine.dispose()  # type: ignore[attr-defined]


async def test_an_idle_runner_takes_records_and_stops_without_waiting_out_its_poll(
    toy_database: str,
    kafka_bootstrap: str,
    topic: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The idle loop waits long for records (issue 14: fewer wake-ups), yet a record
    that comes is applied at once and a stop is obeyed at once: with a wait of ten
    minutes, both happen within the test's few seconds."""
    monkeypatch.setattr(consumer_module, "IDLE_WAIT_MS", 600_000)
    config = toy.settings(toy_database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id=f"g-{topic}")
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await toy.produce(kafka_bootstrap, topic, [toy.envelope("m", 1)])

        async def applied() -> bool:
            return await toy.read_counts(toy_database) == {"m": 1}

        await async_wait_until(applied, timeout=20, message="the first record applied")
        # Idle now, in a ten-minute wait: the next record ends it.
        await toy.produce(kafka_bootstrap, topic, [toy.envelope("m", 2)])

        async def both() -> bool:
            return await toy.read_counts(toy_database) == {"m": 2}

        await async_wait_until(both, timeout=20, message="a record during the idle wait")
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=20)  # not the ten minutes of the wait
        await engine.dispose()  # type: ignore[attr-defined]
    assert await _processed(toy_database) == 2
