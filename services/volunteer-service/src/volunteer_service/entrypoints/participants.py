"""Participants as volunteer-service knows them (from plan-service's events): suggestions,
and the singles without a network for the volunteer coordinator."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.access.export import PERSONAL_DATA_PATH, PersonalData
from helhet_common.access.recorder import audited
from helhet_common.pagination import PageDep
from volunteer_service.entrypoints import schemas, views
from volunteer_service.entrypoints.deps import PROBLEMS, PersonalDataRead, ProfileRead, UowDep
from volunteer_service.service_layer import access, personal_data, queries

router = APIRouter(prefix="/participants", tags=["participants"])

_PID = "01938f2e-7c4a-7d31-9b6e-5f0a1c2d3e4f"
EXAMPLE = {
    "service": "volunteer-service",
    "participant_id": _PID,
    "generated_at": "2026-12-09T10:15:00Z",
    "sections": [
        {
            "name": "matches",
            "title": "Koblingene dine med frivillige (guide, mentor, vertsfamilie ...)",
            "records": [
                {
                    "id": "01938f2e-9d10-7a42-8c1b-2e3f4a5b6c7d",
                    "role": "guide",
                    "status": "active",
                    "proposed_on": "2026-11-01",
                }
            ],
        },
        {
            "name": "attendance",
            "title": "Oppmøtet ditt på aktiviteter og møteplasser",
            "records": [
                {"activity_title": "Språkkafé", "attended_on": "2026-11-10", "present": True}
            ],
        },
    ],
}


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


@router.get(
    PERSONAL_DATA_PATH.removeprefix("/participants"),
    response_model=PersonalData,
    summary="Everything volunteer-service holds about the participant (right of access)",
    description="The participant's right of access (GDPR art. 15): the profile from "
    "plan-service's events, the consents and sharing bases, the matches (the volunteer "
    "by id, kind and role), the attendance at activities, and the reads of the "
    "participant's data. For the participant themself (their own login), and the "
    "refugee service's caseworkers and the integration leader of the participant's "
    "municipality; anyone else gets the 404 (or 403) of any read of the participant. "
    "Each answer is one read in the access log, purpose `innsyn`; plan-service gathers "
    "it into the participant's one export.",
    responses={**PROBLEMS, 200: {"content": {"application/json": {"example": EXAMPLE}}}},
)
async def get_personal_data(
    participant_id: UUID, record: PersonalDataRead, uow: UowDep
) -> PersonalData:
    async def read() -> PersonalData:
        return await personal_data.personal_data(uow, record, participant_id)

    return await audited(uow, record, read)
