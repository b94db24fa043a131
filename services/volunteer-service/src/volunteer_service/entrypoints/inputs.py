"""Request bodies -> commands: one function per command, every field named.

A write route is "build the command from the body, run it, answer with the view"; the
building lives here, so routes stay a few lines and every command is built by keyword.
The caller's municipality (and, where a command records who did it, the token's
``sub``) comes from the principal, never from the body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from helhet_common.auth import Principal
from volunteer_service.domain.activities import ActivityChanges, Attendance
from volunteer_service.domain.codes import (
    KEEP,
    ActivityKind,
    CancellationReason,
    DeactivationReason,
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
from volunteer_service.domain.volunteers import CONTACT_DETAILS, BridgeBuilderTerms
from volunteer_service.entrypoints import schemas
from volunteer_service.service_layer import commands


def changed(body: BaseModel, name: str, convert: Callable[[Any], Any] | None = None) -> Any:
    """A partial update's field: ``KEEP`` when the body leaves it out, else its value
    (``None`` stays ``None``: remove it), converted to the domain's type."""
    if name not in body.model_fields_set:
        return KEEP
    value = getattr(body, name)
    if value is None or convert is None:
        return value
    return convert(value)


def _roles(values: Iterable[str]) -> tuple[Role, ...]:
    return tuple(Role(r) for r in values)


def _contacts(values: Iterable[schemas.ContactPerson]) -> tuple[dict[str, str], ...]:
    return tuple(c.model_dump(exclude_none=True) for c in values)


# -- organisations --------------------------------------------------------------------------


def register_organisation(
    body: schemas.OrganisationCreate, *, caller: Principal
) -> commands.RegisterOrganisation:
    return commands.RegisterOrganisation(
        municipality=caller.municipality,
        name=body.name,
        kind=OrganisationKind(body.kind),
        offers=_roles(body.offers),
        contacts=_contacts(body.contacts),
        description=body.description,
    )


def update_organisation(
    body: schemas.OrganisationUpdate, *, organisation_id: UUID, caller: Principal
) -> commands.UpdateOrganisation:
    return commands.UpdateOrganisation(
        organisation_id=organisation_id,
        municipality=caller.municipality,
        expected_version=body.version,
        name=changed(body, "name"),
        offers=changed(body, "offers", _roles),
        contacts=changed(body, "contacts", _contacts),
        description=changed(body, "description"),
    )


def deactivate_organisation(
    body: schemas.OrganisationDeactivation, *, organisation_id: UUID, caller: Principal
) -> commands.DeactivateOrganisation:
    return commands.DeactivateOrganisation(
        organisation_id=organisation_id,
        municipality=caller.municipality,
        expected_version=body.version,
    )


# -- volunteers -----------------------------------------------------------------------------


def register_volunteer(
    body: schemas.VolunteerCreate, *, caller: Principal
) -> commands.RegisterVolunteer:
    terms = body.bridge_builder
    return commands.RegisterVolunteer(
        municipality=caller.municipality,
        kind=VolunteerKind(body.kind),
        organisation_id=body.organisation_id,
        languages=tuple(body.languages),
        skills=tuple(body.skills),
        interests=tuple(body.interests),
        availability=tuple(body.availability),
        roles=_roles(body.roles),
        max_matches=body.max_matches,
        bridge=BridgeBuilderTerms(
            engagement=Engagement(terms.engagement), former_participant=terms.former_participant
        )
        if terms
        else None,
        personal={k: getattr(body, k) for k in CONTACT_DETAILS if getattr(body, k)},
        trainings=tuple((t.code, t.completed_on) for t in body.trainings),
    )


def update_volunteer(
    body: schemas.VolunteerUpdate, *, volunteer_id: UUID, caller: Principal
) -> commands.UpdateVolunteer:
    contact: dict[str, str | None] = {
        k: getattr(body, k) for k in CONTACT_DETAILS if k in body.model_fields_set
    }
    return commands.UpdateVolunteer(
        volunteer_id=volunteer_id,
        municipality=caller.municipality,
        expected_version=body.version,
        languages=changed(body, "languages", tuple),
        skills=changed(body, "skills", tuple),
        interests=changed(body, "interests", tuple),
        availability=changed(body, "availability", tuple),
        roles=changed(body, "roles", _roles),
        max_matches=changed(body, "max_matches"),
        organisation_id=changed(body, "organisation_id"),
        contact=contact or KEEP,
    )


def deactivate_volunteer(
    body: schemas.VolunteerDeactivation, *, volunteer_id: UUID, caller: Principal
) -> commands.DeactivateVolunteer:
    return commands.DeactivateVolunteer(
        volunteer_id=volunteer_id,
        municipality=caller.municipality,
        expected_version=body.version,
        reason=DeactivationReason(body.reason),
    )


