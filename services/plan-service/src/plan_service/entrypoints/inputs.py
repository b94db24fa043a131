"""Request bodies -> commands: one function per command, every field named.

A write route is "build the command from the body, run it, answer with the view"; the
building lives here, so routes stay a few lines and every command is built by keyword.
The caller comes from the verified token (``caller_of``). New ids of value objects (a
leave) are made here, once per request: an idempotent replay answers with the first
request's ids. A date left out stays None: the handler takes it as the unit of work's
today.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from helhet_common.auth import Principal, check_municipality_claim
from helhet_common.errors import InvalidInput
from helhet_common.ids import uuid7
from helhet_common.municipalities import is_known
from plan_service.domain.attendance import CodeList, EntryKind
from plan_service.domain.benefit import GTable
from plan_service.domain.codes import (
    ActionStatus,
    ActivityKind,
    CefrLevel,
    Completion,
    ConsentPurpose,
    EducationLevel,
    EndGoal,
    ExitReason,
    ExtensionReason,
    Gender,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    ParticipantGroup,
    RecipientKind,
    Regime,
    Responsibility,
    Section,
    SharingPurpose,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import Attendee
from plan_service.domain.plans import Activity, SectionProposal
from plan_service.domain.programmes import Leave
from plan_service.domain.sharing import Caller
from plan_service.entrypoints import schemas
from plan_service.service_layer import commands


def caller_of(principal: Principal) -> Caller:
    """Who is asking, as the domain sees it: the change with the purpose it names
    (``deps.naming_purpose``), or an agency system's configured purpose when it names
    none; its sharing basis must be for that purpose, as for its reads."""
    return Caller(
        sub=principal.sub,
        municipality=principal.municipality,
        agency=principal.agency,
        roles=frozenset(principal.roles),
        purpose=principal.purpose,
    )


# -- value objects --------------------------------------------------------------------------


def activity(activity: schemas.ActivityIn) -> Activity:
    return Activity(
        kind=ActivityKind(activity.kind),
        provider_unit=activity.provider_unit,
        hours_per_week=activity.hours_per_week,
        from_date=activity.from_date,
        to_date=activity.to_date,
        counts_as_programme_hours=activity.counts_as_programme_hours,
    )


def decision(body: schemas.DecisionIn) -> commands.Decision:
    return commands.Decision(
        description=body.description,
        owner_agency=body.owner_agency,
        owner_unit=body.owner_unit,
        due_date=body.due_date,
        responsibility=Responsibility(body.responsibility) if body.responsibility else None,
    )


# -- the participant, the programme, the plan ------------------------------------------------


def settle_participant(
    body: schemas.ParticipantCreate, *, caller: Principal
) -> commands.SettleParticipant:
    """A known municipality (else 422), and the caller's own (else 403)."""
    if not is_known(body.municipality):
        raise InvalidInput(
            f"Unknown municipality {body.municipality}.",
            code="unknown-municipality",
            errors=[{"location": ["body", "municipality"], "message": "unknown municipality"}],
        )
    check_municipality_claim(caller, body.municipality)
    personal = {
        k: v for k, v in (("given_name", body.given_name), ("family_name", body.family_name)) if v
    }
    return commands.SettleParticipant(
        municipality=body.municipality,
        settlement_date=body.settlement_date,
        birth_year=body.birth_year,
        household_type=HouseholdType(body.household_type),
        languages=tuple(body.languages),
        personal=personal,
        person_sub=body.person_sub,
        gender=Gender(body.gender),
        caller=caller_of(caller),
    )


def start_programme(
    body: schemas.ProgrammeStart, *, participant_id: UUID, caller: Principal
) -> commands.StartProgramme:
    return commands.StartProgramme(
        participant_id=participant_id,
        municipality=caller.municipality,
        regime=Regime(body.regime),
        start_date=body.start_date,
        expected_end_date=body.expected_end_date,
        caller=caller_of(caller),
    )


def update_plan(
    body: schemas.PlanPut, *, participant_id: UUID, caller: Principal
) -> commands.UpdatePlan:
    return commands.UpdatePlan(
        participant_id=participant_id,
        municipality=caller.municipality,
        expected_version=body.version,
        end_goal=EndGoal(body.end_goal),
        norwegian_goal=CefrLevel(body.norwegian_goal),
        activities=tuple(activity(a) for a in body.activities),
        participant_group=ParticipantGroup(body.participant_group)
        if body.participant_group
        else None,
        heavy_self_study=body.heavy_self_study,
        reason=body.reason,
        caller=caller_of(caller),
    )


def link_national_id(
    body: schemas.NationalIdPut, *, participant_id: UUID, caller: Principal
) -> commands.LinkNationalId:
    return commands.LinkNationalId(
        caller=caller_of(caller), participant_id=participant_id, national_id=body.national_id
    )


