"""The participant's contact person in each agency, with hand-over and history.

Employees' names and phone numbers are personal data: they stay in plan-service and
are not published.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from helhet_common.commands import run_command
from plan_service.domain.codes import DataCategory
from plan_service.domain.follow_up import ContactPerson, current_contacts
from plan_service.domain.participants import Participant
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Reader, Staff, UowDep, caller_of
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["contacts"])

CONTACTS = DataCategory.CONTACTS


def contact_public(contact: ContactPerson) -> schemas.ContactPublic:
    return schemas.ContactPublic(
        id=contact.id,
        agency=contact.agency,
        name=contact.name,
        role=contact.role,
        phone=contact.phone,
        email=contact.email,
        assigned_on=contact.assigned_on,
        ended_on=contact.ended_on,
        handover_note=contact.handover_note,
        current=contact.current,
    )


@router.post(
    "/{participant_id}/contacts",
    status_code=201,
    response_model=schemas.ContactPublic,
    summary="Assign the participant's contact person in an agency",
    description="The programme owner assigns any agency's contact; another agency its "
    "own (403 `own-agency-only`). Replacing the agency's current contact needs a "
    "hand-over note (422 `handover-note-required`); the previous one's period ends the "
    "day the new one starts and stays in the history. No event is published.",
    responses=PROBLEMS,
)
async def assign_contact(
    participant_id: UUID,
    body: schemas.ContactCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.AssignContact(
        caller=caller_of(principal),
        participant_id=participant_id,
        agency=body.agency,
        name=body.name,
        role=body.role,
        phone=body.phone,
        email=body.email,
        assigned_on=body.assigned_on,
        handover_note=body.handover_note,
    )

    async def handle() -> Any:
        contact, _ = await handlers.assign_contact_person(command, uow)
        return contact_public(contact).model_dump(mode="json")

    return await run_command(
        uow,
        response,
        handle,
        status_code=201,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


@router.get(
    "/{participant_id}/contacts",
    response_model=schemas.ContactsPublic,
    summary="The participant's current contact persons, one per agency",
    responses=PROBLEMS,
)
async def list_contacts(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        contacts = current_contacts(await uow.contacts.of_participant(participant.id))
        body = schemas.ContactsPublic(items=[contact_public(c) for c in contacts])
        return body.model_dump(mode="json")

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=CONTACTS
    )


@router.get(
    "/{participant_id}/contacts/history",
    response_model=schemas.ContactsPublic,
    summary="Every contact person the participant has had, newest first",
    responses=PROBLEMS,
)
async def contact_history(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        contacts = await uow.contacts.of_participant(participant.id)
        body = schemas.ContactsPublic(items=[contact_public(c) for c in contacts])
        return body.model_dump(mode="json")

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=CONTACTS
    )
