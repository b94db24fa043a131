"""Activities and meeting places, and attendance at them."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from helhet_common.commands import run_command
from helhet_common.pagination import PageDep
from volunteer_service.domain.activities import Activity, ActivityChanges, Attendance
from volunteer_service.domain.codes import ActivityKind, CancellationReason, Recurrence, TargetGroup
from volunteer_service.entrypoints import schemas
from volunteer_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Staff, UowDep, changed
from volunteer_service.service_layer import commands, handlers

router = APIRouter(prefix="/activities", tags=["activities"])


def to_public(a: Activity) -> schemas.ActivityPublic:
    s = a.schedule
    return schemas.ActivityPublic(
        id=a.id,
        municipality=a.municipality,
        organisation_id=a.organisation_id,
        title=a.title,
        kind=a.kind.value,
        description=a.description,
        target_groups=[g.value for g in a.target_groups],
        interests=list(a.interests),
        languages=list(a.languages),
        locals_take_part=a.locals_take_part,
        recurrence=s.recurrence.value,
        weekday=s.weekday,
        start_time=s.start_time,
        end_time=s.end_time,
        starts_on=s.starts_on,
        ends_on=s.ends_on,
        place=a.place,
        cost_nok=a.cost_nok,
        fee_support_available=a.fee_support_available,
        counts_as_programme_hours=a.counts_as_programme_hours,
        attendance_required=a.attendance_required,
        status=a.status.value,
        published_on=a.published_on,
        version=a.version,
        cancelled_on=a.cancelled_on,
        cancellation_reason=a.cancellation_reason.value if a.cancellation_reason else None,
    )


def _json(a: Activity) -> Any:
    return to_public(a).model_dump(mode="json")


@router.post(
    "",
    status_code=201,
    response_model=schemas.ActivityPublic,
    summary="Create an activity or meeting place (optionally published at once)",
    responses=PROBLEMS,
)
async def create_activity(
    request: Request,
    body: schemas.ActivityCreate,
    principal: Staff,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.CreateActivity(
        municipality=principal.municipality,
        organisation_id=body.organisation_id,
        title=body.title,
        kind=ActivityKind(body.kind),
        description=body.description,
        target_groups=tuple(TargetGroup(g) for g in body.target_groups),
        interests=tuple(body.interests),
        languages=tuple(body.languages),
        locals_take_part=body.locals_take_part,
        recurrence=Recurrence(body.recurrence),
        weekday=body.weekday,
        start_time=body.start_time,
        end_time=body.end_time,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        place=body.place,
        cost_nok=body.cost_nok,
        fee_support_available=body.fee_support_available,
        counts_as_programme_hours=body.counts_as_programme_hours,
        publish=body.publish,
    )

    async def handle() -> Any:
        return _json(await handlers.create_activity(command, uow))

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
        items=[to_public(a) for a in items], total=total, limit=page.limit, offset=page.offset
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
    return to_public(activity)


@router.patch(
    "/{activity_id}",
    response_model=schemas.ActivityPublic,
    summary="Change an activity (not a cancelled one)",
    responses=PROBLEMS,
)
async def update_activity(
    activity_id: UUID,
    body: schemas.ActivityUpdate,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    same = [
        "organisation_id",
        "title",
        "description",
        "locals_take_part",
        "weekday",
        "start_time",
        "end_time",
        "starts_on",
        "ends_on",
        "place",
        "cost_nok",
        "fee_support_available",
        "counts_as_programme_hours",
    ]
    changes = ActivityChanges(
        kind=changed(body, "kind", ActivityKind),
        target_groups=changed(body, "target_groups", lambda v: tuple(TargetGroup(g) for g in v)),
        interests=changed(body, "interests", tuple),
        languages=changed(body, "languages", tuple),
        recurrence=changed(body, "recurrence", Recurrence),
        **{name: changed(body, name) for name in same},
    )
    command = commands.UpdateActivity(
        activity_id=activity_id,
        municipality=principal.municipality,
        expected_version=body.version,
        changes=changes,
    )

    async def handle() -> Any:
        return _json(await handlers.update_activity(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{activity_id}/cancellation",
    response_model=schemas.ActivityPublic,
    summary="Cancel an activity: no longer suggested, no new attendance",
    responses=PROBLEMS,
)
async def cancel_activity(
    activity_id: UUID,
    body: schemas.ActivityCancellation,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.CancelActivity(
        activity_id=activity_id,
        municipality=principal.municipality,
        expected_version=body.version,
        reason=CancellationReason(body.reason),
    )

    async def handle() -> Any:
        return _json(await handlers.cancel_activity(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{activity_id}/publish",
    response_model=schemas.ActivityPublic,
    summary="Publish a draft activity",
    responses=PROBLEMS,
)
async def publish_activity(
    activity_id: UUID, principal: Staff, uow: UowDep, response: Response
) -> Any:
    command = commands.PublishActivity(activity_id=activity_id, municipality=principal.municipality)

    async def handle() -> Any:
        return _json(await handlers.publish_activity(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{activity_id}/attendance",
    status_code=201,
    response_model=schemas.AttendanceRecordedPublic,
    summary="Record who came to one session (required when it counts in programme hours)",
    responses=PROBLEMS,
)
async def record_attendance(
    request: Request,
    activity_id: UUID,
    body: schemas.AttendanceCreate,
    principal: Staff,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RecordAttendance(
        activity_id=activity_id,
        municipality=principal.municipality,
        attended_on=body.attended_on,
        entries=tuple(Attendance(p.participant_id, p.present, p.hours) for p in body.participants),
        recorded_by=principal.sub,
    )

    async def handle() -> Any:
        activity, recorded = await handlers.record_attendance(command, uow)
        return schemas.AttendanceRecordedPublic(
            activity_id=activity.id,
            attended_on=body.attended_on,
            counts_as_programme_hours=activity.counts_as_programme_hours,
            items=[
                schemas.AttendancePublic(
                    activity_id=activity.id,
                    attended_on=body.attended_on,
                    participant_id=e.participant_id,
                    present=e.present,
                    hours=e.hours,
                )
                for e in recorded
            ],
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
    "/{activity_id}/attendance",
    response_model=schemas.AttendancesPublic,
    summary="Attendance at the activity, newest session first",
    responses=PROBLEMS,
)
async def list_attendance(
    activity_id: UUID, principal: Staff, uow: UowDep, page: PageDep
) -> schemas.AttendancesPublic:
    async with uow:
        activity = await uow.activities.get(activity_id, municipality=principal.municipality)
        total, rows = await uow.activities.attendance(
            activity.id, limit=page.limit, offset=page.offset
        )
    return schemas.AttendancesPublic(
        items=[
            schemas.AttendancePublic(
                activity_id=activity.id,
                attended_on=on,
                participant_id=a.participant_id,
                present=a.present,
                hours=a.hours,
            )
            for on, a in rows
        ],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
