"""The operations functions against a real broker and PostgreSQL (SQLite for the rates)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import insert, text

from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging import dead_letters
from helhet_common.messaging.consumer import Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.messaging.kafka import dead_letter_topic
from helhet_common.messaging.operations import (
    PartitionLag,
    consumer_lag,
    events_per_minute,
    list_dead_letters,
    replay_dead_letter,
)
from helhet_common.testing import async_wait_until

from . import toy

# -- arrange -------------------------------------------------------------------------


def failing_while(topic: str, broken: set[int]) -> Projection:
    """The toy counter, whose handler fails for the sequence numbers in ``broken``
    (until the test "fixes the bug" by emptying it)."""
    counting = toy.projection(topic)

    async def on_counted(session: Any, event: IntegrationEvent, envelope: CloudEvent) -> None:
        assert isinstance(event, toy.Counted)
        if event.seq in broken:
            raise RuntimeError(f"handler broken for event {event.seq}")
        await toy.on_counted(session, event, envelope)

    return Projection(
        name="counts",
        registry=counting.registry,
        handlers={toy.Counted.event_type: on_counted},
        tables=counting.tables,
    )


def total_lag(rows: list[PartitionLag]) -> int:
    return sum(row.lag for row in rows)


# -- consumer lag ----------------------------------------------------------------------


async def test_lag_counts_what_the_group_has_not_consumed_yet(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    await toy.produce(kafka_bootstrap, topic, [toy.envelope(k, i) for k in "abc" for i in range(3)])
    group = f"g-{topic}"
    missing = f"{topic}-not-created"

    before = await consumer_lag(kafka_bootstrap, group, [topic, missing])

    assert [(r.topic, r.partition, r.committed) for r in before] == [
        (topic, p, None) for p in range(len(before))
    ]
    assert total_lag(before) == sum(r.end_offset for r in before) == 9

    async with toy.consuming(toy_database, kafka_bootstrap, home, group, toy.projection(topic)):
        await async_wait_until(toy.counts_are(toy_database, {"a": 3, "b": 3, "c": 3}), timeout=20)

        async def caught_up() -> list[PartitionLag] | None:
            rows = await consumer_lag(kafka_bootstrap, group, [topic])
            return rows if total_lag(rows) == 0 else None

        after = await async_wait_until(caught_up, timeout=10, message="lag back at zero")

    # An empty partition is never committed to: nothing to consume there.
    assert [(r.committed, r.lag) for r in after] == [(r.end_offset or None, 0) for r in before]
    assert await consumer_lag(kafka_bootstrap, group, [missing]) == []


# -- dead letters ----------------------------------------------------------------------


async def test_dead_letters_are_listed_newest_first_with_their_error_and_origin(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    group = f"g-{topic}"
    dlq = dead_letter_topic(topic)
    first_poison, second_poison = toy.envelope("a", 2, fail=True), toy.envelope("b", 9, fail=True)
    started = datetime.now(UTC)

    async with toy.consuming(toy_database, kafka_bootstrap, home, group, toy.projection(topic)):
        await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", 1), first_poison])
        await async_wait_until(toy.counts_are(toy_database, {"a": 1}), timeout=20)
        await async_wait_until(
            lambda: list_dead_letters(kafka_bootstrap, [dlq]), timeout=10, message="first"
        )
        [where] = await toy.produce(kafka_bootstrap, topic, [second_poison])

        async def both() -> bool:
            return len(await list_dead_letters(kafka_bootstrap, [dlq])) == 2

        await async_wait_until(both, timeout=10, message="two dead letters")

    letters = await list_dead_letters(kafka_bootstrap, [dlq, "helhet.nothing-here.dlq"])

    assert [letter.event_id for letter in letters] == [second_poison.id, first_poison.id]
    newest = letters[0]
    assert newest.dlq_topic == dlq
    assert (newest.original_topic, newest.original_partition, newest.original_offset) == (
        topic,
        where.partition,
        where.offset,
    )
    assert (newest.key, newest.event_type, newest.consumer) == ("b", toy.Counted.event_type, group)
    assert newest.error is not None
    assert "poison event 9" in newest.error
    assert newest.failed_at is not None
    assert started <= newest.failed_at <= datetime.now(UTC)
    assert await list_dead_letters(kafka_bootstrap, [dlq], limit=1) == [newest]
    assert await list_dead_letters(kafka_bootstrap, ["helhet.nothing-here.dlq"]) == []


async def test_a_replayed_dead_letter_is_applied_once_however_often_it_is_replayed(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    group = f"g-{topic}"
    dlq = dead_letter_topic(topic)
    broken = {2}
    poison = toy.envelope("a", 2)
    await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", 1), poison, toy.envelope("a", 3)])

    async with toy.consuming(
        toy_database, kafka_bootstrap, home, group, failing_while(topic, broken)
    ):
        await async_wait_until(toy.counts_are(toy_database, {"a": 2}), timeout=20)
        [letter] = await async_wait_until(
            lambda: list_dead_letters(kafka_bootstrap, [dlq]), timeout=10, message="dead letter"
        )
        broken.clear()  # the bug is fixed

        replayed = await replay_dead_letter(kafka_bootstrap, dlq, letter.partition, letter.offset)
        await async_wait_until(toy.counts_are(toy_database, {"a": 3}), timeout=20)
        await replay_dead_letter(kafka_bootstrap, dlq, letter.partition, letter.offset)

        async def consumed() -> bool:
            return total_lag(await consumer_lag(kafka_bootstrap, group, [topic])) == 0

        await async_wait_until(consumed, timeout=10, message="second replay consumed")

    assert replayed == letter
    assert await toy.read_counts(toy_database) == {"a": 3}
    assert await toy.processed_rows(toy_database) == 3
    raw = poison.to_json_bytes()
    copies = await read_topic(kafka_bootstrap, topic, where=lambda r: r.value == raw)
    assert len(copies) == 3  # the original and two replays
    for copy in copies[1:]:
        names = [name for name, _ in copy.headers]
        assert not [name for name in names if name.startswith(dead_letters.PREFIX)]
        assert dict(copy.headers)[dead_letters.REPLAYED_FROM] == (
            f"{dlq}:{letter.partition}:{letter.offset}".encode()
        )
        assert copy.key == b"a"


async def test_a_replay_goes_only_to_the_consumer_group_that_failed(
    make_database: Callable[[str], str], kafka_bootstrap: str, topic: str, home: Path
) -> None:
    """Two groups read the topic and both fail on one event. Once group A's bug is
    fixed, replaying A's dead letter is applied by A; B, still broken, skips the replay
    (its offset moves past it) instead of dead-lettering the event a second time."""
    dlq = dead_letter_topic(topic)
    group_a, group_b = f"a-{topic}", f"b-{topic}"
    database_a, database_b = make_database("toy_a"), make_database("toy_b")
    for database in (database_a, database_b):
        await toy.create_schema(database)
    broken_a, broken_b = {2}, {2}
    await toy.produce(
        kafka_bootstrap, topic, [toy.envelope("a", 1), toy.envelope("a", 2), toy.envelope("a", 3)]
    )

    async with (
        toy.consuming(database_a, kafka_bootstrap, home, group_a, failing_while(topic, broken_a)),
        toy.consuming(database_b, kafka_bootstrap, home, group_b, failing_while(topic, broken_b)),
    ):

        async def both_failed() -> list[Any] | None:
            letters = await list_dead_letters(kafka_bootstrap, [dlq])
            return letters if len(letters) == 2 else None

        letters = await async_wait_until(both_failed, timeout=30, message="two dead letters")
        [letter_a] = [letter for letter in letters if letter.consumer == group_a]
        broken_a.clear()  # group A's bug is fixed; B's is not

        await replay_dead_letter(kafka_bootstrap, dlq, letter_a.partition, letter_a.offset)
        await async_wait_until(toy.counts_are(database_a, {"a": 3}), timeout=20)

        async def b_is_past_the_replay() -> bool:
            return total_lag(await consumer_lag(kafka_bootstrap, group_b, [topic])) == 0

        await async_wait_until(b_is_past_the_replay, timeout=20, message="B read the replay")

    assert await toy.read_counts(database_b) == {"a": 2}
    after = await list_dead_letters(kafka_bootstrap, [dlq])
    assert sorted(letter.consumer or "" for letter in after) == [group_a, group_b]


async def test_replaying_a_record_that_is_not_there_raises_lookup_error(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    dlq = dead_letter_topic(topic)
    async with toy.consuming(
        toy_database, kafka_bootstrap, home, f"g-{topic}", toy.projection(topic)
    ):
        await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", 1, fail=True)])
        [letter] = await async_wait_until(
            lambda: list_dead_letters(kafka_bootstrap, [dlq]), timeout=20, message="dead letter"
        )

    for dlq_topic, partition, offset in [
        (dlq, letter.partition, letter.offset + 1),
        (dlq, letter.partition, -1),
        (dlq, 99, 0),
        (f"{topic}-never.dlq", 0, 0),
    ]:
        with pytest.raises(LookupError):
            await replay_dead_letter(kafka_bootstrap, dlq_topic, partition, offset)


async def read_topic(bootstrap: str, topic: str, *, where: Callable[[Any], bool]) -> list[Any]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        await consumer.seek_to_beginning(*tps)
        found: list[Any] = []
        while any([await consumer.position(tp) < ends[tp] for tp in tps]):
            for records in (await consumer.getmany(timeout_ms=200)).values():
                found += [r for r in records if where(r)]
        return sorted(found, key=lambda r: r.offset)
    finally:
        await consumer.stop()


# -- event rates -----------------------------------------------------------------------


@pytest.fixture
def rates_database(toy_database: str) -> str:
    return toy_database  # on both backends (``database_backend``)


def at(minute: int, second: int = 0) -> datetime:
    return datetime(2026, 5, 9, 10, minute, second, tzinfo=UTC)


async def test_events_per_minute_has_every_minute_of_the_window(rates_database: str) -> None:
    engine = create_engine(rates_database)
    rows = [
        ("reporting", at(25, 59)),  # before the window
        ("reporting", at(26, 0)),
        ("reporting", at(28, 10)),
        ("reporting", at(28, 59)),
        ("reporting", at(30, 5)),  # the current minute
        ("reporting", at(31, 0)),  # after now
        ("placement", at(28, 30)),  # another consumer
    ]
    async with engine.begin() as conn:
        await conn.execute(
            insert(toy.shared.processed_events),
            [
                {"consumer": c, "event_id": str(uuid.uuid4()), "event_type": "t", "processed_at": t}
                for c, t in rows
            ],
        )
    sessions = create_session_factory(engine)
    oslo = timezone(timedelta(hours=2))
    try:
        async with sessions() as session:
            if engine.dialect.name == "postgresql":
                await session.execute(text("SET TIME ZONE 'America/St_Johns'"))  # UTC-2:30
            rates = await events_per_minute(
                session, "reporting", minutes=5, now=at(30, 20).astimezone(oslo)
            )
            quiet = await events_per_minute(session, "nobody", minutes=2, now=at(30, 20))
    finally:
        await engine.dispose()

    assert rates == [(at(26), 1), (at(27), 0), (at(28), 2), (at(29), 0), (at(30), 1)]
    assert quiet == [(at(29), 0), (at(30), 0)]
