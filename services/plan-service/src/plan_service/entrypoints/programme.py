"""The programme after its start: extension, leave, exit; and the whole lifecycle."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    PARTICIPANT,
    PLAN_EDITOR,
    Principal,
    require_roles,
)
from helhet_common.commands import run_command
from plan_service.domain.errors import NotFoundHere
from plan_service.domain.model import (
    Completion,
    ExitReason,
    ExtensionReason,
    Leave,
    LeaveReason,
    Participant,
)
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, audited_read
from plan_service.entrypoints.deps import PROBLEMS, IdempotencyKey, UowDep, caller_of
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["programme"])

Owner = Annotated[Principal, Depends(require_roles(CASEWORKER, PLAN_EDITOR))]
Reader = Annotated[
    Principal,
    Depends(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR, INTEGRATION_LEADER, PARTICIPANT)),
]


def programme_detail(participant: Participant, today: date | None = None) -> Any:
    programme = participant.programme
    if programme is None:
        raise NotFoundHere("programme-not-started", "The participant's programme has not started.")
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
        leaves=[
            schemas.LeavePublic(from_date=v.from_date, to_date=v.to_date, reason=v.reason.value)
            for v in programme.leaves
        ],
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
    caller = caller_of(principal)

    async def read() -> tuple[Sequence[UUID], Any]:
        participant = await handlers.load_for(uow, caller, participant_id)
        return [participant.id], programme_detail(participant)

    return await audited_read(uow, request, principal, purpose, read)


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
    principal: Owner,
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
    responses=PROBLEMS,
)
async def record_leave(
    participant_id: UUID,
    body: schemas.LeaveCreate,
    principal: Owner,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RecordLeave(
        caller=caller_of(principal),
        participant_id=participant_id,
        leave=Leave(
            from_date=body.from_date, to_date=body.to_date, reason=LeaveReason(body.reason)
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
    principal: Owner,
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
