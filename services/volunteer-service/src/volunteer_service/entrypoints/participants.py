"""Participants as volunteer-service knows them (from plan-service's events): suggestions,
and the singles without a network for the volunteer coordinator."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.access.recorder import audited
from helhet_common.pagination import PageDep
from volunteer_service.entrypoints import schemas, views
from volunteer_service.entrypoints.deps import PROBLEMS, ProfileRead, UowDep
from volunteer_service.service_layer import access, queries

router = APIRouter(prefix="/participants", tags=["participants"])


@router.get(
    "/without-network",
    response_model=schemas.WithoutNetworkPublic,
    summary="Single participants with no open match and no activity in 90 days",
    responses=PROBLEMS,
)
async def without_network(
    record: ProfileRead, uow: UowDep, page: PageDep
) -> schemas.WithoutNetworkPublic:
    async def read() -> schemas.WithoutNetworkPublic:
        total, items = await queries.without_network(
            uow,
            record.principal.municipality,
            today=uow.clock.today(),
            limit=page.limit,
            offset=page.offset,
            only=await access.readable(uow, record, access.PROFILE),
        )
        await access.note_all(uow, record, (p.participant_id for p in items), access.PROFILE)
        return schemas.WithoutNetworkPublic(
            items=[views.participant_profile(p) for p in items],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


@router.get(
    "/{participant_id}/suggestions",
    response_model=schemas.SuggestionsPublic,
    summary="Volunteers and activities that fit the participant, with the reasons",
    responses=PROBLEMS,
)
async def suggestions(
    participant_id: UUID,
    record: ProfileRead,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=20, description="suggestions of each kind")] = 5,
) -> schemas.SuggestionsPublic:
    async def read() -> schemas.SuggestionsPublic:
        municipality = record.principal.municipality
        await uow.participants.get(participant_id, municipality=municipality)
        await access.basis_for(uow, record, participant_id, access.PROFILE)
        found = await queries.suggestions_for(
            uow, participant_id, municipality, today=uow.clock.today(), limit=limit
        )
        return views.suggestions(found)

    return await audited(uow, record, read)
