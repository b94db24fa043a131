"""Meetings about a participant and the actions their decisions become; actions also on
their own, listed by status and owning unit (per participant, or for the whole
municipality)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from helhet_common.commands import run_command
from helhet_common.pagination import PageDep
from plan_service.adapters.repositories.follow_up import ActionQuery
from plan_service.domain.codes import (
    ActionFilter,
    ActionStatus,
    DataCategory,
    MeetingKind,
    Responsibility,
)
from plan_service.domain.follow_up import Action, Attendee, Meeting
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import INTEGRATION_LEADER as LEADER_ROLE
from plan_service.domain.sharing import PURPOSES_FOR, REFUGEE_SERVICE, sharing_purpose
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, audited_read, read_participant
from plan_service.entrypoints.deps import (
    PROBLEMS,
    IdempotencyKey,
    Reader,
    Staff,
    StaffReader,
    UowDep,
    caller_of,
)
from plan_service.service_layer import commands, handlers

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


def action_public(action: Action, today: date | None = None) -> schemas.ActionPublic:
    return schemas.ActionPublic(
        id=action.id,
        participant_id=action.participant_id,
        meeting_id=action.meeting_id,
        description=action.description,
        owner_agency=action.owner_agency,
        owner_unit=action.owner_unit,
        responsibility=action.responsibility.value if action.responsibility else None,
        due_date=action.due_date,
        created_on=action.created_on,
        status=action.status.value,
        overdue=action.overdue(today or date.today()),
        completed_on=action.completed_on,
        completion_note=action.completion_note,
    )


def meeting_public(meeting: Meeting, actions: Sequence[Action]) -> schemas.MeetingPublic:
    return schemas.MeetingPublic(
        id=meeting.id,
        kind=meeting.kind.value,
        held_on=meeting.held_on,
        attendees=[
            schemas.AttendeePublic(agency=a.agency, name=a.name, role=a.role)
            for a in meeting.attendees
        ],
        agencies_present=list(meeting.agencies_present),
        nav_present=meeting.nav_present,
        participant_present=meeting.participant_present,
        notes=meeting.notes,
        recorded_by_agency=meeting.recorded_by_agency,
        actions=[action_public(a) for a in actions],
    )


def decision_of(body: schemas.DecisionIn) -> commands.Decision:
    return commands.Decision(
        description=body.description,
        owner_agency=body.owner_agency,
        owner_unit=body.owner_unit,
        due_date=body.due_date,
        responsibility=Responsibility(body.responsibility) if body.responsibility else None,
    )


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
async def hold_meeting(
    participant_id: UUID,
    body: schemas.MeetingCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.HoldMeeting(
        caller=caller_of(principal),
        participant_id=participant_id,
        kind=MeetingKind(body.kind),
        held_on=body.held_on,
        attendees=tuple(
            Attendee(agency=a.agency, name=a.name, role=a.role) for a in body.attendees
        ),
        participant_present=body.participant_present,
        notes=body.notes,
        decisions=tuple(decision_of(d) for d in body.decisions),
    )

    async def handle() -> Any:
        meeting, actions = await handlers.hold_meeting(command, uow)
        return meeting_public(meeting, actions).model_dump(mode="json")

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
        body = schemas.MeetingsPublic(
            items=[meeting_public(m, actions) for m, actions in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return body.model_dump(mode="json")

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
async def create_action(
    participant_id: UUID,
    body: schemas.ActionCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.CreateAction(
        caller=caller_of(principal),
        participant_id=participant_id,
        decision=decision_of(body),
        created_on=body.created_on,
    )

    async def handle() -> Any:
        return action_public(await handlers.create_action(command, uow)).model_dump(mode="json")

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


@router.post(
    "/participants/{participant_id}/actions/{action_id}/complete",
    response_model=schemas.ActionPublic,
    summary="Close an action: done or cancelled (the owning agency or the programme owner)",
    description="Published as `helhet.action.completed.v1`. A closed action is 409 "
    "`action-already-closed`; another agency than the owner's 403 `action-owner-only`.",
    responses=PROBLEMS,
)
async def complete_action(
    participant_id: UUID,
    action_id: UUID,
    body: schemas.ActionCompletion,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.CompleteAction(
        caller=caller_of(principal),
        participant_id=participant_id,
        action_id=action_id,
        outcome=ActionStatus(body.outcome),
        completed_on=body.completed_on,
        note=body.note,
    )

    async def handle() -> Any:
        return action_public(await handlers.complete_action(command, uow)).model_dump(mode="json")

    return await run_command(
        uow,
        response,
        handle,
        status_code=200,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


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
    today = date.today()

    async def render(participant: Participant) -> Any:
        query = ActionQuery(
            municipality=participant.municipality,
            participant_id=participant.id,
            status=ActionFilter(status) if status else None,
            owner_unit=owner_unit,
        )
        total = await uow.actions.count(query, today=today)
        found = await uow.actions.list(query, today=today, limit=page.limit, offset=page.offset)
        body = schemas.ActionsPublic(
            items=[action_public(a, today) for a in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return body.model_dump(mode="json")

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
    today = date.today()
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
        total = await uow.actions.count(query, today=today)
        found = await uow.actions.list(query, today=today, limit=page.limit, offset=page.offset)
        body = schemas.ActionsPublic(
            items=[action_public(a, today) for a in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        read_ids = list(dict.fromkeys(a.participant_id for a in found))
        return read_ids, body.model_dump(mode="json")

    return await audited_read(uow, request, principal, purpose, read)
