"""The chain across the year and past the programme (issue 16) through the consumer
runner: a week below full time opens a gap routed to the programme owner and a full
week closes it; a hand-over not acknowledged within N days opens one, the
acknowledgement closes it; the events converge in any order."""

from __future__ import annotations

import random
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.messaging.envelope import CloudEvent
from reporting_service import contracts
from reporting_service.adapters import chain_rows
from reporting_service.adapters.tables import alerts, participant_chain

Sessions = async_sessionmaker[AsyncSession]

SETTLED = date(2026, 1, 5)
START = date(2026, 2, 1)
END = date(2027, 1, 29)
PROGRAMME_OWNER = "flyktningkontor"  # Hamar's model


async def alert_rows(sessions: Sessions, participant: UUID, rule: str) -> list[dict[str, Any]]:
    async with sessions() as session:
        rows = await session.execute(
            select(alerts)
            .where(alerts.c.participant_id == participant, alerts.c.rule_id == rule)
            .order_by(alerts.c.opened_at, alerts.c.key)
        )
        return [dict(r._mapping) for r in rows]


def week(events: Any, p: UUID, monday: date, minutes: int) -> CloudEvent:
    return events.envelope(
        contracts.TimetableWeekChecked.event_type,
        p,
        week_start=monday,
        minutes=minutes,
        required_minutes=2250,
        closed_minutes=2250 - minutes,
        covered_minutes=0,
        full_time=minutes >= 2250,
    )


def created(events: Any, p: UUID, hand_over: UUID, on: date) -> CloudEvent:
    return events.envelope(
        contracts.HandOverCreated.event_type,
        p,
        hand_over_id=hand_over,
        receiving_kind="nav",
        receiving_unit_id="nav-hamar",
        basis_kind="sharing_basis",
        basis_id=uuid4(),
        created_on=on,
    )


def acknowledged(events: Any, p: UUID, hand_over: UUID, on: date, days: int) -> CloudEvent:
    return events.envelope(
        contracts.HandOverAcknowledged.event_type,
        p,
        hand_over_id=hand_over,
        receiving_kind="nav",
        acknowledged_on=on,
        follow_up_owner="nav",
        days_to_acknowledge=days,
    )


async def test_a_week_below_full_time_is_a_gap_for_the_programme_owner_until_a_full_week(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    runner = clock_runner(date(2026, 7, 8))
    await runner.apply_batch(
        to_records(
            events.settled(p, SETTLED, household="family"),
            events.programme_started(p, START, END),
            week(events, p, date(2026, 6, 29), 450),
        )
    )
    [opened] = await alert_rows(session_factory, p, "week-below-full-time")

    await runner.apply_batch(to_records(week(events, p, date(2026, 7, 6), 2250)))
    [closed] = await alert_rows(session_factory, p, "week-below-full-time")

    assert (opened["unit_id"], opened["responsibility"], opened["since"]) == (
        PROGRAMME_OWNER,
        "plan",
        date(2026, 6, 29),
    )
    assert (closed["alert_id"], closed["close_reason"]) == (opened["alert_id"], "week_full_time")


async def test_an_unacknowledged_hand_over_is_a_gap_after_fourteen_days_until_acknowledged(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    p, hand_over = uuid4(), uuid4()
    before = [
        events.settled(p, SETTLED, household="family"),
        events.programme_started(p, START, END),
        created(events, p, hand_over, date(2026, 11, 2)),
    ]
    await clock_runner(date(2026, 11, 15)).apply_batch(to_records(*before))
    early = await alert_rows(session_factory, p, "hand-over-not-acknowledged")

    runner = clock_runner(date(2026, 11, 17))
    await runner.apply_batch(to_records(events.meeting_held(p, uuid4(), date(2026, 11, 17))))
    [opened] = await alert_rows(session_factory, p, "hand-over-not-acknowledged")
    await runner.apply_batch(to_records(acknowledged(events, p, hand_over, date(2026, 12, 16), 15)))
    [closed] = await alert_rows(session_factory, p, "hand-over-not-acknowledged")

    assert early == []
    assert (opened["ref"], opened["unit_id"], opened["since"]) == (
        str(hand_over),
        PROGRAMME_OWNER,
        date(2026, 11, 16),
    )
    assert closed["close_reason"] == "hand_over_acknowledged"


async def test_the_year_round_events_converge_in_any_order(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    runner = clock_runner(date(2026, 11, 20))
    seen = []
    for seed in range(3):
        p, hand_over = uuid4(), uuid4()
        stream = [
            events.settled(p, SETTLED, household="family"),
            events.programme_started(p, START, END),
            week(events, p, date(2026, 12, 7), 2250),
            week(events, p, date(2026, 11, 30), 900),
            events.envelope(
                contracts.TransitionUpdated.event_type,
                p,
                nav_dialogue_held_on=date(2026, 11, 2),
                next_step="nav_measure",
                receiving_kind="nav",
                complete=True,
                updated_on=date(2026, 11, 3),
            ),
            acknowledged(events, p, hand_over, date(2026, 12, 10), 9),
            created(events, p, hand_over, date(2026, 12, 1)),
        ]
        random.Random(seed).shuffle(stream)
        for envelope in stream:
            await runner.apply_batch(to_records(envelope))
        async with session_factory() as session:
            row = (
                await session.execute(
                    select(participant_chain).where(participant_chain.c.participant_id == p)
                )
            ).one()
        state = chain_rows.from_row(row._mapping)
        assert state.timetable_week is not None
        assert state.transition is not None
        seen.append(
            (
                state.timetable_week.week_start,
                state.timetable_week.full_time,
                state.transition.complete,
                [(h.created_on, h.acknowledged_on, h.follow_up_owner) for h in state.hand_overs],
            )
        )

    assert len(set(map(repr, seen))) == 1
    assert seen[0] == (
        date(2026, 12, 7),
        True,
        True,
        [(date(2026, 12, 1), date(2026, 12, 10), "nav")],
    )
