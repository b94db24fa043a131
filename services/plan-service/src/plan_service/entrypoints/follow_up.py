"""Meetings about a participant and the actions their decisions become; actions also on
their own, listed by status and owning unit (per participant, or for the whole
municipality)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from helhet_common.pagination import PageDep
from plan_service.adapters.repositories.follow_up import ActionQuery
from plan_service.domain.codes import ActionFilter, DataCategory
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import INTEGRATION_LEADER as LEADER_ROLE
from plan_service.domain.sharing import PURPOSES_FOR, REFUGEE_SERVICE, sharing_purpose
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, audited_read, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Reader, StaffCreate, StaffReader, UowDep
from plan_service.service_layer import handlers

router = APIRouter(tags=["meetings and actions"])

StatusFilter = Annotated[
    schemas.ActionFilterCode | None,
    Query(description="open, done, cancelled, or overdue (open and past due)"),
]
OwnerUnit = Annotated[
    str | None,
    Query(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$", description="the owning unit's id"),
]
MEETINGS = DataCategory.MEETINGS


# Meetings ---------------------------------------------------------------------------


@router.post(
    "/participants/{participant_id}/meetings",
    status_code=201,
    response_model=schemas.MeetingPublic,
    summary="Record a meeting; its decisions become actions",
    description="Published as `helhet.meeting.held.v1` and one `helhet.action.created.v1` "
    "per decision (agencies, codes and dates only: names, minutes and descriptions stay "
    "here). By staff of any agency whose sharing basis covers meetings.",
    responses=PROBLEMS,
)
async def hold_meeting(participant_id: UUID, body: schemas.MeetingCreate, run: StaffCreate) -> Any:
    command = inputs.hold_meeting(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.hold_meeting, command, view=views.held_meeting, body=body)


@router.get(
    "/participants/{participant_id}/meetings",
    response_model=schemas.MeetingsPublic,
    summary="Meetings about the participant, newest first, with their actions",
    responses=PROBLEMS,
)
async def list_meetings(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        total = await uow.meetings.count(participant.id)
        found = await uow.meetings.list(participant.id, limit=page.limit, offset=page.offset)
        return schemas.MeetingsPublic(
            items=[views.meeting(m, actions) for m, actions in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=MEETINGS
    )


# Actions ----------------------------------------------------------------------------


@router.post(
    "/participants/{participant_id}/actions",
    status_code=201,
    response_model=schemas.ActionPublic,
    summary="Create an action outside a meeting",
    description="Published as `helhet.action.created.v1`.",
    responses=PROBLEMS,
)
async def create_action(participant_id: UUID, body: schemas.ActionCreate, run: StaffCreate) -> Any:
    command = inputs.create_action(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.create_action, command, view=views.action, body=body)


@router.post(
    "/participants/{participant_id}/actions/{action_id}/complete",
    response_model=schemas.ActionPublic,
    summary="Close an action: done or cancelled (the owning agency or the programme owner)",
    description="Published as `helhet.action.completed.v1`. A closed action is 409 "
    "`action-already-closed`; another agency than the owner's 403 `action-owner-only`.",
    responses=PROBLEMS,
)
async def complete_action(
    participant_id: UUID, action_id: UUID, body: schemas.ActionCompletion, run: StaffCreate
) -> Any:
    command = inputs.complete_action(
        body, participant_id=participant_id, action_id=action_id, caller=run.principal
    )
    return await run(handlers.complete_action, command, view=views.action, body=body)


@router.get(
    "/participants/{participant_id}/actions",
    response_model=schemas.ActionsPublic,
    summary="The participant's actions, soonest due first (filter by status, owner unit)",
    responses=PROBLEMS,
)
async def list_actions(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    status: StatusFilter = None,
    owner_unit: OwnerUnit = None,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        today = uow.clock.today()
        query = ActionQuery(
            municipality=participant.municipality,
            participant_id=participant.id,
            status=ActionFilter(status) if status else None,
            owner_unit=owner_unit,
        )
        total = await uow.actions.count(query, today=today)
        found = await uow.actions.list(query, today=today, limit=page.limit, offset=page.offset)
        return schemas.ActionsPublic(
            items=[views.action(a, today) for a in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=MEETINGS
    )


@router.get(
    "/actions",
    response_model=schemas.ActionsPublic,
    summary="Actions in the caller's municipality, soonest due first (status, owner unit)",
    description="A unit's work list: e.g. `?owner_unit=nav&status=overdue`. The programme "
    "owner and the integration leader see every participant's actions; another agency "
    "those of participants it has a sharing basis for whose purpose covers meetings. "
    "Each participant on the page is written to the access log.",
    responses=PROBLEMS,
)
async def list_municipality_actions(
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    status: StatusFilter = None,
    owner_unit: OwnerUnit = None,
    purpose: PurposeHeader = None,
) -> Any:
    sees_all = principal.agency == REFUGEE_SERVICE or principal.has_role(LEADER_ROLE)
    purposes = PURPOSES_FOR[MEETINGS]
    named = sharing_purpose(purpose)
    if named is not None:
        purposes = purposes & {named}
    query = ActionQuery(
        municipality=principal.municipality,
        status=ActionFilter(status) if status else None,
        owner_unit=owner_unit,
        visible_to_agency=None if sees_all else principal.agency,
        purposes=tuple(sorted(p.value for p in purposes)),
    )

    async def read() -> tuple[Sequence[UUID], Any]:
        today = uow.clock.today()
        total = await uow.actions.count(query, today=today)
        found = await uow.actions.list(query, today=today, limit=page.limit, offset=page.offset)
        body = schemas.ActionsPublic(
            items=[views.action(a, today) for a in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        read_ids = list(dict.fromkeys(a.participant_id for a in found))
        return read_ids, body

    return await audited_read(uow, request, principal, purpose, read)
