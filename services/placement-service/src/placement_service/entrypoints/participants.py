"""A participant as placement-service sees them: matching, the profile from plan-service's
events, and the consents that let employers see them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from helhet_common.access.recorder import audited
from helhet_common.pagination import PageDep
from placement_service.entrypoints import inputs, schemas, views
from placement_service.entrypoints.deps import (
    PROBLEMS,
    ConsentsRead,
    MatchingRead,
    ProfileRead,
    UowDep,
)
from placement_service.service_layer import access, handlers

router = APIRouter(prefix="/participants", tags=["matching"])


@router.post(
    "/{participant_id}/matches",
    response_model=schemas.MatchesPublic,
    summary="Rank the open openings for a participant, and explain each score",
    description="Factors and weights: wishes 30, Norwegian level 20, end goal 15, "
    "transport 15, childcare 10, capacity 10. Each factor shows its score (0-1), points, "
    "a reason code and a sentence. Flags: `outside-wishes`, `third-unrelated-sector`, "
    "`language-gap`, `childcare-conflict`, `employer-at-capacity`. The home location is "
    "used for this answer only and never stored. Nothing is written.",
    responses=PROBLEMS,
)
async def match(
    participant_id: UUID,
    body: schemas.MatchRequest,
    record: MatchingRead,
    uow: UowDep,
    page: PageDep,
) -> schemas.MatchesPublic:
    command = inputs.match_openings(body, participant_id=participant_id, caller=record.principal)

    async def read() -> schemas.MatchesPublic:  # a question: only the read is recorded
        await access.basis_for(uow, record, participant_id, access.MATCHING)
        return views.matches(await handlers.match_openings(command, uow), page)

    return await audited(uow, record, read)


@router.get(
    "/{participant_id}/profile",
    response_model=schemas.ProfilePublic,
    summary="What placement-service knows of the participant (from plan-service's events)",
    responses=PROBLEMS,
)
async def get_profile(
    participant_id: UUID, record: ProfileRead, uow: UowDep
) -> schemas.ProfilePublic:
    async def read() -> schemas.ProfilePublic:
        municipality = record.principal.municipality
        profile = await uow.participants.get(participant_id, municipality=municipality)
        await access.basis_for(uow, record, participant_id, access.PROFILE)
        return views.profile(profile)

    return await audited(uow, record, read)


@router.get(
    "/{participant_id}/consents",
    response_model=schemas.ConsentsPublic,
    summary="The participant's consents as placement-service has them",
    responses=PROBLEMS,
)
async def get_consents(
    participant_id: UUID, record: ConsentsRead, uow: UowDep
) -> schemas.ConsentsPublic:
    async def read() -> schemas.ConsentsPublic:
        await uow.participants.get(participant_id, municipality=record.principal.municipality)
        await access.basis_for(uow, record, participant_id, access.CONSENTS)
        consents = await uow.participants.consents(participant_id)
        today = uow.clock.today()
        return schemas.ConsentsPublic(
            participant_id=participant_id, items=[views.consent(c, today) for c in consents]
        )

    return await audited(uow, record, read)
