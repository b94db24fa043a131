"""The demo seed: participants at every stage and the follow-up of their plans, and
harmless to run twice."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

from sqlalchemy import select

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.demo import demo_participant_id
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.messaging.registry import UnknownEventType
from plan_service.adapters import tables
from plan_service.entrypoints.seed import DEMO_PARTICIPANTS, FOLLOW_UP, seed
from plan_service.entrypoints.seed_cohorts import COHORT_SIZE
from plan_service.settings import PlanSettings
from reporting_service import contracts as reporting
from reporting_service.adapters.organisation import catalogue
from reporting_service.domain import alerts as gap_rules
from reporting_service.domain import cohorts, kpis
from reporting_service.domain.chain import ChainState
from reporting_service.service_layer import projection

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
    outbox = await database.outbox()
    ended = [r for r in outbox if r.event_type == "helhet.programme.ended.v1"]
    demo_ids = {str(demo_participant_id(n)) for n in range(1, len(DEMO_PARTICIPANTS) + 1)}
    cohort_exits = [r for r in ended if r.payload["data"]["participant_id"] not in demo_ids]
    assert first["participants"] == len(DEMO_PARTICIPANTS) + COHORT_SIZE
    assert first["mappings"] == first["consents"] == enrolled
    # A basis for each demo participant handed over, and each cohort participant who left
    # in the last 120 days (seed_year).
    handed_over = first["hand_overs"]
    assert first["sharing_bases"] == 2 * enrolled + handed_over
    assert first["test_results"] == 2 * (len(exited) + len(cohort_exits))
    assert first["outcomes"] >= len(exited) + len(cohort_exits)
    # A participant who moved left the programme; several exit cohorts left it since.
    assert len(ended) - len(cohort_exits) == len(exited) + len(moved)
    assert len(cohort_exits) >= 80


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
    # Every demo participant can sign in to their own page with their id as the login
    # (the cohort participants have no login).
    assert {pid: sub for pid, sub in logins.items() if sub is not None} == {
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
    demo_ids = {demo_participant_id(n) for n in range(1, len(DEMO_PARTICIPANTS) + 1)}
    demo_hand_overs = [h for h in hand_overs if h.participant_id in demo_ids]
    assert len(demo_hand_overs) == 2
    assert sorted(h.acknowledged_on is not None for h in demo_hand_overs) == [False, True]


async def test_after_seeding_the_overview_shows_most_figures_and_the_cohort_curves(
    settings: PlanSettings, database: Database
) -> None:
    """The demo at a realistic size: the seed's events folded as reporting folds them
    (its transitions, its KPIs and cohorts as the overview and the cohort page compute
    them) show most KPI tiles with a figure, the curves to five years and the new gaps."""
    await seed(settings)

    today = SYSTEM_CLOCK.today()
    chains: dict[str, ChainState] = {}
    for row in await database.outbox():
        envelope = CloudEvent.model_validate(row.payload)
        try:
            event = reporting.registry.parse(envelope)
        except UnknownEventType:
            continue  # not one reporting reads
        if type(event) not in projection.TRANSITIONS:
            continue  # read by another fold (sharing bases)
        key = str(envelope.subject)
        state = chains.get(key) or ChainState(participant_id=UUID(key))
        chains[key] = projection.transition(state, event, envelope)
    model = catalogue(None).for_municipality("3403")
    report = kpis.report(
        list(chains.values()), model, municipality="3403", unit=None, cohort=None, today=today
    )
    curves = cohorts.report(list(chains.values()), municipality="3403", today=today)

    shown = [k.id for k in report.kpis if not k.suppressed and k.value is not None]
    assert len(shown) >= 2 * len(report.kpis) // 3, shown
    assert {"work_or_education_at_exit", "work_or_education_one_year_after"} <= set(shown)
    assert len(report.cohorts) >= 4  # several exit cohorts
    for group in ("*", "female", "male"):
        years = [curves.years_since_settlement[(group, str(n))] for n in range(1, 6)]
        assert sum(1 for y in years if y.value is not None) >= 4, (group, years)
    # The new gaps show: much invalid absence, and no status one year after.
    gaps = {
        alert.rule_id
        for state in chains.values()
        for alert in gap_rules.evaluate_participant(state, model, today)
    }
    assert {"invalid-absence-above-share", "no-status-at-one-year"} <= gaps
    # Women's share at exit below men's, as in the research.
    women, men = curves.at_exit[("female", "*")], curves.at_exit[("male", "*")]
    assert women.value is not None
    assert men.value is not None
    assert women.value < men.value
