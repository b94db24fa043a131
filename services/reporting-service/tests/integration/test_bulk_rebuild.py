"""The bulk rebuild (``ConsumerRunner.rebuild_from``, what ``rebuild`` runs): every event
folded in memory and each chain written once gives the read model the batch path gives,
with the same processed-events rows, duplicates and dead letters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.kafka import ensure_topics
from reporting_service import contracts
from reporting_service.adapters.organisation import catalogue
from reporting_service.adapters.tables import alerts, participant_chain, shared
from reporting_service.service_layer.alerts import evaluate_all
from reporting_service.settings import ReportingSettings

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
Sessions = async_sessionmaker[AsyncSession]

START = date(2025, 3, 1)


def story(events: Any, p: UUID, n: int) -> list[Any]:
    """A participant's events, a little different for each ``n``."""
    settled = START + timedelta(days=n)
    started = settled + timedelta(days=40)
    placement, match, action, meeting = uuid4(), uuid4(), uuid4(), uuid4()
    stream = [
        events.settled(p, settled, household="single" if n % 2 else "family"),
        events.programme_started(p, started, started + timedelta(days=730)),
        events.mapping_recorded(p, started + timedelta(days=10)),
        events.plan_updated(p, 1, saved_on=started + timedelta(days=30)),
        events.placement_started(p, placement, started + timedelta(days=60)),
        events.match_started(p, match, settled + timedelta(days=20)),
        events.attendance(p, settled + timedelta(days=25)),
        events.meeting_held(p, meeting, started + timedelta(days=90)),
        events.action_created(p, action, started + timedelta(days=100), meeting=meeting),
    ]
    if n % 2:
        stream += [
            events.plan_updated(p, 2, saved_on=started + timedelta(days=150)),
            events.placement_ended(p, placement, started + timedelta(days=150)),
            events.action_completed(p, action, started + timedelta(days=120)),
        ]
    if n % 3 == 0:
        stream.append(events.consent_granted(p, uuid4(), started + timedelta(days=5)))
    return stream


async def chains(sessions: Sessions) -> dict[Any, dict[str, Any]]:
    async with sessions() as session:
        rows = await session.execute(select(participant_chain))
    return {
        r.participant_id: {k: v for k, v in r._mapping.items() if k != "updated_at"} for r in rows
    }


async def processed(sessions: Sessions) -> set[str]:
    async with sessions() as session:
        return set(await session.scalars(select(shared.processed_events.c.event_id)))


async def test_a_bulk_rebuild_gives_the_chains_the_batch_path_gives(
    runner: ConsumerRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    events: Any,
) -> None:
    participants = [uuid4() for _ in range(6)]
    streams = [story(events, p, n) for n, p in enumerate(participants)]
    # Interleaved as the topics deliver them: the n-th event of every participant, then
    # the next; a late plan version 1 after version 2 for one of them.
    envelopes = [s[i] for i in range(max(map(len, streams))) for s in streams if i < len(s)]
    envelopes.append(events.plan_updated(participants[1], 1, saved_on=START))
    records = to_records(*envelopes)
    for start in range(0, len(records), 7):
        await runner.apply_batch(records[start : start + 7])
    live = await chains(session_factory)
    live_processed = await processed(session_factory)
    assert len(live) == len(participants)

    result = await runner.rebuild_from([*records, records[3]])

    assert result.applied == len(records)
    assert result.duplicates == 1
    assert result.dead_lettered == []
    assert await chains(session_factory) == live
    assert await processed(session_factory) == live_processed


async def test_a_bulk_rebuild_empties_what_the_read_model_had(
    runner: ConsumerRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    events: Any,
) -> None:
    stray, kept = uuid4(), uuid4()
    await runner.apply_batch(to_records(events.settled(stray, START)))

    result = await runner.rebuild_from(to_records(events.settled(kept, START)))

    assert result.applied == 1
    assert set(await chains(session_factory)) == {kept}


async def test_a_bad_event_in_a_bulk_rebuild_is_dead_lettered_and_the_rest_written(
    runner: ConsumerRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    events: Any,
) -> None:
    p = uuid4()
    bad = events.envelope(contracts.PlanUpdated.event_type, p, plan_version="latest")
    records = [
        *to_records(events.settled(p, START)),
        *to_records(bad),
        *to_records(b"{not json", topic=contracts.PARTICIPANTS_TOPIC, key=b"k"),
        *to_records(events.programme_started(p, START, START + timedelta(days=730))),
    ]

    result = await runner.rebuild_from(records)

    assert result.applied == 2
    assert sorted(letter.reason for letter in result.dead_lettered) == [
        "invalid-data",
        "malformed",
    ]
    assert (await chains(session_factory))[p]["stage"] == "programme"
    assert len(await processed(session_factory)) == 2


async def test_after_a_bulk_rebuild_the_daily_job_opens_and_closes_many_alerts_at_once(
    runner: ConsumerRunner,
    to_records: ToRecords,
    session_factory: Sessions,
    settings: ReportingSettings,
    events: Any,
) -> None:
    """More alerts than one statement's worth go in with the bulk insert, and a second
    evaluation finds nothing to change."""
    today = date.today()
    started = today - timedelta(days=200)  # running 200 days without a plan: an alert
    participants = [uuid4() for _ in range(600)]
    records = [
        r
        for p in participants
        for r in to_records(
            events.settled(p, started - timedelta(days=30)),
            events.programme_started(p, started, started + timedelta(days=730)),
        )
    ]
    await runner.rebuild_from(records)
    models = catalogue(settings.organisation_models_dir)

    async with session_factory() as session, session.begin():
        first = await evaluate_all(session, catalogue=models, today=today, now=datetime.now(UTC))
    async with session_factory() as session, session.begin():
        again = await evaluate_all(session, catalogue=models, today=today, now=datetime.now(UTC))

    assert first.opened >= len(participants)
    assert (again.opened, again.closed) == (0, 0)
    async with session_factory() as session:
        opened = set(
            await session.scalars(
                select(alerts.c.participant_id).where(
                    alerts.c.rule_id == "no-plan-after-programme-start",
                    alerts.c.closed_at.is_(None),
                )
            )
        )
    assert opened == set(participants)


async def test_the_rebuild_reads_every_topic_and_writes_the_chains_once_at_the_end(
    runner: ConsumerRunner,
    settings: ReportingSettings,
    session_factory: Sessions,
    events: Any,
) -> None:
    """``run_until_caught_up`` (the ``rebuild`` command) on the real broker takes the bulk
    path: the topics (which may hold other tests' events too) are read to their end
    offsets, and the read model is written in one transaction."""
    p, q = uuid4(), uuid4()
    envelopes = [
        events.settled(p, START),
        events.programme_started(p, START, START + timedelta(days=730)),
        events.settled(q, START),
        events.plan_updated(p, 1, saved_on=START + timedelta(days=30)),
    ]
    topics = sorted({contracts.registry.model_for(e.type).topic for e in envelopes})
    await ensure_topics(settings, topics)
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        for e in envelopes:
            topic = contracts.registry.model_for(e.type).topic
            await producer.send_and_wait(topic, e.to_json_bytes(), key=e.key)
    finally:
        await producer.stop()

    result = await runner.run_until_caught_up()

    assert result.complete
    assert result.applied >= len(envelopes)
    rows = await chains(session_factory)
    assert rows[p]["stage"] == "plan"
    assert rows[q]["stage"] == "settled"
    assert {e.id for e in envelopes} <= await processed(session_factory)
