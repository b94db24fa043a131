"""A participant as placement-service sees them: matching, the profile from plan-service's
events, and the consents that let employers see them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from helhet_common.access.export import PERSONAL_DATA_PATH, PersonalData
from helhet_common.access.recorder import audited
from helhet_common.pagination import PageDep
from placement_service.entrypoints import inputs, schemas, views
from placement_service.entrypoints.deps import (
    PROBLEMS,
    ConsentsRead,
    MatchingRead,
    PersonalDataRead,
    ProfileRead,
    UowDep,
)
from placement_service.service_layer import access, handlers, personal_data

router = APIRouter(prefix="/participants", tags=["matching"])

_PID = "01938f2e-7c4a-7d31-9b6e-5f0a1c2d3e4f"
EXAMPLE = {
    "service": "placement-service",
    "participant_id": _PID,
    "generated_at": "2026-12-09T10:15:00Z",
    "sections": [
        {
            "name": "profile",
            "title": "Det tjenesten vet om deg fra kartleggingen og planen",
            "records": [{"participant_id": _PID, "municipality": "3403", "wished_sectors": ["Q"]}],
        },
        {
            "name": "placements",
            "title": "Praksisplassene dine, med oppfølging, timer og tiltak",
            "records": [
                {
                    "id": "01938f2e-9d10-7a42-8c1b-2e3f4a5b6c7d",
                    "employer_name": "Hamar sykehjem",
                    "kind": "language_practice",
                    "start_date": "2026-11-01",
                    "follow_ups": [{"visited_on": "2026-11-15", "note": "Trives godt"}],
                }
            ],
        },
        {
            "name": "access_log",
            "title": "Hvem som har lest opplysningene dine her, og hvorfor",
            "records": [{"agency": "nav", "role": "caseworker", "purpose": "work_training"}],
        },
    ],
}


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


@router.get(
    PERSONAL_DATA_PATH.removeprefix("/participants"),
    response_model=PersonalData,
    summary="Everything placement-service holds about the participant (right of access)",
    description="The participant's right of access (GDPR art. 15): the profile from "
    "plan-service's events, the consents and sharing bases, the placements with their "
    "follow-ups, hours, kind changes, extensions and NAV measures, and the reads of the "
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
