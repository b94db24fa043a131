"""Matches: a participant and a volunteer (or a family and a family) for a role."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from helhet_common.commands import run_command
from helhet_common.pagination import PageDep
from volunteer_service.domain.codes import EndReason, MatchStatus, Party, Role, Setting
from volunteer_service.domain.matches import Match
from volunteer_service.entrypoints import schemas
from volunteer_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Staff, UowDep
from volunteer_service.service_layer import commands, handlers

router = APIRouter(prefix="/matches", tags=["matches"])


def to_public(m: Match) -> schemas.MatchPublic:
    return schemas.MatchPublic(
        id=m.id,
        municipality=m.municipality,
        participant_id=m.participant_id,
        volunteer_id=m.volunteer_id,
        volunteer_kind=m.volunteer_kind.value,
        role=m.role.value,
        setting=m.setting.value,
        involves_minors=m.involves_minors,
        involves_developmental_disabilities=m.involves_developmental_disabilities,
        status=m.status.value,
        proposed_on=m.proposed_on,
        participant_accepted_on=m.participant_accepted_on,
        volunteer_accepted_on=m.volunteer_accepted_on,
        started_on=m.started_on,
        ended_on=m.ended_on,
        end_reason=m.end_reason.value if m.end_reason else None,
    )


def _json(m: Match) -> Any:
    return to_public(m).model_dump(mode="json")


@router.post(
    "",
    status_code=201,
    response_model=schemas.MatchPublic,
    summary="Propose a match (needs the participant's consent and a vetted volunteer)",
    responses=PROBLEMS,
)
async def propose_match(
    request: Request,
    body: schemas.MatchCreate,
    principal: Staff,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.ProposeMatch(
        municipality=principal.municipality,
        participant_id=body.participant_id,
        volunteer_id=body.volunteer_id,
        role=Role(body.role),
        setting=Setting(body.setting),
        involves_minors=body.involves_minors,
        involves_developmental_disabilities=body.involves_developmental_disabilities,
        demands_police_certificate=body.police_certificate_required,
    )

    async def handle() -> Any:
        return _json(await handlers.propose_match(command, uow))

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
    response_model=schemas.MatchesPublic,
    summary="Matches in the caller's municipality, newest first",
    responses=PROBLEMS,
)
async def list_matches(
    principal: Staff,
    uow: UowDep,
    page: PageDep,
    participant_id: Annotated[UUID | None, Query()] = None,
    status: Annotated[schemas.MatchStatusCode | None, Query()] = None,
) -> schemas.MatchesPublic:
    wanted = MatchStatus(status) if status else None
    async with uow:
        total = await uow.matches.count(
            principal.municipality, participant_id=participant_id, status=wanted
        )
        items = await uow.matches.list_in(
            principal.municipality,
            participant_id=participant_id,
            status=wanted,
            limit=page.limit,
            offset=page.offset,
        )
    return schemas.MatchesPublic(
        items=[to_public(m) for m in items], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/{match_id}", response_model=schemas.MatchPublic, summary="One match", responses=PROBLEMS
)
async def get_match(match_id: UUID, principal: Staff, uow: UowDep) -> schemas.MatchPublic:
    async with uow:
        match = await uow.matches.get(match_id, municipality=principal.municipality)
    return to_public(match)


@router.post(
    "/{match_id}/accept",
    response_model=schemas.MatchPublic,
    summary="Record one side's acceptance; when both have accepted the match starts",
    responses=PROBLEMS,
)
async def accept_match(
    match_id: UUID, body: schemas.MatchAccept, principal: Staff, uow: UowDep, response: Response
) -> Any:
    command = commands.AcceptMatch(
        match_id=match_id, municipality=principal.municipality, party=Party(body.party)
    )

    async def handle() -> Any:
        return _json(await handlers.accept_match(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{match_id}/end",
    response_model=schemas.MatchPublic,
    summary="End a match (or decline a proposal) with a reason",
    responses=PROBLEMS,
)
async def end_match(
    match_id: UUID, body: schemas.MatchEnd, principal: Staff, uow: UowDep, response: Response
) -> Any:
    command = commands.EndMatch(
        match_id=match_id, municipality=principal.municipality, reason=EndReason(body.reason)
    )

    async def handle() -> Any:
        return _json(await handlers.end_match(command, uow))

    return await run_command(uow, response, handle, status_code=200)
