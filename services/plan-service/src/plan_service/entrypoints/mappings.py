"""Competence mapping (kartlegging): versions tagged with the recording agency."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from plan_service.domain.codes import DataCategory
from plan_service.domain.participants import Participant
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Reader, StaffCreate, UowDep
from plan_service.service_layer import handlers

router = APIRouter(prefix="/participants", tags=["mapping"])


@router.post(
    "/{participant_id}/mappings",
    status_code=201,
    response_model=schemas.MappingPublic,
    summary="Record a new version of the competence mapping",
    description="Tagged with the caller's agency. Published as "
    "`helhet.mapping.recorded.v1` without the notes.",
    responses=PROBLEMS,
)
async def record_mapping(
    participant_id: UUID, body: schemas.MappingCreate, run: StaffCreate
) -> Any:
    command = inputs.record_mapping(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.record_mapping, command, view=views.mapping, body=body)


@router.get(
    "/{participant_id}/mappings",
    response_model=schemas.MappingsPublic,
    summary="Every version of the competence mapping, newest first",
    responses=PROBLEMS,
)
async def list_mappings(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        mappings = await uow.participants.list_mappings(participant.id)
        return schemas.MappingsPublic(items=[views.mapping(m) for m in mappings])

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=DataCategory.MAPPING
    )
