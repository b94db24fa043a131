"""``placement-service seed``: employers, openings and placements in Hamar (3403).

Placements need participants, and placement-service learns about participants only from
plan-service's events. Until plan-service publishes mappings and consents, the seed
feeds four demo participants into the projection as plan-service's events would
(settled, programme started, plan updated, mapping recorded, consent granted), with
fixed ids, through the same projection function the consumer uses. Everything else goes
through the same handlers and unit of work as the API, so the demo's events leave
through the outbox like any other. Does nothing if Hamar already has employers, so
running it twice is harmless.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, time, timedelta
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.absence_codes import CodeList
from helhet_common.access.recorder import AccessRecord
from helhet_common.auth.principal import CONTRIBUTOR, EMPLOYER, Principal
from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_engine, create_session_factory
from helhet_common.demo import demo_participant_id
from helhet_common.ids import uuid7
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.unit_of_work import run_handler
from placement_service.adapters import tables
from placement_service.contracts import consumed
from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    AssessmentMethod,
    ContactRole,
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    GeoPoint,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    Ownership,
    Purpose,
    Skill,
    Weekday,
)
from placement_service.domain.employers import (
    Agreement,
    ContactPerson,
    Employer,
    Location,
    MunicipalContact,
)
from placement_service.domain.openings import Schedule
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement
from placement_service.service_layer import commands, handlers
from placement_service.service_layer.projection import make_projection
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork
from placement_service.settings import PlacementSettings

log = structlog.get_logger(__name__)

HAMAR = "3403"
NAMESPACE = uuid.UUID("6f1c63f4-5b0e-4a53-9d6e-2d5b3c1a9e01")
PLAN_SERVICE = "/helhet/plan-service"
WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
HAMAR_CENTRE = GeoPoint(60.7945, 11.0680)


def demo_participant(n: int) -> UUID:
    """The fixed id of demo participant ``n`` (1-4): plan-service's demo participant ``n``."""
    return demo_participant_id(n)


# (wished sectors, experience, end goal, levels, licence, childcare)
DEMO_PROFILES: dict[int, dict[str, Any]] = {
    1: {
        "wished_sectors": ["Q", "I"],
        "work_experience_sectors": ["I"],
        "end_goal": "work",
        "education_level": "secondary",
        "norwegian_levels": {"listening": "B1", "reading": "A2", "speaking": "A2", "writing": "A2"},
        "has_driving_licence": False,
        "childcare_needs": True,
    },
    2: {
        "wished_sectors": ["G", "H"],
        "work_experience_sectors": ["G"],
        "end_goal": "work",
        "education_level": "vocational",
        "norwegian_levels": {"listening": "B1", "reading": "B1", "speaking": "B1", "writing": "A2"},
        "has_driving_licence": True,
        "childcare_needs": False,
    },
    3: {
        "wished_sectors": ["P", "Q"],
        "work_experience_sectors": [],
        "end_goal": "education",
        "education_level": "bachelor",
        "norwegian_levels": {"listening": "A2", "reading": "A2", "speaking": "A1", "writing": "A1"},
        "has_driving_licence": False,
        "childcare_needs": False,
    },
    4: {
        "wished_sectors": ["F"],
        "work_experience_sectors": ["F", "C"],
        "end_goal": "qualification",
        "education_level": "primary",
        "norwegian_levels": {"listening": "A2", "reading": "A1", "speaking": "A2", "writing": "A1"},
        "has_driving_licence": True,
        "childcare_needs": False,
    },
}

ORG_SYKEHJEM = "974760673"
ORG_KAFE = "987654309"
ORG_BYGG = "987654317"
ORG_BUTIKK = "912345602"

# (participant, employer, consent name, granted days ago)
DEMO_CONSENTS = (
    (1, ORG_SYKEHJEM, "demo-consent-1", 100),
    (2, ORG_BUTIKK, "demo-consent-2-butikk", 120),
    (3, ORG_KAFE, "demo-consent-3-kafe", 150),
    (3, ORG_BUTIKK, "demo-consent-3-butikk", 70),
    (3, ORG_SYKEHJEM, "demo-consent-3-sykehjem", 10),
    (4, ORG_BYGG, "demo-consent-4-bygg", 230),
)


