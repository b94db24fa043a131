"""Openings: published at an employer; open, filled, closed."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.pagination import PageDep
from placement_service.entrypoints import inputs, schemas, views
from placement_service.entrypoints.deps import PROBLEMS, Change, Create, Reader, UowDep
from placement_service.service_layer import handlers

router = APIRouter(prefix="/openings", tags=["openings"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.OpeningPublic,
    summary="Publish an opening at an employer",
    responses=PROBLEMS,
)
async def publish_opening(body: schemas.OpeningCreate, run: Create) -> Any:
    command = inputs.publish_opening(body, caller=run.principal)
    return await run(handlers.publish_opening, command, view=views.opening, body=body)


@router.get(
    "",
    response_model=schemas.OpeningsPublic,
    summary="Openings in the caller's municipality",
    responses=PROBLEMS,
)
async def list_openings(
    principal: Reader,
    uow: UowDep,
    page: PageDep,
    status: Literal["open", "filled", "closed"] | None = None,
    kind: schemas.OpeningKindCode | None = None,
    sector: str | None = Query(default=None, pattern=r"^[A-U]$"),
    employer_id: UUID | None = None,
) -> schemas.OpeningsPublic:
    async with uow:
        total, found = await uow.openings.find(
            principal.municipality,
            limit=page.limit,
            offset=page.offset,
            status=status,
            kind=kind,
            sector=sector,
            employer_id=employer_id,
        )
    return schemas.OpeningsPublic(
        items=[views.opening(o) for o in found], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/{opening_id}",
    response_model=schemas.OpeningPublic,
    summary="One opening",
    responses=PROBLEMS,
)
async def get_opening(opening_id: UUID, principal: Reader, uow: UowDep) -> schemas.OpeningPublic:
    async with uow:
        opening = await uow.openings.get(opening_id, municipality=principal.municipality)
    return views.opening(opening)


@router.post(
    "/{opening_id}/close",
    response_model=schemas.OpeningPublic,
    summary="Close an opening (no more participants; running placements go on)",
    responses=PROBLEMS,
)
async def close_opening(opening_id: UUID, body: schemas.OpeningClose, run: Change) -> Any:
    command = inputs.close_opening(body, opening_id=opening_id, caller=run.principal)
    return await run(handlers.close_opening, command, view=views.opening)
