"""Command handlers: ``async def handler(command, uow) -> result``, one per command.

A handler loads through the unit of work's repositories (the participant as the caller
may see them: another municipality's participant, or one the caller has no basis for,
is simply not found), checks who may decide, applies the domain rule with
``uow.clock``'s today, and stores the result. It neither commits nor tracks: the command
runner commits, and the repositories have recorded whatever they handed out, so the
events the aggregates recorded reach the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from helhet_common.domain_errors import Conflict, NotAllowed
from helhet_common.ids import uuid7
from plan_service.domain.attendance import LedgerEntry, check_not_corrected
from plan_service.domain.benefit import first_of
from plan_service.domain.codes import DataCategory
from plan_service.domain.follow_up import Action, ContactPerson, Meeting, Review, assign_contact
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Participant
from plan_service.domain.plans import SYSTEM, Contribution
from plan_service.domain.programmes import Exit, Programme
from plan_service.domain.results import Outcome, TestResult
from plan_service.domain.sharing import REFUGEE_SERVICE, Caller, Consent, SharingBasis
from plan_service.service_layer import commands
from plan_service.service_layer.access import (
    contributor_of,
    load,
    load_for,
    require_owner_or_self,
    require_plan_editor,
    require_programme_owner,
)
from plan_service.service_layer.benefit import bases_of_municipality, programme_period
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

# The participant, the programme, the plan ---------------------------------------------


async def settle_participant(
    command: commands.SettleParticipant, uow: PlanUnitOfWork
) -> Participant:
    participant = Participant.settle(
        participant_id=command.participant_id or uuid7(),
        municipality=command.municipality,
        settlement_date=command.settlement_date,
        birth_year=command.birth_year,
        household_type=command.household_type,
        languages=command.languages,
        personal=command.personal,
        person_sub=command.person_sub,
        gender=command.gender,
        today=uow.clock.today(),
    )
    if command.caller is not None:
        require_programme_owner(command.caller)
    await uow.participants.add(participant)
    return participant


async def start_programme(command: commands.StartProgramme, uow: PlanUnitOfWork) -> Participant:
    participant = await load(
        uow, command.participant_id, municipality=command.municipality, caller=command.caller
    )
    if command.caller is not None:
        require_programme_owner(command.caller)
    participant.start_programme(
        Programme(
            regime=command.regime,
            start_date=command.start_date,
            expected_end_date=command.expected_end_date,
        )
    )
    await uow.participants.save(participant)
    return participant


async def update_plan(command: commands.UpdatePlan, uow: PlanUnitOfWork) -> Participant:
    participant = await load(
        uow,
        command.participant_id,
        municipality=command.municipality,
        caller=command.caller,
        category=DataCategory.PLAN,
    )
    if command.caller is not None:
        require_plan_editor(command.caller)
    participant.update_plan(
        expected_version=command.expected_version,
        end_goal=command.end_goal,
        norwegian_goal=command.norwegian_goal,
        activities=command.activities,
        participant_group=command.participant_group,
        heavy_self_study=command.heavy_self_study,
        reason=command.reason,
        editor=contributor_of(command.caller) if command.caller else SYSTEM,
        today=uow.clock.today(),
    )
    await uow.participants.save(participant)
    return participant


async def link_login(command: commands.LinkLogin, uow: PlanUnitOfWork) -> Participant:
    participant = await uow.participants.get(
        command.participant_id, municipality=command.municipality
    )
    if participant.person_sub is None:
        participant.link_login(command.person_sub)
        await uow.participants.save(participant)
    return participant


async def set_gender(command: commands.SetGender, uow: PlanUnitOfWork) -> Participant:
    """The programme owner sets the coarse gender (statistics only)."""
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    participant.set_gender(command.gender, today=uow.clock.today())
    await uow.participants.save(participant)
    return participant


async def link_national_id(command: commands.LinkNationalId, uow: PlanUnitOfWork) -> Participant:
    """The programme owner links the number; one number, one participant (409)."""
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    owner = await uow.participants.national_id_owner(command.national_id)
    if owner is not None and owner != participant.id:
        raise Conflict(
            "This national identity number is linked to another participant.",
            code="national-id-linked-elsewhere",
        )
    if owner is None:
        await uow.participants.link_national_id(
            participant.id, command.national_id, uow.clock.now()
        )
    return participant


async def move_away(command: commands.MoveAway, uow: PlanUnitOfWork) -> Participant:
    today = uow.clock.today()
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    participant.move_away(
        moved_on=command.moved_on or today, to_municipality=command.to_municipality, today=today
    )
    await uow.participants.save(participant)
    return participant


# The programme after its start ------------------------------------------------------


async def extend_programme(command: commands.ExtendProgramme, uow: PlanUnitOfWork) -> Participant:
    today = uow.clock.today()
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    participant.extend_programme(
        new_expected_end_date=command.new_expected_end_date,
        reason=command.reason,
        decided_on=command.decided_on or today,
        recorded_by=command.caller.sub,
        today=today,
    )
    await uow.participants.save(participant)
    return participant


async def record_leave(command: commands.RecordLeave, uow: PlanUnitOfWork) -> Participant:
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    participant.record_leave(command.leave)
    await uow.participants.save(participant)
    return participant


async def end_programme(command: commands.EndProgramme, uow: PlanUnitOfWork) -> Participant:
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    participant.end_programme(
        Exit(completion=command.completion, end_date=command.end_date, reason=command.reason),
        today=uow.clock.today(),
    )
    await uow.participants.save(participant)
    return participant


# Mapping, tests, outcomes -----------------------------------------------------------


async def record_mapping(command: commands.RecordMapping, uow: PlanUnitOfWork) -> Mapping:
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.MAPPING
    )
    today = uow.clock.today()
    mapping = participant.record_mapping(
        Mapping(
            recorded_by_agency=command.recorded_by_agency,
            recorded_on=command.recorded_on or today,
            education_level=command.education_level,
            work_experience_sectors=command.work_experience_sectors,
            wished_sectors=command.wished_sectors,
            interests=command.interests,
            norwegian_levels=dict(command.norwegian_levels),
            has_driving_licence=command.has_driving_licence,
            childcare_needs=command.childcare_needs,
            notes=command.notes,
        ),
        today=today,
    )
    await uow.participants.add_mapping(participant.id, mapping, recorded_by=command.caller.sub)
    return mapping


async def record_test_result(command: commands.RecordTestResult, uow: PlanUnitOfWork) -> TestResult:
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.RESULTS
    )
    result = TestResult(
        id=uuid7(),
        test=command.test,
        taken_on=command.taken_on,
        recorded_by_agency=command.caller.agency,
        levels=dict(command.levels),
        passed=command.passed,
    )
    participant.record_test_result(result, today=uow.clock.today())
    await uow.participants.add_test_result(participant.id, result, recorded_by=command.caller.sub)
    return result


async def record_outcome(command: commands.RecordOutcome, uow: PlanUnitOfWork) -> Outcome:
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.RESULTS
    )
    outcome = Outcome(
        measured_at=command.measured_at,
        status=command.status,
        status_on=command.status_on,
        recorded_by_agency=command.caller.agency,
        recorded_by=command.caller.sub,
        still_in_municipality=command.still_in_municipality,
    )
    participant.record_outcome(outcome, today=uow.clock.today())
    await uow.participants.save(participant)
    return outcome


# Consent and sharing bases ------------------------------------------------------------


async def grant_consent(command: commands.GrantConsent, uow: PlanUnitOfWork) -> Consent:
    today = uow.clock.today()
    participant = await load_for(uow, command.caller, command.participant_id)
    require_owner_or_self(command.caller, participant)
    consent = Consent.grant(
        consent_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        recipient_kind=command.recipient_kind,
        recipient_id=command.recipient_id,
        purpose=command.purpose,
        granted_on=command.granted_on or today,
        expires_on=command.expires_on,
        recorded_by=command.caller.sub,
        today=today,
    )
    await uow.consents.add(consent)
    return consent


async def withdraw_consent(command: commands.WithdrawConsent, uow: PlanUnitOfWork) -> Consent:
    today = uow.clock.today()
    participant = await load_for(uow, command.caller, command.participant_id)
    require_owner_or_self(command.caller, participant)
    consent = await uow.consents.of_participant(
        participant.id, command.consent_id, municipality=participant.municipality
    )
    consent.withdraw(withdrawn_on=command.withdrawn_on or today, today=today)
    await uow.consents.save(consent)
    return consent


async def announce_lapsed_consents(
    command: commands.AnnounceLapsedConsents, uow: PlanUnitOfWork
) -> list[Consent]:
    """Each consent that expired by today and was not withdrawn is announced once
    (``ConsentExpired``): the services that hold data on its basis end what it covered."""
    today = uow.clock.today()
    lapsed = await uow.consents.lapsed(today, limit=command.limit)
    for consent in lapsed:
        consent.announce_lapse(today=today)
        await uow.consents.save(consent)
    return lapsed


async def record_sharing_basis(
    command: commands.RecordSharingBasis, uow: PlanUnitOfWork
) -> SharingBasis:
    today = uow.clock.today()
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    basis = SharingBasis.record(
        basis_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        agency=command.agency,
        purpose=command.purpose,
        legal_basis=command.legal_basis,
        valid_from=command.valid_from or today,
        valid_to=command.valid_to,
        recorded_by=command.caller.sub,
        existing=await uow.sharing_bases.of_participant(participant.id, agency=command.agency),
    )
    await uow.sharing_bases.add(basis)
    return basis


# The plan as a shared document ----------------------------------------------------------


async def propose_contribution(
    command: commands.ProposeContribution, uow: PlanUnitOfWork
) -> Contribution:
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.PLAN
    )
    contribution = participant.propose_contribution(
        contribution_id=uuid7(),
        proposal=command.proposal,
        reason=command.reason,
        proposed_by=contributor_of(command.caller),
        today=uow.clock.today(),
    )
    await uow.contributions.add(contribution)
    return contribution


async def accept_contribution(
    command: commands.AcceptContribution, uow: PlanUnitOfWork
) -> Contribution:
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.PLAN
    )
    require_plan_editor(command.caller)
    contribution = await uow.contributions.of_participant(
        participant.id, command.contribution_id, municipality=participant.municipality
    )
    participant.accept_contribution(
        contribution,
        editor=contributor_of(command.caller),
        reason=command.reason,
        today=uow.clock.today(),
    )
    await uow.participants.save(participant)
    await uow.contributions.save(contribution)
    return contribution


async def reject_contribution(
    command: commands.RejectContribution, uow: PlanUnitOfWork
) -> Contribution:
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.PLAN
    )
    require_plan_editor(command.caller)
    contribution = await uow.contributions.of_participant(
        participant.id, command.contribution_id, municipality=participant.municipality
    )
    contribution.reject(
        editor=contributor_of(command.caller), reason=command.reason, today=uow.clock.today()
    )
    await uow.contributions.save(contribution)
    return contribution


async def review_plan(command: commands.ReviewPlan, uow: PlanUnitOfWork) -> Review:
    today = uow.clock.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.PLAN
    )
    require_plan_editor(command.caller)
    review = participant.review_plan(
        review_id=uuid7(),
        reviewed_on=command.reviewed_on or today,
        agencies_present=command.agencies_present,
        participant_acknowledged=command.participant_acknowledged,
        participant_disagrees=command.participant_disagrees,
        participant_comment=command.participant_comment,
        municipality_justification=command.municipality_justification,
        next_review_due=command.next_review_due,
        recorded_by_agency=command.caller.agency,
        today=today,
    )
    await uow.plans.add_review(participant.id, review, recorded_by=command.caller.sub)
    return review


# Meetings, actions, contact persons ---------------------------------------------------


def _decided(
    participant: Participant,
    decision: commands.Decision,
    *,
    created_on: date,
    meeting_id: UUID | None,
    by: Caller,
    today: date,
) -> Action:
    """The action a decision becomes."""
    return Action.create(
        action_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        description=decision.description,
        owner_agency=decision.owner_agency,
        owner_unit=decision.owner_unit,
        due_date=decision.due_date,
        created_on=created_on,
        meeting_id=meeting_id,
        responsibility=decision.responsibility,
        recorded_by=by.sub,
        settled_on=participant.settlement_date,
        today=today,
    )


async def hold_meeting(
    command: commands.HoldMeeting, uow: PlanUnitOfWork
) -> tuple[Meeting, list[Action]]:
    """The meeting and the actions its decisions became (published in that order)."""
    today = uow.clock.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.MEETINGS
    )
    participant.check_open_for_changes()
    meeting = Meeting.hold(
        meeting_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        kind=command.kind,
        held_on=command.held_on,
        attendees=command.attendees,
        participant_present=command.participant_present,
        notes=command.notes,
        recorded_by_agency=command.caller.agency,
        recorded_by=command.caller.sub,
        settled_on=participant.settlement_date,
        today=today,
    )
    actions = [
        _decided(
            participant,
            decision,
            created_on=meeting.held_on,
            meeting_id=meeting.id,
            by=command.caller,
            today=today,
        )
        for decision in command.decisions
    ]
    await uow.meetings.add(meeting)
    for action in actions:
        await uow.actions.add(action)
    return meeting, actions


async def create_action(command: commands.CreateAction, uow: PlanUnitOfWork) -> Action:
    today = uow.clock.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.MEETINGS
    )
    participant.check_open_for_changes()
    action = _decided(
        participant,
        command.decision,
        created_on=command.created_on or today,
        meeting_id=None,
        by=command.caller,
        today=today,
    )
    await uow.actions.add(action)
    return action


async def complete_action(command: commands.CompleteAction, uow: PlanUnitOfWork) -> Action:
    """Done or cancelled, by the owning agency or the programme owner."""
    today = uow.clock.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, category=DataCategory.MEETINGS
    )
    action = await uow.actions.of_participant(
        participant.id, command.action_id, municipality=participant.municipality
    )
    if command.caller.agency not in (REFUGEE_SERVICE, action.owner_agency):
        raise NotAllowed(
            "Only the owning agency or the programme owner may complete the action.",
            code="action-owner-only",
        )
    action.complete(
        outcome=command.outcome,
        completed_on=command.completed_on or today,
        note=command.note,
        completed_by=command.caller.sub,
        today=today,
    )
    await uow.actions.save(action)
    return action


async def assign_contact_person(
    command: commands.AssignContact, uow: PlanUnitOfWork
) -> tuple[ContactPerson, ContactPerson | None]:
    """The new contact person, and the one they replace (if any)."""
    today = uow.clock.today()
    caller = command.caller
    participant = await load_for(
        uow, caller, command.participant_id, category=DataCategory.CONTACTS
    )
    if caller.agency not in (REFUGEE_SERVICE, command.agency):
        raise NotAllowed(
            "An agency assigns its own contact person; the programme owner assigns any.",
            code="own-agency-only",
        )
    participant.check_open_for_changes()
    new = ContactPerson(
        id=uuid7(),
        agency=command.agency,
        name=command.name,
        assigned_on=command.assigned_on or today,
        role=command.role,
        phone=command.phone,
        email=command.email,
        handover_note=command.handover_note,
    )
    replaced = assign_contact(
        await uow.contacts.of_participant(participant.id),
        new,
        settled_on=participant.settlement_date,
        today=today,
    )
    if replaced is not None:
        await uow.contacts.end(replaced)
    await uow.contacts.add(participant.id, new, recorded_by=caller.sub)
    return new, replaced


# The attendance and absence ledger, and the introduction benefit -----------------------


async def record_ledger_entry(
    command: commands.RecordLedgerEntry, uow: PlanUnitOfWork
) -> LedgerEntry:
    """An entry, or a correction of one (which must be the participant's and not
    corrected before)."""
    participant = await load_for(uow, command.caller, command.participant_id)
    corrected = None
    if command.corrects is not None:
        corrected = await uow.ledger.get(command.corrects, municipality=participant.municipality)
        already = await uow.ledger.correction_of(corrected.id)
        check_not_corrected(corrected, [already] if already is not None else [])
    entry = LedgerEntry.record(
        entry_id=command.entry_id,
        participant_id=participant.id,
        municipality=participant.municipality,
        kind=command.kind,
        on=command.on,
        minutes=command.minutes,
        code=command.code,
        codes=command.codes,
        programme_period=programme_period(participant),
        corrected=corrected,
        recorded_by=command.caller.sub,
        recorded_by_agency=command.caller.agency,
        recorded_at=uow.clock.now(),
        today=uow.clock.today(),
    )
    await uow.ledger.add(entry)
    return entry


@dataclass(frozen=True, kw_only=True)
class BenefitExport:
    month: date
    exported_at: datetime
    participants: int
    total_ore: int


async def export_benefit_month(
    command: commands.ExportBenefitMonth, uow: PlanUnitOfWork
) -> BenefitExport:
    """Record that the municipality's basis for a month went to payment: the month is
    never rewritten afterwards (later entries count in the next month)."""
    require_programme_owner(command.caller)
    municipality = command.caller.municipality
    if command.month >= first_of(uow.clock.today()):
        raise Conflict(
            "A month is exported when it has ended (the benefit is paid afterwards).",
            code="month-not-ended",
        )
    bases = await bases_of_municipality(uow, municipality, command.month, command.g_table)
    done = BenefitExport(
        month=command.month,
        exported_at=uow.clock.now(),
        participants=len(bases),
        total_ore=sum(b.to_pay_ore for b in bases),
    )
    await uow.benefit.record_export(
        municipality=municipality,
        month=command.month,
        at=done.exported_at,
        by=command.caller.sub,
        participants=done.participants,
        total_ore=done.total_ore,
    )
    return done
