"""Who is who: the names, case numbers and caseworkers of participants, for another
service's page that shows them by id (reporting's lists stay free of names), and the
search by name or case number. Every participant named is a read in their access log,
with the caller's own identity and purpose; a list is one read (one read id)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from helhet_common.auth import Principal
from helhet_common.errors import InvalidInput
from plan_service.adapters.repositories.directory import Listing
from plan_service.domain.codes import DataCategory
from plan_service.domain.sharing import INTEGRATION_LEADER as LEADER_ROLE
from plan_service.domain.sharing import REFUGEE_SERVICE
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, audited_read
from plan_service.entrypoints.deps import PROBLEMS, StaffReader, UowDep

router = APIRouter(prefix="/participants", tags=["participants"])

SEARCH_LIMIT = 20


def _scope(principal: Principal) -> str | None:
    """As the participants' list: the programme owner and the integration leader see
    every participant of the municipality, another agency those it has a sharing basis
    in force for (the agency returned)."""
    sees_all = principal.agency == REFUGEE_SERVICE or principal.has_role(LEADER_ROLE)
    return None if sees_all else principal.agency


def _public(found: Sequence[Listing]) -> schemas.ParticipantListingsPublic:
    return schemas.ParticipantListingsPublic(
        items=[
            schemas.ParticipantListingPublic(
                id=x.participant_id,
                display_name=x.display_name,
                case_number=x.case_number,
                caseworker=x.caseworker,
            )
            for x in found
        ]
    )


@router.post(
    "/search",
    response_model=schemas.ParticipantListingsPublic,
    summary="Names, case numbers and caseworkers of the participants with these ids",
    description="For a page of another service that shows participants by id (up to "
    f"{schemas.directory.LOOKUP_MAX} at once), called with the viewer's own token and "
    "purpose (`X-Purpose`). The same scope as `GET /participants`: an id the caller may "
    "not see, or that is unknown, is simply absent. Each participant answered is one "
    "read in their access log; the whole lookup is one read id. Nothing is changed.",
    responses=PROBLEMS,
)
async def lookup_participants(
    body: schemas.ParticipantLookup,
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def read() -> tuple[Sequence[UUID], Any]:
        found = await uow.directory.listings(
            principal.municipality,
            today=uow.clock.today(),
            agency=_scope(principal),
            ids=body.ids,
        )
        return [x.participant_id for x in found], _public(found)

    return await audited_read(
        uow, request, principal, purpose, read, categories=[DataCategory.PARTICIPANT.value]
    )


@router.get(
    "/search",
    response_model=schemas.ParticipantListingsPublic,
    summary="Participants by name, case number or caseworker",
    description=f"Up to {SEARCH_LIMIT}, by name, among those the caller may see (the "
    "scope of `GET /participants`): `q` in the name or the case number, `caseworker` in "
    "the name of the refugee service's current contact person (at least one of them). "
    "Each participant answered is one read in their access log.",
    responses=PROBLEMS,
)
async def search_participants(
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    q: Annotated[str | None, Query(min_length=2, max_length=100, pattern=r"\S")] = None,
    caseworker: Annotated[str | None, Query(min_length=2, max_length=100, pattern=r"\S")] = None,
    purpose: PurposeHeader = None,
) -> Any:
    if q is None and caseworker is None:
        raise InvalidInput(
            "Give q (name or case number) or caseworker.",
            code="search-text-required",
            errors=[{"location": ["query", "q"], "message": "q or caseworker is required"}],
        )

    async def read() -> tuple[Sequence[UUID], Any]:
        found = await uow.directory.search(
            principal.municipality,
            today=uow.clock.today(),
            agency=_scope(principal),
            query=q,
            caseworker=caseworker,
            limit=SEARCH_LIMIT,
        )
        return [x.participant_id for x in found], _public(found)

    return await audited_read(
        uow, request, principal, purpose, read, categories=[DataCategory.PARTICIPANT.value]
    )
