"""The programme after its start: extension, leave, exit; and the whole lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from helhet_common.commands import run_command
from helhet_common.domain_errors import NotFound
from helhet_common.ids import uuid7
from plan_service.domain.codes import (
    Completion,
    DataCategory,
    ExitReason,
    ExtensionReason,
    LeaveReason,
)
from plan_service.domain.participants import Participant
from plan_service.domain.programmes import Leave
from plan_service.domain.results import Certificate
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import (
    PROBLEMS,
    IdempotencyKey,
    Reader,
    UowDep,
    Writer,
    caller_of,
)
from plan_service.entrypoints.participants import activity_in
from plan_service.entrypoints.results import test_result_public
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["programme"])


def leave_public(leave: Leave) -> schemas.LeavePublic:
    return schemas.LeavePublic(
        id=leave.id, from_date=leave.from_date, to_date=leave.to_date, reason=leave.reason.value
    )


def programme_detail(participant: Participant, today: date | None = None) -> Any:
    programme = participant.programme
    if programme is None:
        raise NotFound("The participant's programme has not started.", code="programme-not-started")
    exit = programme.exit
    return schemas.ProgrammeDetail(
        regime=programme.regime.value,
        start_date=programme.start_date,
        expected_end_date=programme.expected_end_date,
        original_expected_end_date=programme.first_expected_end_date,
        status=programme.status(today or date.today()).value,
        extensions=[
            schemas.ExtensionPublic(
                number=e.number,
                previous_expected_end_date=e.previous_expected_end_date,
                new_expected_end_date=e.new_expected_end_date,
                reason=e.reason.value,
                decided_on=e.decided_on,
            )
            for e in programme.extensions
        ],
        leaves=[leave_public(v) for v in programme.leaves],
        exit=schemas.ExitPublic(
            completion=exit.completion.value, end_date=exit.end_date, reason=exit.reason.value
        )
        if exit
        else None,
    ).model_dump(mode="json")


@router.get(
    "/{participant_id}/programme",
    response_model=schemas.ProgrammeDetail,
    summary="The programme: status, extensions, leaves and exit",
    description="404 `programme-not-started` before the programme has started.",
    responses=PROBLEMS,
)
async def get_programme(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        return programme_detail(participant)

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/{participant_id}/programme/extensions",
    status_code=201,
    response_model=schemas.ProgrammeDetail,
    summary="Extend the programme (at most one year in all; programme owner only)",
    responses=PROBLEMS,
)
async def extend_programme(
    participant_id: UUID,
    body: schemas.ExtensionCreate,
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.ExtendProgramme(
        caller=caller_of(principal),
        participant_id=participant_id,
        new_expected_end_date=body.new_expected_end_date,
        reason=ExtensionReason(body.reason),
        decided_on=body.decided_on,
    )

    async def handle() -> Any:
        return programme_detail(await handlers.extend_programme(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=201,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


@router.post(
    "/{participant_id}/programme/leaves",
    status_code=201,
    response_model=schemas.ProgrammeDetail,
    summary="Record leave from the programme (programme owner only)",
    description="Inside the programme period (422 `leave-outside-programme`), not "
    "overlapping another (409 `leave-overlaps`). Published as `helhet.programme.leave.v1` "
    "(reasons as decision 0003 names them: illness is `health`, care for a relative "
    "`care`, welfare `other`).",
    responses=PROBLEMS,
)
async def record_leave(
    participant_id: UUID,
    body: schemas.LeaveCreate,
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RecordLeave(
        caller=caller_of(principal),
        participant_id=participant_id,
        leave=Leave(
            id=uuid7(),
            from_date=body.from_date,
            to_date=body.to_date,
            reason=LeaveReason(body.reason),
            recorded_by=principal.sub,
        ),
    )

    async def handle() -> Any:
        return programme_detail(await handlers.record_leave(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=201,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


@router.post(
    "/{participant_id}/programme/exit",
    status_code=201,
    response_model=schemas.ProgrammeDetail,
    summary="End the programme: completed or interrupted (programme owner only)",
    responses=PROBLEMS,
)
async def end_programme(
    participant_id: UUID,
    body: schemas.ExitCreate,
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.EndProgramme(
        caller=caller_of(principal),
        participant_id=participant_id,
        completion=Completion(body.completion),
        end_date=body.end_date,
        reason=ExitReason(body.reason),
    )

    async def handle() -> Any:
        return programme_detail(await handlers.end_programme(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=201,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


def certificate_public(participant: Participant, certificate: Certificate) -> Any:
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
        leaves=[leave_public(v) for v in certificate.leaves],
        end_goal=plan.end_goal.value if plan else None,
        norwegian_goal=plan.norwegian_goal.value if plan else None,
        activities=[activity_in(a) for a in plan.activities] if plan else [],
        programme_hours_per_week=plan.programme_hours_per_week if plan else None,
        norwegian_tests=[test_result_public(t) for t in certificate.norwegian_tests],
        best_norwegian_levels={
            s.value: v.value for s, v in certificate.best_norwegian_levels.items()
        },
        social_studies_tests=[test_result_public(t) for t in certificate.social_studies_tests],
        social_studies_passed=certificate.social_studies_passed,
    ).model_dump(mode="json")


@router.get(
    "/{participant_id}/certificate",
    response_model=schemas.CertificatePublic,
    summary="The data of the participation certificate (deltakerbevis)",
    description="Only once the programme has ended (409 `programme-not-ended`): the "
    "regime, the period, the leave, the plan's activities and hours, the Norwegian and "
    "social-studies results, and whether the programme was completed or interrupted. "
    "It names the participant, as the certificate does.",
    responses=PROBLEMS,
)
async def get_certificate(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        results = await uow.participants.list_test_results(participant.id)
        return certificate_public(participant, participant.certificate(results))

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=DataCategory.CERTIFICATE
    )
