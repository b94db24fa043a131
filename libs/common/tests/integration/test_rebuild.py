"""The ``rebuild`` command and ``ConsumerRunner.run_until_caught_up`` against a real
broker and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import CatchUpResult, ConsumerRunner, Projection
from helhet_common.messaging.operations import consumer_lag
from helhet_common.messaging.registry import EventRegistry
from helhet_common.testing import async_wait_until
from helhet_common.testing.plugin import MakeDatabase

from . import toy

REBUILT = re.compile(
    r"^rebuilt toy-service read model: (\d+) events applied in \d+\.\d\d s \(\d+ events/s\)$"
)


async def toy_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the toy service's command line (``toy_cli.py``) as a process."""
    script = Path(__file__).with_name("toy_cli.py")
    env = {**os.environ, "PYTHONPATH": str(script.parents[1])}
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(script), *args],
        env=env,
        capture_output=True,
        timeout=120,
    )


def rebuilt_count(result: subprocess.CompletedProcess[bytes]) -> int:
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    matches = [m for line in result.stdout.decode().splitlines() if (m := REBUILT.match(line))]
    assert len(matches) == 1, result.stdout.decode()[-3000:]
    return int(matches[0].group(1))


async def drift(url: str) -> None:
    """The read model goes wrong (a bug, a manual edit): what a rebuild is for."""
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(toy.counts.update().values(n=99))
        await conn.execute(toy.counts.insert().values(key="stray", n=1))
    await engine.dispose()


def catch_up_runner(url: str, bootstrap: str, home: Path, group: str, projection: Projection):
    engine = create_engine(url)
    runner = ConsumerRunner(
        settings=toy.settings(url, bootstrap, home),
        session_factory=create_session_factory(engine),
        tables=toy.shared,
        projection=projection,
        group_id=group,
    )
    return runner, engine


async def test_rebuild_command_gives_the_read_model_a_live_consumption_gives(
    toy_database: str,
    make_backend_database: MakeDatabase,
    kafka_bootstrap: str,
    topic: str,
    home: Path,
) -> None:
    group = f"g-{topic}"
    counting = toy.projection(topic)
    first = [toy.envelope(k, i) for k in "pqr" for i in range(4)]
    later = [toy.envelope("p", 9), toy.envelope("s", 1), toy.envelope("s", 2)]
    await toy.produce(kafka_bootstrap, topic, first)
    async with toy.consuming(toy_database, kafka_bootstrap, home, group, counting):
        await async_wait_until(toy.counts_are(toy_database, {"p": 4, "q": 4, "r": 4}), timeout=20)
    # The live consumers are stopped; events keep coming; the read model has drifted.
    await toy.produce(kafka_bootstrap, topic, later)
    await drift(toy_database)
    offsets_before = await consumer_lag(kafka_bootstrap, group, [topic])

    result = await toy_cli(toy_database, kafka_bootstrap, topic, group, str(home), "rebuild")

    assert rebuilt_count(result) == 15
    reference = make_backend_database("toy")
    await toy.create_schema(reference)
    async with toy.consuming(reference, kafka_bootstrap, home, f"{group}-reference", counting):
        await async_wait_until(toy.counts_are(reference, {"p": 5, "q": 4, "r": 4, "s": 2}))
    assert await toy.read_counts(toy_database) == await toy.read_counts(reference)
    assert await toy.processed_rows(toy_database) == 15
    # The rebuild read outside the group: its committed offsets are where they were.
    assert await consumer_lag(kafka_bootstrap, group, [topic]) == offsets_before


async def test_live_consumers_resume_after_a_rebuild_without_applying_anything_twice(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    group = f"g-{topic}"
    counting = toy.projection(topic)
    await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", i) for i in range(6)])
    async with toy.consuming(toy_database, kafka_bootstrap, home, group, counting):
        await async_wait_until(toy.counts_are(toy_database, {"a": 6}), timeout=20)
    # Published while the consumers are stopped: the rebuild applies them, the live
    # group has not read them yet.
    await toy.produce(
        kafka_bootstrap, topic, [toy.envelope("a", 6), toy.envelope("b", 1, fail=True)]
    )
    runner, engine = catch_up_runner(toy_database, kafka_bootstrap, home, group, counting)
    try:
        rebuilt = await runner.run_until_caught_up()
    finally:
        await engine.dispose()
    assert (rebuilt.applied, rebuilt.dead_lettered, rebuilt.complete) == (7, 1, True)
    assert await toy.read_counts(toy_database) == {"a": 7}

    async with toy.consuming(toy_database, kafka_bootstrap, home, group, counting):
        await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", 7), toy.envelope("c", 1)])
        await async_wait_until(toy.counts_are(toy_database, {"a": 8, "c": 1}), timeout=20)

        async def caught_up() -> bool:
            lag = await consumer_lag(kafka_bootstrap, group, [topic])
            return sum(row.lag for row in lag) == 0

        await async_wait_until(caught_up, timeout=10, message="the live group caught up")

    assert await toy.read_counts(toy_database) == {"a": 8, "c": 1}
    assert await toy.processed_rows(toy_database) == 9


async def test_rebuild_command_with_no_events_empties_the_read_model(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    await drift(toy_database)

    result = await toy_cli(toy_database, kafka_bootstrap, topic, f"g-{topic}", str(home), "rebuild")

    assert rebuilt_count(result) == 0
    assert await toy.read_counts(toy_database) == {}


async def test_a_projection_without_topics_catches_up_at_once(
    toy_database: str, kafka_bootstrap: str, home: Path
) -> None:
    async def apply_nothing(session: object, items: object) -> None:
        raise AssertionError("no event to apply")

    nothing = Projection(
        name="nothing", registry=EventRegistry(), apply_many=apply_nothing, tables=[toy.counts]
    )
    await drift(toy_database)
    runner, engine = catch_up_runner(toy_database, kafka_bootstrap, home, "g-nothing", nothing)
    try:
        result = await runner.run_until_caught_up()
    finally:
        await engine.dispose()

    assert result == CatchUpResult(seconds=result.seconds)
    assert result.events_per_second == 0.0
    assert await toy.read_counts(toy_database) == {}
