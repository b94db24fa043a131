"""Command handlers: one command, one unit of work, one commit."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from helhet_common.ids import uuid7
from plan_service.domain.errors import (
    Conflict,
    NotAllowed,
    NotFoundHere,
    ParticipantNotFound,
    ProgrammeAlreadyStarted,
    StalePlanVersion,
)
from plan_service.domain.mapping import Mapping
from plan_service.domain.model import Exit, Outcome, Participant, Programme, TestResult
from plan_service.domain.sharing import (
    INTEGRATION_LEADER,
    REFUGEE_SERVICE,
    Caller,
    Consent,
    SharingBasis,
    is_the_participant,
    may_see,
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
) -> Participant:
    """The participant, if it exists in the caller's municipality and the caller may
    see it (else: not found, never forbidden, so that its existence is not confirmed).
    Without a caller (an internal call) only the municipality is checked."""
    participant = await uow.participants.get(participant_id)
    if participant is None or participant.municipality != municipality:
        raise ParticipantNotFound()
    if caller is not None and not await caller_may_see(uow, caller, participant, today):
        raise ParticipantNotFound()
    uow.track(participant)
    return participant


async def caller_may_see(
    uow: PlanUnitOfWork, caller: Caller, participant: Participant, today: date | None = None
) -> bool:
    needs_basis = caller.agency != REFUGEE_SERVICE and INTEGRATION_LEADER not in caller.roles
    bases = await uow.sharing.bases_of(participant.id, agency=caller.agency) if needs_basis else []
    return may_see(
        caller,
        municipality=participant.municipality,
        person_sub=participant.person_sub,
        bases=bases,
        today=today or date.today(),
    )


async def load_for(
    uow: PlanUnitOfWork, caller: Caller, participant_id: UUID, today: date | None = None
) -> Participant:
    return await load(uow, participant_id, caller.municipality, caller=caller, today=today)


def require_programme_owner(caller: Caller) -> None:
    """Decisions about the programme are the programme owner's (the refugee service)."""
    if caller.agency != REFUGEE_SERVICE:
        raise NotAllowed(
            "programme-owner-only", "Only the programme owner (the refugee service) may do this."
        )


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


async def update_plan(command: commands.UpdatePlan, uow: PlanUnitOfWork) -> Participant:
    participant = await load(
        uow, command.participant_id, command.municipality, caller=command.caller
    )
    participant.update_plan(
        expected_version=command.expected_version,
        end_goal=command.end_goal,
        norwegian_goal=command.norwegian_goal,
        activities=command.activities,
    )
    try:
        await uow.participants.save_plan(participant)
        await uow.session.flush()
    except IntegrityError:
        raise StalePlanVersion(
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
    participant.record_leave(command.leave)
    await uow.participants.save_programme(
        participant, recorded_by=command.caller.sub, leave=command.leave
    )
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
    participant = await load_for(uow, command.caller, command.participant_id, today)
    mapping = participant.record_mapping(command.mapping, today=today)
    try:
        await uow.participants.add_mapping(participant.id, mapping, recorded_by=command.caller.sub)
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(
            "concurrent-change", "Another mapping was recorded at the same time; try again."
        ) from None
    return mapping


async def record_test_result(
    command: commands.RecordTestResult, uow: PlanUnitOfWork, *, today: date | None = None
) -> TestResult:
    today = today or date.today()
    participant = await load_for(uow, command.caller, command.participant_id, today)
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
    participant = await load_for(uow, command.caller, command.participant_id, today)
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
            "outcome-already-recorded",
            f"The outcome {outcome.measured_at.value} is already recorded.",
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
        raise NotFoundHere("consent-not-found", "No such consent for this participant.")
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
