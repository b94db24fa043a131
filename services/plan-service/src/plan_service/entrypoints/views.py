"""What the API answers: the domain's objects as the public schemas, one function each.

Plain functions of what a handler returned or a read loaded. 'Today' (a programme's
status, an overdue review or action, a consent in force) is the system clock's unless a
read gives its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.domain_errors import NotFound
from plan_service.adapters.repositories.plans import PlanVersion
from plan_service.domain.attendance import CodeList, LedgerEntry
from plan_service.domain.benefit import Basis
from plan_service.domain.codes import Section
from plan_service.domain.follow_up import Action, ContactPerson, Meeting, Review
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Activity, Contribution, Plan
from plan_service.domain.programmes import Leave
from plan_service.domain.results import Certificate, Outcome, TestResult
from plan_service.domain.sharing import Consent, SharingBasis
from plan_service.entrypoints import schemas
from plan_service.service_layer.handlers import BenefitExport

# The participant and the plan ---------------------------------------------------------


def activity(activity: Activity) -> schemas.ActivityIn:
    return schemas.ActivityIn(
        kind=activity.kind.value,
        provider_unit=activity.provider_unit,
        hours_per_week=activity.hours_per_week,
        from_date=activity.from_date,
        to_date=activity.to_date,
        counts_as_programme_hours=activity.counts_as_programme_hours,
    )


def sections(plan: Plan) -> list[schemas.SectionPublic]:
    return [
        schemas.SectionPublic(
            section=section.value,
            contributors=[
                schemas.ContributorPublic(agency=c.agency, sub=c.sub)
                for c in plan.contributors_of(section)
            ],
        )
        for section in Section
    ]


def plan(participant: Participant, today: date | None = None) -> schemas.PlanPublic | None:
    current = participant.plan
    if current is None:
        return None
    today = today or SYSTEM_CLOCK.today()
    return schemas.PlanPublic(
        version=current.version,
        end_goal=current.end_goal.value,
        norwegian_goal=current.norwegian_goal.value,
        activities=[activity(a) for a in current.activities],
        programme_hours_per_week=current.programme_hours_per_week,
        participant_group=current.participant_group.value if current.participant_group else None,
        heavy_self_study=current.heavy_self_study,
        required_hours_per_week=current.required_hours_per_week,
        full_time=current.full_time,
        sections=sections(current),
        started_on=current.started_on,
        next_review_due=participant.next_review_due(),
        review_overdue=participant.review_overdue(today),
    )


def participant(participant: Participant, today: date | None = None) -> schemas.ParticipantPublic:
    programme = participant.programme
    moved = participant.moved
    today = today or SYSTEM_CLOCK.today()
    return schemas.ParticipantPublic(
        programme_status=programme.status(today).value if programme else "not_started",
        mapping_version=participant.mapping_version,
        has_login=participant.person_sub is not None,
        id=participant.id,
        municipality=participant.municipality,
        settlement_date=participant.settlement_date,
        birth_year=participant.birth_year,
        household_type=participant.household_type.value,
        languages=list(participant.languages),
        gender=participant.gender.value,
        programme=schemas.ProgrammePublic(
            regime=programme.regime.value,
            start_date=programme.start_date,
            expected_end_date=programme.expected_end_date,
        )
        if programme
        else None,
        plan=plan(participant, today),
        moved=schemas.MovePublic(moved_on=moved.moved_on, to_municipality=moved.to_municipality)
        if moved
        else None,
    )


# The programme ------------------------------------------------------------------------


def leave(leave: Leave) -> schemas.LeavePublic:
    return schemas.LeavePublic(
        id=leave.id, from_date=leave.from_date, to_date=leave.to_date, reason=leave.reason.value
    )


def programme(participant: Participant, today: date | None = None) -> schemas.ProgrammeDetail:
    current = participant.programme
    if current is None:
        raise NotFound("The participant's programme has not started.", code="programme-not-started")
    exit = current.exit
    return schemas.ProgrammeDetail(
        regime=current.regime.value,
        start_date=current.start_date,
        expected_end_date=current.expected_end_date,
        original_expected_end_date=current.first_expected_end_date,
        status=current.status(today or SYSTEM_CLOCK.today()).value,
        extensions=[
            schemas.ExtensionPublic(
                number=e.number,
                previous_expected_end_date=e.previous_expected_end_date,
                new_expected_end_date=e.new_expected_end_date,
                reason=e.reason.value,
                decided_on=e.decided_on,
            )
            for e in current.extensions
        ],
        leaves=[leave(v) for v in current.leaves],
        exit=schemas.ExitPublic(
            completion=exit.completion.value, end_date=exit.end_date, reason=exit.reason.value
        )
        if exit
        else None,
    )


def certificate(participant: Participant, certificate: Certificate) -> schemas.CertificatePublic:
    plan = certificate.plan
    personal = participant.personal
    return schemas.CertificatePublic(
        participant_id=certificate.participant_id,
        given_name=personal.get("given_name"),
        family_name=personal.get("family_name"),
        regime=certificate.regime.value,
        start_date=certificate.start_date,
        end_date=certificate.end_date,
        first_expected_end_date=certificate.first_expected_end_date,
        extensions=certificate.extensions,
        status=certificate.completion.value,
        exit_reason=certificate.exit_reason.value,
        leave_days=certificate.leave_days,
        leaves=[leave(v) for v in certificate.leaves],
        end_goal=plan.end_goal.value if plan else None,
        norwegian_goal=plan.norwegian_goal.value if plan else None,
        activities=[activity(a) for a in plan.activities] if plan else [],
        programme_hours_per_week=plan.programme_hours_per_week if plan else None,
        norwegian_tests=[test_result(t) for t in certificate.norwegian_tests],
        best_norwegian_levels={
            s.value: v.value for s, v in certificate.best_norwegian_levels.items()
        },
        social_studies_tests=[test_result(t) for t in certificate.social_studies_tests],
        social_studies_passed=certificate.social_studies_passed,
    )


# Mapping, tests and outcomes ------------------------------------------------------------


def mapping(mapping: Mapping) -> schemas.MappingPublic:
    levels = {skill.value: level.value for skill, level in mapping.norwegian_levels.items()}
    return schemas.MappingPublic(
        version=mapping.version,
        recorded_by_agency=mapping.recorded_by_agency,
        recorded_on=mapping.recorded_on,
        education_level=mapping.education_level.value,
        work_experience_sectors=list(mapping.work_experience_sectors),
        wished_sectors=list(mapping.wished_sectors),
        interests=[i.value for i in mapping.interests],
        norwegian_levels=schemas.NorwegianLevels.model_validate(levels),
        has_driving_licence=mapping.has_driving_licence,
        childcare_needs=mapping.childcare_needs,
        notes=mapping.notes,
    )


def test_result(result: TestResult) -> schemas.TestResultPublic:
    return schemas.TestResultPublic(
        id=result.id,
        test=result.test.value,
        taken_on=result.taken_on,
        levels={skill.value: level.value for skill, level in result.levels.items()},
        passed=result.passed,
        recorded_by_agency=result.recorded_by_agency,
    )


def outcome(outcome: Outcome) -> schemas.OutcomePublic:
    return schemas.OutcomePublic(
        measured_at=outcome.measured_at.code,
        years_since_settlement=outcome.measured_at.years_since_settlement,
        status=outcome.status.value,
        status_on=outcome.status_on,
        still_in_municipality=outcome.still_in_municipality,
        recorded_by_agency=outcome.recorded_by_agency,
    )


# Consents and sharing bases -------------------------------------------------------------


def consent(consent: Consent, today: date | None = None) -> schemas.ConsentPublic:
    return schemas.ConsentPublic(
        id=consent.id,
        recipient_kind=consent.recipient_kind.value,
        recipient_id=consent.recipient_id,
        purpose=consent.purpose.value,
        granted_on=consent.granted_on,
        expires_on=consent.expires_on,
        withdrawn_on=consent.withdrawn_on,
        status=consent.status(today or SYSTEM_CLOCK.today()).value,
    )


def basis(basis: SharingBasis, today: date | None = None) -> schemas.SharingBasisPublic:
    return schemas.SharingBasisPublic(
        id=basis.id,
        agency=basis.agency,
        purpose=basis.purpose.value,
        legal_basis=basis.legal_basis.value,
        valid_from=basis.valid_from,
        valid_to=basis.valid_to,
        in_force=basis.in_force(today or SYSTEM_CLOCK.today()),
    )


# The plan's versions, contributions and reviews ----------------------------------------


def version_summary(version: PlanVersion) -> schemas.PlanVersionSummary:
    return schemas.PlanVersionSummary(
        version=version.plan.version,
        reason=version.reason,
        changed_by=version.changed_by.sub,
        changed_by_agency=version.changed_by.agency,
        changed_at=version.changed_at,
        contribution_id=version.contribution_id,
    )


def version(version: PlanVersion) -> schemas.PlanVersionPublic:
    saved = version.plan
    return schemas.PlanVersionPublic(
        **version_summary(version).model_dump(),
        end_goal=saved.end_goal.value,
        participant_group=saved.participant_group.value if saved.participant_group else None,
        norwegian_goal=saved.norwegian_goal.value,
        activities=[activity(a) for a in saved.activities],
        heavy_self_study=saved.heavy_self_study,
        programme_hours_per_week=saved.programme_hours_per_week,
        required_hours_per_week=saved.required_hours_per_week,
        full_time=saved.full_time,
        sections=sections(saved),
    )


def contribution(contribution: Contribution) -> schemas.ContributionPublic:
    proposal = contribution.proposal
    decided_by = contribution.decided_by
    return schemas.ContributionPublic(
        id=contribution.id,
        section=proposal.section.value,
        status=contribution.status.value,
        reason=contribution.reason,
        end_goal=proposal.end_goal.value if proposal.end_goal else None,
        participant_group=proposal.participant_group.value if proposal.participant_group else None,
        norwegian_goal=proposal.norwegian_goal.value if proposal.norwegian_goal else None,
        activities=[activity(a) for a in proposal.activities],
        proposed_by=contribution.proposed_by.sub,
        proposed_by_agency=contribution.proposed_by.agency,
        proposed_on=contribution.proposed_on,
        based_on_version=contribution.based_on_version,
        decided_by=decided_by.sub if decided_by else None,
        decided_by_agency=decided_by.agency if decided_by else None,
        decided_on=contribution.decided_on,
        decision_reason=contribution.decision_reason,
        resulting_version=contribution.resulting_version,
    )


def review(review: Review) -> schemas.ReviewPublic:
    return schemas.ReviewPublic(
        id=review.id,
        plan_version=review.plan_version,
        reviewed_on=review.reviewed_on,
        agencies_present=list(review.agencies_present),
        nav_present=review.nav_present,
        participant_acknowledged=review.participant_acknowledged,
        participant_disagrees=review.participant_disagrees,
        participant_comment=review.participant_comment,
        municipality_justification=review.municipality_justification,
        next_review_due=review.next_review_due,
        recorded_by_agency=review.recorded_by_agency,
    )


# Meetings, actions, contact persons -----------------------------------------------------


def action(action: Action, today: date | None = None) -> schemas.ActionPublic:
    return schemas.ActionPublic(
        id=action.id,
        participant_id=action.participant_id,
        meeting_id=action.meeting_id,
        description=action.description,
        owner_agency=action.owner_agency,
        owner_unit=action.owner_unit,
        responsibility=action.responsibility.value if action.responsibility else None,
        due_date=action.due_date,
        created_on=action.created_on,
        status=action.status.value,
        overdue=action.overdue(today or SYSTEM_CLOCK.today()),
        completed_on=action.completed_on,
        completion_note=action.completion_note,
    )


def meeting(meeting: Meeting, actions: Sequence[Action]) -> schemas.MeetingPublic:
    return schemas.MeetingPublic(
        id=meeting.id,
        kind=meeting.kind.value,
        held_on=meeting.held_on,
        attendees=[
            schemas.AttendeePublic(agency=a.agency, name=a.name, role=a.role)
            for a in meeting.attendees
        ],
        agencies_present=list(meeting.agencies_present),
        nav_present=meeting.nav_present,
        participant_present=meeting.participant_present,
        notes=meeting.notes,
        recorded_by_agency=meeting.recorded_by_agency,
        actions=[action(a) for a in actions],
    )


def held_meeting(held: tuple[Meeting, Sequence[Action]]) -> schemas.MeetingPublic:
    """A meeting just recorded, with the actions its decisions became."""
    return meeting(*held)


def contact(contact: ContactPerson) -> schemas.ContactPublic:
    return schemas.ContactPublic(
        id=contact.id,
        agency=contact.agency,
        name=contact.name,
        role=contact.role,
        phone=contact.phone,
        email=contact.email,
        assigned_on=contact.assigned_on,
        ended_on=contact.ended_on,
        handover_note=contact.handover_note,
        current=contact.current,
    )


def assigned_contact(assigned: tuple[ContactPerson, ContactPerson | None]) -> schemas.ContactPublic:
    """The contact person just assigned (not the one they replace)."""
    return contact(assigned[0])


# The ledger and the benefit -----------------------------------------------------------


def ledger_entry(
    entry: LedgerEntry, superseded_by: UUID | None = None
) -> schemas.LedgerEntryPublic:
    return schemas.LedgerEntryPublic(
        id=entry.id,
        kind=entry.kind.value,
        date=entry.on,
        hours=entry.hours,
        code=entry.code,
        effect=entry.effect.value if entry.effect is not None else None,
        corrects=entry.corrects,
        superseded_by=superseded_by,
        recorded_by=entry.recorded_by,
        recorded_by_agency=entry.recorded_by_agency,
        recorded_at=entry.recorded_at,
    )


def absence_codes(codes: CodeList) -> schemas.AbsenceCodesPublic:
    return schemas.AbsenceCodesPublic(
        items=[
            schemas.AbsenceCodePublic(code=c.code, effect=c.effect.value, label=c.label)
            for c in sorted(codes.codes.values(), key=lambda c: c.code)
        ]
    )


def benefit(basis: Basis) -> schemas.BenefitPublic:
    return schemas.BenefitPublic(
        participant_id=basis.participant_id,
        month=f"{basis.month:%Y-%m}",
        regime=basis.regime.value,
        grunnbelop=basis.g.kroner,
        grunnbelop_from=basis.g.effective,
        grunnbelop_verified=basis.g.verified,
        lines=[
            schemas.BenefitLinePublic(
                rule=line.rule,
                kind=line.kind,
                description=line.description,
                month=f"{line.of_month:%Y-%m}",
                amount_ore=line.amount_ore,
                figure_ore=line.figure_ore,
                hours=line.hours,
                entry_ids=list(line.entry_ids),
            )
            for line in basis.lines
        ],
        to_pay_ore=basis.to_pay_ore,
        exported_at=basis.exported_at,
    )


def benefit_export(done: BenefitExport) -> schemas.BenefitExportPublic:
    return schemas.BenefitExportPublic(
        month=f"{done.month:%Y-%m}",
        exported_at=done.exported_at,
        participants=done.participants,
        total_ore=done.total_ore,
    )


CSV_COLUMNS = (
    "municipality",
    "month",
    "participant_id",
    "regime",
    "line",
    "rule",
    "kind",
    "of_month",
    "hours",
    "amount_ore",
    "figure_ore",
    "entry_ids",
    "to_pay_ore",
    "exported_at",
)


def benefit_csv(municipality: str, month: date, bases: Sequence[Basis]) -> str:
    """The municipality's basis for a month, one row per line (docs/benefit.md)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for basis in bases:
        exported = basis.exported_at.isoformat() if basis.exported_at else ""
        for number, line in enumerate(basis.lines, start=1):
            writer.writerow(
                (
                    municipality,
                    f"{month:%Y-%m}",
                    basis.participant_id,
                    basis.regime.value,
                    number,
                    line.rule,
                    line.kind,
                    f"{line.of_month:%Y-%m}",
                    "" if line.hours is None else f"{line.hours:g}",
                    line.amount_ore,
                    "" if line.figure_ore is None else line.figure_ore,
                    " ".join(str(i) for i in line.entry_ids),
                    basis.to_pay_ore,
                    exported,
                )
            )
    return out.getvalue()
