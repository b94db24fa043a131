"""``volunteer-service seed``: the demo municipality (Hamar, 3403) as the volunteer centre
sees it: organisations, volunteers, bridge-builders, activities and matches.

Everything of volunteer-service's own goes through the same handlers and unit of work as
the API, so the demo's events leave through the outbox like any other. Does nothing if
the municipality already has organisations, so running it twice is harmless.

Matches need participants and their consent, which come from plan-service's events.
plan-service's demo does not publish consents yet, so the seed first feeds three demo
participants (settlement, competence mapping, consent) through this service's own
projection, the path the consumer takes, with fixed ids and the source
``/helhet/volunteer-service/seed``. Once plan-service publishes consents these stand-ins
can go.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, time, timedelta
from typing import Any, TypeVar
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_engine, create_session_factory
from helhet_common.demo import demo_participant_id
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.unit_of_work import run_handler
from volunteer_service.contracts import consumed
from volunteer_service.domain.activities import Attendance
from volunteer_service.domain.codes import (
    ActivityKind,
    EndReason,
    Engagement,
    OrganisationKind,
    Party,
    Recurrence,
    Role,
    Setting,
    TargetGroup,
    VolunteerKind,
    Vulnerable,
)
from volunteer_service.domain.volunteers import BridgeBuilderTerms
from volunteer_service.service_layer import commands, handlers
from volunteer_service.service_layer.projection import make_projection
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork
from volunteer_service.settings import VolunteerSettings

log = structlog.get_logger(__name__)

DEMO_MUNICIPALITY = "3403"
SEED_SOURCE = "/helhet/volunteer-service/seed"
_NAMESPACE = uuid.UUID("6f1c2b0e-3d4a-4f7e-9b1a-5c8d2e7f0a34")


def demo_id(name: str) -> UUID:
    return uuid.uuid5(_NAMESPACE, name)


# (name, household, birth year, languages, interests, consent to the volunteer centre)
DEMO_PARTICIPANTS = [
    ("participant-1", "single", 1999, ["ti", "ar"], ["football", "cooking"], True),
    ("participant-2", "family", 1987, ["ar", "en"], ["hiking", "music"], True),
    ("participant-3", "single", 2002, ["prs", "fa"], ["music", "football"], False),
]

C = TypeVar("C")
R = TypeVar("R")
Handler = Callable[[C, VolunteerUnitOfWork], Awaitable[R]]


def _event(event_type: str, participant_id: UUID, data: dict[str, Any]) -> CloudEvent:
    return CloudEvent(
        source=SEED_SOURCE,
        type=event_type,
        subject=str(participant_id),
        municipality=DEMO_MUNICIPALITY,
        data={"participant_id": str(participant_id), **data},
    )


async def seed_participants(
    sessions: async_sessionmaker[AsyncSession],
    settings: VolunteerSettings,
    today: date,
    centre: UUID,
) -> list[UUID]:
    """The demo participants, through the projection (the consumer's path)."""
    ids = []
    envelopes: list[CloudEvent] = []
    for name, household, born, languages, interests, consents in DEMO_PARTICIPANTS:
        pid = demo_participant_id(int(name.removeprefix("participant-")))
        ids.append(pid)
        envelopes += [
            _event(
                consumed.ParticipantSettled.event_type,
                pid,
                {
                    "municipality": DEMO_MUNICIPALITY,
                    "settlement_date": (today - timedelta(days=200)).isoformat(),
                    "birth_year": born,
                    "household_type": household,
                    "languages": languages,
                },
            ),
            _event(
                consumed.MappingRecorded.event_type,
                pid,
                {"mapping_version": 1, "interests": interests},
            ),
        ]
        if consents:
            envelopes.append(
                _event(
                    consumed.ConsentGranted.event_type,
                    pid,
                    {
                        "consent_id": str(demo_id(f"{name}-consent")),
                        "recipient_kind": "organisation",
                        "recipient_id": str(centre),
                        "purpose": "social_network",
                        "granted_on": (today - timedelta(days=60)).isoformat(),
                        "expires_on": None,
                    },
                )
            )
    items = [(consumed.registry.parse(e), e) for e in envelopes]
    async with sessions() as session, session.begin():
        await make_projection(settings).apply(session, items)
    return ids


def _organisation(
    name: str, kind: OrganisationKind, offers: list[Role], contact: str, description: str
) -> commands.RegisterOrganisation:
    return commands.RegisterOrganisation(
        municipality=DEMO_MUNICIPALITY,
        name=name,
        kind=kind,
        offers=tuple(offers),
        contacts=({"name": contact, "role": "contact person"},),
        description=description,
    )


def _volunteer(
    name: str,
    organisation: UUID | None,
    languages: list[str],
    interests: list[str],
    roles: list[Role],
    *,
    kind: VolunteerKind = VolunteerKind.VOLUNTEER,
    bridge: BridgeBuilderTerms | None = None,
    trainings: tuple[tuple[str, date], ...] = (),
    max_matches: int = 2,
) -> commands.RegisterVolunteer:
    return commands.RegisterVolunteer(
        municipality=DEMO_MUNICIPALITY,
        kind=kind,
        organisation_id=organisation,
        languages=tuple(languages),
        skills=(),
        interests=tuple(interests),
        availability=("weekday_evening", "weekend"),
        roles=tuple(roles),
        max_matches=max_matches,
        bridge=bridge,
        personal={"name": name},
        trainings=trainings,
    )


def _activity(
    title: str,
    organisation: UUID | None,
    kind: ActivityKind,
    groups: list[TargetGroup],
    *,
    weekday: str,
    start: time,
    end: time,
    place: str,
    starts_on: date,
    locals_take_part: bool = True,
    interests: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    cost_nok: int = 0,
    fee_support: bool = False,
    programme_hours: bool = False,
) -> commands.CreateActivity:
    return commands.CreateActivity(
        municipality=DEMO_MUNICIPALITY,
        organisation_id=organisation,
        title=title,
        kind=kind,
        description="",
        target_groups=tuple(groups),
        interests=interests,
        languages=languages,
        locals_take_part=locals_take_part,
        recurrence=Recurrence.WEEKLY,
        weekday=weekday,
        start_time=start,
        end_time=end,
        starts_on=starts_on,
        ends_on=None,
        place=place,
        cost_nok=cost_nok,
        fee_support_available=fee_support,
        counts_as_programme_hours=programme_hours,
        publish=True,
    )


async def seed(settings: VolunteerSettings) -> None:
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    source = settings.source
    try:
        async with VolunteerUnitOfWork(sessions, source=source) as uow:
            existing = await uow.organisations.count(DEMO_MUNICIPALITY)
        if existing:
            log.info("seed_skipped", municipality=DEMO_MUNICIPALITY, organisations=existing)
            return
        today = SYSTEM_CLOCK.today()

        async def run(handler: Handler[C, R], command: C) -> R:
            """One command, one unit of work, one commit: as the API does it."""
            return await run_handler(VolunteerUnitOfWork(sessions, source=source), handler, command)

        orgs: dict[str, UUID] = {}
        for key, org_command in {
            "centre": _organisation(
                "Hamar frivilligsentral",
                OrganisationKind.VOLUNTEER_CENTRE,
                [Role.GUIDE, Role.FRIEND_FAMILY, Role.HOST_FAMILY, Role.TRANSPORT],
                "Daglig leder",
                "Recruits and coordinates volunteers; the Thursday café.",
            ),
            "red_cross": _organisation(
                "Hamar Røde Kors",
                OrganisationKind.RED_CROSS,
                [Role.GUIDE, Role.LANGUAGE_PRACTICE, Role.HOMEWORK_HELP],
                "Frivillighetskoordinator",
                "Flyktningguiden, Norsktrening, homework help.",
            ),
            "club": _organisation(
                "Hamar idrettslag",
                OrganisationKind.SPORTS_CLUB,
                [Role.MENTOR],
                "Styreleder",
                "Football and skiing for all ages; fees supported for newcomers.",
            ),
        }.items():
            orgs[key] = (await run(handlers.register_organisation, org_command)).id
        participants = await seed_participants(sessions, settings, today, orgs["centre"])

        course = (("host_family_course", today - timedelta(days=120)),)
        vols: dict[str, UUID] = {}
        for key, vol_command in {
            "guide": _volunteer(
                "Ingrid Bakken",
                orgs["centre"],
                ["no", "en", "ar"],
                ["football", "hiking"],
                [Role.GUIDE, Role.TRANSPORT],
            ),
            "family": _volunteer(
                "Familien Lund",
                orgs["centre"],
                ["no", "en"],
                ["hiking", "music"],
                [Role.FRIEND_FAMILY, Role.HOST_FAMILY],
                trainings=course,
            ),
            "practice": _volunteer(
                "Per Solberg",
                orgs["red_cross"],
                ["no"],
                ["cooking", "music"],
                [Role.LANGUAGE_PRACTICE, Role.HOMEWORK_HELP],
                max_matches=3,
            ),
            "mentor": _volunteer(
                "Anne Moen",
                orgs["club"],
                ["no", "en"],
                ["football"],
                [Role.MENTOR],
                trainings=(("mentor_course", today - timedelta(days=300)),),
            ),
            "bridge_ti": _volunteer(
                "Senait Tesfay",
                orgs["centre"],
                ["ti", "am", "no"],
                ["cooking"],
                [Role.BRIDGE_BUILDER, Role.LANGUAGE_SUPPORT],
                kind=VolunteerKind.BRIDGE_BUILDER,
                bridge=BridgeBuilderTerms(engagement=Engagement.PAID, former_participant=True),
            ),
            "bridge_fa": _volunteer(
                "Reza Ahmadi",
                None,
                ["prs", "fa", "no"],
                ["music", "football"],
                [Role.BRIDGE_BUILDER, Role.LANGUAGE_SUPPORT],
                kind=VolunteerKind.BRIDGE_BUILDER,
                bridge=BridgeBuilderTerms(engagement=Engagement.PRACTICE, former_participant=True),
            ),
        }.items():
            vols[key] = (await run(handlers.register_volunteer, vol_command)).id
        vetted = commands.RecordPoliceCertificateSeen(
            volunteer_id=vols["practice"],
            municipality=DEMO_MUNICIPALITY,
            seen_on=today - timedelta(days=30),
            seen_by="seed",
            grounds=frozenset({Vulnerable.MINORS}),
        )
        await run(handlers.record_police_certificate_seen, vetted)

        start = today - timedelta(days=90)
        acts: dict[str, UUID] = {}
        for key, act_command in {
            "cafe": _activity(
                "Torsdagskafé",
                orgs["centre"],
                ActivityKind.MEETING_PLACE,
                [TargetGroup.EVERYONE, TargetGroup.SINGLES],
                weekday="thu",
                start=time(18),
                end=time(20),
                place="Frivilligsentralen, Torggata",
                starts_on=start,
                interests=("cooking",),
            ),
            "norsk": _activity(
                "Norsktrening",
                orgs["red_cross"],
                ActivityKind.LANGUAGE_CAFE,
                [TargetGroup.EVERYONE],
                weekday="tue",
                start=time(12),
                end=time(14),
                place="Hamar bibliotek",
                starts_on=start,
                languages=("ar", "ti"),
                programme_hours=True,
            ),
            "football": _activity(
                "Fotball for unge voksne",
                orgs["club"],
                ActivityKind.SPORT,
                [TargetGroup.YOUTH, TargetGroup.SINGLES],
                weekday="wed",
                start=time(19),
                end=time(20, 30),
                place="Briskeby kunstgress",
                starts_on=start,
                interests=("football",),
                cost_nok=1200,
                fee_support=True,
            ),
            "women": _activity(
                "Internasjonal kvinnekafé",
                orgs["red_cross"],
                ActivityKind.MEETING_PLACE,
                [TargetGroup.WOMEN],
                weekday="mon",
                start=time(11),
                end=time(13),
                place="Røde Kors-huset",
                starts_on=start,
                locals_take_part=False,
            ),
            "hiking": _activity(
                "Søndagstur med DNT",
                None,
                ActivityKind.OUTDOOR,
                [TargetGroup.FAMILIES, TargetGroup.EVERYONE],
                weekday="sun",
                start=time(11),
                end=time(14),
                place="Ankerskogen",
                starts_on=start,
                interests=("hiking",),
            ),
        }.items():
            acts[key] = (await run(handlers.create_activity, act_command)).id

        # The family participant attended the Tuesday Norwegian practice (counted hours).
        last_tuesday = today - timedelta(days=(today.weekday() - 1) % 7 or 7)
        attendance = commands.RecordAttendance(
            activity_id=acts["norsk"],
            municipality=DEMO_MUNICIPALITY,
            attended_on=last_tuesday,
            entries=(Attendance(participant_id=participants[1], present=True),),
            recorded_by="seed",
        )
        await run(handlers.record_attendance, attendance)

        # Matches: a started family-and-family match; a guide proposal that was declined.
        family = commands.ProposeMatch(
            municipality=DEMO_MUNICIPALITY,
            participant_id=participants[1],
            volunteer_id=vols["family"],
            role=Role.FRIEND_FAMILY,
            setting=Setting.HOME,
            involves_minors=False,
            involves_developmental_disabilities=False,
            demands_police_certificate=False,
        )
        family_match = (await run(handlers.propose_match, family)).id
        for party in (Party.PARTICIPANT, Party.VOLUNTEER):
            accept = commands.AcceptMatch(
                match_id=family_match, municipality=DEMO_MUNICIPALITY, party=party
            )
            await run(handlers.accept_match, accept)
        guide = commands.ProposeMatch(
            municipality=DEMO_MUNICIPALITY,
            participant_id=participants[1],
            volunteer_id=vols["guide"],
            role=Role.GUIDE,
            setting=Setting.EVERYDAY,
            involves_minors=False,
            involves_developmental_disabilities=False,
            demands_police_certificate=False,
        )
        guide_match = (await run(handlers.propose_match, guide)).id
        declined = commands.EndMatch(
            match_id=guide_match, municipality=DEMO_MUNICIPALITY, reason=EndReason.NOT_A_GOOD_FIT
        )
        await run(handlers.end_match, declined)
        # A bridge-builder (paid) assigned to the first participant for everyday support.
        bridge = commands.ProposeMatch(
            municipality=DEMO_MUNICIPALITY,
            participant_id=participants[0],
            volunteer_id=vols["bridge_ti"],
            role=Role.BRIDGE_BUILDER,
            setting=Setting.PUBLIC_SERVICES,
            involves_minors=False,
            involves_developmental_disabilities=False,
            demands_police_certificate=False,
        )
        await run(handlers.propose_match, bridge)
        log.info(
            "seeded",
            municipality=DEMO_MUNICIPALITY,
            organisations=len(orgs),
            volunteers=len(vols),
            activities=len(acts),
            participants=len(participants),
        )
    finally:
        await engine.dispose()
