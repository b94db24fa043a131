"""Builders for the domain and handler tests: an organisation, a volunteer, an activity, a
match, a profile and a consent, with defaults."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from volunteer_service.domain.activities import Activity, Schedule
from volunteer_service.domain.codes import (
    ActivityKind,
    ActivityStatus,
    Engagement,
    OrganisationKind,
    Recurrence,
    Role,
    Setting,
    TargetGroup,
    VolunteerKind,
)
from volunteer_service.domain.consent import Consent
from volunteer_service.domain.matches import Match
from volunteer_service.domain.organisations import Organisation
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.volunteers import BridgeBuilderTerms, Volunteer

TODAY = date(2026, 11, 23)
HAMAR = "3403"


def organisation(**changes: Any) -> Organisation:
    values: dict[str, Any] = dict(
        organisation_id=uuid4(),
        municipality=HAMAR,
        name="Frivilligsentralen",
        kind=OrganisationKind.VOLUNTEER_CENTRE,
        offers=[Role.GUIDE],
        contacts=[{"name": "Kari"}],
    )
    values.update(changes)
    return Organisation.register(**values)


def volunteer(**changes: Any) -> Volunteer:
    values: dict[str, Any] = dict(
        volunteer_id=uuid4(),
        municipality="3403",
        kind=VolunteerKind.VOLUNTEER,
        organisation_id=None,
        languages=["no", "en"],
        skills=[],
        interests=[],
        availability=["weekend"],
        roles=[Role.GUIDE],
        max_matches=2,
        bridge=None,
        personal={"name": "Ola"},
        today=TODAY,
    )
    values.update(changes)
    return Volunteer.register(**values)


def bridge_builder(**changes: Any) -> Volunteer:
    values: dict[str, Any] = dict(
        kind=VolunteerKind.BRIDGE_BUILDER,
        languages=["ti", "no"],
        roles=[Role.BRIDGE_BUILDER, Role.LANGUAGE_SUPPORT],
        bridge=BridgeBuilderTerms(Engagement.PAID, former_participant=True),
    )
    values.update(changes)
    return volunteer(**values)


def activity(**changes: Any) -> Activity:
    values: dict[str, Any] = dict(
        id=uuid4(),
        municipality="3403",
        organisation_id=None,
        title="Café",
        kind=ActivityKind.MEETING_PLACE,
        description="",
        target_groups=(TargetGroup.EVERYONE,),
        interests=(),
        languages=(),
        locals_take_part=False,
        schedule=Schedule(Recurrence.WEEKLY, "thu", time(18), time(20), date(2026, 9, 3)),
        place="Bibliotek",
        cost_nok=100,
        fee_support_available=False,
        counts_as_programme_hours=False,
        status=ActivityStatus.PUBLISHED,
        published_on=date(2026, 9, 1),
    )
    values.update(changes)
    return Activity.create(**values)


def profile(**changes: Any) -> ParticipantProfile:
    values: dict[str, Any] = dict(
        participant_id=uuid4(),
        municipality="3403",
        household_type="single",
        birth_year=1990,
        languages=("ti", "ar"),
        interests=(),
    )
    values.update(changes)
    return ParticipantProfile(**values)


def match(v: Volunteer, **changes: Any) -> Match:
    """A proposed match of the volunteer, as a guide in everyday life."""
    values: dict[str, Any] = dict(
        id=uuid4(),
        municipality=v.municipality,
        participant_id=uuid4(),
        volunteer_id=v.id,
        role=Role.GUIDE,
        setting=Setting.EVERYDAY,
        involves_minors=False,
        involves_developmental_disabilities=False,
        proposed_on=TODAY - timedelta(days=7),
        volunteer_kind=v.kind,
    )
    values.update(changes)
    return Match(**values)


def consent_to(v: Volunteer, participant_id: UUID, **changes: Any) -> Consent:
    """The participant's consent to the volunteer, for social networking."""
    values: dict[str, Any] = dict(
        consent_id=uuid4(),
        participant_id=participant_id,
        recipient_kind="volunteer",
        recipient_id=str(v.id),
        purpose="social_network",
        granted_on=TODAY - timedelta(days=30),
    )
    values.update(changes)
    return Consent(**values)
