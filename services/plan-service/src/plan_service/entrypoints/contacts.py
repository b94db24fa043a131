"""The participant's contact person in each agency, with hand-over and history.

Employees' names and phone numbers are personal data: they stay in plan-service and
are not published.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from plan_service.domain.codes import DataCategory
from plan_service.domain.follow_up import current_contacts
from plan_service.domain.participants import Participant
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Reader, StaffCreate, UowDep
from plan_service.service_layer import handlers

router = APIRouter(prefix="/participants", tags=["contacts"])

CONTACTS = DataCategory.CONTACTS


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
    participant_id: UUID, body: schemas.ContactCreate, run: StaffCreate
) -> Any:
    command = inputs.assign_contact(body, participant_id=participant_id, caller=run.principal)
    return await run(
        handlers.assign_contact_person, command, view=views.assigned_contact, body=body
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
        return schemas.ContactsPublic(items=[views.contact(c) for c in contacts])

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
        return schemas.ContactsPublic(items=[views.contact(c) for c in contacts])

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=CONTACTS
    )
