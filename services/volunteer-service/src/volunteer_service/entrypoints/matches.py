"""Matches: a participant and a volunteer (or a family and a family) for a role."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from helhet_common.access.recorder import PurposeHeader, audited
from helhet_common.pagination import PageDep
from volunteer_service.domain.codes import MatchStatus
from volunteer_service.entrypoints import inputs, schemas, views
from volunteer_service.entrypoints.deps import (
    PROBLEMS,
    Change,
    Create,
    UowDep,
    VolunteeringRead,
    match_in_scope,
)
from volunteer_service.service_layer import access, handlers

router = APIRouter(prefix="/matches", tags=["matches"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.MatchPublic,
    summary="Propose a match (needs the participant's consent and a vetted volunteer)",
    responses=PROBLEMS,
)
async def propose_match(body: schemas.MatchCreate, run: Create) -> Any:
    command = inputs.propose_match(body, caller=run.principal)
    return await run(handlers.propose_match, command, view=views.match, body=body)


@router.get(
    "",
    response_model=schemas.MatchesPublic,
    summary="Matches in the caller's municipality, newest first",
    responses=PROBLEMS,
)
async def list_matches(
    record: VolunteeringRead,
    uow: UowDep,
    page: PageDep,
    participant_id: Annotated[UUID | None, Query()] = None,
    status: Annotated[schemas.MatchStatusCode | None, Query()] = None,
) -> schemas.MatchesPublic:
    wanted = MatchStatus(status) if status else None
    municipality = record.principal.municipality

    async def read() -> schemas.MatchesPublic:
        only = await access.readable(uow, record, access.VOLUNTEERING)
        total = await uow.matches.count(
            municipality, participant_id=participant_id, status=wanted, only=only
        )
        items = await uow.matches.list_in(
            municipality,
            participant_id=participant_id,
            status=wanted,
            limit=page.limit,
            offset=page.offset,
            only=only,
        )
        await access.note_all(uow, record, (m.participant_id for m in items), access.VOLUNTEERING)
        return schemas.MatchesPublic(
            items=[views.match(m) for m in items],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


@router.get(
    "/{match_id}", response_model=schemas.MatchPublic, summary="One match", responses=PROBLEMS
)
async def get_match(match_id: UUID, record: VolunteeringRead, uow: UowDep) -> schemas.MatchPublic:
    async def read() -> schemas.MatchPublic:
        match = await uow.matches.get(match_id, municipality=record.principal.municipality)
        await access.basis_for(uow, record, match.participant_id, access.VOLUNTEERING, what="match")
        return views.match(match)

    return await audited(uow, record, read)


@router.post(
    "/{match_id}/accept",
    response_model=schemas.MatchPublic,
    summary="Record one side's acceptance; when both have accepted the match starts",
    responses=PROBLEMS,
)
async def accept_match(
    match_id: UUID,
    body: schemas.MatchAccept,
    run: Change,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    await match_in_scope(match_id, request, run.principal, purpose)
    command = inputs.accept_match(body, match_id=match_id, caller=run.principal)
    return await run(handlers.accept_match, command, view=views.match)


@router.post(
    "/{match_id}/end",
    response_model=schemas.MatchPublic,
    summary="End a match (or decline a proposal) with a reason",
    responses=PROBLEMS,
)
async def end_match(
    match_id: UUID,
    body: schemas.MatchEnd,
    run: Change,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    await match_in_scope(match_id, request, run.principal, purpose)
    command = inputs.end_match(body, match_id=match_id, caller=run.principal)
    return await run(handlers.end_match, command, view=views.match)
