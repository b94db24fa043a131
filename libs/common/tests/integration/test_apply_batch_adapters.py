"""The runner's batch path on both databases it runs on: PostgreSQL (production,
tests) and SQLite (the embedded default of ``make dev``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import toy


@pytest.fixture
def database(toy_database: str) -> str:
    return toy_database  # on both backends (``database_backend``)


async def test_a_redelivered_batch_changes_nothing(
    database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    config = toy.settings(database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id="g")
    batch = toy.records(topic, [toy.envelope("a", 1), toy.envelope("a", 2), toy.envelope("b", 1)])
    try:
        first = await runner.apply_batch(batch)
        again = await runner.apply_batch(batch)
        mixed = await runner.apply_batch([*batch[:1], *toy.records(topic, [toy.envelope("c", 1)])])
    finally:
        await runner.close()
        await engine.dispose()  # type: ignore[attr-defined]
    assert (first.applied, first.duplicates) == (3, 0)
    assert (again.applied, again.duplicates) == (0, 3)
    assert (mixed.applied, mixed.duplicates) == (1, 1)
    assert await toy.read_counts(database) == {"a": 2, "b": 1, "c": 1}


async def test_one_poison_event_does_not_hold_up_its_batch(
    database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    config = toy.settings(database, kafka_bootstrap, home)
    runner, engine = toy.runner(config, topic, group_id="g")
    batch = toy.records(
        topic, [toy.envelope("a", 1), toy.envelope("a", 2, fail=True), toy.envelope("a", 3)]
    )
    try:
        result = await runner.apply_batch(batch)
        # Redelivered (say the process died before its offset commit): the poison event
        # is not recorded as processed, so it fails again; the others are skipped.
        again = await runner.apply_batch(batch)
    finally:
        await runner.close()
        await engine.dispose()  # type: ignore[attr-defined]
    assert result.applied == 2
    assert [d.reason for d in result.dead_lettered] == ["handler-failed"]
    assert (again.applied, again.duplicates, len(again.dead_lettered)) == (0, 2, 1)
    assert await toy.read_counts(database) == {"a": 2}