def _envelope(
    model: type[IntegrationEvent], participant_id: UUID, data: dict[str, Any]
) -> CloudEvent:
    return CloudEvent(
        source=PLAN_SERVICE,
        type=model.event_type,
        subject=str(participant_id),
        municipality=HAMAR,
        data={"participant_id": str(participant_id), **data},
    )


def demo_participant_events(today: date) -> list[CloudEvent]:
    """The plan-service events that describe the demo participants."""
    out: list[CloudEvent] = []
    for n, profile in DEMO_PROFILES.items():
        pid = demo_participant(n)
        settled = today - timedelta(days=300 + 40 * n)
        out.append(
            _envelope(
                consumed.ParticipantSettled,
                pid,
                {
                    "municipality": HAMAR,
                    "settlement_date": settled.isoformat(),
                    "languages": ["ar"],
                },
            )
        )
        out.append(
            _envelope(
                consumed.ProgrammeStarted,
                pid,
                {
                    "regime": "integreringsloven",
                    "start_date": (settled + timedelta(days=30)).isoformat(),
                    "expected_end_date": (today + timedelta(days=120 * n)).isoformat(),
                },
            )
        )
        out.append(
            _envelope(
                consumed.PlanUpdated, pid, {"plan_version": 1, "end_goal": profile["end_goal"]}
            )
        )
        mapping = {k: v for k, v in profile.items() if k != "end_goal"}
        out.append(_envelope(consumed.MappingRecorded, pid, {"mapping_version": 1, **mapping}))
    # Participant 1 lets the nursing home see their profile for a placement; every
    # placement below runs on such a consent, to the employer it is at.
    for n, org, name, days in DEMO_CONSENTS:
        out.append(
            _envelope(
                consumed.ConsentGranted,
                demo_participant(n),
                {
                    "consent_id": str(uuid.uuid5(NAMESPACE, name)),
                    "recipient_kind": "employer",
                    "recipient_id": org,
                    "purpose": "placement",
                    "granted_on": (today - timedelta(days=days)).isoformat(),
                    "expires_on": None,
                },
            )
        )
    return out


async def project_demo_participants(
    sessions: async_sessionmaker[AsyncSession], settings: PlacementSettings, today: date
) -> None:
    envelopes = demo_participant_events(today)
    items = [(consumed.registry.parse(e), e) for e in envelopes]
    async with sessions() as session, session.begin():
        await make_projection(settings).apply(session, items)


C = TypeVar("C")
R = TypeVar("R")
Handler = Callable[[C, PlacementUnitOfWork], Awaitable[R]]


def _employer(
    org: str,
    name: str,
    sector: str,
    ownership: Ownership,
    cap: int | None,
    agreement: Agreement,
    where: GeoPoint,
    transport: bool,
    contacts: list[tuple[str, ContactRole, str | None]],
) -> commands.RegisterEmployer:
    return commands.RegisterEmployer(
        municipality=HAMAR,
        org_number=org,
        name=name,
        sector=sector,
        nace_code=None,
        ownership=ownership,
        capacity_cap=cap,
        agreement=agreement,
        responsible=MunicipalContact(name="Demo Arbeidskonsulent", unit="Hamar flyktningkontor"),
        locations=(
            Location(
                id=uuid7(), name=name, address="Hamar", point=where, public_transport=transport
            ),
        ),
        contacts=tuple(
            ContactPerson(id=uuid7(), name=n, role=role, login_sub=sub) for n, role, sub in contacts
        ),
    )


