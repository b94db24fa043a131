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
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.db import create_engine, create_session_factory
from helhet_common.demo import demo_participant_id
from helhet_common.ids import uuid7
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.unit_of_work import run_in
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
from placement_service.domain.employers import Agreement, ContactPerson, Location, MunicipalContact
from placement_service.domain.openings import Schedule
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement
from placement_service.service_layer import commands, handlers
from placement_service.service_layer.projection import apply_participant_events
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
    # Participant 1 lets the nursing home see their profile for a placement.
    out.append(
        _envelope(
            consumed.ConsentGranted,
            demo_participant(1),
            {
                "consent_id": str(uuid.uuid5(NAMESPACE, "demo-consent-1")),
                "recipient_kind": "employer",
                "recipient_id": ORG_SYKEHJEM,
                "purpose": "placement",
                "granted_on": (today - timedelta(days=100)).isoformat(),
                "expires_on": None,
            },
        )
    )
    return out


async def project_demo_participants(
    sessions: async_sessionmaker[AsyncSession], today: date
) -> None:
    envelopes = demo_participant_events(today)
    items = [(consumed.registry.parse(e), e) for e in envelopes]
    async with sessions() as session, session.begin():
        await apply_participant_events(session, items)


Step = Callable[[PlacementUnitOfWork], Awaitable[Any]]


async def _run(sessions: async_sessionmaker[AsyncSession], source: str, step: Step) -> UUID:
    """One command, one unit of work, one commit: as the API does it."""
    result = await run_in(PlacementUnitOfWork(sessions, source=source), step)
    return UUID(str(result.id))


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
        responsible=MunicipalContact("Demo Arbeidskonsulent", "Hamar flyktningkontor"),
        locations=(Location(uuid7(), name, "Hamar", where, transport),),
        contacts=tuple(
            ContactPerson(uuid7(), n, role, None, None, sub) for n, role, sub in contacts
        ),
    )