def move_away(
    body: schemas.MoveCreate, *, participant_id: UUID, caller: Principal
) -> commands.MoveAway:
    return commands.MoveAway(
        caller=caller_of(caller),
        participant_id=participant_id,
        moved_on=body.moved_on,
        to_municipality=body.to_municipality,
    )


# -- the programme after its start -------------------------------------------------------------


def extend_programme(
    body: schemas.ExtensionCreate, *, participant_id: UUID, caller: Principal
) -> commands.ExtendProgramme:
    return commands.ExtendProgramme(
        caller=caller_of(caller),
        participant_id=participant_id,
        new_expected_end_date=body.new_expected_end_date,
        reason=ExtensionReason(body.reason),
        decided_on=body.decided_on,
    )


def record_leave(
    body: schemas.LeaveCreate, *, participant_id: UUID, caller: Principal
) -> commands.RecordLeave:
    return commands.RecordLeave(
        caller=caller_of(caller),
        participant_id=participant_id,
        leave=Leave(
            id=uuid7(),
            from_date=body.from_date,
            to_date=body.to_date,
            reason=LeaveReason(body.reason),
            recorded_by=caller.sub,
        ),
    )


def end_programme(
    body: schemas.ExitCreate, *, participant_id: UUID, caller: Principal
) -> commands.EndProgramme:
    return commands.EndProgramme(
        caller=caller_of(caller),
        participant_id=participant_id,
        completion=Completion(body.completion),
        end_date=body.end_date,
        reason=ExitReason(body.reason),
    )


# -- mapping, tests, outcomes ----------------------------------------------------------------


def record_mapping(
    body: schemas.MappingCreate, *, participant_id: UUID, caller: Principal
) -> commands.RecordMapping:
    levels = body.norwegian_levels.model_dump()
    return commands.RecordMapping(
        caller=caller_of(caller),
        participant_id=participant_id,
        recorded_by_agency=caller.agency,
        recorded_on=body.recorded_on,
        education_level=EducationLevel(body.education_level),
        work_experience_sectors=tuple(body.work_experience_sectors),
        wished_sectors=tuple(body.wished_sectors),
        interests=tuple(Interest(i) for i in body.interests),
        norwegian_levels={Skill(k): LanguageLevel(v) for k, v in levels.items()},
        has_driving_licence=body.has_driving_licence,
        childcare_needs=body.childcare_needs,
        notes=body.notes,
    )


def record_test_result(
    body: schemas.TestResultCreate, *, participant_id: UUID, caller: Principal
) -> commands.RecordTestResult:
    levels = body.levels.model_dump(exclude_none=True) if body.levels else {}
    return commands.RecordTestResult(
        caller=caller_of(caller),
        participant_id=participant_id,
        test=TestKind(body.test),
        taken_on=body.taken_on,
        levels={Skill(k): LanguageLevel(v) for k, v in levels.items()},
        passed=body.passed,
    )


def record_outcome(
    body: schemas.OutcomeCreate, *, participant_id: UUID, caller: Principal
) -> commands.RecordOutcome:
    return commands.RecordOutcome(
        caller=caller_of(caller),
        participant_id=participant_id,
        measured_at=MeasurePoint.year(body.years_since_settlement)
        if isinstance(body, schemas.OutcomeYearCreate)
        else MeasurePoint(body.measured_at),
        status=OutcomeStatus(body.status),
        status_on=body.status_on,
        still_in_municipality=body.still_in_municipality,
    )


# -- consents and sharing bases --------------------------------------------------------------


def grant_consent(
    body: schemas.ConsentCreate, *, participant_id: UUID, caller: Principal
) -> commands.GrantConsent:
    return commands.GrantConsent(
        caller=caller_of(caller),
        participant_id=participant_id,
        recipient_kind=RecipientKind(body.recipient_kind),
        recipient_id=body.recipient_id,
        purpose=ConsentPurpose(body.purpose),
        granted_on=body.granted_on,
        expires_on=body.expires_on,
    )


def withdraw_consent(
    body: schemas.ConsentWithdrawal, *, participant_id: UUID, consent_id: UUID, caller: Principal
) -> commands.WithdrawConsent:
    return commands.WithdrawConsent(
        caller=caller_of(caller),
        participant_id=participant_id,
        consent_id=consent_id,
        withdrawn_on=body.withdrawn_on,
    )


def record_sharing_basis(
    body: schemas.SharingBasisCreate, *, participant_id: UUID, caller: Principal
) -> commands.RecordSharingBasis:
    return commands.RecordSharingBasis(
        caller=caller_of(caller),
        participant_id=participant_id,
        agency=body.agency,
        purpose=SharingPurpose(body.purpose),
        legal_basis=LegalBasis(body.legal_basis),
        valid_from=body.valid_from,
        valid_to=body.valid_to,
    )


