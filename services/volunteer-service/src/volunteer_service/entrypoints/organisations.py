"""Organisations: the volunteer centre, the Red Cross, clubs; contact persons and offers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from helhet_common.commands import run_command
from helhet_common.pagination import PageDep
from volunteer_service.domain.codes import OrganisationKind, Role
from volunteer_service.domain.organisations import Organisation
from volunteer_service.entrypoints import schemas
from volunteer_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Staff, UowDep, changed
from volunteer_service.service_layer import commands, handlers

router = APIRouter(prefix="/organisations", tags=["organisations"])


def to_public(o: Organisation) -> schemas.OrganisationPublic:
    return schemas.OrganisationPublic(
        id=o.id,
        municipality=o.municipality,
        name=o.name,
        kind=o.kind.value,
        offers=[r.value for r in o.offers],
        contacts=[schemas.ContactPerson(**c) for c in o.contacts],
        description=o.description,
        version=o.version,
        active=o.active,
        deactivated_on=o.deactivated_on,
    )


def _json(o: Organisation) -> Any:
    return to_public(o).model_dump(mode="json")


@router.post(
    "",
    status_code=201,
    response_model=schemas.OrganisationPublic,
    summary="Register an organisation in the caller's municipality",
    responses=PROBLEMS,
)
async def register_organisation(
    request: Request,
    body: schemas.OrganisationCreate,
    principal: Staff,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RegisterOrganisation(
        municipality=principal.municipality,
        name=body.name,
        kind=OrganisationKind(body.kind),
        offers=tuple(Role(r) for r in body.offers),
        contacts=tuple(c.model_dump(exclude_none=True) for c in body.contacts),
        description=body.description,
    )

    async def handle() -> Any:
        organisation = await handlers.register_organisation(command, uow)
        return to_public(organisation).model_dump(mode="json")

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
        items=[to_public(o) for o in items], total=total, limit=page.limit, offset=page.offset
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
    return to_public(organisation)


@router.patch(
    "/{organisation_id}",
    response_model=schemas.OrganisationPublic,
    summary="Change an organisation's name, offers, contact persons or description",
    responses=PROBLEMS,
)
async def update_organisation(
    organisation_id: UUID,
    body: schemas.OrganisationUpdate,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.UpdateOrganisation(
        organisation_id=organisation_id,
        municipality=principal.municipality,
        expected_version=body.version,
        name=changed(body, "name"),
        offers=changed(body, "offers", lambda v: tuple(Role(r) for r in v)),
        contacts=changed(
            body, "contacts", lambda v: tuple(c.model_dump(exclude_none=True) for c in v)
        ),
        description=changed(body, "description"),
    )

    async def handle() -> Any:
        return _json(await handlers.update_organisation(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{organisation_id}/deactivation",
    response_model=schemas.OrganisationPublic,
    summary="Deactivate an organisation: no new volunteers or activities for it",
    responses=PROBLEMS,
)
async def deactivate_organisation(
    organisation_id: UUID,
    body: schemas.OrganisationDeactivation,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.DeactivateOrganisation(
        organisation_id=organisation_id,
        municipality=principal.municipality,
        expected_version=body.version,
    )

    async def handle() -> Any:
        return _json(await handlers.deactivate_organisation(command, uow))

    return await run_command(uow, response, handle, status_code=200)
