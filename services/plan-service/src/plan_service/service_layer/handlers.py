"""Command handlers: one command, one unit of work, one commit."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from helhet_common.domain_errors import Conflict, NotAllowed, NotFound
from helhet_common.ids import uuid7
from plan_service.domain.codes import DataCategory
from plan_service.domain.follow_up import Action, ContactPerson, Meeting, Review, assign_contact
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Participant, ProgrammeAlreadyStarted
from plan_service.domain.plans import SYSTEM, Contribution, Contributor, stale_plan
from plan_service.domain.programmes import Exit, Programme
from plan_service.domain.results import Outcome, TestResult
from plan_service.domain.sharing import (
    REFUGEE_SERVICE,
    Caller,
    Consent,
    SharingBasis,
    covers,
    is_plan_editor,
    is_the_participant,
    may_see,
    needs_basis,
    sharing_purpose,
)
from plan_service.service_layer import commands
from plan_service.service_layer.unit_of_work import PlanUnitOfWork


async def load(
    uow: PlanUnitOfWork,
    participant_id: UUID,
    municipality: str,
    *,
    caller: Caller | None = None,
    today: date | None = None,
    category: DataCategory = DataCategory.PARTICIPANT,
    purpose: str | None = None,
) -> Participant:
    """The participant, if it exists in the caller's municipality and the caller may
    see it (else: not found, never forbidden, so that its existence is not confirmed),
    and the caller's sharing basis covers this ``category`` of data (for the
    ``purpose`` the caller names, if a sharing purpose; else 403). Without a caller (an
    internal call) only the municipality is checked."""
    participant = await uow.participants.get(participant_id)
    if participant is None or participant.municipality != municipality:
        raise NotFound.of("participant")
    if caller is not None:
        await check_access(uow, caller, participant, category, purpose, today or date.today())
    uow.track(participant)
    return participant


async def check_access(
    uow: PlanUnitOfWork,
    caller: Caller,
    participant: Participant,
    category: DataCategory,
    purpose: str | None,
    today: date,
) -> None:
    bases = (
        await uow.sharing.bases_of(participant.id, agency=caller.agency)
        if needs_basis(caller)
        else []
    )
    if not may_see(
        caller,
        municipality=participant.municipality,
        person_sub=participant.person_sub,
        bases=bases,
        today=today,
    ):
        raise NotFound.of("participant")
    if not covers(caller, category=category, purpose=purpose, bases=bases, today=today):
        named = sharing_purpose(purpose)
        raise NotAllowed(
            f"{caller.agency} has no sharing basis in force that covers the participant's "
            f"{category.value} data" + (f" for the purpose {named.value}." if named else "."),
            code="no-basis-for-purpose",
        )


async def load_for(
    uow: PlanUnitOfWork,
    caller: Caller,
    participant_id: UUID,
    today: date | None = None,
    *,
    category: DataCategory = DataCategory.PARTICIPANT,
    purpose: str | None = None,
) -> Participant:
    return await load(
        uow,
        participant_id,
        caller.municipality,
        caller=caller,
        today=today,
        category=category,
        purpose=purpose,
    )


def require_programme_owner(caller: Caller) -> None:
    """Decisions about the programme are the programme owner's (the refugee service)."""
    if caller.agency != REFUGEE_SERVICE:
        raise NotAllowed(
            "Only the programme owner (the refugee service) may do this.",
            code="programme-owner-only",
        )


def require_plan_editor(caller: Caller) -> None:
    """Changes to the plan itself are the editor's; other units propose contributions."""
    if not is_plan_editor(caller):
        raise NotAllowed(
            "Only the plan's editor (a plan editor, or a caseworker of the refugee service) "
            "may do this; other units propose contributions.",
            code="plan-editor-only",
        )


def contributor_of(caller: Caller) -> Contributor:
    return Contributor(agency=caller.agency, sub=caller.sub)


def require_owner_or_self(caller: Caller, participant: Participant) -> None:
    if is_the_participant(caller, participant.person_sub):
        return
    require_programme_owner(caller)


async def settle_participant(
    command: commands.SettleParticipant, uow: PlanUnitOfWork, *, today: date | None = None
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
        today=today or date.today(),
    )
    if command.caller is not None:
        require_programme_owner(command.caller)
    uow.track(participant)
    await uow.participants.add(participant)
    return participant