# -- the plan as a shared document -------------------------------------------------------------


def propose_contribution(
    body: schemas.ContributionCreate, *, participant_id: UUID, caller: Principal
) -> commands.ProposeContribution:
    return commands.ProposeContribution(
        caller=caller_of(caller),
        participant_id=participant_id,
        proposal=SectionProposal(
            section=Section(body.section),
            end_goal=EndGoal(body.end_goal) if body.end_goal else None,
            participant_group=ParticipantGroup(body.participant_group)
            if body.participant_group
            else None,
            norwegian_goal=CefrLevel(body.norwegian_goal) if body.norwegian_goal else None,
            activities=tuple(activity(a) for a in body.activities),
        ),
        reason=body.reason,
    )


def accept_contribution(
    body: schemas.ContributionAcceptance,
    *,
    participant_id: UUID,
    contribution_id: UUID,
    caller: Principal,
) -> commands.AcceptContribution:
    return commands.AcceptContribution(
        caller=caller_of(caller),
        participant_id=participant_id,
        contribution_id=contribution_id,
        reason=body.reason,
    )


def reject_contribution(
    body: schemas.ContributionRejection,
    *,
    participant_id: UUID,
    contribution_id: UUID,
    caller: Principal,
) -> commands.RejectContribution:
    return commands.RejectContribution(
        caller=caller_of(caller),
        participant_id=participant_id,
        contribution_id=contribution_id,
        reason=body.reason,
    )


def review_plan(
    body: schemas.ReviewCreate, *, participant_id: UUID, caller: Principal
) -> commands.ReviewPlan:
    return commands.ReviewPlan(
        caller=caller_of(caller),
        participant_id=participant_id,
        reviewed_on=body.reviewed_on,
        agencies_present=tuple(body.agencies_present),
        participant_acknowledged=body.participant_acknowledged,
        participant_disagrees=body.participant_disagrees,
        participant_comment=body.participant_comment,
        municipality_justification=body.municipality_justification,
        next_review_due=body.next_review_due,
    )


# -- meetings, actions, contact persons ---------------------------------------------------------


def hold_meeting(
    body: schemas.MeetingCreate, *, participant_id: UUID, caller: Principal
) -> commands.HoldMeeting:
    return commands.HoldMeeting(
        caller=caller_of(caller),
        participant_id=participant_id,
        kind=MeetingKind(body.kind),
        held_on=body.held_on,
        attendees=tuple(
            Attendee(agency=a.agency, name=a.name, role=a.role) for a in body.attendees
        ),
        participant_present=body.participant_present,
        notes=body.notes,
        decisions=tuple(decision(d) for d in body.decisions),
    )


def create_action(
    body: schemas.ActionCreate, *, participant_id: UUID, caller: Principal
) -> commands.CreateAction:
    return commands.CreateAction(
        caller=caller_of(caller),
        participant_id=participant_id,
        decision=decision(body),
        created_on=body.created_on,
    )


def complete_action(
    body: schemas.ActionCompletion, *, participant_id: UUID, action_id: UUID, caller: Principal
) -> commands.CompleteAction:
    return commands.CompleteAction(
        caller=caller_of(caller),
        participant_id=participant_id,
        action_id=action_id,
        outcome=ActionStatus(body.outcome),
        completed_on=body.completed_on,
        note=body.note,
    )


def assign_contact(
    body: schemas.ContactCreate, *, participant_id: UUID, caller: Principal
) -> commands.AssignContact:
    return commands.AssignContact(
        caller=caller_of(caller),
        participant_id=participant_id,
        agency=body.agency,
        name=body.name,
        role=body.role,
        phone=body.phone,
        email=body.email,
        assigned_on=body.assigned_on,
        handover_note=body.handover_note,
    )


def record_ledger_entry(
    body: schemas.LedgerEntryCreate, *, participant_id: UUID, caller: Principal, codes: CodeList
) -> commands.RecordLedgerEntry:
    return commands.RecordLedgerEntry(
        caller=caller_of(caller),
        participant_id=participant_id,
        entry_id=uuid7(),
        kind=EntryKind(body.kind),
        on=body.date,
        minutes=round(body.hours * 60),
        code=body.code,
        codes=codes,
        corrects=body.corrects,
    )


def export_benefit_month(
    body: schemas.BenefitExportCreate, *, caller: Principal, g_table: GTable
) -> commands.ExportBenefitMonth:
    return commands.ExportBenefitMonth(
        caller=caller_of(caller), month=month_of(body.month), g_table=g_table
    )


def month_of(text: str) -> date:
    """``YYYY-MM`` (already matched against the pattern) as the month's first day."""
    return date(int(text[:4]), int(text[5:7]), 1)
