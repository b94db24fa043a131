"""Rebalances under load, on reporting-service's batch projection (issue 18).

Two consumers of one group on the reporting read model, each a ``ConsumerRunner`` with
the participant-chain projection and its own engine on the same test database; a steady
stream of real chain events (settled and programme started, then a plan update with a
higher version every round) for known participants spread over the three partitions of
each topic. The expected read model follows from the events alone: every chain holds the
last plan version, every event id is in processed-events once, and the open alerts are
the ones the gap rules give for the expected chain, one per participant and rule.

Each test has a broker of its own (``tansu_factory``): the contracts' topics have fixed
names, and the session broker's would hold other tests' events. What Tansu cannot show
is said in ``libs/common/tests/integration/test_consumer_rebalance.py`` and
docs/operations.md (Rebalances).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import Applied, ConsumerRunner, Projection
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.messaging.kafka import dead_letter_topic, ensure_topics, make_admin
from helhet_common.testing import async_wait_until
from helhet_common.testing.plugin import TansuFactory
from reporting_service import contracts
from reporting_service.adapters import chain_rows
from reporting_service.adapters import organisation as organisation_config
from reporting_service.adapters.tables import alerts, participant_chain, shared
from reporting_service.domain.alerts import evaluate_participant
from reporting_service.domain.chain import ChainState
from reporting_service.service_layer.projection import make_projection, transition
from reporting_service.settings import ReportingSettings

# PostgreSQL's row locks let two owners of a batch meet on the chain and processed-events
# rows; SQLite takes one writer at a time and would only show that lock.
pytestmark = pytest.mark.databases("postgresql")

PARTITIONS = 3
PER_PARTITION = 3  # participants whose key lands on each partition
MAX_RECORDS = 20
# The stream goes on until the test's faults have happened, with at least this many rounds.
MIN_ROUNDS = 25
MAX_ROUNDS = 300
TOPICS = contracts.registry.topics

Hook = Callable[[Sequence[Applied]], Awaitable[None]]


def _participants() -> list[UUID]:
    """Participants whose records spread evenly over the partitions (every topic has
    ``PARTITIONS``, and the default partitioner hashes the key alone)."""
    partitioner = DefaultPartitioner()
    partitions = list(range(PARTITIONS))
    by_partition: dict[int, list[UUID]] = {p: [] for p in partitions}
    while any(len(ps) < PER_PARTITION for ps in by_partition.values()):
        p = uuid4()
        index = partitioner(str(p).encode(), partitions, partitions)
        if len(by_partition[index]) < PER_PARTITION:
            by_partition[index].append(p)
    return [p for ps in by_partition.values() for p in ps]


def _counter(name: str, service: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, {"service": service, **labels}) or 0.0


class Stream:
    """The chain events of known participants, published round by round."""

    def __init__(self, events: Any, bootstrap: str) -> None:
        self.events = events
        self.bootstrap = bootstrap
        self.participants = _participants()
        self.published: list[CloudEvent] = []
        today = SYSTEM_CLOCK.today()
        self.settled_on = today - timedelta(days=200)
        self.started_on = today - timedelta(days=150)
        self.ends_on = today + timedelta(days=600)

    def round(self, n: int) -> list[CloudEvent]:
        batch: list[CloudEvent] = []
        for p in self.participants:
            if n == 0:
                batch.append(self.events.settled(p, self.settled_on))
                batch.append(self.events.programme_started(p, self.started_on, self.ends_on))
            batch.append(self.events.plan_updated(p, version=n + 1))
        return batch

    async def run(self, done: Callable[[], bool]) -> int:
        """One round every few milliseconds until ``done`` (and ``MIN_ROUNDS``); the
        number of rounds."""
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all")
        await producer.start()
        rounds = 0
        try:
            while rounds < MAX_ROUNDS and (rounds < MIN_ROUNDS or not done()):
                envelopes = self.round(rounds)
                futures = [
                    await producer.send(
                        contracts.registry.model_for(e.type).topic,
                        value=e.to_json_bytes(),
                        key=e.key,
                    )
                    for e in envelopes
                ]
                await asyncio.gather(*futures)
                self.published.extend(envelopes)
                rounds += 1
                await asyncio.sleep(0.05)
        finally:
            await producer.stop()
        return rounds

    def expected_chains(self) -> dict[UUID, ChainState]:
        """Each participant's chain folded from the published events, as the domain
        folds it (the order of one participant's events does not matter)."""
        states = {p: ChainState(participant_id=p) for p in self.participants}
        for envelope in self.published:
            event = contracts.registry.parse(envelope)
            p = UUID(str(envelope.subject))
            states[p] = transition(states[p], event, envelope)
        return states


async def _three_partitions(settings: ReportingSettings) -> None:
    """The contracts' topics (and their dead-letter topics) with ``PARTITIONS`` each,
    before a producer would auto-create them with the broker's default."""
    await ensure_topics(settings, TOPICS + [dead_letter_topic(t) for t in TOPICS])
    admin = make_admin(settings)
    await admin.start()
    try:
        described = await admin.describe_topics(TOPICS)
    finally:
        await admin.close()
    assert {d["topic"]: len(d["partitions"]) for d in described} == dict.fromkeys(
        TOPICS, PARTITIONS
    )


def _hooked(projection: Projection, hook: Hook) -> Projection:
    """The projection with ``hook(items)`` run inside the batch's transaction, after the
    runner claimed the batch's events and before the fold: it can stall the batch or
    force a rebalance under it."""
    assert projection.apply_many is not None
    apply_many = projection.apply_many

    async def hooked(session: Any, items: Sequence[Applied]) -> None:
        await hook(items)
        await apply_many(session, items)

    return dataclasses.replace(projection, apply_many=hooked)


@contextlib.asynccontextmanager
async def _consumer(
    settings: ReportingSettings, group: str, hook: Hook
) -> AsyncIterator[tuple[ConsumerRunner, asyncio.Event]]:
    engine = create_engine(settings.resolved_database_url)
    runner = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(engine),
        tables=shared,
        projection=_hooked(make_projection(settings), hook),
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


async def _read_chains(settings: ReportingSettings) -> dict[UUID, ChainState]:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(participant_chain))).all()
    finally:
        await engine.dispose()
    return {row.participant_id: chain_rows.from_row(dict(row._mapping)) for row in rows}


