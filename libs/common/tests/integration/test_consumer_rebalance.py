"""Rebalances under load: two consumers of one group, three partitions, a steady stream.

Like the kill test, against a real broker (Tansu) and PostgreSQL; the events are for
known participants (keys), so the expected read model is known: every key has all its
events, applied once each, in ``seq`` order.

What these tests cannot show the way Apache Kafka would: the runner's own guards (a
batch whose partitions were revoked, or whose poll is older than ``max_poll_interval``,
is rolled back; no offset is committed for a partition that moved) act before any
offset commit, so the broker's refusal of a commit from an older generation
(``CommitFailedError`` and kin, handled by skipping the commit) is not exercised, and
whether Tansu fences such a commit as Kafka does is not verified here. Tansu's group
protocol (eager, JoinGroup answered after a wait) is not Kafka's in every detail.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.kafka import dead_letter_topic, ensure_topics, make_admin
from helhet_common.testing import async_wait_until

from . import toy

# PostgreSQL's row locks let two owners of a batch meet on the processed-events rows;
# SQLite takes one writer at a time and would only show that lock.
pytestmark = pytest.mark.databases("postgresql")

KEYS = [f"participant-{i}" for i in range(9)]
PARTITIONS = 3
# The stream goes on until the test's faults have happened, with at least this many rounds.
MIN_ROUNDS = 30
MAX_ROUNDS = 400


def _counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, {"service": "toy-service", **labels}) or 0.0


def _rolled_back() -> float:
    return sum(
        _counter("consumer_rebalances_total", kind=f"rolled_back_{reason}")
        for reason in ("revoked", "poll_interval")
    )


async def _three_partitions(url: str, bootstrap: str, topic: str, home: Path) -> None:
    """Create the topic with ``PARTITIONS`` partitions before anything uses it: the
    first producer would otherwise auto-create it with the broker's default count."""
    config = toy.settings(url, bootstrap, home, kafka_topic_partitions=PARTITIONS)
    await ensure_topics(config, [topic, dead_letter_topic(topic)])
    admin = make_admin(config)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    assert len(described["partitions"]) == PARTITIONS, described


async def _stream(bootstrap: str, topic: str, done: Callable[[], bool]) -> int:
    """A steady stream: one event per key per round, rounds a few milliseconds apart,
    until ``done`` (and ``MIN_ROUNDS``); returns the number of rounds."""
    seq = 0
    while seq < MAX_ROUNDS and (seq < MIN_ROUNDS or not done()):
        await toy.produce(bootstrap, topic, [toy.envelope(k, seq) for k in KEYS])
        await asyncio.sleep(0.05)
        seq += 1
    return seq


