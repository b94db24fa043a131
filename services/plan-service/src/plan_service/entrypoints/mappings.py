"""Competence mapping (kartlegging): versions tagged with the recording agency."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from helhet_common.commands import run_command
from plan_service.domain.codes import DataCategory, EducationLevel, Interest, LanguageLevel, Skill
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Participant
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Reader, Staff, UowDep, caller_of
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["mapping"])


def mapping_public(mapping: Mapping) -> schemas.MappingPublic:
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
    participant_id: UUID,
    body: schemas.MappingCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    levels = body.norwegian_levels.model_dump()
    command = commands.RecordMapping(
        caller=caller_of(principal),
        participant_id=participant_id,
        mapping=Mapping(
            recorded_by_agency=principal.agency,
            recorded_on=body.recorded_on or date.today(),
            education_level=EducationLevel(body.education_level),
            work_experience_sectors=tuple(body.work_experience_sectors),
            wished_sectors=tuple(body.wished_sectors),
            interests=tuple(Interest(i) for i in body.interests),
            norwegian_levels={Skill(k): LanguageLevel(v) for k, v in levels.items()},
            has_driving_licence=body.has_driving_licence,
            childcare_needs=body.childcare_needs,
            notes=body.notes,
        ),
    )

    async def handle() -> Any:
        mapping = await handlers.record_mapping(command, uow)
        return mapping_public(mapping).model_dump(mode="json")

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
        body = schemas.MappingsPublic(items=[mapping_public(m) for m in mappings])
        return body.model_dump(mode="json")

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=DataCategory.MAPPING
    )
