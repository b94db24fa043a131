"""The demo seed: participants at every stage and the follow-up of their plans, and
harmless to run twice."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from helhet_common.demo import demo_participant_id
from plan_service.adapters import tables
from plan_service.entrypoints.seed import DEMO_PARTICIPANTS, FOLLOW_UP, seed
from plan_service.settings import PlanSettings

from .conftest import Database


async def test_seeding_twice_gives_one_demo_with_consents_mappings_and_outcomes(
    settings: PlanSettings, database: Database
) -> None:
    await seed(settings)
    first = await database.counts()
    await seed(settings)

    assert await database.counts() == first
    enrolled = sum(d.programme for d in DEMO_PARTICIPANTS)
    exited = [d for d in DEMO_PARTICIPANTS if d.exited_days_ago is not None]
    moved = [f for f in FOLLOW_UP.values() if f.moved_days_ago is not None]
    assert first["participants"] == len(DEMO_PARTICIPANTS)
    assert first["mappings"] == first["consents"] == enrolled
    handed_over = [d for d in exited if d.exited_days_ago <= 120]  # a basis for each
    assert first["sharing_bases"] == 2 * enrolled + len(handed_over)
    assert first["test_results"] == 2 * len(exited)
    assert first["outcomes"] >= len(exited)
    ended = [r for r in await database.outbox() if r.event_type == "helhet.programme.ended.v1"]
    assert len(ended) == len(exited) + len(moved)  # a participant who moved left the programme


async def test_the_seed_follows_the_plans_up(settings: PlanSettings, database: Database) -> None:
    await seed(settings)

    published = Counter(r.event_type for r in await database.outbox())
    counts = await database.counts()
    assert counts["plan_reviews"] == published["helhet.plan.reviewed.v1"] >= 5
    assert counts["meetings"] == published["helhet.meeting.held.v1"] >= 3
    assert counts["actions"] == published["helhet.action.created.v1"] >= 5
    assert published["helhet.action.completed.v1"] >= 1
    assert published["helhet.programme.leave.v1"] == 1
    assert published["helhet.participant.moved.v1"] == 1
    assert counts["plan_contributions"] == 2
    assert counts["contacts"] >= len(FOLLOW_UP)
    async with database.engine.connect() as conn:
        actions = (await conn.execute(select(tables.actions))).all()
        rows = await conn.execute(
            select(tables.participants.c.id, tables.participants.c.person_sub)
        )
        logins = {row.id: row.person_sub for row in rows}
    owners = {a.owner_unit for a in actions}
    assert owners == {"nav", "hls", "flyktningkontor"}
    today = date.today()
    past_due = [a for a in actions if a.status == "open" and a.due_date < today]
    assert {a.owner_unit for a in past_due} >= {"hls", "flyktningkontor"}
    assert any(a.status == "done" for a in actions)
    # Every demo participant can sign in to their own page with their id as the login.
    assert logins == {
        demo_participant_id(n): str(demo_participant_id(n))
        for n in range(1, len(DEMO_PARTICIPANTS) + 1)
    }


async def test_the_seed_has_timetables_a_week_below_full_time_and_hand_overs(
    settings: PlanSettings, database: Database
) -> None:
    await seed(settings)

    counts = await database.counts()
    async with database.engine.connect() as conn:
        hand_overs = list(await conn.execute(select(tables.hand_overs)))
        weeks = list(await conn.execute(select(tables.timetable_week_checks)))

    assert counts["timetable_sessions"] > 0
    assert counts["provider_closures"] == 2
    assert {w.scheduled_minutes - w.closed_minutes >= w.required_minutes for w in weeks} == {
        True,
        False,
    }
    assert len(hand_overs) == 2
    assert sorted(h.acknowledged_on is not None for h in hand_overs) == [False, True]
