"""The programme after its start: extension, leave, exit; and the whole lifecycle."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from plan_service.domain.codes import DataCategory
from plan_service.domain.participants import Participant
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Create, Reader, UowDep
from plan_service.service_layer import handlers

router = APIRouter(prefix="/participants", tags=["programme"])


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
        return views.programme(participant, uow.clock.today())

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/{participant_id}/programme/extensions",
    status_code=201,
    response_model=schemas.ProgrammeDetail,
    summary="Extend the programme (at most one year in all; programme owner only)",
    responses=PROBLEMS,
)
async def extend_programme(participant_id: UUID, body: schemas.ExtensionCreate, run: Create) -> Any:
    command = inputs.extend_programme(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.extend_programme, command, view=views.programme, body=body)


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
async def record_leave(participant_id: UUID, body: schemas.LeaveCreate, run: Create) -> Any:
    command = inputs.record_leave(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.record_leave, command, view=views.programme, body=body)


@router.post(
    "/{participant_id}/programme/exit",
    status_code=201,
    response_model=schemas.ProgrammeDetail,
    summary="End the programme: completed or interrupted (programme owner only)",
    responses=PROBLEMS,
)
async def end_programme(participant_id: UUID, body: schemas.ExitCreate, run: Create) -> Any:
    command = inputs.end_programme(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.end_programme, command, view=views.programme, body=body)


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
        return views.certificate(participant, participant.certificate(results))

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=DataCategory.CERTIFICATE
    )
