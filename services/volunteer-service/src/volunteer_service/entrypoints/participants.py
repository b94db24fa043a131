"""Participants as volunteer-service knows them (from plan-service's events): suggestions,
and the singles without a network for the volunteer coordinator."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.pagination import PageDep
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.suggestions import Suggestion
from volunteer_service.entrypoints import schemas
from volunteer_service.entrypoints.deps import PROBLEMS, Staff, UowDep
from volunteer_service.service_layer import views

router = APIRouter(prefix="/participants", tags=["participants"])


def profile_public(p: ParticipantProfile) -> schemas.ParticipantProfilePublic:
    return schemas.ParticipantProfilePublic(
        participant_id=p.participant_id,
        household_type=p.household_type,
        settlement_date=p.settlement_date,
        languages=list(p.languages),
        interests=list(p.interests),
    )


def _reasons(s: Suggestion) -> list[schemas.ReasonPublic]:
    return [schemas.ReasonPublic(code=r.code, detail=r.detail, points=r.points) for r in s.reasons]


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
        total, items = await views.without_network(
            uow,
            principal.municipality,
            today=SYSTEM_CLOCK.today(),
            limit=page.limit,
            offset=page.offset,
        )
    return schemas.WithoutNetworkPublic(
        items=[profile_public(p) for p in items], total=total, limit=page.limit, offset=page.offset
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
        found = await views.suggestions_for(
            uow, participant_id, principal.municipality, today=SYSTEM_CLOCK.today(), limit=limit
        )
    return schemas.SuggestionsPublic(
        participant=profile_public(found.profile),
        volunteers=[
            schemas.VolunteerSuggestionPublic(
                volunteer_id=v.volunteer.id,
                kind=v.volunteer.kind.value,
                organisation_id=v.volunteer.organisation_id,
                roles=[r.value for r in v.volunteer.roles],
                languages=list(v.volunteer.languages),
                score=v.suggestion.score,
                reasons=_reasons(v.suggestion),
                consent_in_force=v.consent_in_force,
            )
            for v in found.volunteers
        ],
        activities=[
            schemas.ActivitySuggestionPublic(
                activity_id=a.activity.id,
                title=a.activity.title,
                kind=a.activity.kind.value,
                place=a.activity.place,
                weekday=a.activity.schedule.weekday,
                start_time=a.activity.schedule.start_time,
                score=a.suggestion.score,
                reasons=_reasons(a.suggestion),
            )
            for a in found.activities
        ],
    )
