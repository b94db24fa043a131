"""Organisations: the volunteer centre, the Red Cross, clubs; contact persons and offers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from helhet_common.pagination import PageDep
from volunteer_service.entrypoints import inputs, schemas, views
from volunteer_service.entrypoints.deps import PROBLEMS, Change, Create, Staff, UowDep
from volunteer_service.service_layer import handlers

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.OrganisationPublic,
    summary="Register an organisation in the caller's municipality",
    responses=PROBLEMS,
)
async def register_organisation(body: schemas.OrganisationCreate, run: Create) -> Any:
    command = inputs.register_organisation(body, caller=run.principal)
    return await run(handlers.register_organisation, command, view=views.organisation, body=body)


@router.get(
    "",
    response_model=schemas.OrganisationsPublic,
    summary="Organisations in the caller's municipality",
    responses=PROBLEMS,
)
async def list_organisations(
    principal: Staff, uow: UowDep, page: PageDep
) -> schemas.OrganisationsPublic:
    async with uow:
        total = await uow.organisations.count(principal.municipality)
        items = await uow.organisations.list_in(
            principal.municipality, limit=page.limit, offset=page.offset
        )
    return schemas.OrganisationsPublic(
        items=[views.organisation(o) for o in items],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/{organisation_id}",
    response_model=schemas.OrganisationPublic,
    summary="One organisation",
    responses=PROBLEMS,
)
async def get_organisation(
    organisation_id: UUID, principal: Staff, uow: UowDep
) -> schemas.OrganisationPublic:
    async with uow:
        organisation = await uow.organisations.get(
            organisation_id, municipality=principal.municipality
        )
    return views.organisation(organisation)


@router.patch(
    "/{organisation_id}",
    response_model=schemas.OrganisationPublic,
    summary="Change an organisation's name, offers, contact persons or description",
    responses=PROBLEMS,
)
async def update_organisation(
    organisation_id: UUID, body: schemas.OrganisationUpdate, run: Change
) -> Any:
    command = inputs.update_organisation(
        body, organisation_id=organisation_id, caller=run.principal
    )
    return await run(handlers.update_organisation, command, view=views.organisation)


@router.post(
    "/{organisation_id}/deactivation",
    response_model=schemas.OrganisationPublic,
    summary="Deactivate an organisation: no new volunteers or activities for it",
    responses=PROBLEMS,
)
async def deactivate_organisation(
    organisation_id: UUID, body: schemas.OrganisationDeactivation, run: Change
) -> Any:
    command = inputs.deactivate_organisation(
        body, organisation_id=organisation_id, caller=run.principal
    )
    return await run(handlers.deactivate_organisation, command, view=views.organisation)
