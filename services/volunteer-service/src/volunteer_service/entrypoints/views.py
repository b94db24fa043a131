"""Domain objects -> the public schemas (never table rows).

A write route answers with one of these views of its handler's result; the reads use
them too. Views that need 'today' read the one clock (``helhet_common.clock``).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from helhet_common.clock import SYSTEM_CLOCK
from volunteer_service.domain.activities import Activity, Attendance
from volunteer_service.domain.matches import Match
from volunteer_service.domain.organisations import Organisation
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.suggestions import Suggestion
from volunteer_service.domain.volunteers import Volunteer
from volunteer_service.entrypoints import schemas
from volunteer_service.service_layer.handlers import RecordedAttendance
from volunteer_service.service_layer.queries import SuggestionList


def organisation(o: Organisation) -> schemas.OrganisationPublic:
    return schemas.OrganisationPublic(
        id=o.id,
        municipality=o.municipality,
        name=o.name,
        kind=o.kind.value,
        offers=[r.value for r in o.offers],
        contacts=[schemas.ContactPerson(**c) for c in o.contacts],
        description=o.description,
        version=o.version,
        active=o.active,
        deactivated_on=o.deactivated_on,
    )


def volunteer(v: Volunteer, *, today: date | None = None) -> schemas.VolunteerPublic:
    day = today or SYSTEM_CLOCK.today()
    return schemas.VolunteerPublic(
        id=v.id,
        municipality=v.municipality,
        kind=v.kind.value,
        organisation_id=v.organisation_id,
        name=v.personal.get("name"),
        phone=v.personal.get("phone"),
        email=v.personal.get("email"),
        languages=list(v.languages),
        skills=list(v.skills),
        interests=list(v.interests),
        availability=list(v.availability),
        roles=[r.value for r in v.roles],
        max_matches=v.max_matches,
        registered_on=v.registered_on,
        trainings=[
            schemas.TrainingIn(code=code, completed_on=on)
            for code, on in sorted(v.trainings.items())
        ],
        vetting=schemas.VettingPublic(
            police_certificate_seen_on=v.certificate.seen_on,
            seen_by=v.certificate.seen_by,
            grounds=sorted(g.value for g in v.certificate.grounds),
            valid=v.certificate.valid_on(day),
        )
        if v.certificate
        else None,
        bridge_builder=schemas.BridgeBuilderIn(
            engagement=v.bridge.engagement.value, former_participant=v.bridge.former_participant
        )
        if v.bridge
        else None,
        version=v.version,
        active=v.active,
        deactivated_on=v.deactivated_on,
        deactivation_reason=v.deactivation_reason.value if v.deactivation_reason else None,
        erased_on=v.erased_on,
    )


def activity(a: Activity) -> schemas.ActivityPublic:
    s = a.schedule
    return schemas.ActivityPublic(
        id=a.id,
        municipality=a.municipality,
        organisation_id=a.organisation_id,
        title=a.title,
        kind=a.kind.value,
        description=a.description,
        target_groups=[g.value for g in a.target_groups],
        interests=list(a.interests),
        languages=list(a.languages),
        locals_take_part=a.locals_take_part,
        recurrence=s.recurrence.value,
        weekday=s.weekday,
        start_time=s.start_time,
        end_time=s.end_time,
        starts_on=s.starts_on,
        ends_on=s.ends_on,
        place=a.place,
        cost_nok=a.cost_nok,
        fee_support_available=a.fee_support_available,
        counts_as_programme_hours=a.counts_as_programme_hours,
        attendance_required=a.attendance_required,
        status=a.status.value,
        published_on=a.published_on,
        version=a.version,
        cancelled_on=a.cancelled_on,
        cancellation_reason=a.cancellation_reason.value if a.cancellation_reason else None,
    )


def attendance(activity_id: UUID, on: date, a: Attendance) -> schemas.AttendancePublic:
    return schemas.AttendancePublic(
        activity_id=activity_id,
        attended_on=on,
        participant_id=a.participant_id,
        present=a.present,
        hours=a.hours,
    )


def attendance_recorded(recorded: RecordedAttendance) -> schemas.AttendanceRecordedPublic:
    a = recorded.activity
    return schemas.AttendanceRecordedPublic(
        activity_id=a.id,
        attended_on=recorded.attended_on,
        counts_as_programme_hours=a.counts_as_programme_hours,
        items=[attendance(a.id, recorded.attended_on, e) for e in recorded.entries],
    )


def match(m: Match) -> schemas.MatchPublic:
    return schemas.MatchPublic(
        id=m.id,
        municipality=m.municipality,
        participant_id=m.participant_id,
        volunteer_id=m.volunteer_id,
        volunteer_kind=m.volunteer_kind.value,
        role=m.role.value,
        setting=m.setting.value,
        involves_minors=m.involves_minors,
        involves_developmental_disabilities=m.involves_developmental_disabilities,
        status=m.status.value,
        proposed_on=m.proposed_on,
        participant_accepted_on=m.participant_accepted_on,
        volunteer_accepted_on=m.volunteer_accepted_on,
        started_on=m.started_on,
        ended_on=m.ended_on,
        end_reason=m.end_reason.value if m.end_reason else None,
    )


def participant_profile(p: ParticipantProfile) -> schemas.ParticipantProfilePublic:
    return schemas.ParticipantProfilePublic(
        participant_id=p.participant_id,
        household_type=p.household_type,
        settlement_date=p.settlement_date,
        languages=list(p.languages),
        interests=list(p.interests),
    )


def _reasons(s: Suggestion) -> list[schemas.ReasonPublic]:
    return [schemas.ReasonPublic(code=r.code, detail=r.detail, points=r.points) for r in s.reasons]


def suggestions(found: SuggestionList) -> schemas.SuggestionsPublic:
    return schemas.SuggestionsPublic(
        participant=participant_profile(found.profile),
        volunteers=[
            schemas.VolunteerSuggestionPublic(
                volunteer_id=v.volunteer.id,
                kind=v.volunteer.kind.value,
                organisation_id=v.volunteer.organisation_id,
                roles=[r.value for r in v.volunteer.roles],
                languages=list(v.volunteer.languages),
                score=v.suggestion.score,
                reasons=_reasons(v.suggestion),
                consent_in_force=v.consent_in_force,
            )
            for v in found.volunteers
        ],
        activities=[
            schemas.ActivitySuggestionPublic(
                activity_id=a.activity.id,
                title=a.activity.title,
                kind=a.activity.kind.value,
                place=a.activity.place,
                weekday=a.activity.schedule.weekday,
                start_time=a.activity.schedule.start_time,
                score=a.suggestion.score,
                reasons=_reasons(a.suggestion),
            )
            for a in found.activities
        ],
    )