async def _assert_read_model(settings: ReportingSettings, stream: Stream, group: str) -> None:
    expected = stream.expected_chains()
    rounds = len({e.data["plan_version"] for e in stream.published if "plan_version" in e.data})

    async def caught_up() -> bool:
        chains = await _read_chains(settings)
        return set(chains) == set(expected) and all(
            c.plan_version == rounds for c in chains.values()
        )

    await async_wait_until(caught_up, timeout=30, message="every chain at the last plan")
    chains = await _read_chains(settings)
    for p, state in expected.items():
        got = chains[p]
        assert got.plan_version == state.plan_version == rounds
        assert (got.settlement_date, got.programme_start, got.programme_expected_end) == (
            stream.settled_on,
            stream.started_on,
            stream.ends_on,
        )
        assert (got.municipality, got.household_type) == ("3403", "single")

    engine = create_engine(settings.resolved_database_url)
    try:
        async with engine.connect() as conn:
            processed = (
                (
                    await conn.execute(
                        select(shared.processed_events.c.event_id).where(
                            shared.processed_events.c.consumer == group
                        )
                    )
                )
                .scalars()
                .all()
            )
            open_alerts = (
                await conn.execute(
                    select(alerts.c.participant_id, alerts.c.rule_id, alerts.c.key).where(
                        alerts.c.closed_at.is_(None)
                    )
                )
            ).all()
            opened_per_key = (
                await conn.execute(
                    select(alerts.c.key, func.count())
                    .where(alerts.c.closed_at.is_(None))
                    .group_by(alerts.c.key)
                    .having(func.count() > 1)
                )
            ).all()
    finally:
        await engine.dispose()

    # Each event applied once, and every one of them.
    assert len(processed) == len(set(processed)) == len(stream.published)
    assert set(processed) == {e.id for e in stream.published}

    # No duplicate open alert, and the open ones are what the rules say of the chains.
    assert opened_per_key == []
    # (The organisation's alerts, one per responsibility nobody owns, name no participant.)
    participant_alerts = [a for a in open_alerts if a.participant_id is not None]
    pairs = [(a.participant_id, a.rule_id) for a in participant_alerts]
    assert len(pairs) == len(set(pairs)), pairs
    model = organisation_config.catalogue(settings.organisation_models_dir).for_municipality("3403")
    today = SYSTEM_CLOCK.today()
    wanted = {
        (d.participant_id, d.rule_id, d.key)
        for state in expected.values()
        for d in evaluate_participant(state, model, today)
    }
    assert {(a.participant_id, a.rule_id, a.key) for a in participant_alerts} == wanted
    # Single, settled 200 days ago, no volunteer and no activity; the plan is recorded.
    assert {rule for _, rule, _ in wanted} == {"single-without-social-network"}, wanted


async def _noop(items: Sequence[Applied]) -> None:
    return None


