"""Activities and meeting places, and attendance at them."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from helhet_common.access.recorder import PurposeHeader, audited
from helhet_common.pagination import PageDep
from volunteer_service.entrypoints import inputs, schemas, views
from volunteer_service.entrypoints.deps import (
    PROBLEMS,
    Change,
    Create,
    Staff,
    UowDep,
    VolunteeringRead,
    participants_in_scope,
)
from volunteer_service.service_layer import access, handlers

router = APIRouter(prefix="/activities", tags=["activities"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.ActivityPublic,
    summary="Create an activity or meeting place (optionally published at once)",
    responses=PROBLEMS,
)
async def create_activity(body: schemas.ActivityCreate, run: Create) -> Any:
    command = inputs.create_activity(body, caller=run.principal)
    return await run(handlers.create_activity, command, view=views.activity, body=body)


@router.get(
    "",
    response_model=schemas.ActivitiesPublic,
    summary="Activities in the caller's municipality: the overview of what volunteers do",
    responses=PROBLEMS,
)
async def list_activities(
    principal: Staff,
    uow: UowDep,
    page: PageDep,
    published: Annotated[bool, Query(description="only published ones")] = False,
) -> schemas.ActivitiesPublic:
    async with uow:
        total = await uow.activities.count(principal.municipality, published_only=published)
        items = await uow.activities.list_in(
            principal.municipality, published_only=published, limit=page.limit, offset=page.offset
        )
    return schemas.ActivitiesPublic(
        items=[views.activity(a) for a in items], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/{activity_id}",
    response_model=schemas.ActivityPublic,
    summary="One activity",
    responses=PROBLEMS,
)
async def get_activity(activity_id: UUID, principal: Staff, uow: UowDep) -> schemas.ActivityPublic:
    async with uow:
        activity = await uow.activities.get(activity_id, municipality=principal.municipality)
    return views.activity(activity)


@router.patch(
    "/{activity_id}",
    response_model=schemas.ActivityPublic,
    summary="Change an activity (not a cancelled one)",
    responses=PROBLEMS,
)
async def update_activity(activity_id: UUID, body: schemas.ActivityUpdate, run: Change) -> Any:
    command = inputs.update_activity(body, activity_id=activity_id, caller=run.principal)
    return await run(handlers.update_activity, command, view=views.activity)


@router.post(
    "/{activity_id}/cancellation",
    response_model=schemas.ActivityPublic,
    summary="Cancel an activity: no longer suggested, no new attendance",
    responses=PROBLEMS,
)
async def cancel_activity(
    activity_id: UUID, body: schemas.ActivityCancellation, run: Change
) -> Any:
    command = inputs.cancel_activity(body, activity_id=activity_id, caller=run.principal)
    return await run(handlers.cancel_activity, command, view=views.activity)


@router.post(
    "/{activity_id}/publish",
    response_model=schemas.ActivityPublic,
    summary="Publish a draft activity",
    responses=PROBLEMS,
)
async def publish_activity(activity_id: UUID, run: Change) -> Any:
    command = inputs.publish_activity(activity_id=activity_id, caller=run.principal)
    return await run(handlers.publish_activity, command, view=views.activity)


@router.post(
    "/{activity_id}/attendance",
    status_code=201,
    response_model=schemas.AttendanceRecordedPublic,
    summary="Record who came to one session (required when it counts in programme hours)",
    responses=PROBLEMS,
)
async def record_attendance(
    activity_id: UUID,
    body: schemas.AttendanceCreate,
    run: Create,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    await participants_in_scope(
        (p.participant_id for p in body.participants), request, run.principal, purpose
    )
    command = inputs.record_attendance(body, activity_id=activity_id, caller=run.principal)
    return await run(handlers.record_attendance, command, view=views.attendance_recorded, body=body)


@router.get(
    "/{activity_id}/attendance",
    response_model=schemas.AttendancesPublic,
    summary="Attendance at the activity, newest session first",
    responses=PROBLEMS,
)
async def list_attendance(
    activity_id: UUID, record: VolunteeringRead, uow: UowDep, page: PageDep
) -> schemas.AttendancesPublic:
    async def read() -> schemas.AttendancesPublic:
        activity = await uow.activities.get(activity_id, municipality=record.principal.municipality)
        total, rows = await uow.activities.attendance(
            activity.id,
            limit=page.limit,
            offset=page.offset,
            only=await access.readable(uow, record, access.VOLUNTEERING),
        )
        await access.note_all(uow, record, (a.participant_id for _, a in rows), access.VOLUNTEERING)
        return schemas.AttendancesPublic(
            items=[views.attendance(activity.id, on, a) for on, a in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)
