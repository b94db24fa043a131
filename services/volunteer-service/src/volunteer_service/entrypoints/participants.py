"""Participants as volunteer-service knows them (from plan-service's events): suggestions,
and the singles without a network for the volunteer coordinator."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.pagination import PageDep
from volunteer_service.entrypoints import schemas, views
from volunteer_service.entrypoints.deps import PROBLEMS, Staff, UowDep
from volunteer_service.service_layer import queries

router = APIRouter(prefix="/participants", tags=["participants"])


@router.get(
    "/without-network",
    response_model=schemas.WithoutNetworkPublic,
    summary="Single participants with no open match and no activity in 90 days",
    responses=PROBLEMS,
)
async def without_network(
    principal: Staff, uow: UowDep, page: PageDep
) -> schemas.WithoutNetworkPublic:
    async with uow:
        total, items = await queries.without_network(
            uow,
            principal.municipality,
            today=SYSTEM_CLOCK.today(),
            limit=page.limit,
            offset=page.offset,
        )
    return schemas.WithoutNetworkPublic(
        items=[views.participant_profile(p) for p in items],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/{participant_id}/suggestions",
    response_model=schemas.SuggestionsPublic,
    summary="Volunteers and activities that fit the participant, with the reasons",
    responses=PROBLEMS,
)
async def suggestions(
    participant_id: UUID,
    principal: Staff,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=20, description="suggestions of each kind")] = 5,
) -> schemas.SuggestionsPublic:
    async with uow:
        found = await queries.suggestions_for(
            uow, participant_id, principal.municipality, today=SYSTEM_CLOCK.today(), limit=limit
        )
    return views.suggestions(found)