@pytest.fixture
async def broker_settings(
    settings: ReportingSettings, tansu_factory: TansuFactory
) -> ReportingSettings:
    """The test settings on a broker of this test's own, topics of three partitions."""
    broker = tansu_factory()
    config = settings.model_copy(
        update={
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "kafka_topic_partitions": PARTITIONS,
            "consumer_max_records": MAX_RECORDS,
        }
    )
    await _three_partitions(config)
    return config


async def test_rebalance_in_the_middle_of_a_batch(
    broker_settings: ReportingSettings, events: Any
) -> None:
    """A second consumer joins while the first is inside a batch's transaction; later it
    leaves while the first is inside another. The first rolls back each batch whose
    partitions were revoked under it (chain rows, alerts and processed-events alike) and
    the new owner starts from the committed offsets: the read model is the one the
    events give."""
    settings = broker_settings
    service = settings.service_name
    group = f"reporting-rebalance-{uuid4().hex[:8]}"
    revoked_before = _counter("consumer_rebalances_total", service, kind="revoked")
    rolled_before = _counter("consumer_rebalances_total", service, kind="rolled_back_revoked")
    stream = Stream(events, settings.kafka_bootstrap_servers)
    batches = 0
    b_batches = 0
    seen: dict[str, bool] = {}
    stack = contextlib.AsyncExitStack()
    b_stop: list[asyncio.Event] = []
    runner_a: ConsumerRunner | None = None

    async def count_b(items: Sequence[Applied]) -> None:
        nonlocal b_batches
        b_batches += 1

    async def hook_a(items: Sequence[Applied]) -> None:
        nonlocal batches
        batches += 1
        assert runner_a is not None
        if batches == 3 and "join" not in seen:
            # Inside A's transaction: B joins, and the group takes partitions from A.
            generation = runner_a._generation
            _, stop = await stack.enter_async_context(_consumer(settings, group, count_b))
            b_stop.append(stop)
            seen["join"] = await _revoked(runner_a, generation, within_s=15)
            seen["forgot"] = set(runner_a._positions) <= set(
                runner_a._consumer.assignment() if runner_a._consumer else ()
            )
        elif "join" in seen and "leave" not in seen and b_batches > 0:
            # Inside another of A's transactions: B leaves, A gets its partitions back.
            generation = runner_a._generation
            b_stop[0].set()
            seen["leave"] = await _revoked(runner_a, generation, within_s=15)

    started = time.monotonic()
    async with _consumer(settings, group, hook_a) as (a, _):
        runner_a = a
        async with stack:
            await stream.run(lambda: "leave" in seen)
        await _assert_read_model(settings, stream, group)
    assert seen == {"join": True, "forgot": True, "leave": True}, seen
    assert _counter("consumer_rebalances_total", service, kind="revoked") >= revoked_before + 2
    assert (
        _counter("consumer_rebalances_total", service, kind="rolled_back_revoked")
        >= rolled_before + 1
    )
    assert time.monotonic() - started < 45


async def test_handler_slower_than_the_poll_interval(
    broker_settings: ReportingSettings, events: Any
) -> None:
    """One of A's batches takes longer than ``max_poll_interval``: the group counts A as
    gone and gives its partitions to B. A rolls the batch back (or, a batch it still
    commits, has its offset commit refused), rejoins and goes on; the read model is the
    one the events give and the group does not stall."""
    poll_ms = 3_000
    settings = broker_settings.model_copy(update={"consumer_max_poll_interval_ms": poll_ms})
    service = settings.service_name
    group = f"reporting-slow-{uuid4().hex[:8]}"

    def rolled_back() -> float:
        return sum(
            _counter("consumer_rebalances_total", service, kind=f"rolled_back_{reason}")
            for reason in ("revoked", "poll_interval")
        )

    def refused() -> float:
        return sum(
            _counter("consumer_offset_commits_refused_total", service, reason=r)
            for r in ("revoked", "not_owned", "broker_refused")
        )

    rolled_before, refused_before = rolled_back(), refused()
    stream = Stream(events, settings.kafka_bootstrap_servers)
    batches = 0
    slowed: list[float] = []

    async def slow_once(items: Sequence[Applied]) -> None:
        nonlocal batches
        batches += 1
        if batches == 3 and not slowed:
            began = time.monotonic()
            await asyncio.sleep(poll_ms / 1000 * 1.5)
            slowed.append(time.monotonic() - began)

    started = time.monotonic()
    async with _consumer(settings, group, slow_once), _consumer(settings, group, _noop):
        await stream.run(lambda: bool(slowed))
        await _assert_read_model(settings, stream, group)
    assert slowed
    assert rolled_back() > rolled_before or refused() > refused_before
    assert time.monotonic() - started < 45
