"""Request bodies -> commands: one function per command, every field named.

A write route is "build the command from the body, run it, answer with the view"; the
building lives here, so routes stay a few lines and every command is built by keyword.
New ids of value objects (a location, a contact person) are made here, once per request:
an idempotent replay answers with the first request's ids.
"""

from __future__ import annotations

from uuid import UUID

from helhet_common.absence_codes import CodeList
from helhet_common.auth import Principal
from helhet_common.ids import uuid7
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
    HistoryKind,
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
    Location,
    MunicipalContact,
)
from placement_service.domain.openings import Schedule
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement
from placement_service.entrypoints import schemas
from placement_service.service_layer import commands

# -- value objects --------------------------------------------------------------------------


def agreement(a: schemas.AgreementIn) -> Agreement:
    return Agreement(
        kind=AgreementKind(a.kind),
        anchored_at=Anchoring(a.anchored_at),
        signed_on=a.signed_on,
        valid_to=a.valid_to,
    )


def responsible(r: schemas.MunicipalContactIn | None) -> MunicipalContact | None:
    if r is None:
        return None
    return MunicipalContact(name=r.name, unit=r.unit, phone=r.phone, email=r.email)


def location(loc: schemas.LocationIn) -> Location:
    point = (
        GeoPoint(latitude=loc.point.latitude, longitude=loc.point.longitude) if loc.point else None
    )
    return Location(
        id=uuid7(),
        name=loc.name,
        address=loc.address,
        point=point,
        public_transport=loc.public_transport,
    )


def contact(c: schemas.ContactIn) -> ContactPerson:
    return ContactPerson(
        id=uuid7(),
        name=c.name,
        role=ContactRole(c.role),
        phone=c.phone,
        email=c.email,
        login_sub=c.login_sub,
    )


def home(body: schemas.MatchRequest) -> GeoPoint | None:
    if body.home is None:
        return None
    return GeoPoint(latitude=body.home.latitude, longitude=body.home.longitude)


# -- employers ------------------------------------------------------------------------------


def register_employer(
    body: schemas.EmployerCreate, *, caller: Principal
) -> commands.RegisterEmployer:
    return commands.RegisterEmployer(
        municipality=caller.municipality,
        org_number=body.org_number,
        name=body.name,
        sector=body.sector,
        nace_code=body.nace_code,
        ownership=Ownership(body.ownership),
        capacity_cap=body.capacity_cap,
        agreement=agreement(body.agreement),
        responsible=responsible(body.responsible),
        locations=tuple(location(x) for x in body.locations),
        contacts=tuple(contact(x) for x in body.contacts),
    )


def update_employer(
    body: schemas.EmployerUpdate, *, employer_id: UUID, caller: Principal
) -> commands.UpdateEmployer:
    return commands.UpdateEmployer(
        employer_id=employer_id,
        municipality=caller.municipality,
        expected_version=body.version,
        name=body.name,
        capacity_cap=body.capacity_cap,
        # ``capacity_cap: null`` removes the cap, as ``remove_capacity_cap: true`` does.
        clear_capacity_cap=bool(body.remove_capacity_cap)
        or ("capacity_cap" in body.model_fields_set and body.capacity_cap is None),
        agreement=agreement(body.agreement) if body.agreement else None,
        responsible=responsible(body.responsible),
    )


def add_location(
    body: schemas.LocationIn, *, employer_id: UUID, caller: Principal
) -> commands.AddLocation:
    return commands.AddLocation(
        employer_id=employer_id, municipality=caller.municipality, location=location(body)
    )


def add_contact(
    body: schemas.ContactIn, *, employer_id: UUID, caller: Principal
) -> commands.AddContact:
    return commands.AddContact(
        employer_id=employer_id,
        municipality=caller.municipality,
        contact=contact(body),
        recorded_by=caller.sub,
    )


def record_contact_left(
    body: schemas.ContactLeft, *, employer_id: UUID, contact_id: UUID, caller: Principal
) -> commands.RecordContactLeft:
    return commands.RecordContactLeft(
        employer_id=employer_id,
        municipality=caller.municipality,
        contact_id=contact_id,
        left_on=body.left_on,
        recorded_by=caller.sub,
    )


def log_employer_history(
    body: schemas.HistoryIn, *, employer_id: UUID, caller: Principal
) -> commands.LogEmployerHistory:
    return commands.LogEmployerHistory(
        employer_id=employer_id,
        municipality=caller.municipality,
        occurred_on=body.occurred_on,
        kind=HistoryKind(body.kind),
        summary=body.summary,
        recorded_by=caller.sub,
        participant_id=body.participant_id,
    )


# -- openings -------------------------------------------------------------------------------


