"""Employers: registration, contacts, locations, the agreement, the history log; and an
employer's own view of a candidate who has consented."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from helhet_common.commands import run_command
from helhet_common.ids import uuid7
from helhet_common.pagination import PageDep
from placement_service.domain.model import (
    Agreement,
    AgreementKind,
    Anchoring,
    ContactPerson,
    ContactRole,
    GeoPoint,
    HistoryKind,
    Location,
    MunicipalContact,
    Ownership,
)
from placement_service.entrypoints import schemas, views
from placement_service.entrypoints.deps import (
    PROBLEMS,
    EmployerUser,
    IdempotencyKey,
    Reader,
    UowDep,
    Writer,
)
from placement_service.service_layer import commands, handlers

router = APIRouter(prefix="/employers", tags=["employers"])


def to_agreement(a: schemas.AgreementIn) -> Agreement:
    return Agreement(AgreementKind(a.kind), Anchoring(a.anchored_at), a.signed_on, a.valid_to)


def to_responsible(r: schemas.MunicipalContactIn | None) -> MunicipalContact | None:
    return MunicipalContact(r.name, r.unit, r.phone, r.email) if r else None


def to_location(loc: schemas.LocationIn) -> Location:
    point = GeoPoint(loc.point.latitude, loc.point.longitude) if loc.point else None
    return Location(uuid7(), loc.name, loc.address, point, loc.public_transport)


def to_contact(c: schemas.ContactIn) -> ContactPerson:
    return ContactPerson(uuid7(), c.name, ContactRole(c.role), c.phone, c.email, c.login_sub)


def _json(employer: Any) -> Any:
    return views.employer(employer).model_dump(mode="json")


@router.post(
    "",
    status_code=201,
    response_model=schemas.EmployerPublic,
    summary="Register an employer",
    responses=PROBLEMS,
)
async def register_employer(
    request: Request,
    body: schemas.EmployerCreate,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RegisterEmployer(
        municipality=principal.municipality,
        org_number=body.org_number,
        name=body.name,
        sector=body.sector,
        nace_code=body.nace_code,
        ownership=Ownership(body.ownership),
        capacity_cap=body.capacity_cap,
        agreement=to_agreement(body.agreement),
        responsible=to_responsible(body.responsible),
        locations=tuple(to_location(x) for x in body.locations),
        contacts=tuple(to_contact(x) for x in body.contacts),
    )

    async def handle() -> Any:
        return _json(await handlers.register_employer(command, uow))

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
    response_model=schemas.EmployersPublic,
    summary="Employers in the caller's municipality",
    responses=PROBLEMS,
)
async def list_employers(
    principal: Reader,
    uow: UowDep,
    page: PageDep,
    sector: str | None = Query(default=None, pattern=r"^[A-U]$"),
) -> schemas.EmployersPublic:
    async with uow:
        total, found = await uow.employers.find(
            principal.municipality, sector=sector, limit=page.limit, offset=page.offset
        )
    return schemas.EmployersPublic(
        items=[views.employer(e) for e in found], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/{employer_id}",
    response_model=schemas.EmployerPublic,
    summary="One employer, with warnings (no active contact, agreement expired, ...)",
    responses=PROBLEMS,
)
async def get_employer(employer_id: UUID, principal: Reader, uow: UowDep) -> schemas.EmployerPublic:
    async with uow:
        employer = await handlers.load_employer(uow, employer_id, principal.municipality)
    return views.employer(employer)


@router.patch(
    "/{employer_id}",
    response_model=schemas.EmployerPublic,
    summary="Change name, capacity cap, agreement or the municipality's responsible contact",
    responses=PROBLEMS,
)
async def update_employer(
    employer_id: UUID,
    body: schemas.EmployerUpdate,
    principal: Writer,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.UpdateEmployer(
        employer_id=employer_id,
        municipality=principal.municipality,
        expected_version=body.version,
        name=body.name,
        capacity_cap=body.capacity_cap,
        # ``capacity_cap: null`` removes the cap, as ``remove_capacity_cap: true`` does.
        clear_capacity_cap=bool(body.remove_capacity_cap)
        or ("capacity_cap" in body.model_fields_set and body.capacity_cap is None),
        agreement=to_agreement(body.agreement) if body.agreement else None,
        responsible=to_responsible(body.responsible),
    )

    async def handle() -> Any:
        return _json(await handlers.update_employer(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{employer_id}/locations",
    status_code=201,
    response_model=schemas.EmployerPublic,
    summary="Add a location (a site where participants work)",
    responses=PROBLEMS,
)
async def add_location(
    request: Request,
    employer_id: UUID,
    body: schemas.LocationIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.AddLocation(employer_id, principal.municipality, to_location(body))

    async def handle() -> Any:
        return _json(await handlers.add_location(command, uow))

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


@router.post(
    "/{employer_id}/contacts",
    status_code=201,
    response_model=schemas.EmployerPublic,
    summary="Add a contact person (with a role) at the employer",
    responses=PROBLEMS,
)
async def add_contact(
    request: Request,
    employer_id: UUID,
    body: schemas.ContactIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.AddContact(
        employer_id, principal.municipality, to_contact(body), recorded_by=principal.sub
    )

    async def handle() -> Any:
        return _json(await handlers.add_contact(command, uow))

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


@router.post(
    "/{employer_id}/contacts/{contact_id}/departure",
    response_model=schemas.EmployerPublic,
    summary="Record that a contact person left; warns when no active contact is left",
    responses=PROBLEMS,
)
async def contact_left(
    employer_id: UUID,
    contact_id: UUID,
    body: schemas.ContactLeft,
    principal: Writer,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.RecordContactLeft(
        employer_id, principal.municipality, contact_id, body.left_on, recorded_by=principal.sub
    )

    async def handle() -> Any:
        employer, _ = await handlers.record_contact_left(command, uow)
        return _json(employer)

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{employer_id}/history",
    status_code=201,
    response_model=schemas.HistoryPublic,
    summary="Log a contact, visit or incident with the employer",
    responses=PROBLEMS,
)
async def log_history(
    request: Request,
    employer_id: UUID,
    body: schemas.HistoryIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.LogEmployerHistory(
        employer_id,
        principal.municipality,
        body.occurred_on,
        HistoryKind(body.kind),
        body.summary,
        recorded_by=principal.sub,
    )

    async def handle() -> Any:
        entry = await handlers.log_employer_history(command, uow)
        return schemas.HistoryPublic(
            id=entry.id,
            occurred_on=entry.occurred_on,
            kind=entry.kind.value,
            summary=entry.summary,
            recorded_by=entry.recorded_by,
        ).model_dump(mode="json")

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
    "/{employer_id}/history",
    response_model=schemas.HistoriesPublic,
    summary="The employer's history log, newest first",
    responses=PROBLEMS,
)
async def get_history(
    employer_id: UUID, principal: Reader, uow: UowDep, page: PageDep
) -> schemas.HistoriesPublic:
    async with uow:
        await handlers.load_employer(uow, employer_id, principal.municipality)
        total, entries = await uow.employers.history(
            employer_id, limit=page.limit, offset=page.offset
        )
    return schemas.HistoriesPublic(
        items=[
            schemas.HistoryPublic(
                id=h.id,
                occurred_on=h.occurred_on,
                kind=h.kind.value,
                summary=h.summary,
                recorded_by=h.recorded_by,
            )
            for h in entries
        ],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/{employer_id}/candidates/{participant_id}",
    response_model=schemas.CandidatePublic,
    summary="An employer's view of a candidate: only with the participant's consent",
    description="For a contact person of the employer (agency `employer`, role "
    "`contributor`, token `sub` registered as the contact's `login_sub`). Without a "
    "consent in force to this employer's organisation number for `placement` or "
    "`matching`, the answer is 404: the employer learns nothing.",
    responses=PROBLEMS,
)
async def get_candidate(
    employer_id: UUID, participant_id: UUID, principal: EmployerUser, uow: UowDep
) -> schemas.CandidatePublic:
    async with uow:
        profile, consent = await handlers.candidate_for_employer(
            uow,
            municipality=principal.municipality,
            employer_id=employer_id,
            participant_id=participant_id,
            login_sub=principal.sub,
            today=date.today(),
        )
    return schemas.CandidatePublic(
        participant_id=profile.participant_id,
        consent_id=consent.consent_id,
        consent_expires_on=consent.expires_on,
        education_level=profile.education_level,
        work_experience_sectors=list(profile.work_experience_sectors),
        wished_sectors=list(profile.wished_sectors),
        norwegian_levels=dict(profile.norwegian_levels),
        has_driving_licence=profile.has_driving_licence,
        languages=list(profile.languages),
    )
