"""The chain across every topic and its alerts, through the consumer runner on PostgreSQL.

The gap rules are evaluated as of a fixed day (``clock_runner(day)``); Hamar's model routes
them. The daily clock (``evaluate_all``) opens what time alone opens.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from reporting_service.adapters.organisation import load_catalogue
from reporting_service.adapters.tables import alerts, participant_chain
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


async def chain_row(sessions: Sessions, participant: UUID) -> dict[str, Any]:
    async with sessions() as session:
        row = (
            await session.execute(
                select(participant_chain).where(participant_chain.c.participant_id == participant)
            )
        ).one()
    return dict(row._mapping)


async def alert_rows(sessions: Sessions, participant: UUID | None = None) -> list[dict[str, Any]]:
    query = select(alerts).order_by(alerts.c.opened_at, alerts.c.key)
    if participant is not None:
        query = query.where(alerts.c.participant_id == participant)
    async with sessions() as session:
        return [dict(r._mapping) for r in await session.execute(query)]


def whole_chain(events: Any, p: UUID) -> list[CloudEvent]:
    placement = uuid4()
    return [
        events.settled(p, SETTLED),
        events.programme_started(p, START, END),
        events.mapping_recorded(p, date(2026, 2, 20)),
        events.plan_updated(p, 1),
        events.plan_updated(p, 2),
        events.placement_started(p, placement, date(2026, 4, 1), kind="language_practice"),
        events.nav_measure_linked(p, placement, date(2026, 4, 1)),
        events.match_started(p, uuid4(), date(2026, 3, 1)),
        events.attendance(p, date(2026, 3, 8)),
        events.consent_granted(p, uuid4(), date(2026, 3, 1)),
    ]


async def test_shuffled_streams_of_every_topic_converge_in_the_read_model(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    runner = clock_runner(date(2026, 5, 1))
    rows = []
    for seed in range(3):
        p = uuid4()
        stream = whole_chain(events, p)
        random.Random(seed).shuffle(stream)
        for envelope in stream:  # one batch each, as from several topics at their own pace
            await runner.apply_batch(to_records(envelope))
        row = await chain_row(session_factory, p)
        rows.append(
            {
                k: v
                for k, v in row.items()
                if k not in ("participant_id", "updated_at", "plan_updated_at", "plan_first_at")
                and k not in ("placements", "matches", "consents")
            }
            | {"placements": len(row["placements"]), "matches": len(row["matches"])}
        )

    assert rows[0] == rows[1] == rows[2]
    assert (rows[0]["stage"], rows[0]["mapping_version"], rows[0]["plan_version"]) == ("plan", 1, 2)
    assert (rows[0]["sessions_attended"], rows[0]["placements"]) == (1, 1)
    assert rows[0]["next_step"] == "transition"  # language practice, and NAV funds it


async def test_an_alert_opens_on_an_event_and_closes_with_its_reason(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    p, placement = uuid4(), uuid4()
    runner = clock_runner(date(2026, 9, 2))
    await runner.apply_batch(
        to_records(
            events.settled(p, SETTLED, household="family"),
            events.programme_started(p, START, END),
            events.plan_updated(p),
            events.placement_started(p, placement, date(2026, 6, 1), kind="nav_work_training"),
            events.placement_ended(p, placement, date(2026, 9, 1)),
        )
    )
    [opened] = [a for a in await alert_rows(session_factory, p)]
    assert (opened["rule_id"], opened["ref"], opened["unit_id"], opened["closed_at"]) == (
        "placement-ended-without-next-step",
        str(placement),
        "nav",  # a NAV work-training placement: NAV owns NAV measures in Hamar
        None,
    )

    await runner.apply_batch(
        to_records(events.placement_started(p, uuid4(), date(2026, 9, 10), kind="work_practice"))
    )

    [closed] = await alert_rows(session_factory, p)
    assert closed["alert_id"] == opened["alert_id"]
    assert closed["close_reason"] == "next_placement_started"
    assert closed["closed_at"] is not None


@pytest.mark.parametrize(("window_hours", "opened"), [(1, False), (3, True)])
async def test_the_alert_live_window_comes_from_the_settings(
    window_hours: int,
    opened: bool,
    make_runner: Callable[..., ConsumerRunner],
    settings: ReportingSettings,
    to_records: ToRecords,
    session_factory: Sessions,
    events: Any,
) -> None:
    """Events two hours old are live with a window of three hours, not with one."""
    clock = FixedClock(date(2026, 6, 1))
    configured = settings.model_copy(update={"alert_live_window_hours": window_hours})
    runner = make_runner(make_projection(configured, clock=clock))
    sent = clock.now() - timedelta(hours=2)
    p = uuid4()
    batch = [events.settled(p, SETTLED), events.programme_started(p, START, END)]

    await runner.apply_batch(to_records(*[e.model_copy(update={"time": sent}) for e in batch]))

    rules = [a["rule_id"] for a in await alert_rows(session_factory, p)]
    assert ("no-plan-after-programme-start" in rules) is opened


async def test_a_redelivered_batch_opens_no_second_alert(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    runner = clock_runner(date(2026, 6, 1))
    batch = [events.settled(p, SETTLED), events.programme_started(p, START, END)]
    await runner.apply_batch(to_records(*batch))
    await runner.apply_batch(to_records(events.attendance(p, date(2026, 5, 1))))

    await runner.apply_batch(to_records(*batch))

    rules = sorted(
        a["rule_id"] for a in await alert_rows(session_factory, p) if a["closed_at"] is None
    )
    assert rules == ["no-plan-after-programme-start"]


async def test_the_daily_clock_opens_what_time_alone_opens_and_unowned_links(
    clock_runner: ClockRunner, to_records: ToRecords, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    await clock_runner(date(2026, 2, 2)).apply_batch(
        to_records(
            events.settled(p, SETTLED, household="family"), events.programme_started(p, START, END)
        )
    )
    assert [a["rule_id"] for a in await alert_rows(session_factory, p)] == []

    clock = FixedClock(date(2026, 8, 15))
    async with session_factory() as session, session.begin():
        counts = await evaluate_all(
            session, catalogue=load_catalogue(), today=clock.today(), now=clock.now()
        )

    assert sorted(a["rule_id"] for a in await alert_rows(session_factory, p)) == [
        "no-nav-involvement",
        "no-plan-after-programme-start",
    ]
    organisation = [a for a in await alert_rows(session_factory) if a["participant_id"] is None]
    assert {(a["municipality"], a["ref"]) for a in organisation if a["municipality"] == "3403"} == {
        ("3403", "mapping"),
        ("3403", "social_network"),
        ("3403", "transition"),
    }
    assert counts.participants == 1

    async with session_factory() as session, session.begin():
        again = await evaluate_all(
            session, catalogue=load_catalogue(), today=clock.today(), now=clock.now()
        )
    assert (again.opened, again.closed) == (0, 0)