async def start_programme(command: commands.StartProgramme, uow: PlanUnitOfWork) -> Participant:
    participant = await load(
        uow, command.participant_id, command.municipality, caller=command.caller
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
    try:
        # The insert runs here, not at flush: a concurrent start that committed first
        # makes it fail on the primary key.
        await uow.participants.add_programme(participant)
        await uow.session.flush()
    except IntegrityError:
        raise ProgrammeAlreadyStarted() from None
    return participant


async def update_plan(
    command: commands.UpdatePlan, uow: PlanUnitOfWork, *, today: date | None = None
) -> Participant:
    today = today or date.today()
    participant = await load(
        uow,
        command.participant_id,
        command.municipality,
        caller=command.caller,
        today=today,
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
        today=today,
    )
    try:
        await uow.participants.save_plan(participant)
        await uow.session.flush()
    except IntegrityError:
        raise stale_plan(
            current=command.expected_version + 1, given=command.expected_version
        ) from None
    return participant


# The programme after its start ------------------------------------------------------


async def extend_programme(
    command: commands.ExtendProgramme, uow: PlanUnitOfWork, *, today: date | None = None
) -> Participant:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
    require_programme_owner(command.caller)
    extension = participant.extend_programme(
        new_expected_end_date=command.new_expected_end_date,
        reason=command.reason,
        decided_on=command.decided_on or today,
        today=today,
    )
    await uow.participants.save_programme(
        participant, recorded_by=command.caller.sub, extension=extension
    )
    return participant


async def record_leave(
    command: commands.RecordLeave, uow: PlanUnitOfWork, *, today: date | None = None
) -> Participant:
    participant = await load_for(uow, command.caller, command.participant_id, today)
    require_programme_owner(command.caller)
    leave = command.leave
    participant.record_leave(leave)
    await uow.participants.save_programme(participant, recorded_by=command.caller.sub, leave=leave)
    return participant


async def end_programme(
    command: commands.EndProgramme, uow: PlanUnitOfWork, *, today: date | None = None
) -> Participant:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
    require_programme_owner(command.caller)
    participant.end_programme(
        Exit(completion=command.completion, end_date=command.end_date, reason=command.reason),
        today=today,
    )
    await uow.participants.save_programme(participant, recorded_by=command.caller.sub)
    return participant


# Mapping, tests, outcomes -----------------------------------------------------------


async def record_mapping(
    command: commands.RecordMapping, uow: PlanUnitOfWork, *, today: date | None = None
) -> Mapping:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.MAPPING
    )
    mapping = participant.record_mapping(command.mapping, today=today)
    try:
        await uow.participants.add_mapping(participant.id, mapping, recorded_by=command.caller.sub)
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(
            "Another mapping was recorded at the same time; try again.", code="concurrent-change"
        ) from None
    return mapping


async def record_test_result(
    command: commands.RecordTestResult, uow: PlanUnitOfWork, *, today: date | None = None
) -> TestResult:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.RESULTS
    )
    result = TestResult(
        id=uuid7(),
        test=command.test,
        taken_on=command.taken_on,
        recorded_by_agency=command.caller.agency,
        levels=dict(command.levels),
        passed=command.passed,
    )
    participant.record_test_result(result, today=today)
    await uow.participants.add_test_result(participant.id, result, recorded_by=command.caller.sub)
    return result


async def record_outcome(
    command: commands.RecordOutcome, uow: PlanUnitOfWork, *, today: date | None = None
) -> Outcome:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.RESULTS
    )
    outcome = Outcome(
        measured_at=command.measured_at,
        status=command.status,
        status_on=command.status_on,
        recorded_by_agency=command.caller.agency,
    )
    participant.record_outcome(outcome, today=today)
    try:
        await uow.participants.add_outcome(participant.id, outcome, recorded_by=command.caller.sub)
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(
            f"The outcome {outcome.measured_at.value} is already recorded.",
            code="outcome-already-recorded",
        ) from None
    return outcome


# Consent and sharing bases ------------------------------------------------------------


async def grant_consent(
    command: commands.GrantConsent, uow: PlanUnitOfWork, *, today: date | None = None
) -> Consent:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
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
        today=today,
    )
    uow.track(consent)
    await uow.sharing.add_consent(consent, recorded_by=command.caller.sub)
    return consent


async def withdraw_consent(
    command: commands.WithdrawConsent, uow: PlanUnitOfWork, *, today: date | None = None
) -> Consent:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
    require_owner_or_self(command.caller, participant)
    consent = next(
        (c for c in await uow.sharing.consents_of(participant.id) if c.id == command.consent_id),
        None,
    )
    if consent is None:
        raise NotFound("No such consent for this participant.", code="consent-not-found")
    consent.withdraw(withdrawn_on=command.withdrawn_on or today, today=today)
    uow.track(consent)
    await uow.sharing.save_withdrawal(consent)
    return consent


async def record_sharing_basis(
    command: commands.RecordSharingBasis, uow: PlanUnitOfWork, *, today: date | None = None
) -> SharingBasis:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
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
        existing=await uow.sharing.bases_of(participant.id, agency=command.agency),
    )
    uow.track(basis)
    await uow.sharing.add_basis(basis, recorded_by=command.caller.sub)
    return basis


# The plan as a shared document ----------------------------------------------------------


async def link_login(command: commands.LinkLogin, uow: PlanUnitOfWork) -> Participant:
    participant = await load(uow, command.participant_id, command.municipality)
    if participant.person_sub is None:
        participant.link_login(command.person_sub)
        await uow.participants.link_login(participant)
    return participant


async def _plan_saved(uow: PlanUnitOfWork, participant: Participant) -> None:
    try:
        await uow.participants.save_plan(participant)
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(
            "The plan was changed at the same time; try again.", code="concurrent-change"
        ) from None


