"""The participant-chain projection, fed through the consumer runner's ``apply_batch``.

Envelopes are built as plan-service publishes them (with fields our tolerant models do
not read), carried in ``ConsumerRecord``s, applied against real PostgreSQL; dead letters
go to the real broker and are read back from ``<topic>.dlq``.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.messaging.consumer import Applied, ConsumerRunner, Projection
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.messaging.kafka import dead_letter_topic
from reporting_service import contracts
from reporting_service.adapters.tables import participant_chain, shared
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
MakeRunner = Callable[[Projection], ConsumerRunner]
Sessions = async_sessionmaker[AsyncSession]

PLAN_SERVICE = "/helhet/plan-service"
HAMAR = "3403"
SETTLED_ON = date(2026, 8, 1)
STARTED_ON = date(2026, 9, 1)
ENDS_ON = date(2028, 8, 31)
PLAN_V1_AT = datetime(2026, 9, 20, 10, 0, tzinfo=UTC)
PLAN_V2_AT = datetime(2026, 10, 5, 14, 30, tzinfo=UTC)


# -- envelopes as plan-service publishes them ---------------------------------------------


def _envelope(
    event_type: str, participant_id: UUID, data: dict[str, Any], **extra: Any
) -> CloudEvent:
    return CloudEvent(
        source=PLAN_SERVICE,
        type=event_type,
        subject=str(participant_id),
        municipality=HAMAR,
        data={"participant_id": str(participant_id), **data},
        **extra,
    )


def settled(participant_id: UUID) -> CloudEvent:
    return _envelope(
        contracts.ParticipantSettled.event_type,
        participant_id,
        {
            "municipality": HAMAR,
            "settlement_date": SETTLED_ON.isoformat(),
            "birth_year": 1990,
            "household_type": "single",
            "languages": ["ti"],
        },
    )


def programme_started(participant_id: UUID) -> CloudEvent:
    return _envelope(
        contracts.ProgrammeStarted.event_type,
        participant_id,
        {
            "regime": "integreringsloven",
            "start_date": STARTED_ON.isoformat(),
            "expected_end_date": ENDS_ON.isoformat(),
        },
    )


def plan_updated(
    participant_id: UUID, version: int = 1, *, end_goal: str = "work", at: datetime = PLAN_V1_AT
) -> CloudEvent:
    return _envelope(
        contracts.PlanUpdated.event_type,
        participant_id,
        {
            "plan_version": version,
            "end_goal": end_goal,
            "norwegian_goal": "B1",
            "activity_kinds": ["norwegian", "language_practice"],
            "programme_hours_per_week": 37.5,
        },
        time=at,
    )


# -- looking at the read model -------------------------------------------------------------


async def chain_row(sessions: Sessions, participant_id: UUID) -> dict[str, Any] | None:
    async with sessions() as session:
        row = (
            await session.execute(
                select(participant_chain).where(
                    participant_chain.c.participant_id == participant_id
                )
            )
        ).first()
    return dict(row._mapping) if row is not None else None


async def count_rows(sessions: Sessions) -> tuple[int, int]:
    """(participant_chain rows, processed_events rows)."""
    async with sessions() as session:
        chains = await session.scalar(select(func.count()).select_from(participant_chain))
        processed = await session.scalar(select(func.count()).select_from(shared.processed_events))
    return int(chains or 0), int(processed or 0)


def without_bookkeeping(row: dict[str, Any] | None) -> dict[str, Any]:
    assert row is not None
    return {k: v for k, v in row.items() if k in FULL_CHAIN}


FULL_CHAIN = {
    "municipality": HAMAR,
    "household_type": "single",
    "settlement_date": SETTLED_ON,
    "programme_regime": "integreringsloven",
    "programme_start": STARTED_ON,
    "programme_expected_end": ENDS_ON,
    "plan_version": 1,
    "plan_end_goal": "work",
    "plan_updated_at": PLAN_V1_AT,
    "plan_norwegian_goal": "B1",
    "plan_first_at": PLAN_V1_AT,
    "stage": "plan",
    "next_step": "mapping",
}


# -- applying events --------------------------------------------------------------------


async def test_settlement_creates_the_chain_at_the_settled_stage(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    participant = uuid4()

    result = await runner.apply_batch(to_records(settled(participant)))

    assert result.applied == 1
    row = await chain_row(session_factory, participant)
    assert row is not None
    assert row["stage"] == "settled"
    assert row["municipality"] == HAMAR
    assert row["settlement_date"] == SETTLED_ON
    assert row["household_type"] == "single"


async def test_an_event_delivered_twice_in_one_batch_is_applied_once(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    event = settled(uuid4())

    result = await runner.apply_batch(to_records(event, event))

    assert (result.applied, result.duplicates) == (1, 1)
    assert await count_rows(session_factory) == (1, 1)


async def test_an_event_delivered_again_in_a_later_batch_is_skipped(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    participant = uuid4()
    event = plan_updated(participant, 2, at=PLAN_V2_AT)
    await runner.apply_batch(to_records(settled(participant), event))
    before = await chain_row(session_factory, participant)

    again = await runner.apply_batch(to_records(event))

    assert (again.applied, again.duplicates) == (0, 1)
    assert await count_rows(session_factory) == (1, 2)
    assert await chain_row(session_factory, participant) == before


@pytest.mark.parametrize(
    "order",
    list(itertools.permutations(["settled", "programme", "plan"])),
    ids="-then-".join,
)
async def test_events_in_any_order_converge_to_the_same_chain(
    order: tuple[str, ...],
    runner: ConsumerRunner,
    to_records: ToRecords,
    session_factory: Sessions,
) -> None:
    participant = uuid4()
    builders = {"settled": settled, "programme": programme_started, "plan": plan_updated}

    for name in order:  # one batch each: they come from two topics, at their own pace
        await runner.apply_batch(to_records(builders[name](participant)))

    assert without_bookkeeping(await chain_row(session_factory, participant)) == FULL_CHAIN


async def test_an_event_before_the_settlement_leaves_the_stage_unknown(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    participant = uuid4()

    await runner.apply_batch(to_records(programme_started(participant)))

    row = await chain_row(session_factory, participant)
    assert row is not None
    assert row["stage"] == "unknown"
    assert row["municipality"] == HAMAR  # from the envelope, so the overview can count it
    assert row["programme_start"] == STARTED_ON


async def test_an_older_plan_version_after_a_newer_one_changes_nothing(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    participant = uuid4()
    newer = plan_updated(participant, 2, end_goal="education", at=PLAN_V2_AT)
    older = plan_updated(participant, 1, end_goal="work", at=PLAN_V1_AT)
    await runner.apply_batch(to_records(settled(participant), newer))

    result = await runner.apply_batch(to_records(older))

    assert result.applied == 1  # handled, and recorded as processed ...
    row = await chain_row(session_factory, participant)
    assert row is not None  # ... but the chain keeps the newer plan
    assert (row["plan_version"], row["plan_end_goal"], row["plan_updated_at"]) == (
        2,
        "education",
        PLAN_V2_AT,
    )


async def test_an_unknown_event_type_is_ignored(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    participant = uuid4()
    minutes = _envelope("helhet.meeting.minutes_filed.v1", participant, {"kind": "three_way"})

    result = await runner.apply_batch(to_records(minutes, topic=contracts.PARTICIPANTS_TOPIC))

    assert (result.applied, result.ignored, result.dead_lettered) == (0, 1, [])
    assert await chain_row(session_factory, participant) is None


# -- dead letters ---------------------------------------------------------------------


async def read_dead_letters(bootstrap: str, topic: str, key: bytes) -> list[Record]:
    """Every record under ``key`` on the dead-letter topic of ``topic``, read to its end."""
    dlq = dead_letter_topic(topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        async with asyncio.timeout(10):
            await consumer.topics()
            numbers = consumer.partitions_for_topic(dlq)
            assert numbers, f"no partitions for {dlq}"
            partitions = [TopicPartition(dlq, n) for n in sorted(numbers)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            end = await consumer.end_offsets(partitions)
            found: list[Record] = []
            while any([await consumer.position(tp) < end[tp] for tp in partitions]):
                batches = await consumer.getmany(*partitions, timeout_ms=200)
                found.extend(r for records in batches.values() for r in records if r.key == key)
            return found
    finally:
        await consumer.stop()


def headers_of(record: Record) -> dict[str, str]:
    return {name: value.decode() for name, value in record.headers}


@pytest.mark.parametrize(
    ("bad", "reason", "error_mentions"),
    [
        ("plan-with-invalid-data", "invalid-data", "plan_version"),
        ("not-an-envelope", "malformed", "malformed envelope"),
    ],
)
async def test_a_bad_event_is_dead_lettered_and_the_rest_of_its_batch_applied(
    bad: str,
    reason: str,
    error_mentions: str,
    runner: ConsumerRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    kafka_bootstrap: str,
) -> None:
    participant = uuid4()
    key = str(participant).encode()
    if bad == "plan-with-invalid-data":
        poison = to_records(
            _envelope(contracts.PlanUpdated.event_type, participant, {"plan_version": "latest"})
        )
    else:
        poison = to_records(b"{not json", topic=contracts.PARTICIPANTS_TOPIC, key=key)
    batch = [
        *to_records(settled(participant)),
        *poison,
        *to_records(programme_started(participant)),
    ]

    result = await runner.apply_batch(batch)

    assert result.applied == 2
    assert [letter.reason for letter in result.dead_lettered] == [reason]
    row = await chain_row(session_factory, participant)
    assert row is not None
    assert row["stage"] == "programme"
    assert await count_rows(session_factory) == (1, 2)
    [letter] = await read_dead_letters(kafka_bootstrap, poison[0].topic, key)
    headers = headers_of(letter)
    assert headers["dlq-reason"] == reason
    assert error_mentions in headers["dlq-error"]
    assert headers["dlq-original-topic"] == poison[0].topic
    assert headers["dlq-original-offset"] == str(poison[0].offset)
    assert letter.value == poison[0].value


async def test_a_failing_handler_is_retried_then_dead_lettered_and_the_rest_applied(
    make_runner: MakeRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    kafka_bootstrap: str,
    settings: ReportingSettings,
) -> None:
    projection = make_projection(settings)
    real = projection.apply_many
    assert real is not None

    async def broken_on_plans(session: AsyncSession, items: Sequence[Applied]) -> None:
        """The real projection, except that any batch with a plan update fails."""
        if any(isinstance(event, contracts.PlanUpdated) for event, _ in items):
            raise RuntimeError("plan handler is broken")
        assert real is not None
        await real(session, items)

    broken = Projection(
        name=projection.name,
        registry=projection.registry,
        apply_many=broken_on_plans,
        tables=projection.tables,
    )
    runner = make_runner(broken)
    participant = uuid4()
    batch = to_records(
        settled(participant), plan_updated(participant), programme_started(participant)
    )

    result = await runner.apply_batch(batch)

    assert result.applied == 2
    assert [letter.reason for letter in result.dead_lettered] == ["handler-failed"]
    row = await chain_row(session_factory, participant)
    assert row is not None
    assert (row["stage"], row["plan_version"]) == ("programme", None)
    assert await count_rows(session_factory) == (1, 2)  # the failed event is not "processed"
    [letter] = await read_dead_letters(
        kafka_bootstrap, contracts.PLANS_TOPIC, str(participant).encode()
    )
    headers = headers_of(letter)
    assert headers["dlq-reason"] == "handler-failed"
    assert "plan handler is broken" in headers["dlq-error"]
    assert headers["dlq-attempts"] == str(settings.consumer_max_attempts)


async def test_an_envelope_time_without_an_offset_does_not_stop_the_consumer(
    runner: ConsumerRunner, to_records: ToRecords, session_factory: Sessions
) -> None:
    participant = uuid4()
    naive = settled(participant)
    naive.time = datetime(2026, 8, 1, 9, 0)  # a producer that leaves out the offset

    result = await runner.apply_batch(to_records(naive))

    assert result.applied == 1
    assert await chain_row(session_factory, participant) is not None


async def test_one_poison_event_in_a_big_batch_costs_a_few_savepoints_not_one_per_event(
    make_runner: MakeRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    settings: ReportingSettings,
) -> None:
    """A failed batch is applied in halves, a failing half split again: the other
    events are applied, in order, without one savepoint each."""
    projection = make_projection(settings)
    real = projection.apply_many
    assert real is not None
    calls: list[int] = []

    async def broken_on_plans(session: AsyncSession, items: Sequence[Applied]) -> None:
        calls.append(len(items))
        if any(isinstance(event, contracts.PlanUpdated) for event, _ in items):
            raise RuntimeError("plan handler is broken")
        assert real is not None
        await real(session, items)

    runner = make_runner(
        Projection(
            name=projection.name,
            registry=projection.registry,
            apply_many=broken_on_plans,
            tables=projection.tables,
        )
    )
    participants = [uuid4() for _ in range(32)]
    poisoned = participants[13]
    batch = [
        r
        for p in participants
        for r in to_records(*([settled(p), plan_updated(p)] if p == poisoned else [settled(p)]))
    ]

    result = await runner.apply_batch(batch)

    assert result.applied == 32
    assert [letter.reason for letter in result.dead_lettered] == ["handler-failed"]
    assert await count_rows(session_factory) == (32, 32)
    # the whole batch, then 2 parts per level of the 33-event batch's halving, then the
    # poison event's own attempts: far fewer than one call per event
    assert len(calls) <= 1 + 2 * 6 + settings.consumer_max_attempts