def _schedule(days: tuple[Weekday, ...], start: int, end: int, hours: float) -> Schedule:
    return Schedule(days, time(start // 100, start % 100), time(end // 100, end % 100), hours)


async def seed_hamar(
    sessions: async_sessionmaker[AsyncSession], source: str, today: date
) -> dict[str, UUID]:
    async def run(step: Step) -> UUID:
        return await _run(sessions, source, step)

    ids: dict[str, UUID] = {}
    employers = {
        "sykehjem": _employer(
            ORG_SYKEHJEM,
            "Hamar sykehjem",
            "Q",
            Ownership.MUNICIPAL,
            3,
            Agreement(
                AgreementKind.COOPERATION_AGREEMENT,
                Anchoring.TOP_MANAGEMENT,
                today - timedelta(days=400),
                today + timedelta(days=400),
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
            Agreement(AgreementKind.ORAL, Anchoring.INDIVIDUAL),
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
                AgreementKind.LETTER_OF_INTENT, Anchoring.DEPARTMENT, today - timedelta(days=200)
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
            Agreement(AgreementKind.IA_AGREEMENT, Anchoring.SECTOR, today - timedelta(days=700)),
            GeoPoint(60.7900, 11.0800),
            True,
            [("Demo Butikksjef", ContactRole.MANAGER, None), ("Demo HR", ContactRole.HR, None)],
        ),
    }
    for key, command in employers.items():
        ids[key] = await run(lambda uow, c=command: handlers.register_employer(c, uow))  # type: ignore[misc]

    # The café's only contact person left: the employer shows the warning.
    async def kafe_contact_left(uow: PlacementUnitOfWork) -> Any:
        employer = await handlers.load_employer(uow, ids["kafe"], HAMAR)
        command = commands.RecordContactLeft(
            ids["kafe"], HAMAR, employer.contacts[0].id, today - timedelta(days=5), "seed"
        )
        return (await handlers.record_contact_left(command, uow))[0]

    await run(kafe_contact_left)

    def opening(
        key: str,
        kind: OpeningKind,
        title: str,
        schedule: Schedule,
        levels: dict[Skill, str],
        capacity: int,
        *,
        municipal: bool = False,
    ) -> commands.PublishOpening:
        return commands.PublishOpening(
            HAMAR, ids[key], None, kind, None, title, schedule, levels, capacity, municipal
        )

    async def location_of(key: str) -> UUID:
        async with PlacementUnitOfWork(sessions, source=source) as uow:
            employer = await handlers.load_employer(uow, ids[key], HAMAR)
        return employer.locations[0].id

    openings = {
        "care-language": opening(
            "sykehjem",
            OpeningKind.LANGUAGE_PRACTICE,
            "Language practice in the care ward",
            _schedule(WEEKDAYS[:3], 830, 1430, 15),
            {Skill.LISTENING: "A2", Skill.SPEAKING: "A2"},
            2,
            municipal=True,
        ),
        "care-work": opening(
            "sykehjem",
            OpeningKind.WORK_PRACTICE,
            "Care assistant, evening shift",
            _schedule(WEEKDAYS, 1500, 2100, 30),
            {Skill.LISTENING: "B1", Skill.SPEAKING: "B1", Skill.READING: "A2"},
            1,
        ),
        "kitchen-job": opening(
            "sykehjem",
            OpeningKind.MUNICIPAL_JOB,
            "Kitchen helper (municipal job)",
            _schedule(WEEKDAYS, 900, 1500, 20),
            {Skill.LISTENING: "A2"},
            1,
            municipal=True,
        ),
        "cafe": opening(
            "kafe",
            OpeningKind.WORK_PRACTICE,
            "Café assistant",
            _schedule((Weekday.THU, Weekday.FRI, Weekday.SAT), 1000, 1600, 18),
            {Skill.SPEAKING: "A2"},
            2,
        ),
        "building": opening(
            "bygg",
            OpeningKind.NAV_WORK_TRAINING,
            "Carpenter's helper",
            _schedule(WEEKDAYS, 700, 1500, 37.5),
            {Skill.LISTENING: "A2", Skill.READING: "A2"},
            1,
        ),
        "shop": opening(
            "butikk",
            OpeningKind.WAGE_SUBSIDY,
            "Shop assistant",
            _schedule(WEEKDAYS, 900, 1600, 30),
            {Skill.SPEAKING: "B1", Skill.READING: "B1"},
            1,
        ),
        "warehouse": opening(
            "butikk",
            OpeningKind.WORK_PRACTICE,
            "Warehouse worker",
            _schedule(WEEKDAYS, 800, 1400, 25),
            {Skill.LISTENING: "A2"},
            2,
        ),
    }
    for key, publish in openings.items():
        owner = next(k for k in employers if ids[k] == publish.employer_id)
        location = await location_of(owner)
        publish = replace(publish, location_id=location)
        ids[key] = await run(lambda uow, c=publish: handlers.publish_opening(c, uow))  # type: ignore[misc]

    def start(
        n: int,
        key: str,
        purpose: Purpose,
        goals: tuple[str, ...],
        started: int,
        planned: int,
        levels: dict[Skill, str],
        unit: str = "Hamar læringssenter",
    ) -> commands.StartPlacement:
        return commands.StartPlacement(
            HAMAR,
            demo_participant(n),
            ids[key],
            purpose,
            goals,
            LanguageAgreement(levels, AssessmentMethod.ASSESSMENT_FORM),
            FollowUpPlan(14, unit),
            today + timedelta(days=started),
            today + timedelta(days=planned),
        )

    async def place(command: commands.StartPlacement) -> UUID:
        return await run(lambda uow: handlers.start_placement(command, uow))

    # Participant 4: NAV work training at the builder, hired; the opening is then closed.
    ids["p4-building"] = await place(
        start(
            4,
            "building",
            Purpose.RECRUITMENT,
            ("Use the tools safely", "Read a work order"),
            -200,
            -20,
            {Skill.LISTENING: "A2"},
            "NAV Hamar",
        )
    )
    await run(
        lambda uow: handlers.log_follow_up(
            commands.LogFollowUp(
                ids["p4-building"],
                HAMAR,
                today - timedelta(days=150),
                FollowUpKind.VISIT,
                "NAV Hamar",
                FollowUpOutcome.ON_TRACK,
                None,
            ),
            uow,
        )
    )
    await run(
        lambda uow: handlers.end_placement(
            commands.EndPlacement(
                ids["p4-building"],
                HAMAR,
                today - timedelta(days=30),
                EndReason.HIRED,
                NextStep.WORK,
            ),
            uow,
        )
    )
    await run(
        lambda uow: handlers.close_opening(
            commands.CloseOpening(ids["building"], HAMAR, "The builder hired the participant."), uow
        )
    )

    # Participant 3: café practice outside their wishes, ended early by the employer.
    ids["p3-cafe"] = await place(
        start(
            3,
            "cafe",
            Purpose.WORK_EXPERIENCE,
            ("Serve customers",),
            -120,
            -30,
            {Skill.SPEAKING: "A2"},
        )
    )
    await run(
        lambda uow: handlers.end_placement(
            commands.EndPlacement(
                ids["p3-cafe"],
                HAMAR,
                today - timedelta(days=60),
                EndReason.ENDED_BY_EMPLOYER,
                NextStep.NEW_PLACEMENT,
            ),
            uow,
        )
    )
    # ... and a warehouse practice completed, next step Norwegian training.
    ids["p3-warehouse"] = await place(
        start(
            3,
            "warehouse",
            Purpose.WORK_EXPERIENCE,
            ("Follow a picking list",),
            -58,
            -5,
            {Skill.LISTENING: "A2"},
        )
    )
    await run(
        lambda uow: handlers.end_placement(
            commands.EndPlacement(
                ids["p3-warehouse"],
                HAMAR,
                today - timedelta(days=5),
                EndReason.COMPLETED,
                NextStep.NORWEGIAN_TRAINING,
            ),
            uow,
        )
    )
    # ... and a planned language practice in the care ward, starting in two weeks.
    ids["p3-care-planned"] = await place(
        start(
            3,
            "care-language",
            Purpose.LANGUAGE_LEARNING,
            ("Talk with residents at meals",),
            14,
            100,
            {Skill.SPEAKING: "A2"},
        )
    )

    # Participant 2: wage subsidy at the shop (filled), extended to keep the subsidy
    # running, with the NAV measure that continues it after the programme.
    ids["p2-shop"] = await place(
        start(
            2,
            "shop",
            Purpose.RECRUITMENT,
            ("Run the till alone", "Order goods"),
            -90,
            60,
            {Skill.SPEAKING: "B1"},
            "NAV Hamar",
        )
    )
    await run(
        lambda uow: handlers.link_nav_measure(
            commands.LinkNavMeasure(
                ids["p2-shop"],
                HAMAR,
                NavMeasureType.TEMPORARY_WAGE_SUBSIDY,
                NavMeasureRole.CONTINUES,
                today - timedelta(days=90),
                today + timedelta(days=330),
                40.0,
            ),
            uow,
        )
    )
    await run(
        lambda uow: handlers.extend_placement(
            commands.ExtendPlacement(
                ids["p2-shop"],
                HAMAR,
                today + timedelta(days=330),
                ExtensionReason.SUBSIDY_CONTINUES,
            ),
            uow,
        )
    )

    # Participant 1: language practice in the care ward that became work practice, with
    # follow-ups and an hours ledger.
    ids["p1-care"] = await place(
        start(
            1,
            "care-language",
            Purpose.LANGUAGE_LEARNING,
            ("Take oral instructions", "Care vocabulary"),
            -70,
            50,
            {Skill.LISTENING: "A2", Skill.SPEAKING: "A2"},
        )
    )
    await run(
        lambda uow: handlers.log_follow_up(
            commands.LogFollowUp(
                ids["p1-care"],
                HAMAR,
                today - timedelta(days=56),
                FollowUpKind.VISIT,
                "Hamar læringssenter",
                FollowUpOutcome.ON_TRACK,
                None,
            ),
            uow,
        )
    )
    await run(
        lambda uow: handlers.change_kind(
            commands.ChangeKind(
                ids["p1-care"],
                HAMAR,
                OpeningKind.WORK_PRACTICE,
                today - timedelta(days=20),
                "Norwegian good enough for care tasks",
                "Hamar flyktningkontor",
            ),
            uow,
        )
    )
    await run(
        lambda uow: handlers.log_follow_up(
            commands.LogFollowUp(
                ids["p1-care"],
                HAMAR,
                today - timedelta(days=10),
                FollowUpKind.THREE_WAY_TALK,
                "Hamar flyktningkontor",
                FollowUpOutcome.NEEDS_ATTENTION,
                None,
            ),
            uow,
        )
    )
    days = [today - timedelta(days=d) for d in range(69, 0, -1)]
    entries = tuple((d, 5.0, True) for d in days if d.weekday() < 3)
    await run(
        lambda uow: handlers.log_hours(commands.LogHours(ids["p1-care"], HAMAR, entries), uow)
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
        today = date.today()
        await project_demo_participants(sessions, today)
        ids = await seed_hamar(sessions, settings.source, today)
        log.info("seeded", municipality=HAMAR, resources=len(ids))
    finally:
        await engine.dispose()
