"""``plan-service seed``: a small demo municipality (Hamar, 3403).

Goes through the same handlers and unit of work as the API, so the demo's events leave
through the outbox like any other. Settles the demo participants only if the
municipality has none; then gives them mappings, sharing bases, consents, and (for the
longest settled) test results, an exit and outcomes, unless they already have them. So
running it twice is harmless, and a database seeded by an earlier version is completed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.db import create_engine, create_session_factory
from helhet_common.demo import demo_participant_id
from helhet_common.unit_of_work import run_in
from plan_service.domain.mapping import EducationLevel, Interest, LanguageLevel, Mapping, Skill
from plan_service.domain.model import (
    Activity,
    ActivityKind,
    CefrLevel,
    Completion,
    EndGoal,
    ExitReason,
    HouseholdType,
    MeasurePoint,
    OutcomeStatus,
    Participant,
    Regime,
    TestKind,
)
from plan_service.domain.sharing import (
    LEARNING_CENTRE,
    NAV,
    REFUGEE_SERVICE,
    Caller,
    ConsentPurpose,
    LegalBasis,
    RecipientKind,
    SharingPurpose,
)
from plan_service.service_layer import commands, handlers
from plan_service.service_layer.unit_of_work import PlanUnitOfWork
from plan_service.settings import PlanSettings

log = structlog.get_logger(__name__)

DEMO_MUNICIPALITY = "3403"
DEMO_ACTIVITIES = (
    Activity(ActivityKind.NORWEGIAN, "Hamar læringssenter", 20.0),
    Activity(ActivityKind.LANGUAGE_PRACTICE, "Hamar læringssenter", 12.0),
    Activity(ActivityKind.SOCIAL_STUDIES, "Hamar læringssenter", 3.0),
)


@dataclass(frozen=True)
class DemoParticipant:
    days_since_settlement: int
    birth_year: int
    household: HouseholdType
    languages: tuple[str, ...]
    programme: bool
    plan: bool
    exited_days_ago: int | None = None  # the programme ended this many days ago
    completion: Completion = Completion.COMPLETED
    outcome: OutcomeStatus = OutcomeStatus.WORK
    wished_sectors: tuple[str, ...] = ("Q",)
    interests: tuple[Interest, ...] = (Interest.FOOTBALL,)


SINGLE, FAMILY = HouseholdType.SINGLE, HouseholdType.FAMILY
DEMO_PARTICIPANTS = [
    DemoParticipant(420, 1991, SINGLE, ("ti",), programme=True, plan=True),
    DemoParticipant(380, 1987, FAMILY, ("ar", "en"), programme=True, plan=True),
    DemoParticipant(300, 1999, SINGLE, ("prs", "fa"), programme=True, plan=True),
    DemoParticipant(200, 1995, FAMILY, ("uk", "ru"), programme=True, plan=False),
    DemoParticipant(150, 2001, SINGLE, ("so",), programme=True, plan=False),
    DemoParticipant(90, 1983, FAMILY, ("uk",), programme=True, plan=False),
    DemoParticipant(40, 1997, SINGLE, ("ar",), programme=False, plan=False),
    DemoParticipant(10, 1990, FAMILY, ("ti", "am"), programme=False, plan=False),
    # Exited: one a year ago and more (status at exit and one year after), two recently.
    DemoParticipant(
        900, 1985, SINGLE, ("ar",), True, True, exited_days_ago=400, wished_sectors=("F", "H")
    ),
    DemoParticipant(
        800,
        1992,
        FAMILY,
        ("so",),
        True,
        True,
        exited_days_ago=30,
        completion=Completion.INTERRUPTED,
        outcome=OutcomeStatus.EDUCATION,
        interests=(Interest.COOKING, Interest.MUSIC),
    ),
    DemoParticipant(
        760,
        1989,
        SINGLE,
        ("ti",),
        True,
        True,
        exited_days_ago=10,
        outcome=OutcomeStatus.NAV_MEASURE,
        wished_sectors=("I", "G"),
    ),
]
SEED_CALLER = Caller(
    sub="seed",
    municipality=DEMO_MUNICIPALITY,
    agency=REFUGEE_SERVICE,
    roles=frozenset({"caseworker"}),
)
LEVELS = (LanguageLevel.A1, LanguageLevel.A2, LanguageLevel.B1)

Step = Callable[[PlanUnitOfWork], Awaitable[Any]]


async def _run(sessions: async_sessionmaker[AsyncSession], source: str, step: Step) -> UUID:
    """One command, one unit of work, one commit: as the API does it."""
    result = await run_in(PlanUnitOfWork(sessions, source=source), step)
    return UUID(str(getattr(result, "id", UUID(int=0))))


async def enrich_participant(
    sessions: async_sessionmaker[AsyncSession],
    source: str,
    demo: DemoParticipant,
    participant: Participant,
    today: date,
    index: int,
) -> None:
    """Mapping, sharing bases, a consent; for the exited: tests, exit, outcomes."""
    pid = participant.id
    if participant.mapping_version or participant.programme is None:
        return  # already enriched, or too early for a mapping

    async def run(step: Step) -> None:
        await _run(sessions, source, step)

    level = LEVELS[index % len(LEVELS)]
    mapping = commands.RecordMapping(
        caller=SEED_CALLER,
        participant_id=pid,
        mapping=Mapping(
            recorded_by_agency=LEARNING_CENTRE,
            recorded_on=participant.programme.start_date,
            education_level=list(EducationLevel)[index % len(EducationLevel)],
            work_experience_sectors=demo.wished_sectors[:1],
            wished_sectors=demo.wished_sectors,
            interests=demo.interests,
            norwegian_levels=dict.fromkeys(Skill, level),
            has_driving_licence=index % 3 == 0,
            childcare_needs=demo.household is FAMILY,
        ),
    )
    await run(lambda uow: handlers.record_mapping(mapping, uow, today=today))
    for agency, purpose in (
        (LEARNING_CENTRE, SharingPurpose.NORWEGIAN_TRAINING),
        (NAV, SharingPurpose.NAV_MEASURES),
    ):
        basis = commands.RecordSharingBasis(
            caller=SEED_CALLER,
            participant_id=pid,
            agency=agency,
            purpose=purpose,
            legal_basis=LegalBasis.INTEGRATION_ACT,
            valid_from=participant.programme.start_date,
        )
        await run(partial(handlers.record_sharing_basis, basis, today=today))
    consent = commands.GrantConsent(
        caller=SEED_CALLER,
        participant_id=pid,
        recipient_kind=RecipientKind.EMPLOYER if index % 2 else RecipientKind.VOLUNTEER,
        recipient_id="974760673" if index % 2 else f"demo-volunteer-{index}",
        purpose=ConsentPurpose.PLACEMENT if index % 2 else ConsentPurpose.SOCIAL_NETWORK,
        granted_on=participant.programme.start_date,
        expires_on=participant.programme.expected_end_date,
    )
    await run(lambda uow: handlers.grant_consent(consent, uow, today=today))
    if demo.exited_days_ago is None:
        return
    ended_on = today - timedelta(days=demo.exited_days_ago)
    for test in (
        commands.RecordTestResult(
            caller=SEED_CALLER,
            participant_id=pid,
            test=TestKind.NORWEGIAN,
            taken_on=ended_on - timedelta(days=60),
            levels=dict.fromkeys(Skill, LanguageLevel.B1 if index % 2 else LanguageLevel.A2),
            passed=None,
        ),
        commands.RecordTestResult(
            caller=SEED_CALLER,
            participant_id=pid,
            test=TestKind.SOCIAL_STUDIES,
            taken_on=ended_on - timedelta(days=90),
            levels={},
            passed=index % 3 != 1,
        ),
    ):
        await run(partial(handlers.record_test_result, test, today=today))
    end = commands.EndProgramme(
        caller=SEED_CALLER,
        participant_id=pid,
        completion=demo.completion,
        end_date=ended_on,
        reason=ExitReason.WORK
        if demo.outcome is OutcomeStatus.WORK
        else (
            ExitReason.EDUCATION
            if demo.completion is Completion.INTERRUPTED
            else ExitReason.PERIOD_EXPIRED
        ),
    )
    await run(lambda uow: handlers.end_programme(end, uow, today=today))
    outcomes = [(MeasurePoint.AT_EXIT, ended_on)]
    if demo.exited_days_ago >= 366:
        outcomes.append((MeasurePoint.ONE_YEAR_AFTER, ended_on + timedelta(days=365)))
    for measured_at, status_on in outcomes:
        outcome = commands.RecordOutcome(
            caller=SEED_CALLER,
            participant_id=pid,
            measured_at=measured_at,
            status=demo.outcome,
            status_on=status_on,
        )
        await run(partial(handlers.record_outcome, outcome, today=today))


async def seed_participant(
    sessions: async_sessionmaker[AsyncSession],
    source: str,
    demo: DemoParticipant,
    today: date,
    participant_id: UUID | None = None,
) -> UUID:
    settled = today - timedelta(days=demo.days_since_settlement)
    settle = commands.SettleParticipant(
        participant_id=participant_id,
        municipality=DEMO_MUNICIPALITY,
        settlement_date=settled,
        birth_year=demo.birth_year,
        household_type=demo.household,
        languages=demo.languages,
        personal={},
    )
    participant_id = await _run(
        sessions, source, lambda uow: handlers.settle_participant(settle, uow)
    )
    if demo.programme:
        start = settled + timedelta(days=30)
        programme = commands.StartProgramme(
            participant_id=participant_id,
            municipality=DEMO_MUNICIPALITY,
            regime=Regime.INTEGRATION_ACT,
            start_date=start,
            expected_end_date=start + timedelta(days=2 * 365),
        )
        await _run(sessions, source, lambda uow: handlers.start_programme(programme, uow))
    if demo.plan:
        plan = commands.UpdatePlan(
            participant_id=participant_id,
            municipality=DEMO_MUNICIPALITY,
            expected_version=0,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activities=DEMO_ACTIVITIES,
        )
        await _run(sessions, source, lambda uow: handlers.update_plan(plan, uow))
    return participant_id


async def seed(settings: PlanSettings) -> None:
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    try:
        async with PlanUnitOfWork(sessions, source=settings.source) as uow:
            existing = await uow.participants.count_in_municipality(DEMO_MUNICIPALITY)
        today = date.today()
        if existing:
            log.info("seed_settle_skipped", municipality=DEMO_MUNICIPALITY, participants=existing)
        else:
            for n, demo in enumerate(DEMO_PARTICIPANTS, start=1):
                await seed_participant(
                    sessions, settings.source, demo, today, demo_participant_id(n)
                )
            log.info("seeded", municipality=DEMO_MUNICIPALITY, participants=len(DEMO_PARTICIPANTS))
        ids = [demo_participant_id(n) for n in range(1, len(DEMO_PARTICIPANTS) + 1)]
        async with PlanUnitOfWork(sessions, source=settings.source) as uow:
            found = {p.id: p for p in await uow.participants.get_many(ids)}
        for index, (demo, participant_id) in enumerate(zip(DEMO_PARTICIPANTS, ids, strict=True)):
            participant = found.get(participant_id)
            if participant is not None:  # a database seeded before the ids were fixed: skip
                await enrich_participant(sessions, settings.source, demo, participant, today, index)
    finally:
        await engine.dispose()
