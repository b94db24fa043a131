"""Placements: start, kind change, follow-up, hours, attendance, extension, NAV measure,
end."""

from __future__ import annotations

from functools import partial
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Request

from helhet_common.absence_codes import CodeList
from helhet_common.access.recorder import audited
from helhet_common.pagination import PageDep
from placement_service.entrypoints import inputs, schemas, views
from placement_service.entrypoints.deps import (
    PROBLEMS,
    AttendanceRecord,
    AttendanceRun,
    Change,
    Create,
    InScope,
    PlacementsRead,
    UowDep,
)
from placement_service.service_layer import access, handlers

router = APIRouter(prefix="/placements", tags=["placements"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Place a participant in an opening (checks the opening's and employer's caps)",
    responses=PROBLEMS,
)
async def start_placement(body: schemas.PlacementCreate, run: Create) -> Any:
    command = inputs.start_placement(body, caller=run.principal)
    view = views.placement_view(run.uow)
    return await run(handlers.start_placement, command, view=view, body=body)


@router.get(
    "",
    response_model=schemas.PlacementsPublic,
    summary="Placements in the caller's municipality",
    responses=PROBLEMS,
)
async def list_placements(
    record: PlacementsRead,
    uow: UowDep,
    page: PageDep,
    participant_id: UUID | None = None,
    employer_id: UUID | None = None,
    state: Literal["running", "ended"] | None = None,
) -> schemas.PlacementsPublic:
    ended = None if state is None else state == "ended"

    async def read() -> schemas.PlacementsPublic:
        total, found = await uow.placements.find(
            record.principal.municipality,
            participant_id=participant_id,
            employer_id=employer_id,
            ended=ended,
            limit=page.limit,
            offset=page.offset,
            only=await access.readable(uow, record, access.PLACEMENTS),
        )
        await access.note_all(uow, record, (p.participant_id for p in found), access.PLACEMENTS)
        ends = await uow.participants.programme_ends(sorted({p.participant_id for p in found}))
        return schemas.PlacementsPublic(
            items=[views.placement(p, programme_end=ends.get(p.participant_id)) for p in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


@router.get(
    "/{placement_id}",
    response_model=schemas.PlacementPublic,
    summary="One placement, with its history and what funds it after the programme",
    responses=PROBLEMS,
)
async def get_placement(
    placement_id: UUID, record: PlacementsRead, uow: UowDep
) -> schemas.PlacementPublic:
    async def read() -> schemas.PlacementPublic:
        placement = await uow.placements.get(
            placement_id, municipality=record.principal.municipality
        )
        await access.basis_for(
            uow, record, placement.participant_id, access.PLACEMENTS, what="placement"
        )
        return await views.placement_view(uow)(placement)

    return await audited(uow, record, read)


@router.post(
    "/{placement_id}/kind-changes",
    status_code=201,
    dependencies=[InScope],
    response_model=schemas.PlacementPublic,
    summary="Change the placement's kind (kept as history)",
    responses=PROBLEMS,
)
async def change_kind(placement_id: UUID, body: schemas.KindChangeIn, run: Create) -> Any:
    command = inputs.change_kind(body, placement_id=placement_id, caller=run.principal)
    view = views.placement_view(run.uow)
    return await run(handlers.change_kind, command, view=view, body=body)


@router.post(
    "/{placement_id}/follow-ups",
    status_code=201,
    dependencies=[InScope],
    response_model=schemas.PlacementPublic,
    summary="Log a follow-up (visit, call, three-way talk, evaluation)",
    responses=PROBLEMS,
)
async def log_follow_up(placement_id: UUID, body: schemas.FollowUpIn, run: Create) -> Any:
    command = inputs.log_follow_up(body, placement_id=placement_id, caller=run.principal)
    view = views.placement_view(run.uow)
    return await run(handlers.log_follow_up, command, view=view, body=body)


@router.post(
    "/{placement_id}/hours",
    status_code=201,
    dependencies=[InScope],
    response_model=schemas.PlacementPublic,
    summary="Log hours in the ledger (one entry per day; all or nothing)",
    responses=PROBLEMS,
)
async def log_hours(placement_id: UUID, body: schemas.HoursIn, run: Create) -> Any:
    command = inputs.log_hours(body, placement_id=placement_id, caller=run.principal)
    view = views.placement_view(run.uow)
    return await run(handlers.log_hours, command, view=view, body=body)


@router.get(
    "/{placement_id}/hours",
    response_model=schemas.LedgerPublic,
    summary="The hours ledger: totals by kind and month, and the days",
    responses=PROBLEMS,
)
async def get_hours(
    placement_id: UUID, record: PlacementsRead, uow: UowDep, page: PageDep
) -> schemas.LedgerPublic:
    async def read() -> schemas.LedgerPublic:
        placement = await uow.placements.get(
            placement_id, municipality=record.principal.municipality
        )
        await access.basis_for(
            uow, record, placement.participant_id, access.PLACEMENTS, what="placement"
        )
        return views.ledger(placement, page)

    return await audited(uow, record, read)


@router.post(
    "/{placement_id}/attendance",
    status_code=201,
    response_model=schemas.AttendancePublic,
    summary="Record attendance or absence on a day of the placement, for the participant's ledger",
    description="By the placement's follow-up staff (a caseworker who may read the "
    "placement) or the employer's contact person (agency `employer`, an active contact of "
    "this employer, with the participant's consent to it for a placement). Published as "
    "`helhet.placement.attendance_recorded.v1`; plan-service adds it to the participant's "
    "attendance and absence ledger. A day outside the placement is 422 "
    "`date-outside-placement`, after the participant's exit 422 `date-after-exit`, ahead of "
    "today 422 `date-in-future`, a code the municipality does not use 422 "
    "`unknown-absence-code`, a day already recorded 409 `attendance-already-recorded`.",
    responses=PROBLEMS,
)
async def record_attendance(
    placement_id: UUID,
    body: schemas.AttendanceIn,
    run: AttendanceRun,
    record: AttendanceRecord,
    request: Request,
) -> Any:
    settings = request.app.state.settings
    command = inputs.record_attendance(
        body,
        placement_id=placement_id,
        caller=run.principal,
        codes=CodeList.for_municipality(run.principal.municipality, settings.absence_codes),
    )
    handler = partial(handlers.record_attendance, record=record)
    return await run(handler, command, view=views.attendance, body=body)


@router.post(
    "/{placement_id}/extensions",
    status_code=201,
    dependencies=[InScope],
    response_model=schemas.PlacementPublic,
    summary="Extend the placement (flags an extension that only keeps a subsidy running)",
    responses=PROBLEMS,
)
async def extend_placement(placement_id: UUID, body: schemas.ExtensionIn, run: Create) -> Any:
    command = inputs.extend_placement(body, placement_id=placement_id, caller=run.principal)
    view = views.placement_view(run.uow)
    return await run(handlers.extend_placement, command, view=view, body=body)


@router.post(
    "/{placement_id}/nav-measures",
    status_code=201,
    dependencies=[InScope],
    response_model=schemas.PlacementPublic,
    summary="Link the NAV measure that funds or continues the placement",
    responses=PROBLEMS,
)
async def link_nav_measure(placement_id: UUID, body: schemas.NavMeasureIn, run: Create) -> Any:
    command = inputs.link_nav_measure(body, placement_id=placement_id, caller=run.principal)
    view = views.placement_view(run.uow)
    return await run(handlers.link_nav_measure, command, view=view, body=body)


@router.post(
    "/{placement_id}/end",
    dependencies=[InScope],
    response_model=schemas.PlacementPublic,
    summary="End the placement with a reason and the next step (hired: participant hired)",
    responses=PROBLEMS,
)
async def end_placement(placement_id: UUID, body: schemas.PlacementEnd, run: Change) -> Any:
    command = inputs.end_placement(body, placement_id=placement_id, caller=run.principal)
    return await run(handlers.end_placement, command, view=views.placement_view(run.uow))