async def propose_contribution(
    command: commands.ProposeContribution, uow: PlanUnitOfWork, *, today: date | None = None
) -> Contribution:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.PLAN
    )
    contribution = participant.propose_contribution(
        contribution_id=uuid7(),
        proposal=command.proposal,
        reason=command.reason,
        proposed_by=contributor_of(command.caller),
        today=today,
    )
    await uow.plans.add_contribution(contribution)
    return contribution


async def _contribution(
    uow: PlanUnitOfWork, participant: Participant, contribution_id: UUID
) -> Contribution:
    contribution = await uow.plans.get_contribution(participant, contribution_id)
    if contribution is None:
        raise NotFound("No such contribution to this plan.", code="contribution-not-found")
    return contribution


async def accept_contribution(
    command: commands.AcceptContribution, uow: PlanUnitOfWork, *, today: date | None = None
) -> Contribution:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.PLAN
    )
    require_plan_editor(command.caller)
    contribution = await _contribution(uow, participant, command.contribution_id)
    participant.accept_contribution(
        contribution, editor=contributor_of(command.caller), reason=command.reason, today=today
    )
    await _plan_saved(uow, participant)
    await uow.plans.save_decision(contribution)
    return contribution


async def reject_contribution(
    command: commands.RejectContribution, uow: PlanUnitOfWork, *, today: date | None = None
) -> Contribution:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.PLAN
    )
    require_plan_editor(command.caller)
    contribution = await _contribution(uow, participant, command.contribution_id)
    contribution.reject(editor=contributor_of(command.caller), reason=command.reason, today=today)
    await uow.plans.save_decision(contribution)
    return contribution


async def review_plan(
    command: commands.ReviewPlan, uow: PlanUnitOfWork, *, today: date | None = None
) -> Review:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.PLAN
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


# Meetings, actions, contact persons, moving away ---------------------------------------


def _action(
    participant: Participant,
    decision: commands.Decision,
    *,
    created_on: date,
    meeting_id: UUID | None,
    today: date,
) -> Action:
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
        settled_on=participant.settlement_date,
        today=today,
    )


async def hold_meeting(
    command: commands.HoldMeeting, uow: PlanUnitOfWork, *, today: date | None = None
) -> tuple[Meeting, list[Action]]:
    """The meeting and the actions its decisions became (published in that order)."""
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.MEETINGS
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
        settled_on=participant.settlement_date,
        today=today,
    )
    actions = [
        _action(participant, d, created_on=meeting.held_on, meeting_id=meeting.id, today=today)
        for d in command.decisions
    ]
    uow.track(meeting)
    await uow.follow_up.add_meeting(meeting, recorded_by=command.caller.sub)
    for action in actions:
        uow.track(action)
        await uow.follow_up.add_action(action, recorded_by=command.caller.sub)
    return meeting, actions


async def create_action(
    command: commands.CreateAction, uow: PlanUnitOfWork, *, today: date | None = None
) -> Action:
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.MEETINGS
    )
    participant.check_open_for_changes()
    action = _action(
        participant,
        command.decision,
        created_on=command.created_on or today,
        meeting_id=None,
        today=today,
    )
    uow.track(action)
    await uow.follow_up.add_action(action, recorded_by=command.caller.sub)
    return action


async def complete_action(
    command: commands.CompleteAction, uow: PlanUnitOfWork, *, today: date | None = None
) -> Action:
    """Done or cancelled, by the owning agency or the programme owner."""
    today = today or date.today()
    participant = await load_for(
        uow, command.caller, command.participant_id, today, category=DataCategory.MEETINGS
    )
    action = await uow.follow_up.get_action(participant.id, command.action_id)
    if action is None:
        raise NotFound("No such action for this participant.", code="action-not-found")
    if command.caller.agency not in (REFUGEE_SERVICE, action.owner_agency):
        raise NotAllowed(
            "Only the owning agency or the programme owner may complete the action.",
            code="action-owner-only",
        )
    action.complete(
        outcome=command.outcome,
        completed_on=command.completed_on or today,
        note=command.note,
        today=today,
    )
    uow.track(action)
    await uow.follow_up.save_completion(action, completed_by=command.caller.sub)
    return action


async def assign_contact_person(
    command: commands.AssignContact, uow: PlanUnitOfWork, *, today: date | None = None
) -> tuple[ContactPerson, ContactPerson | None]:
    """The new contact person, and the one they replace (if any)."""
    today = today or date.today()
    caller = command.caller
    participant = await load_for(
        uow, caller, command.participant_id, today, category=DataCategory.CONTACTS
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
        await uow.follow_up.contacts_of(participant.id),
        new,
        settled_on=participant.settlement_date,
        today=today,
    )
    if replaced is not None:
        await uow.follow_up.end_contact(replaced)
    await uow.follow_up.add_contact(participant.id, new, recorded_by=caller.sub)
    return new, replaced


async def move_away(
    command: commands.MoveAway, uow: PlanUnitOfWork, *, today: date | None = None
) -> Participant:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
    require_programme_owner(command.caller)
    participant.move_away(
        moved_on=command.moved_on or today, to_municipality=command.to_municipality, today=today
    )
    await uow.participants.save_move(participant)
    return participant
