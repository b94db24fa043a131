"""The plan's follow-up (docs/decisions/0003) through the consumer runner on PostgreSQL:
reviews, meetings, actions, leave and moving away, in any order; the action-past-due
alert; the chain API; and a replay of old events that leaves the alerts' history alone.

Envelopes are built as plan-service publishes them (``events``, Hamar by default); the
gap rules are evaluated as of a fixed day (``clock_runner(day)``).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK, FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing import async_wait_until
from helhet_common.testing.services import DevTokens
from reporting_service import contracts
from reporting_service.adapters import chain_rows, tables
from reporting_service.adapters.organisation import load_catalogue
from reporting_service.adapters.tables import alerts, participant_chain
from reporting_service.entrypoints import deps
from reporting_service.service_layer.alerts import evaluate_all
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
Sessions = async_sessionmaker[AsyncSession]
ClockRunner = Callable[[date], ConsumerRunner]

SETTLED = date(2026, 1, 5)
START = date(2026, 2, 1)
END = date(2028, 1, 31)
DUE = date(2026, 6, 1)


async def chain_row(sessions: Sessions, participant: UUID) -> dict[str, Any]:
    async with sessions() as session:
        row = (
            await session.execute(
                select(participant_chain).where(participant_chain.c.participant_id == participant)
            )
        ).one()
    return dict(row._mapping)


async def alert_rows(sessions: Sessions, participant: UUID) -> list[dict[str, Any]]:
    async with sessions() as session:
        rows = await session.execute(
            select(alerts)
            .where(alerts.c.participant_id == participant)
            .order_by(alerts.c.opened_at, alerts.c.key)
        )
        return [dict(r._mapping) for r in rows]


def follow_up(events: Any, p: UUID, action: UUID) -> list[CloudEvent]:
    """A participant's chain with its follow-up: the action's completion may come first."""
    return [
        events.settled(p, SETTLED, household="family"),
        events.programme_started(p, START, END),
        events.plan_updated(p, 1),
        events.plan_reviewed(p, uuid4(), date(2026, 5, 10)),
        events.meeting_held(p, uuid4(), date(2026, 5, 10), nav=True),
        events.action_created(p, action, DUE),
        events.action_completed(p, action, date(2026, 5, 28)),
        events.action_created(p, uuid4(), date(2026, 9, 1), owner_unit="hls"),
        events.leave(p, uuid4(), date(2026, 7, 1), date(2026, 7, 31)),
    ]


async def count(sessions: Sessions, table: Any) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def count_organisation_alerts(sessions: Sessions) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(alerts).where(alerts.c.participant_id.is_(None))
            )
            or 0
        )


@pytest.fixture
def today_is(app: FastAPI) -> Iterator[Callable[[date], None]]:
    """``today_is(day)``: the API's clock is pinned to ``day`` ("overdue" as of it)."""

    def set_day(day: date) -> None:
        app.dependency_overrides[deps.clock] = lambda: FixedClock(day)

    yield set_day
    app.dependency_overrides.pop(deps.clock, None)


# -- any order -------------------------------------------------------------------------------