def _schedule(days: tuple[Weekday, ...], start: int, end: int, hours: float) -> Schedule:
    return Schedule(
        days=days,
        starts_at=time(start // 100, start % 100),
        ends_at=time(end // 100, end % 100),
        hours_per_week=hours,
    )


async def seed_hamar(
    sessions: async_sessionmaker[AsyncSession], source: str, today: date
) -> dict[str, UUID]:
    async def run(handler: Handler[C, Any], command: C) -> UUID:
        """One command, one unit of work, one commit: as the API does it."""
        result = await run_handler(PlacementUnitOfWork(sessions, source=source), handler, command)
        return UUID(str(result.id))

    async def employer(key: str) -> Employer:
        async with PlacementUnitOfWork(sessions, source=source) as uow:
            return await uow.employers.get(ids[key], municipality=HAMAR)

    ids: dict[str, UUID] = {}
    employers = {
        "sykehjem": _employer(
            ORG_SYKEHJEM,
            "Hamar sykehjem",
            "Q",
            Ownership.MUNICIPAL,
            3,
            Agreement(
                kind=AgreementKind.COOPERATION_AGREEMENT,
                anchored_at=Anchoring.TOP_MANAGEMENT,
                signed_on=today - timedelta(days=400),
                valid_to=today + timedelta(days=400),
            ),
            GeoPoint(60.8010, 11.0590),
            True,
            [
                ("Demo Avdelingsleder", ContactRole.MANAGER, "leder@sykehjem.demo"),
                ("Demo Veileder", ContactRole.DAILY_SUPERVISOR, None),
            ],
        ),
        "kafe": _employer(
            ORG_KAFE,
            "Kafé Torget AS",
            "I",
            Ownership.PRIVATE,
            2,
            Agreement(kind=AgreementKind.ORAL, anchored_at=Anchoring.INDIVIDUAL),
            GeoPoint(60.7960, 11.0700),
            True,
            [("Demo Kafeeier", ContactRole.MANAGER, None)],
        ),
        "bygg": _employer(
            ORG_BYGG,
            "Byggmester Hedmark AS",
            "F",
            Ownership.PRIVATE,
            2,
            Agreement(
                kind=AgreementKind.LETTER_OF_INTENT,
                anchored_at=Anchoring.DEPARTMENT,
                signed_on=today - timedelta(days=200),
            ),
            GeoPoint(60.8650, 11.1400),
            False,
            [("Demo Formann", ContactRole.DAILY_SUPERVISOR, None)],
        ),
        "butikk": _employer(
            ORG_BUTIKK,
            "Matbutikken Hamar AS",
            "G",
            Ownership.PRIVATE,
            None,
            Agreement(
                kind=AgreementKind.IA_AGREEMENT,
                anchored_at=Anchoring.SECTOR,
                signed_on=today - timedelta(days=700),
            ),
            GeoPoint(60.7900, 11.0800),
            True,
            [("Demo Butikksjef", ContactRole.MANAGER, None), ("Demo HR", ContactRole.HR, None)],
        ),
    }
    for key, command in employers.items():
        ids[key] = await run(handlers.register_employer, command)

    # The café's only contact person left: the employer shows the warning.
    kafe = await employer("kafe")
    await run(
        handlers.record_contact_left,
        commands.RecordContactLeft(
            employer_id=kafe.id,
            municipality=HAMAR,
            contact_id=kafe.contacts[0].id,
            left_on=today - timedelta(days=5),
            recorded_by="seed",
        ),
    )

    async def opening(
        key: str,
        kind: OpeningKind,
        title: str,
        schedule: Schedule,
        levels: dict[Skill, str],
        capacity: int,
        *,
        municipal: bool = False,
    ) -> commands.PublishOpening:
        at = await employer(key)
        return commands.PublishOpening(
            municipality=HAMAR,
            employer_id=at.id,
            location_id=at.locations[0].id,
            kind=kind,
            sector=None,
            title=title,
            schedule=schedule,
            language_requirements=levels,
            capacity=capacity,
            created_by_municipality=municipal,
        )

    openings = {
        "care-language": await opening(
            "sykehjem",
            OpeningKind.LANGUAGE_PRACTICE,
            "Language practice in the care ward",
            _schedule(WEEKDAYS[:3], 830, 1430, 15),
            {Skill.LISTENING: "A2", Skill.SPEAKING: "A2"},
            2,
            municipal=True,
        ),
        "care-work": await opening(
            "sykehjem",
            OpeningKind.WORK_PRACTICE,
            "Care assistant, evening shift",
            _schedule(WEEKDAYS, 1500, 2100, 30),
            {Skill.LISTENING: "B1", Skill.SPEAKING: "B1", Skill.READING: "A2"},
            1,
        ),
        "kitchen-job": await opening(
            "sykehjem",
            OpeningKind.MUNICIPAL_JOB,
            "Kitchen helper (municipal job)",
            _schedule(WEEKDAYS, 900, 1500, 20),
            {Skill.LISTENING: "A2"},
            1,
            municipal=True,
        ),
        "cafe": await opening(
            "kafe",
            OpeningKind.WORK_PRACTICE,
            "Café assistant",
            _schedule((Weekday.THU, Weekday.FRI, Weekday.SAT), 1000, 1600, 18),
            {Skill.SPEAKING: "A2"},
            2,
        ),
        "building": await opening(
            "bygg",
            OpeningKind.NAV_WORK_TRAINING,
            "Carpenter's helper",
            _schedule(WEEKDAYS, 700, 1500, 37.5),
            {Skill.LISTENING: "A2", Skill.READING: "A2"},
            1,
        ),
        "shop": await opening(
            "butikk",
            OpeningKind.WAGE_SUBSIDY,
            "Shop assistant",
            _schedule(WEEKDAYS, 900, 1600, 30),
            {Skill.SPEAKING: "B1", Skill.READING: "B1"},
            1,
        ),
        "warehouse": await opening(
            "butikk",
            OpeningKind.WORK_PRACTICE,
            "Warehouse worker",
            _schedule(WEEKDAYS, 800, 1400, 25),
            {Skill.LISTENING: "A2"},
            2,
        ),
    }
    for key, publish in openings.items():
        ids[key] = await run(handlers.publish_opening, publish)

    async def place(
        n: int,
        key: str,
        purpose: Purpose,
        goals: tuple[str, ...],
        started: int,
        planned: int,
        levels: dict[Skill, str],
        unit: str = "Hamar læringssenter",
    ) -> UUID:
        command = commands.StartPlacement(
            municipality=HAMAR,
            participant_id=demo_participant(n),
            opening_id=ids[key],
            purpose=purpose,
            learning_goals=goals,
            language_agreement=LanguageAgreement(
                levels=levels, assessment=AssessmentMethod.ASSESSMENT_FORM
            ),
            follow_up_plan=FollowUpPlan(every_days=14, by_unit=unit),
            start_date=today + timedelta(days=started),
            planned_end=today + timedelta(days=planned),
        )
        return await run(handlers.start_placement, command)

    async def follow_up(
        key: str, days_ago: int, kind: FollowUpKind, unit: str, outcome: FollowUpOutcome
    ) -> None:
        command = commands.LogFollowUp(
            placement_id=ids[key],
            municipality=HAMAR,
            visited_on=today - timedelta(days=days_ago),
            kind=kind,
            by_unit=unit,
            outcome=outcome,
            note=None,
        )
        await run(handlers.log_follow_up, command)

    async def end(key: str, days_ago: int, reason: EndReason, next_step: NextStep) -> None:
        command = commands.EndPlacement(
            placement_id=ids[key],
            municipality=HAMAR,
            actual_end=today - timedelta(days=days_ago),
            reason=reason,
            next_step=next_step,
        )
        await run(handlers.end_placement, command)

    # Participant 4: NAV work training at the builder, hired; the opening is then closed.
    ids["p4-building"] = await place(
        4,
        "building",
        Purpose.RECRUITMENT,
        ("Use the tools safely", "Read a work order"),
        -200,
        -20,
        {Skill.LISTENING: "A2"},
        "NAV Hamar",
    )
    await follow_up("p4-building", 150, FollowUpKind.VISIT, "NAV Hamar", FollowUpOutcome.ON_TRACK)
    await end("p4-building", 30, EndReason.HIRED, NextStep.WORK)
    await run(
        handlers.close_opening,
        commands.CloseOpening(
            opening_id=ids["building"],
            municipality=HAMAR,
            reason="The builder hired the participant.",
        ),
    )

    # Participant 3: café practice outside their wishes, ended early by the employer.
    ids["p3-cafe"] = await place(
        3, "cafe", Purpose.WORK_EXPERIENCE, ("Serve customers",), -120, -30, {Skill.SPEAKING: "A2"}
    )
    await end("p3-cafe", 60, EndReason.ENDED_BY_EMPLOYER, NextStep.NEW_PLACEMENT)
    # ... and a warehouse practice completed, next step Norwegian training.
    ids["p3-warehouse"] = await place(
        3,
        "warehouse",
        Purpose.WORK_EXPERIENCE,
        ("Follow a picking list",),
        -58,
        -5,
        {Skill.LISTENING: "A2"},
    )
    await end("p3-warehouse", 5, EndReason.COMPLETED, NextStep.NORWEGIAN_TRAINING)
    # ... and a planned language practice in the care ward, starting in two weeks.
    ids["p3-care-planned"] = await place(
        3,
        "care-language",
        Purpose.LANGUAGE_LEARNING,
        ("Talk with residents at meals",),
        14,
        100,
        {Skill.SPEAKING: "A2"},
    )

    # Participant 2: wage subsidy at the shop (filled), extended to keep the subsidy
    # running, with the NAV measure that continues it after the programme.
    ids["p2-shop"] = await place(
        2,
        "shop",
        Purpose.RECRUITMENT,
        ("Run the till alone", "Order goods"),
        -90,
        60,
        {Skill.SPEAKING: "B1"},
        "NAV Hamar",
    )
    await run(
        handlers.link_nav_measure,
        commands.LinkNavMeasure(
            placement_id=ids["p2-shop"],
            municipality=HAMAR,
            type=NavMeasureType.TEMPORARY_WAGE_SUBSIDY,
            role=NavMeasureRole.CONTINUES,
            period_from=today - timedelta(days=90),
            period_to=today + timedelta(days=330),
            rate_percent=40.0,
        ),
    )
    await run(
        handlers.extend_placement,
        commands.ExtendPlacement(
            placement_id=ids["p2-shop"],
            municipality=HAMAR,
            new_end=today + timedelta(days=330),
            reason=ExtensionReason.SUBSIDY_CONTINUES,
        ),
    )

    # Participant 1: language practice in the care ward that became work practice, with
    # follow-ups and an hours ledger.
    ids["p1-care"] = await place(
        1,
        "care-language",
        Purpose.LANGUAGE_LEARNING,
        ("Take oral instructions", "Care vocabulary"),
        -70,
        50,
        {Skill.LISTENING: "A2", Skill.SPEAKING: "A2"},
    )
    await follow_up(
        "p1-care", 56, FollowUpKind.VISIT, "Hamar læringssenter", FollowUpOutcome.ON_TRACK
    )
    await run(
        handlers.change_kind,
        commands.ChangeKind(
            placement_id=ids["p1-care"],
            municipality=HAMAR,
            to_kind=OpeningKind.WORK_PRACTICE,
            effective_date=today - timedelta(days=20),
            reason="Norwegian good enough for care tasks",
            follow_up_by_unit="Hamar flyktningkontor",
        ),
    )
    await follow_up(
        "p1-care",
        10,
        FollowUpKind.THREE_WAY_TALK,
        "Hamar flyktningkontor",
        FollowUpOutcome.NEEDS_ATTENTION,
    )
    days = [today - timedelta(days=d) for d in range(69, 0, -1)]
    await run(
        handlers.log_hours,
        commands.LogHours(
            placement_id=ids["p1-care"],
            municipality=HAMAR,
            entries=tuple(
                commands.HoursLine(worked_on=d, hours=5.0, confirmed=True)
                for d in days
                if d.weekday() < 3
            ),
        ),
    )
    # The care ward's manager records the last two weeks' days for the participant's
    # ledger (plan-service's consumer adds them): attendance, one day ill.
    manager = Principal(
        sub="leder@sykehjem.demo",
        municipality=HAMAR,
        agency=EMPLOYER,
        roles=frozenset({CONTRIBUTOR}),
    )

    def recorded() -> AccessRecord:  # one record (one access-log read) per day recorded
        return AccessRecord(
            table=tables.access_log,
            principal=manager,
            purpose="placement",
            operation="POST /placements/{placement_id}/attendance",
            categories=("placements",),
        )

    codes = CodeList.for_municipality(HAMAR)
    recent = [d for d in days[-14:] if d.weekday() < 3]
    for n, d in enumerate(recent):
        ill = n == len(recent) - 2
        await run_handler(
            PlacementUnitOfWork(sessions, source=source),
            partial(handlers.record_attendance, record=recorded()),
            commands.RecordAttendance(
                placement_id=ids["p1-care"],
                municipality=HAMAR,
                entry_id=uuid7(),
                on=d,
                kind="absence" if ill else "attendance",
                minutes=300,
                code="syk" if ill else None,
                codes=codes,
                recorded_by=manager.sub,
                recorded_by_agency=EMPLOYER,
            ),
        )
    return ids


async def seed(settings: PlacementSettings) -> None:
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    try:
        async with PlacementUnitOfWork(sessions, source=settings.source) as uow:
            total, _ = await uow.employers.find(HAMAR, sector=None, limit=1, offset=0)
        if total:
            log.info("seed_skipped", municipality=HAMAR, employers=total)
            return
        today = SYSTEM_CLOCK.today()
        await project_demo_participants(sessions, settings, today)
        ids = await seed_hamar(sessions, settings.source, today)
        log.info("seeded", municipality=HAMAR, resources=len(ids))
    finally:
        await engine.dispose()