def publish_opening(body: schemas.OpeningCreate, *, caller: Principal) -> commands.PublishOpening:
    s = body.schedule
    return commands.PublishOpening(
        municipality=caller.municipality,
        employer_id=body.employer_id,
        location_id=body.location_id,
        kind=OpeningKind(body.kind),
        sector=body.sector,
        title=body.title,
        schedule=Schedule(
            days=tuple(Weekday(d) for d in s.days),
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            hours_per_week=s.hours_per_week,
        ),
        language_requirements={Skill(k): v for k, v in body.language_requirements.items()},
        capacity=body.capacity,
        created_by_municipality=body.created_by_municipality,
    )


def close_opening(
    body: schemas.OpeningClose, *, opening_id: UUID, caller: Principal
) -> commands.CloseOpening:
    return commands.CloseOpening(
        opening_id=opening_id, municipality=caller.municipality, reason=body.reason
    )


# -- placements -----------------------------------------------------------------------------


def start_placement(body: schemas.PlacementCreate, *, caller: Principal) -> commands.StartPlacement:
    la, fp = body.language_agreement, body.follow_up_plan
    return commands.StartPlacement(
        municipality=caller.municipality,
        participant_id=body.participant_id,
        opening_id=body.opening_id,
        purpose=Purpose(body.purpose),
        learning_goals=tuple(body.learning_goals),
        language_agreement=LanguageAgreement(
            levels={Skill(k): v for k, v in la.levels.items()},
            assessment=AssessmentMethod(la.assessment),
        ),
        follow_up_plan=FollowUpPlan(
            every_days=fp.every_days,
            by_unit=fp.by_unit,
            employer_contact_id=fp.employer_contact_id,
        ),
        start_date=body.start_date,
        planned_end=body.planned_end,
    )


def change_kind(
    body: schemas.KindChangeIn, *, placement_id: UUID, caller: Principal
) -> commands.ChangeKind:
    return commands.ChangeKind(
        placement_id=placement_id,
        municipality=caller.municipality,
        to_kind=OpeningKind(body.to_kind),
        effective_date=body.effective_date,
        reason=body.reason,
        follow_up_by_unit=body.follow_up_by_unit,
    )


def log_follow_up(
    body: schemas.FollowUpIn, *, placement_id: UUID, caller: Principal
) -> commands.LogFollowUp:
    return commands.LogFollowUp(
        placement_id=placement_id,
        municipality=caller.municipality,
        visited_on=body.visited_on,
        kind=FollowUpKind(body.kind),
        by_unit=body.by_unit,
        outcome=FollowUpOutcome(body.outcome),
        note=body.note,
    )


def log_hours(body: schemas.HoursIn, *, placement_id: UUID, caller: Principal) -> commands.LogHours:
    return commands.LogHours(
        placement_id=placement_id,
        municipality=caller.municipality,
        entries=tuple(
            commands.HoursLine(
                worked_on=e.worked_on, hours=e.hours, confirmed=e.confirmed_by_employer
            )
            for e in body.entries
        ),
    )


def record_attendance(
    body: schemas.AttendanceIn, *, placement_id: UUID, caller: Principal, codes: CodeList
) -> commands.RecordAttendance:
    return commands.RecordAttendance(
        placement_id=placement_id,
        municipality=caller.municipality,
        entry_id=uuid7(),
        on=body.date,
        kind=body.kind,
        minutes=round(body.hours * 60),
        code=body.code,
        codes=codes,
        recorded_by=caller.sub,
        recorded_by_agency=caller.agency,
    )


def extend_placement(
    body: schemas.ExtensionIn, *, placement_id: UUID, caller: Principal
) -> commands.ExtendPlacement:
    return commands.ExtendPlacement(
        placement_id=placement_id,
        municipality=caller.municipality,
        new_end=body.new_end,
        reason=ExtensionReason(body.reason),
    )


def link_nav_measure(
    body: schemas.NavMeasureIn, *, placement_id: UUID, caller: Principal
) -> commands.LinkNavMeasure:
    return commands.LinkNavMeasure(
        placement_id=placement_id,
        municipality=caller.municipality,
        type=NavMeasureType(body.type),
        role=NavMeasureRole(body.role),
        period_from=body.period_from,
        period_to=body.period_to,
        rate_percent=body.rate_percent,
    )


def end_placement(
    body: schemas.PlacementEnd, *, placement_id: UUID, caller: Principal
) -> commands.EndPlacement:
    return commands.EndPlacement(
        placement_id=placement_id,
        municipality=caller.municipality,
        actual_end=body.actual_end,
        reason=EndReason(body.reason),
        next_step=NextStep(body.next_step),
    )


def match_openings(
    body: schemas.MatchRequest, *, participant_id: UUID, caller: Principal
) -> commands.MatchOpenings:
    return commands.MatchOpenings(
        municipality=caller.municipality, participant_id=participant_id, home=home(body)
    )