@contextlib.asynccontextmanager
async def _consumer(
    url: str, bootstrap: str, home: Path, topic: str, group: str, hook: toy.BeforeApply, **kw: int
) -> AsyncIterator[tuple[ConsumerRunner, asyncio.Event]]:
    engine = create_engine(url)
    runner = ConsumerRunner(
        settings=toy.settings(url, bootstrap, home, consumer_max_records=20, **kw),
        session_factory=create_session_factory(engine),
        tables=toy.shared,
        projection=toy.ordered_projection(topic, hook),
        group_id=group,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        yield runner, stop
    finally:
        stop.set()
        await task
        await engine.dispose()


async def _revoked(runner: ConsumerRunner, since: int, within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if runner._generation > since:
            return True
        await asyncio.sleep(0.05)
    return False


async def _assert_exact(url: str, rounds: int) -> None:
    expected = {k: (rounds, rounds - 1, 0) for k in KEYS}

    async def exact() -> bool:
        return await toy.read_ledger(url) == expected

    await async_wait_until(exact, timeout=20, message="every event applied once, in order")
    assert await toy.applied_twice(url) == []
    assert await toy.processed_rows(url) == rounds * len(KEYS)


async def _noop(event: toy.Counted) -> None:
    return None


async def test_rebalance_in_the_middle_of_a_batch(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    """A second consumer joins while the first is inside a batch's transaction; later it
    leaves while the first is inside another. The first rolls back each batch whose
    partitions were revoked under it, drops what it kept for them, and commits no offset
    for a partition it lost; the new owner starts from the committed offsets."""
    await _three_partitions(toy_database, kafka_bootstrap, topic, home)
    group = f"g-{topic}"
    revoked_before = _counter("consumer_rebalances_total", kind="revoked")
    rolled_before = _counter("consumer_rebalances_total", kind="rolled_back_revoked")
    calls = 0
    b_applied = 0
    seen: dict[str, bool] = {}
    stack = contextlib.AsyncExitStack()
    b_stop: list[asyncio.Event] = []
    runner_a: ConsumerRunner | None = None

    async def count_b(event: toy.Counted) -> None:
        nonlocal b_applied
        b_applied += 1

    async def hook_a(event: toy.Counted) -> None:
        nonlocal calls
        calls += 1
        assert runner_a is not None
        if calls == 40 and "join" not in seen:
            # Inside A's transaction: B joins, and the group takes partitions from A.
            generation = runner_a._generation
            _, stop = await stack.enter_async_context(
                _consumer(toy_database, kafka_bootstrap, home, topic, group, count_b)
            )
            b_stop.append(stop)
            seen["join"] = await _revoked(runner_a, generation, within_s=15)
            # Nothing kept for a partition that is no longer A's.
            seen["forgot"] = set(runner_a._positions) <= set(
                runner_a._consumer.assignment() if runner_a._consumer else ()
            )
        elif "join" in seen and "leave" not in seen and b_applied > 0:
            # Inside another of A's transactions: B leaves, A gets its partitions back.
            generation = runner_a._generation
            b_stop[0].set()
            seen["leave"] = await _revoked(runner_a, generation, within_s=15)

    started = time.monotonic()
    async with _consumer(toy_database, kafka_bootstrap, home, topic, group, hook_a) as (a, _):
        runner_a = a
        async with stack:
            rounds = await _stream(kafka_bootstrap, topic, lambda: "leave" in seen)
        await _assert_exact(toy_database, rounds)
    assert seen == {"join": True, "forgot": True, "leave": True}, seen
    assert _counter("consumer_rebalances_total", kind="revoked") >= revoked_before + 2
    assert _counter("consumer_rebalances_total", kind="rolled_back_revoked") >= rolled_before + 1
    assert time.monotonic() - started < 30


async def test_handler_slower_than_the_poll_interval(
    toy_database: str, kafka_bootstrap: str, topic: str, home: Path
) -> None:
    """One of A's batches takes longer than ``max_poll_interval``: the group counts A as
    gone and gives its partitions to B. A notices before its database commit, rolls the
    batch back, polls again (rejoining the group) and goes on; every event is applied
    once, in order, and the group does not stall."""
    await _three_partitions(toy_database, kafka_bootstrap, topic, home)
    group = f"g-{topic}"
    poll_ms = 3_000
    rolled_before = _rolled_back()
    refused_before = sum(
        _counter("consumer_offset_commits_refused_total", reason=r)
        for r in ("revoked", "not_owned", "broker_refused")
    )
    calls = 0
    slowed: list[float] = []

    async def slow_once(event: toy.Counted) -> None:
        nonlocal calls
        calls += 1
        if calls == 30 and not slowed:
            started = time.monotonic()
            await asyncio.sleep(poll_ms / 1000 * 1.5)
            slowed.append(time.monotonic() - started)

    started = time.monotonic()
    async with (
        _consumer(
            toy_database,
            kafka_bootstrap,
            home,
            topic,
            group,
            slow_once,
            consumer_max_poll_interval_ms=poll_ms,
        ),
        _consumer(
            toy_database,
            kafka_bootstrap,
            home,
            topic,
            group,
            _noop,
            consumer_max_poll_interval_ms=poll_ms,
        ),
    ):
        rounds = await _stream(kafka_bootstrap, topic, lambda: bool(slowed))
        await _assert_exact(toy_database, rounds)
    rolled = _rolled_back()
    refused = sum(
        _counter("consumer_offset_commits_refused_total", reason=r)
        for r in ("revoked", "not_owned", "broker_refused")
    )
    # The slow batch is rolled back (aiokafka leaves the group once the poll interval
    # has passed, which revokes A's partitions under the batch; or the runner sees the
    # old poll itself), or (a batch of one record) committed to the
    # database with its offset commit refused.
    assert rolled > rolled_before or refused > refused_before
    assert time.monotonic() - started < 30
