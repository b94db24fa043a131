"""Openings: published at an employer; open, filled, closed."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from helhet_common.commands import run_command
from helhet_common.pagination import PageDep
from placement_service.domain.codes import OpeningKind, Skill, Weekday
from placement_service.domain.openings import Schedule
from placement_service.entrypoints import schemas, views
from placement_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Reader, UowDep, Writer
from placement_service.service_layer import commands, handlers

router = APIRouter(prefix="/openings", tags=["openings"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.OpeningPublic,
    summary="Publish an opening at an employer",
    responses=PROBLEMS,
)
async def publish_opening(
    request: Request,
    body: schemas.OpeningCreate,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.PublishOpening(
        municipality=principal.municipality,
        employer_id=body.employer_id,
        location_id=body.location_id,
        kind=OpeningKind(body.kind),
        sector=body.sector,
        title=body.title,
        schedule=Schedule(
            tuple(Weekday(d) for d in body.schedule.days),
            body.schedule.starts_at,
            body.schedule.ends_at,
            body.schedule.hours_per_week,
        ),
        language_requirements={Skill(k): v for k, v in body.language_requirements.items()},
        capacity=body.capacity,
        created_by_municipality=body.created_by_municipality,
    )

    async def handle() -> Any:
        return views.opening(await handlers.publish_opening(command, uow)).model_dump(mode="json")

    return await run_command(
        uow,
        response,
        handle,
        status_code=201,
        idempotency_key=idempotency_key,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
    )


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
        opening = await handlers.load_opening(uow, opening_id, principal.municipality)
    return views.opening(opening)


@router.post(
    "/{opening_id}/close",
    response_model=schemas.OpeningPublic,
    summary="Close an opening (no more participants; running placements go on)",
    responses=PROBLEMS,
)
async def close_opening(
    opening_id: UUID,
    body: schemas.OpeningClose,
    principal: Writer,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.CloseOpening(opening_id, principal.municipality, body.reason)

    async def handle() -> Any:
        return views.opening(await handlers.close_opening(command, uow)).model_dump(mode="json")

    return await run_command(uow, response, handle, status_code=200)