def erase_volunteer(
    body: schemas.VolunteerErasure, *, volunteer_id: UUID, caller: Principal
) -> commands.EraseVolunteer:
    return commands.EraseVolunteer(
        volunteer_id=volunteer_id, municipality=caller.municipality, expected_version=body.version
    )


def record_police_certificate_seen(
    body: schemas.PoliceCertificateSeen, *, volunteer_id: UUID, caller: Principal
) -> commands.RecordPoliceCertificateSeen:
    return commands.RecordPoliceCertificateSeen(
        volunteer_id=volunteer_id,
        municipality=caller.municipality,
        seen_on=body.seen_on,
        seen_by=caller.sub,
        grounds=frozenset(Vulnerable(g) for g in body.grounds),
    )


def record_training(
    body: schemas.TrainingIn, *, volunteer_id: UUID, caller: Principal
) -> commands.RecordTraining:
    return commands.RecordTraining(
        volunteer_id=volunteer_id,
        municipality=caller.municipality,
        code=body.code,
        completed_on=body.completed_on,
    )


# -- activities and attendance --------------------------------------------------------------

# ActivityUpdate fields that go to ActivityChanges as they are.
UNCONVERTED_ACTIVITY_FIELDS = (
    "organisation_id",
    "title",
    "description",
    "locals_take_part",
    "weekday",
    "start_time",
    "end_time",
    "starts_on",
    "ends_on",
    "place",
    "cost_nok",
    "fee_support_available",
    "counts_as_programme_hours",
)


def create_activity(body: schemas.ActivityCreate, *, caller: Principal) -> commands.CreateActivity:
    return commands.CreateActivity(
        municipality=caller.municipality,
        organisation_id=body.organisation_id,
        title=body.title,
        kind=ActivityKind(body.kind),
        description=body.description,
        target_groups=tuple(TargetGroup(g) for g in body.target_groups),
        interests=tuple(body.interests),
        languages=tuple(body.languages),
        locals_take_part=body.locals_take_part,
        recurrence=Recurrence(body.recurrence),
        weekday=body.weekday,
        start_time=body.start_time,
        end_time=body.end_time,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        place=body.place,
        cost_nok=body.cost_nok,
        fee_support_available=body.fee_support_available,
        counts_as_programme_hours=body.counts_as_programme_hours,
        publish=body.publish,
    )


def update_activity(
    body: schemas.ActivityUpdate, *, activity_id: UUID, caller: Principal
) -> commands.UpdateActivity:
    changes = ActivityChanges(
        kind=changed(body, "kind", ActivityKind),
        target_groups=changed(body, "target_groups", lambda v: tuple(TargetGroup(g) for g in v)),
        interests=changed(body, "interests", tuple),
        languages=changed(body, "languages", tuple),
        recurrence=changed(body, "recurrence", Recurrence),
        **{name: changed(body, name) for name in UNCONVERTED_ACTIVITY_FIELDS},
    )
    return commands.UpdateActivity(
        activity_id=activity_id,
        municipality=caller.municipality,
        expected_version=body.version,
        changes=changes,
    )


def cancel_activity(
    body: schemas.ActivityCancellation, *, activity_id: UUID, caller: Principal
) -> commands.CancelActivity:
    return commands.CancelActivity(
        activity_id=activity_id,
        municipality=caller.municipality,
        expected_version=body.version,
        reason=CancellationReason(body.reason),
    )


def publish_activity(*, activity_id: UUID, caller: Principal) -> commands.PublishActivity:
    return commands.PublishActivity(activity_id=activity_id, municipality=caller.municipality)


def record_attendance(
    body: schemas.AttendanceCreate, *, activity_id: UUID, caller: Principal
) -> commands.RecordAttendance:
    return commands.RecordAttendance(
        activity_id=activity_id,
        municipality=caller.municipality,
        attended_on=body.attended_on,
        entries=tuple(
            Attendance(participant_id=p.participant_id, present=p.present, hours=p.hours)
            for p in body.participants
        ),
        recorded_by=caller.sub,
    )


# -- matches --------------------------------------------------------------------------------


def propose_match(body: schemas.MatchCreate, *, caller: Principal) -> commands.ProposeMatch:
    return commands.ProposeMatch(
        municipality=caller.municipality,
        participant_id=body.participant_id,
        volunteer_id=body.volunteer_id,
        role=Role(body.role),
        setting=Setting(body.setting),
        involves_minors=body.involves_minors,
        involves_developmental_disabilities=body.involves_developmental_disabilities,
        demands_police_certificate=body.police_certificate_required,
    )


def accept_match(
    body: schemas.MatchAccept, *, match_id: UUID, caller: Principal
) -> commands.AcceptMatch:
    return commands.AcceptMatch(
        match_id=match_id, municipality=caller.municipality, party=Party(body.party)
    )


def end_match(body: schemas.MatchEnd, *, match_id: UUID, caller: Principal) -> commands.EndMatch:
    return commands.EndMatch(
        match_id=match_id, municipality=caller.municipality, reason=EndReason(body.reason)
    )
