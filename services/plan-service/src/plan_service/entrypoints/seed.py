"""``plan-service seed``: a small demo municipality (Hamar, 3403).

Goes through the same handlers and unit of work as the API, so the demo's events leave
through the outbox like any other. Settles the demo participants only if the
municipality has none; then gives them mappings, sharing bases, consents, and (for the
longest settled) test results, an exit and outcomes, unless they already have them.
Then the follow-up of the plan: a login for each (``person_sub`` = the participant's
id, so ``helhet token --role participant --sub <id>`` opens their page), reviews (some
overdue), contributions, meetings whose decisions became actions (some open and past
due, owned by the units of Hamar's organisation model: ``nav``, ``hls``,
``flyktningkontor``), contact persons with a hand-over, one leave and one participant
who moved away; each part only where the participant has none of it yet. So running it
twice is harmless, and a database seeded by an earlier version is completed. Then 150
more participants over nearly six years, with several exit cohorts and their follow-up
to five years (``seed_cohorts``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK, FixedClock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.demo import demo_participant_id
from helhet_common.ids import uuid7
from helhet_common.unit_of_work import run_handler
from plan_service.adapters.repositories.follow_up import ActionQuery
from plan_service.domain.codes import (
    ActionStatus,
    ActivityKind,
    CefrLevel,
    Completion,
    ConsentPurpose,
    EducationLevel,
    EndGoal,
    ExitReason,
    Gender,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    RecipientKind,
    Regime,
    Responsibility,
    Section,
    SharingPurpose,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import Attendee
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Activity, SectionProposal
from plan_service.domain.programmes import Leave
from plan_service.domain.sharing import LEARNING_CENTRE, NAV, REFUGEE_SERVICE, Caller
from plan_service.entrypoints.seed_cohorts import COHORT_SIZE, cohort_participant_id, seed_cohorts
from plan_service.entrypoints.seed_year import seed_year
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
    plan_after_start_days: int = 45  # the first plan version, this many days after the start
    gender: Gender = Gender.UNKNOWN  # coarse, for statistics only


SINGLE, FAMILY = HouseholdType.SINGLE, HouseholdType.FAMILY
_DEMO_PARTICIPANTS = [
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
# Their coarse gender, in order (statistics only: the cohort page's split).
DEMO_GENDERS = (
    "female",
    "male",
    "male",
    "female",
    "female",
    "male",
    "male",
    "female",
    "male",
    "female",
    "male",
)
DEMO_PARTICIPANTS = [
    replace(demo, gender=Gender(gender))
    for demo, gender in zip(_DEMO_PARTICIPANTS, DEMO_GENDERS, strict=True)
]
SEED_CALLER = Caller(
    sub="seed",
    municipality=DEMO_MUNICIPALITY,
    agency=REFUGEE_SERVICE,
    roles=frozenset({"caseworker"}),
)
LEVELS = (LanguageLevel.A1, LanguageLevel.A2, LanguageLevel.B1)

C = TypeVar("C")
R = TypeVar("R")


@dataclass(frozen=True)
class Seeder:
    """Runs the seed's commands: each in its own unit of work with one commit, as the API
    does it, on the day the seed runs (or the day a step says it happened)."""

    sessions: async_sessionmaker[AsyncSession]
    source: str
    today: date

    def uow(self, on: date | None = None) -> PlanUnitOfWork:
        return PlanUnitOfWork(self.sessions, source=self.source, clock=FixedClock(on or self.today))

    async def run(
        self,
        handler: Callable[[C, PlanUnitOfWork], Awaitable[R]],
        command: C,
        *,
        on: date | None = None,
    ) -> R:
        return await run_handler(self.uow(on), handler, command)


async def enrich_participant(
    seeder: Seeder, demo: DemoParticipant, participant: Participant, index: int
) -> None:
    """Mapping, sharing bases, a consent; for the exited: tests, exit, outcomes."""
    pid, today = participant.id, seeder.today
    if participant.mapping_version or participant.programme is None:
        return  # already enriched, or too early for a mapping

    level = LEVELS[index % len(LEVELS)]
    mapping = commands.RecordMapping(
        caller=SEED_CALLER,
        participant_id=pid,
        recorded_by_agency=LEARNING_CENTRE,
        recorded_on=participant.programme.start_date,
        education_level=list(EducationLevel)[index % len(EducationLevel)],
        work_experience_sectors=demo.wished_sectors[:1],
        wished_sectors=demo.wished_sectors,
        interests=demo.interests,
        norwegian_levels=dict.fromkeys(Skill, level),
        has_driving_licence=index % 3 == 0,
        childcare_needs=demo.household is FAMILY,
    )
    await seeder.run(handlers.record_mapping, mapping)
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
        await seeder.run(handlers.record_sharing_basis, basis)
    consent = commands.GrantConsent(
        caller=SEED_CALLER,
        participant_id=pid,
        recipient_kind=RecipientKind.EMPLOYER if index % 2 else RecipientKind.VOLUNTEER,
        recipient_id="974760673" if index % 2 else f"demo-volunteer-{index}",
        purpose=ConsentPurpose.PLACEMENT if index % 2 else ConsentPurpose.SOCIAL_NETWORK,
        granted_on=participant.programme.start_date,
        expires_on=participant.programme.expected_end_date,
    )
    await seeder.run(handlers.grant_consent, consent)
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
        await seeder.run(handlers.record_test_result, test)
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
    await seeder.run(handlers.end_programme, end)
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
        await seeder.run(handlers.record_outcome, outcome)


async def seed_participant(seeder: Seeder, demo: DemoParticipant, participant_id: UUID) -> UUID:
    today = seeder.today
    settled = today - timedelta(days=demo.days_since_settlement)
    settle = commands.SettleParticipant(
        participant_id=participant_id,
        municipality=DEMO_MUNICIPALITY,
        settlement_date=settled,
        birth_year=demo.birth_year,
        household_type=demo.household,
        languages=demo.languages,
        personal={},
        person_sub=str(participant_id),
        gender=demo.gender,
    )
    await seeder.run(handlers.settle_participant, settle)
    if demo.programme:
        start = settled + timedelta(days=30)
        programme = commands.StartProgramme(
            participant_id=participant_id,
            municipality=DEMO_MUNICIPALITY,
            regime=Regime.INTEGRATION_ACT,
            start_date=start,
            expected_end_date=start + timedelta(days=2 * 365),
        )
        await seeder.run(handlers.start_programme, programme)
    if demo.plan:
        plan = commands.UpdatePlan(
            participant_id=participant_id,
            municipality=DEMO_MUNICIPALITY,
            expected_version=0,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activities=DEMO_ACTIVITIES,
            caller=SEED_CALLER,
        )
        planned_on = settled + timedelta(days=30 + demo.plan_after_start_days)
        await seeder.run(handlers.update_plan, plan, on=min(planned_on, today))
    return participant_id


async def seed(settings: PlanSettings) -> None:
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    try:
        seeder = Seeder(sessions, settings.source, SYSTEM_CLOCK.today())
        async with seeder.uow() as uow:
            existing = await uow.participants.count_in_municipality(
                DEMO_MUNICIPALITY, today=seeder.today
            )
        if existing:
            log.info("seed_settle_skipped", municipality=DEMO_MUNICIPALITY, participants=existing)
        else:
            for n, demo in enumerate(DEMO_PARTICIPANTS, start=1):
                await seed_participant(seeder, demo, demo_participant_id(n))
            log.info("seeded", municipality=DEMO_MUNICIPALITY, participants=len(DEMO_PARTICIPANTS))
        ids = [demo_participant_id(n) for n in range(1, len(DEMO_PARTICIPANTS) + 1)]
        async with seeder.uow() as uow:
            found = {p.id: p for p in await uow.participants.get_many(ids)}
        for index, (demo, participant_id) in enumerate(zip(DEMO_PARTICIPANTS, ids, strict=True)):
            participant = found.get(participant_id)
            if participant is not None:  # a database seeded before the ids were fixed: skip
                await enrich_participant(seeder, demo, participant, index)
        for n, participant_id in enumerate(ids, start=1):
            if participant_id in found:
                await follow_up_participant(seeder, participant_id, FOLLOW_UP.get(n))
        # The municipality at a realistic size: several exit cohorts (issues 15, 16).
        cohorts = await seed_cohorts(seeder, SEED_CALLER, DEMO_MUNICIPALITY)
        log.info("seeded_cohorts", municipality=DEMO_MUNICIPALITY, participants=cohorts)
        async with seeder.uow() as uow:  # the year round and the hand-overs (issue 16)
            current = await uow.participants.get_many(ids)
            current += await uow.participants.get_many(
                [cohort_participant_id(n) for n in range(1, COHORT_SIZE + 1)]
            )
        await seed_year(seeder, SEED_CALLER, current, months=settings.transition_months)
    finally:
        await engine.dispose()


# The follow-up of the plan ----------------------------------------------------------

NAV_CALLER = Caller(
    sub="seed-nav", municipality=DEMO_MUNICIPALITY, agency=NAV, roles=frozenset({"contributor"})
)
HLS_CALLER = Caller(
    sub="seed-hls",
    municipality=DEMO_MUNICIPALITY,
    agency=LEARNING_CENTRE,
    roles=frozenset({"contributor"}),
)
# Hamar's units in the reporting service's organisation model, by agency.
UNITS = {REFUGEE_SERVICE: "flyktningkontor", LEARNING_CENTRE: "hls", NAV: "nav"}


@dataclass(frozen=True)
class DemoReview:
    days_ago: int
    agencies: tuple[str, ...]
    disagrees: bool = False
    due_after_days: int | None = None  # else six months


@dataclass(frozen=True)
class DemoAction:
    description: str
    agency: str
    responsibility: Responsibility
    due_in_days: int  # negative: past due
    done_days_ago: int | None = None


@dataclass(frozen=True)
class DemoMeeting:
    kind: MeetingKind
    days_ago: int
    agencies: tuple[str, ...]
    actions: tuple[DemoAction, ...] = ()


@dataclass(frozen=True)
class DemoContact:
    agency: str
    name: str
    role: str
    days_ago: int
    phone: str | None = None
    handover_note: str | None = None


@dataclass(frozen=True)
class DemoFollowUp:
    reviews: tuple[DemoReview, ...] = ()
    contribution: tuple[Caller, SectionProposal, str, bool] | None = None  # accepted?
    meetings: tuple[DemoMeeting, ...] = ()
    standalone: tuple[DemoAction, ...] = ()
    contacts: tuple[DemoContact, ...] = ()
    leave_days: tuple[int, int] | None = None  # from, to: days from today (negative: past)
    moved_days_ago: int | None = None
    moved_to: str | None = None


RS, HLS = REFUGEE_SERVICE, LEARNING_CENTRE
ADVISER = DemoContact(RS, "Kari Hansen", "programrådgiver", 300, "+47 62 51 00 01")
TEACHER = DemoContact(HLS, "Ingrid Berg", "lærer, spor 2", 280)
FOLLOW_UP: dict[int, DemoFollowUp] = {
    1: DemoFollowUp(
        reviews=(DemoReview(220, (RS, HLS)),),  # six months have passed: overdue
        meetings=(
            DemoMeeting(
                MeetingKind.THREE_WAY_TALK,
                220,
                (RS, HLS),
                (
                    DemoAction(
                        "Finne språkpraksis i helsesektoren",
                        HLS,
                        Responsibility.LANGUAGE_PRACTICE,
                        -180,
                    ),
                    DemoAction(
                        "Vurdere arbeidstrening etter språkpraksis",
                        NAV,
                        Responsibility.NAV_MEASURES,
                        20,
                    ),
                ),
            ),
        ),
        contacts=(
            ADVISER,
            TEACHER,
            DemoContact(NAV, "Jonas Lie", "veileder", 300),
            DemoContact(
                NAV,
                "Marte Kvam",
                "veileder, flyktningteamet",
                60,
                "+47 55 55 33 33",
                "Jonas sluttet. Søknad om arbeidstrening er ikke sendt ennå.",
            ),
        ),
    ),
    2: DemoFollowUp(
        reviews=(
            DemoReview(250, (RS, HLS), disagrees=True),
            DemoReview(40, (RS, HLS, NAV)),
        ),
        contribution=(
            NAV_CALLER,
            SectionProposal(
                section=Section.ACTIVITIES,
                activities=(Activity(ActivityKind.NAV_MEASURE, "NAV Hamar", 2.5),),
            ),
            "Jobbsøkerkurs to og en halv time i uka, avtalt i samarbeidsmøtet.",
            True,
        ),
        meetings=(
            DemoMeeting(
                MeetingKind.CASE_MEETING,
                40,
                (RS, HLS, NAV),
                (
                    DemoAction(
                        "Avklare barnehageplass",
                        RS,
                        Responsibility.SETTLEMENT,
                        -10,
                        done_days_ago=5,
                    ),
                    DemoAction("Melde på jobbsøkerkurs", NAV, Responsibility.NAV_MEASURES, 14),
                ),
            ),
        ),
        contacts=(ADVISER, TEACHER),
    ),
    3: DemoFollowUp(  # never reviewed: due six months after the first plan, so overdue
        contribution=(
            HLS_CALLER,
            SectionProposal(section=Section.NORWEGIAN_GOAL, norwegian_goal=CefrLevel.B2),
            "Går raskt fram; B2 er innen rekkevidde.",
            False,
        ),
        contacts=(ADVISER,),
    ),
    4: DemoFollowUp(
        meetings=(
            DemoMeeting(
                MeetingKind.CASE_MEETING,
                30,
                (RS,),
                (DemoAction("Skrive integreringsplan", RS, Responsibility.PLAN, -7),),
            ),
        ),
        contacts=(ADVISER,),
    ),
    5: DemoFollowUp(
        standalone=(
            DemoAction("Kartlegge norsknivå etter permisjonen", HLS, Responsibility.MAPPING, 70),
        ),
        contacts=(ADVISER,),
        leave_days=(-30, 60),
    ),
    6: DemoFollowUp(contacts=(ADVISER,), moved_days_ago=5, moved_to="3405"),
    9: DemoFollowUp(reviews=(DemoReview(600, (RS, HLS)),), contacts=(ADVISER,)),
    10: DemoFollowUp(reviews=(DemoReview(200, (RS, NAV)),), contacts=(ADVISER,)),
    11: DemoFollowUp(
        reviews=(DemoReview(300, (RS, HLS)), DemoReview(100, (RS, NAV))),
        meetings=(
            DemoMeeting(
                MeetingKind.TRANSITION_DIALOGUE,
                100,
                (RS, NAV),
                (
                    DemoAction(
                        "Overta oppfølgingen etter programmet",
                        NAV,
                        Responsibility.FOLLOW_UP,
                        -15,
                        done_days_ago=12,
                    ),
                ),
            ),
        ),
        contacts=(ADVISER, DemoContact(NAV, "Marte Kvam", "veileder", 100)),
    ),
}


def _decision(action: DemoAction, today: date) -> commands.Decision:
    return commands.Decision(
        description=action.description,
        owner_agency=action.agency,
        owner_unit=UNITS[action.agency],
        due_date=today + timedelta(days=action.due_in_days),
        responsibility=action.responsibility,
    )


async def follow_up_participant(
    seeder: Seeder, participant_id: UUID, plan: DemoFollowUp | None
) -> None:
    """The login, and the parts of ``plan`` the participant has none of yet."""
    today = seeder.today
    login = commands.LinkLogin(
        participant_id=participant_id,
        municipality=DEMO_MUNICIPALITY,
        person_sub=str(participant_id),
    )
    await seeder.run(handlers.link_login, login)
    if plan is None:
        return
    async with seeder.uow() as uow:
        participant = await uow.participants.get(participant_id, municipality=DEMO_MUNICIPALITY)
        has_reviews = await uow.plans.count_reviews(participant_id) > 0
        has_contributions = await uow.contributions.count(participant_id) > 0
        has_meetings = await uow.meetings.count(participant_id) > 0
        has_actions = (
            await uow.actions.count(
                ActionQuery(municipality=DEMO_MUNICIPALITY, participant_id=participant_id),
                today=today,
            )
            > 0
        )
        has_contacts = bool(await uow.contacts.of_participant(participant_id))
    if participant.moved is not None:
        return  # read-only: everything was seeded before the move
    if not has_reviews:
        for review in plan.reviews:
            reviewed_on = today - timedelta(days=review.days_ago)
            command = commands.ReviewPlan(
                caller=SEED_CALLER,
                participant_id=participant_id,
                reviewed_on=reviewed_on,
                agencies_present=review.agencies,
                participant_acknowledged=True,
                participant_disagrees=review.disagrees,
                participant_comment="Vil heller bli sykepleier." if review.disagrees else None,
                municipality_justification="Sykepleie krever B2; helsefagarbeider er første "
                "steg, og planen vurderes igjen ved neste gjennomgang."
                if review.disagrees
                else None,
                next_review_due=reviewed_on + timedelta(days=review.due_after_days)
                if review.due_after_days
                else None,
            )
            await seeder.run(handlers.review_plan, command)
    if plan.contribution and not has_contributions:
        caller, proposal, reason, accepted = plan.contribution
        propose = commands.ProposeContribution(
            caller=caller, participant_id=participant_id, proposal=proposal, reason=reason
        )
        contribution = await seeder.run(handlers.propose_contribution, propose)
        if accepted:
            accept = commands.AcceptContribution(
                caller=SEED_CALLER, participant_id=participant_id, contribution_id=contribution.id
            )
            await seeder.run(handlers.accept_contribution, accept)
    if not has_meetings:
        for meeting in plan.meetings:
            held_on = today - timedelta(days=meeting.days_ago)
            hold = commands.HoldMeeting(
                caller=SEED_CALLER,
                participant_id=participant_id,
                kind=meeting.kind,
                held_on=held_on,
                attendees=tuple(Attendee(agency=a) for a in meeting.agencies),
                participant_present=meeting.kind is not MeetingKind.CASE_MEETING,
                decisions=tuple(_decision(a, today) for a in meeting.actions),
            )
            _, decided_actions = await seeder.run(handlers.hold_meeting, hold)
            for decided, action in zip(decided_actions, meeting.actions, strict=True):
                if action.done_days_ago is not None:
                    await _complete(seeder, decided.id, participant_id, action)
    if not has_actions:
        for action in plan.standalone:
            create = commands.CreateAction(
                caller=SEED_CALLER, participant_id=participant_id, decision=_decision(action, today)
            )
            await seeder.run(handlers.create_action, create)
    if not has_contacts:
        for contact in sorted(plan.contacts, key=lambda c: -c.days_ago):
            assign = commands.AssignContact(
                caller=SEED_CALLER,
                participant_id=participant_id,
                agency=contact.agency,
                name=contact.name,
                role=contact.role,
                phone=contact.phone,
                assigned_on=max(
                    today - timedelta(days=contact.days_ago), participant.settlement_date
                ),
                handover_note=contact.handover_note,
            )
            await seeder.run(handlers.assign_contact_person, assign)
    programme = participant.programme
    if plan.leave_days and programme is not None and not programme.leaves:
        first, last = plan.leave_days
        leave = commands.RecordLeave(
            caller=SEED_CALLER,
            participant_id=participant_id,
            leave=Leave(
                id=uuid7(),
                from_date=today + timedelta(days=first),
                to_date=today + timedelta(days=last),
                reason=LeaveReason.PARENTAL,
                recorded_by=SEED_CALLER.sub,
            ),
        )
        await seeder.run(handlers.record_leave, leave)
    if plan.moved_days_ago is not None:
        moved_on = today - timedelta(days=plan.moved_days_ago)
        if programme is not None and programme.exit is None:
            end = commands.EndProgramme(
                caller=SEED_CALLER,
                participant_id=participant_id,
                completion=Completion.INTERRUPTED,
                end_date=moved_on,
                reason=ExitReason.MOVED,
            )
            await seeder.run(handlers.end_programme, end)
        move = commands.MoveAway(
            caller=SEED_CALLER,
            participant_id=participant_id,
            moved_on=moved_on,
            to_municipality=plan.moved_to,
        )
        await seeder.run(handlers.move_away, move)


async def _complete(
    seeder: Seeder, action_id: UUID, participant_id: UUID, action: DemoAction
) -> None:
    assert action.done_days_ago is not None
    complete = commands.CompleteAction(
        caller=SEED_CALLER,
        participant_id=participant_id,
        action_id=action_id,
        outcome=ActionStatus.DONE,
        completed_on=seeder.today - timedelta(days=action.done_days_ago),
    )
    await seeder.run(handlers.complete_action, complete)
