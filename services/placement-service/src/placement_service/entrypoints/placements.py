"""Placements: start, kind change, follow-up, hours, extension, NAV measure, end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from helhet_common.commands import run_command
from helhet_common.pagination import PageDep
from placement_service.domain.codes import (
    AssessmentMethod,
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    Purpose,
    Skill,
)
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement, Placement
from placement_service.entrypoints import schemas, views
from placement_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Reader, UowDep, Writer
from placement_service.service_layer import commands, handlers
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork

router = APIRouter(prefix="/placements", tags=["placements"])


async def _public(uow: PlacementUnitOfWork, placement: Placement) -> schemas.PlacementPublic:
    profile = await uow.participants.profile(placement.participant_id)
    end = profile.programme_expected_end if profile else None
    return views.placement(placement, programme_end=end)


async def _write(
    uow: PlacementUnitOfWork,
    response: Response,
    step: Callable[[], Awaitable[Placement]],
    *,
    status_code: int,
    principal: Any = None,
    idempotency_key: str | None = None,
    request: Request | None = None,
    body: BaseModel | None = None,
) -> Any:
    async def handle() -> Any:
        return (await _public(uow, await step())).model_dump(mode="json")

    return await run_command(
        uow,
        response,
        handle,
        status_code=status_code,
        idempotency_key=idempotency_key,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json") if body is not None else None,
    )


@router.post(
    "",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Place a participant in an opening (checks the opening's and employer's caps)",
    responses=PROBLEMS,
)
async def start_placement(
    request: Request,
    body: schemas.PlacementCreate,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    la, fp = body.language_agreement, body.follow_up_plan
    command = commands.StartPlacement(
        municipality=principal.municipality,
        participant_id=body.participant_id,
        opening_id=body.opening_id,
        purpose=Purpose(body.purpose),
        learning_goals=tuple(body.learning_goals),
        language_agreement=LanguageAgreement(
            {Skill(k): v for k, v in la.levels.items()}, AssessmentMethod(la.assessment)
        ),
        follow_up_plan=FollowUpPlan(fp.every_days, fp.by_unit, fp.employer_contact_id),
        start_date=body.start_date,
        planned_end=body.planned_end,
    )
    return await _write(
        uow,
        response,
        lambda: handlers.start_placement(command, uow),
        status_code=201,
        principal=principal,
        idempotency_key=idempotency_key,
        request=request,
        body=body,
    )


@router.get(
    "",
    response_model=schemas.PlacementsPublic,
    summary="Placements in the caller's municipality",
    responses=PROBLEMS,
)
async def list_placements(
    principal: Reader,
    uow: UowDep,
    page: PageDep,
    participant_id: UUID | None = None,
    employer_id: UUID | None = None,
    state: Literal["running", "ended"] | None = None,
) -> schemas.PlacementsPublic:
    ended = None if state is None else state == "ended"
    async with uow:
        total, found = await uow.placements.find(
            principal.municipality,
            participant_id=participant_id,
            employer_id=employer_id,
            ended=ended,
            limit=page.limit,
            offset=page.offset,
        )
        ends = await uow.participants.programme_ends(sorted({p.participant_id for p in found}))
    return schemas.PlacementsPublic(
        items=[views.placement(p, programme_end=ends.get(p.participant_id)) for p in found],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/{placement_id}",
    response_model=schemas.PlacementPublic,
    summary="One placement, with its history and what funds it after the programme",
    responses=PROBLEMS,
)
async def get_placement(
    placement_id: UUID, principal: Reader, uow: UowDep
) -> schemas.PlacementPublic:
    async with uow:
        placement = await handlers.load_placement(uow, placement_id, principal.municipality)
        return await _public(uow, placement)


@router.post(
    "/{placement_id}/kind-changes",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Change the placement's kind (kept as history)",
    responses=PROBLEMS,
)
async def change_kind(
    request: Request,
    placement_id: UUID,
    body: schemas.KindChangeIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.ChangeKind(
        placement_id,
        principal.municipality,
        OpeningKind(body.to_kind),
        body.effective_date,
        body.reason,
        body.follow_up_by_unit,
    )
    return await _write(
        uow,
        response,
        lambda: handlers.change_kind(command, uow),
        status_code=201,
        principal=principal,
        idempotency_key=idempotency_key,
        request=request,
        body=body,
    )


@router.post(
    "/{placement_id}/follow-ups",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Log a follow-up (visit, call, three-way talk, evaluation)",
    responses=PROBLEMS,
)
async def log_follow_up(
    request: Request,
    placement_id: UUID,
    body: schemas.FollowUpIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.LogFollowUp(
        placement_id,
        principal.municipality,
        body.visited_on,
        FollowUpKind(body.kind),
        body.by_unit,
        FollowUpOutcome(body.outcome),
        body.note,
    )
    return await _write(
        uow,
        response,
        lambda: handlers.log_follow_up(command, uow),
        status_code=201,
        principal=principal,
        idempotency_key=idempotency_key,
        request=request,
        body=body,
    )


@router.post(
    "/{placement_id}/hours",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Log hours in the ledger (one entry per day; all or nothing)",
    responses=PROBLEMS,
)
async def log_hours(
    request: Request,
    placement_id: UUID,
    body: schemas.HoursIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.LogHours(
        placement_id,
        principal.municipality,
        tuple((e.worked_on, e.hours, e.confirmed_by_employer) for e in body.entries),
    )
    return await _write(
        uow,
        response,
        lambda: handlers.log_hours(command, uow),
        status_code=201,
        principal=principal,
        idempotency_key=idempotency_key,
        request=request,
        body=body,
    )


@router.get(
    "/{placement_id}/hours",
    response_model=schemas.LedgerPublic,
    summary="The hours ledger: totals by kind and month, and the days",
    responses=PROBLEMS,
)
async def get_hours(
    placement_id: UUID, principal: Reader, uow: UowDep, page: PageDep
) -> schemas.LedgerPublic:
    async with uow:
        placement = await handlers.load_placement(uow, placement_id, principal.municipality)
    ledger = placement.ledger()
    days = sorted(placement.hours, key=lambda h: h.worked_on)
    return schemas.LedgerPublic(
        placement_id=placement.id,
        total_hours=ledger.total_hours,
        confirmed_hours=ledger.confirmed_hours,
        by_kind=ledger.by_kind,
        by_month=ledger.by_month,
        items=[
            schemas.HoursDayPublic(
                worked_on=h.worked_on,
                hours=h.hours,
                confirmed_by_employer=h.confirmed_by_employer,
                kind=placement.kind_on(h.worked_on).value,
            )
            for h in days[page.offset : page.offset + page.limit]
        ],
        total=len(days),
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/{placement_id}/extensions",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Extend the placement (flags an extension that only keeps a subsidy running)",
    responses=PROBLEMS,
)
async def extend_placement(
    request: Request,
    placement_id: UUID,
    body: schemas.ExtensionIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.ExtendPlacement(
        placement_id, principal.municipality, body.new_end, ExtensionReason(body.reason)
    )
    return await _write(
        uow,
        response,
        lambda: handlers.extend_placement(command, uow, today=date.today()),
        status_code=201,
        principal=principal,
        idempotency_key=idempotency_key,
        request=request,
        body=body,
    )


@router.post(
    "/{placement_id}/nav-measures",
    status_code=201,
    response_model=schemas.PlacementPublic,
    summary="Link the NAV measure that funds or continues the placement",
    responses=PROBLEMS,
)
async def link_nav_measure(
    request: Request,
    placement_id: UUID,
    body: schemas.NavMeasureIn,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.LinkNavMeasure(
        placement_id,
        principal.municipality,
        NavMeasureType(body.type),
        NavMeasureRole(body.role),
        body.period_from,
        body.period_to,
        body.rate_percent,
    )
    return await _write(
        uow,
        response,
        lambda: handlers.link_nav_measure(command, uow),
        status_code=201,
        principal=principal,
        idempotency_key=idempotency_key,
        request=request,
        body=body,
    )


@router.post(
    "/{placement_id}/end",
    response_model=schemas.PlacementPublic,
    summary="End the placement with a reason and the next step (hired: participant hired)",
    responses=PROBLEMS,
)
async def end_placement(
    placement_id: UUID,
    body: schemas.PlacementEnd,
    principal: Writer,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.EndPlacement(
        placement_id,
        principal.municipality,
        body.actual_end,
        EndReason(body.reason),
        NextStep(body.next_step),
    )
    return await _write(
        uow, response, lambda: handlers.end_placement(command, uow), status_code=200
    )