async def test_shuffled_follow_up_streams_converge_in_the_read_model(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    runner = clock_runner(date(2026, 6, 15))
    seen = []
    for seed in range(4):
        p = uuid4()
        stream = follow_up(events, p, uuid4())
        random.Random(seed).shuffle(stream)
        for envelope in stream:  # one batch each, as from two topics at their own pace
            await runner.apply_batch(to_records(envelope))
        state = chain_rows.from_row(await chain_row(session_factory, p))
        seen.append(
            (
                state.last_reviewed_on,
                state.involves_nav,
                [(a.owner_unit, a.due_date, a.is_open) for a in state.actions if a.is_open],
                sorted((a.owner_unit, a.outcome) for a in state.actions),
                [(x.from_date, x.to_date) for x in state.leaves],
            )
        )

    assert len(set(map(repr, seen))) == 1
    assert seen[0][:3] == (date(2026, 5, 10), True, [("hls", date(2026, 9, 1), True)])


# -- the action-past-due alert ---------------------------------------------------------------


async def test_an_action_past_due_opens_routed_to_its_owner_and_closes_on_completion(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    p, action = uuid4(), uuid4()
    runner = clock_runner(date(2026, 6, 10))
    await runner.apply_batch(
        to_records(
            events.settled(p, SETTLED, household="family"),
            events.programme_started(p, START, END),
            events.plan_updated(p),
            events.action_created(p, action, DUE, owner_unit="nav"),
        )
    )
    [opened] = [
        a for a in await alert_rows(session_factory, p) if a["rule_id"] == "action-past-due"
    ]
    assert (opened["ref"], opened["unit_id"], opened["responsibility"], opened["since"]) == (
        str(action),
        "nav",
        "nav_measures",
        date(2026, 6, 2),
    )

    await runner.apply_batch(to_records(events.action_completed(p, action, date(2026, 6, 9))))

    [closed] = [
        a for a in await alert_rows(session_factory, p) if a["rule_id"] == "action-past-due"
    ]
    assert (closed["alert_id"], closed["close_reason"]) == (opened["alert_id"], "action_completed")
    assert closed["closed_at"] is not None


async def test_a_move_away_closes_the_participants_alerts(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    runner = clock_runner(date(2026, 6, 10))
    await runner.apply_batch(
        to_records(
            events.settled(p, SETTLED, household="single"),
            events.programme_started(p, START, END),
            events.action_created(p, uuid4(), DUE),
        )
    )
    assert {a["rule_id"] for a in await alert_rows(session_factory, p)} == {
        "action-past-due",
        "single-without-social-network",
        "no-plan-after-programme-start",
    }

    await runner.apply_batch(to_records(events.moved(p, date(2026, 6, 9))))

    rows = await alert_rows(session_factory, p)
    assert {(a["close_reason"], a["closed_at"] is not None) for a in rows} == {("moved_away", True)}
    assert (await chain_row(session_factory, p))["moved_to"] == "0301"


# -- the chain over HTTP ---------------------------------------------------------------------


async def test_the_chain_shows_open_actions_reviews_nav_and_leave(
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    today_is: Callable[[date], None],
) -> None:
    p, late, unknown = uuid4(), uuid4(), uuid4()
    await clock_runner(date(2026, 7, 10)).apply_batch(
        to_records(
            *follow_up(events, p, uuid4()),
            events.action_created(p, late, date(2026, 7, 1), owner_unit="nav"),
            events.action_created(p, unknown, date(2026, 8, 1), owner_unit="nav-hamar-x"),
        )
    )
    today_is(date(2026, 7, 10))

    response = await client.get(
        f"/participants/{p}/chain", headers=dev_tokens.headers("integration_leader")
    )

    assert response.status_code == 200, response.text
    body = response.json()
    actions = {a["action_id"]: a for a in body["open_actions"]}
    assert len(actions) == 3  # the completed one is not open
    assert {k: actions[str(late)][k] for k in ("owner_unit", "overdue", "days_overdue")} == {
        "owner_unit": "nav",
        "overdue": True,
        "days_overdue": 9,
    }
    assert actions[str(late)]["owner_unit_known"] is True
    assert actions[str(unknown)]["owner_unit_known"] is False  # kept and shown as named
    assert (body["plan_last_reviewed_on"], body["plan_reviews"]) == ("2026-05-10", 1)
    assert (body["nav_involved"], body["nav_involved_since"]) == (True, "2026-05-10")
    assert body["on_leave"] == {"from_date": "2026-07-01", "to_date": "2026-07-31"}
    assert body["moved_on"] is None
    past_due = [a for a in body["open_alerts"] if a["rule_id"] == "action-past-due"]
    assert [a["ref"] for a in past_due] == [str(late)]


# -- a replay of old events (a rebuild) ------------------------------------------------------


async def test_a_replay_of_old_events_keeps_the_alert_history_and_the_clock_reconciles(
    make_runner: Callable[..., ConsumerRunner],
    to_records: ToRecords,
    session_factory: Sessions,
    settings: ReportingSettings,
    events: Any,
) -> None:
    p, placement = uuid4(), uuid4()
    stream = [
        events.settled(p, SETTLED, household="family"),
        events.programme_started(p, START, END),
        events.plan_updated(p),
        events.placement_started(p, placement, date(2026, 4, 1), kind="nav_work_training"),
        events.placement_ended(p, placement, date(2026, 9, 1)),
        events.placement_started(p, uuid4(), date(2026, 9, 10)),
    ]
    clock = FixedClock(date(2026, 9, 20))
    live = make_runner(make_projection(settings, clock=clock))
    await live.apply_batch(to_records(*stream[:5]))
    await live.apply_batch(to_records(stream[5]))
    history = await alert_rows(session_factory, p)
    assert [(a["rule_id"], a["close_reason"]) for a in history] == [
        ("placement-ended-without-next-step", "next_placement_started")
    ]

    # A rebuild: the read model is emptied (the alerts are not in it) and every event is
    # replayed, a month old by now, in an order that builds the chain halfway first.
    replay = make_runner(make_projection(settings, clock=clock))
    await replay.reset_read_model()
    assert (
        await count(session_factory, participant_chain),
        await count(session_factory, alerts),
    ) == (
        0,
        len(history) + await count_organisation_alerts(session_factory),
    )
    old = [e.model_copy(update={"time": clock.now() - timedelta(days=30)}) for e in stream]
    for envelope in [old[1], old[3], old[4], old[0], old[2], old[5]]:
        await replay.apply_batch(to_records(envelope))

    assert await alert_rows(session_factory, p) == history  # nothing opened, nothing lost
    async with session_factory() as session, session.begin():
        counts = await evaluate_all(
            session, catalogue=load_catalogue(), today=clock.today(), now=clock.now()
        )
    assert (await chain_row(session_factory, p))["stage"] == "plan"
    assert await alert_rows(session_factory, p) == history
    assert counts.participants == 1


# -- through the broker -----------------------------------------------------------------------


async def test_the_new_events_are_consumed_from_the_broker_by_the_runners_loop(
    settings: ReportingSettings,
    session_factory: Sessions,
    kafka_bootstrap: str,
    events: Any,
) -> None:
    p, action = uuid4(), uuid4()
    envelopes = [
        events.action_completed(p, action, date(2026, 5, 28)),  # before its creation
        events.settled(p, SETTLED),
        events.plan_reviewed(p, uuid4(), date(2026, 5, 10), nav=True),
        events.meeting_held(p, uuid4(), date(2026, 5, 11), kind="transition_dialogue"),
        events.action_created(p, action, DUE),
        events.leave(p, uuid4(), date(2026, 7, 1), date(2026, 7, 31)),
        events.moved(p, date(2026, 8, 1), to=None),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        for envelope in envelopes:
            topic = contracts.registry.model_for(envelope.type).topic
            await producer.send_and_wait(topic, envelope.to_json_bytes(), key=envelope.key)
    finally:
        await producer.stop()
    runner = ConsumerRunner(
        settings=settings,
        session_factory=session_factory,
        tables=tables.shared,
        projection=make_projection(settings),
        group_id=f"test-follow-up-{uuid4().hex[:8]}",
    )

    async def consumed() -> bool:
        async with session_factory() as session:
            row = (
                await session.execute(
                    select(participant_chain).where(participant_chain.c.participant_id == p)
                )
            ).first()
        return (
            row is not None
            and row.moved_on is not None
            and len(row.actions) == 1
            and bool(row.actions[0].get("due_date"))
            and row.settlement_date is not None
            and len(row.meetings) == 1
        )

    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await async_wait_until(consumed, timeout=30, message="follow-up events consumed")
    finally:
        stop.set()
        await task

    state = chain_rows.from_row(await chain_row(session_factory, p))
    assert [(a.is_open, a.outcome) for a in state.actions] == [(False, "done")]
    assert (state.moved_on, state.moved_to, state.involves_nav) == (date(2026, 8, 1), None, True)
    assert state.next_step is None


async def test_the_rebuild_command_reconciles_the_alerts_when_it_is_done(
    make_runner: Callable[..., ConsumerRunner],
    to_records: ToRecords,
    session_factory: Sessions,
    settings: ReportingSettings,
    events: Any,
) -> None:
    """A replay of old events opens no alert on its own; the hook the ``rebuild``
    command runs afterwards evaluates the rebuilt chains against today at once."""
    from reporting_service.bootstrap import definition

    p = uuid4()
    today = SYSTEM_CLOCK.today()  # the command evaluates as of the real day
    start = today - timedelta(days=200)  # programme running for 200 days, no plan
    stream = [
        events.settled(p, start - timedelta(days=30), household="family"),
        events.programme_started(p, start, start + timedelta(days=730)),
    ]
    old = [e.model_copy(update={"time": datetime.now(UTC) - timedelta(days=30)}) for e in stream]
    replay = make_runner(make_projection(settings, clock=SYSTEM_CLOCK))
    await replay.apply_batch(to_records(*old))
    assert await alert_rows(session_factory, p) == []

    assert definition.after_rebuild is not None
    await definition.after_rebuild(settings)

    opened = {a["rule_id"] for a in await alert_rows(session_factory, p) if a["closed_at"] is None}
    assert "no-plan-after-programme-start" in opened


async def test_the_first_plan_is_dated_by_the_day_it_was_saved_not_when_it_was_sent(
    make_runner: Callable[..., ConsumerRunner],
    to_records: ToRecords,
    session_factory: Sessions,
    settings: ReportingSettings,
    events: Any,
) -> None:
    """plan-service publishes ``saved_on``; an event sent later (a backlog, a migration
    of old plans) still dates the plan by that day. Without it, the event's time counts."""
    dated, undated = uuid4(), uuid4()
    runner = make_runner(make_projection(settings, clock=FixedClock(date(2026, 9, 1))))
    await runner.apply_batch(
        to_records(
            events.settled(dated, SETTLED),
            events.plan_updated(dated, saved_on=date(2026, 3, 2)),
            events.settled(undated, SETTLED),
            events.plan_updated(undated),
        )
    )

    assert (await chain_row(session_factory, dated))["plan_first_at"].date() == date(2026, 3, 2)
    sent = (await chain_row(session_factory, undated))["plan_first_at"]
    assert abs(datetime.now(UTC) - sent) < timedelta(minutes=5)
