"""``prune-processed``: the retention of processed-events rows, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.retention import prune_processed_events

from . import toy


@pytest.fixture
def database(toy_database: str) -> str:
    return toy_database  # on both backends (``database_backend``)


async def _backdate(url: str, consumer: str, event_ids: list[str], when: datetime) -> None:
    table = toy.shared.processed_events
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                update(table)
                .where(table.c.consumer == consumer, table.c.event_id.in_(event_ids))
                .values(processed_at=when)
            )
    finally:
        await engine.dispose()


async def _add(url: str, consumer: str, event_ids: list[str], when: datetime) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(toy.shared.processed_events),
                [
                    {"consumer": consumer, "event_id": e, "event_type": "t", "processed_at": when}
                    for e in event_ids
                ],
            )
    finally:
        await engine.dispose()


async def _beat(url: str, consumer: str, when: datetime) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(toy.shared.consumer_heartbeats).values(
                    consumer=consumer,
                    process="test:1",
                    state="running",
                    started_at=when,
                    beat_at=when,
                )
            )
    finally:
        await engine.dispose()


async def _rows(url: str) -> dict[str, set[str]]:
    table = toy.shared.processed_events
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(table.c.consumer, table.c.event_id))).all()
    finally:
        await engine.dispose()
    found: dict[str, set[str]] = {}
    for consumer, event_id in rows:
        found.setdefault(consumer, set()).add(event_id)
    return found


async def test_old_rows_go_recent_redeliveries_are_still_skipped(
    database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    now = datetime.now(UTC)
    config = toy.settings(database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id="g")
    old = [toy.envelope("a", n) for n in (1, 2, 3)]
    recent = [toy.envelope("b", n) for n in (1, 2)]
    try:
        first = await runner.apply_batch(toy.records(topic, [*old, *recent]))
        assert first.applied == 5
        await _backdate(database, "g", [e.id for e in old], now - timedelta(days=10))
        await _beat(database, "g", now)
        # A group stopped 9 days ago keeps the 7 days before its last beat; a group
        # that never beat (only a rebuild recorded for it) keeps everything.
        await _add(database, "stopped", ["s-old", "s-kept"], now - timedelta(days=10))
        await _add(database, "stopped", ["s-older"], now - timedelta(days=17))
        await _beat(database, "stopped", now - timedelta(days=9))
        await _add(database, "never", ["n-1"], now - timedelta(days=30))

        pruning = create_engine(database)
        sessions = create_session_factory(pruning)
        with pytest.raises(ValueError, match="refused"):
            await prune_processed_events(sessions, toy.shared, retention=timedelta(hours=1))
        pruned = await prune_processed_events(
            sessions, toy.shared, retention=timedelta(days=7), now=now
        )
        assert pruned.deleted == {"g": 3, "stopped": 1}
        assert pruned.total == 4
        assert pruned.kept_without_heartbeat == ["never"]
        assert await _rows(database) == {
            "g": {e.id for e in recent},
            "stopped": {"s-old", "s-kept"},
            "never": {"n-1"},
        }
        # A short window (allowed explicitly) deletes nothing newer than itself.
        short = await prune_processed_events(
            sessions, toy.shared, retention=timedelta(hours=1), now=now, allow_short=True
        )
        assert short.deleted == {"g": 0, "stopped": 2}
        await pruning.dispose()

        # The recent events redelivered (an offset commit that did not happen): skipped.
        again = await runner.apply_batch(toy.records(topic, recent))
        assert (again.applied, again.duplicates) == (0, 2)
    finally:
        await runner.close()
        await engine.dispose()  # type: ignore[attr-defined]
    assert await toy.read_counts(database) == {"a": 3, "b": 2}
