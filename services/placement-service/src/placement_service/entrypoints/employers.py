"""Employers: registration, contacts, locations, the agreement, the history log; and an
employer's own view of a candidate who has consented."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from helhet_common.access.recorder import PurposeHeader, audited
from helhet_common.access.rules import CONSENT, Basis
from helhet_common.pagination import PageDep
from placement_service.entrypoints import inputs, schemas, views
from placement_service.entrypoints.deps import (
    PROBLEMS,
    CandidateRead,
    Change,
    Create,
    PlacementsRead,
    Reader,
    UowDep,
    participant_in_scope,
)
from placement_service.service_layer import access, handlers

router = APIRouter(prefix="/employers", tags=["employers"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.EmployerPublic,
    summary="Register an employer",
    responses=PROBLEMS,
)
async def register_employer(body: schemas.EmployerCreate, run: Create) -> Any:
    command = inputs.register_employer(body, caller=run.principal)
    return await run(handlers.register_employer, command, view=views.employer, body=body)


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
        employer = await uow.employers.get(employer_id, municipality=principal.municipality)
    return views.employer(employer)


@router.patch(
    "/{employer_id}",
    response_model=schemas.EmployerPublic,
    summary="Change name, capacity cap, agreement or the municipality's responsible contact",
    responses=PROBLEMS,
)
async def update_employer(employer_id: UUID, body: schemas.EmployerUpdate, run: Change) -> Any:
    command = inputs.update_employer(body, employer_id=employer_id, caller=run.principal)
    return await run(handlers.update_employer, command, view=views.employer)


@router.post(
    "/{employer_id}/locations",
    status_code=201,
    response_model=schemas.EmployerPublic,
    summary="Add a location (a site where participants work)",
    responses=PROBLEMS,
)
async def add_location(employer_id: UUID, body: schemas.LocationIn, run: Create) -> Any:
    command = inputs.add_location(body, employer_id=employer_id, caller=run.principal)
    return await run(handlers.add_location, command, view=views.employer, body=body)


@router.post(
    "/{employer_id}/contacts",
    status_code=201,
    response_model=schemas.EmployerPublic,
    summary="Add a contact person (with a role) at the employer",
    responses=PROBLEMS,
)
async def add_contact(employer_id: UUID, body: schemas.ContactIn, run: Create) -> Any:
    command = inputs.add_contact(body, employer_id=employer_id, caller=run.principal)
    return await run(handlers.add_contact, command, view=views.employer, body=body)


@router.post(
    "/{employer_id}/contacts/{contact_id}/departure",
    response_model=schemas.EmployerPublic,
    summary="Record that a contact person left; warns when no active contact is left",
    responses=PROBLEMS,
)
async def contact_left(
    employer_id: UUID, contact_id: UUID, body: schemas.ContactLeft, run: Change
) -> Any:
    command = inputs.record_contact_left(
        body, employer_id=employer_id, contact_id=contact_id, caller=run.principal
    )
    return await run(handlers.record_contact_left, command, view=views.employer)


@router.post(
    "/{employer_id}/history",
    status_code=201,
    response_model=schemas.HistoryPublic,
    summary="Log a contact, visit or incident with the employer",
    responses=PROBLEMS,
)
async def log_history(
    employer_id: UUID,
    body: schemas.HistoryIn,
    run: Create,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    """An entry about a participant needs what a change to their placements needs (another
    agency's caseworker: a basis that covers them; else the participant is not found)."""
    if body.participant_id is not None:
        await participant_in_scope(request, run.principal, body.participant_id, purpose)
    command = inputs.log_employer_history(body, employer_id=employer_id, caller=run.principal)
    return await run(handlers.log_employer_history, command, view=views.history_entry, body=body)


@router.get(
    "/{employer_id}/history",
    response_model=schemas.HistoriesPublic,
    summary="The employer's history log, newest first",
    responses=PROBLEMS,
)
async def get_history(
    employer_id: UUID, record: PlacementsRead, uow: UowDep, page: PageDep
) -> schemas.HistoriesPublic:
    """An entry about a participant is part of their placements' record: shown to a
    reader who may read those (each participant shown noted in the access log), left
    out for others."""

    async def read() -> schemas.HistoriesPublic:
        await uow.employers.get(employer_id, municipality=record.principal.municipality)
        total, entries = await uow.employers.history(
            employer_id,
            limit=page.limit,
            offset=page.offset,
            only=await access.readable(uow, record, access.PLACEMENTS),
        )
        about = (h.participant_id for h in entries if h.participant_id is not None)
        await access.note_all(uow, record, about, access.PLACEMENTS)
        return schemas.HistoriesPublic(
            items=[views.history_entry(h) for h in entries],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


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
    employer_id: UUID, participant_id: UUID, record: CandidateRead, uow: UowDep
) -> schemas.CandidatePublic:
    async def read() -> schemas.CandidatePublic:
        found = await handlers.candidate_for_employer(
            uow,
            municipality=record.principal.municipality,
            employer_id=employer_id,
            participant_id=participant_id,
            login_sub=record.principal.sub,
            purpose=record.purpose,
        )
        record.read(participant_id, Basis(legal_basis=CONSENT, consent_id=found.consent.consent_id))
        return views.candidate(found)

    return await audited(uow, record, read)
