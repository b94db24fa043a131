"""Participants: settlement, the programme, the integration plan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from helhet_common.auth import check_municipality_claim
from helhet_common.commands import run_command
from helhet_common.errors import InvalidInput
from helhet_common.municipalities import is_known
from helhet_common.pagination import PageDep
from plan_service.domain.codes import (
    ActivityKind,
    CefrLevel,
    EndGoal,
    HouseholdType,
    ParticipantGroup,
    Regime,
    Section,
)
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Activity, Plan
from plan_service.domain.sharing import INTEGRATION_LEADER as LEADER_ROLE
from plan_service.domain.sharing import REFUGEE_SERVICE
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, audited_read, read_participant
from plan_service.entrypoints.deps import (
    PROBLEMS,
    IdempotencyKey,
    StaffReader,
    UowDep,
    Writer,
    caller_of,
)
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["participants"])


def activity_in(activity: Activity) -> schemas.ActivityIn:
    return schemas.ActivityIn(
        kind=activity.kind.value,
        provider_unit=activity.provider_unit,
        hours_per_week=activity.hours_per_week,
        from_date=activity.from_date,
        to_date=activity.to_date,
        counts_as_programme_hours=activity.counts_as_programme_hours,
    )


def activity_of(activity: schemas.ActivityIn) -> Activity:
    return Activity(
        kind=ActivityKind(activity.kind),
        provider_unit=activity.provider_unit,
        hours_per_week=activity.hours_per_week,
        from_date=activity.from_date,
        to_date=activity.to_date,
        counts_as_programme_hours=activity.counts_as_programme_hours,
    )


def sections_public(plan: Plan) -> list[schemas.SectionPublic]:
    return [
        schemas.SectionPublic(
            section=section.value,
            contributors=[
                schemas.ContributorPublic(agency=c.agency, sub=c.sub)
                for c in plan.contributors_of(section)
            ],
        )
        for section in Section
    ]


def plan_public(participant: Participant, today: date | None = None) -> schemas.PlanPublic | None:
    plan = participant.plan
    if plan is None:
        return None
    today = today or date.today()
    return schemas.PlanPublic(
        version=plan.version,
        end_goal=plan.end_goal.value,
        norwegian_goal=plan.norwegian_goal.value,
        activities=[activity_in(a) for a in plan.activities],
        programme_hours_per_week=plan.programme_hours_per_week,
        participant_group=plan.participant_group.value if plan.participant_group else None,
        heavy_self_study=plan.heavy_self_study,
        required_hours_per_week=plan.required_hours_per_week,
        full_time=plan.full_time,
        sections=sections_public(plan),
        started_on=plan.started_on,
        next_review_due=participant.next_review_due(),
        review_overdue=participant.review_overdue(today),
    )


def to_public(participant: Participant, today: date | None = None) -> schemas.ParticipantPublic:
    programme = participant.programme
    moved = participant.moved
    return schemas.ParticipantPublic(
        programme_status=programme.status(today or date.today()).value
        if programme
        else "not_started",
        mapping_version=participant.mapping_version,
        has_login=participant.person_sub is not None,
        id=participant.id,
        municipality=participant.municipality,
        settlement_date=participant.settlement_date,
        birth_year=participant.birth_year,
        household_type=participant.household_type.value,
        languages=list(participant.languages),
        programme=schemas.ProgrammePublic(
            regime=programme.regime.value,
            start_date=programme.start_date,
            expected_end_date=programme.expected_end_date,
        )
        if programme
        else None,
        plan=plan_public(participant, today),
        moved=schemas.MovePublic(moved_on=moved.moved_on, to_municipality=moved.to_municipality)
        if moved
        else None,
    )


def _public_json(participant: Participant) -> Any:
    return to_public(participant).model_dump(mode="json")


@router.post(
    "",
    status_code=201,
    response_model=schemas.ParticipantPublic,
    summary="Settle a participant in the caller's municipality",
    responses=PROBLEMS,
)
async def settle_participant(
    request: Request,
    body: schemas.ParticipantCreate,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    if not is_known(body.municipality):
        raise InvalidInput(
            f"Unknown municipality {body.municipality}.",
            code="unknown-municipality",
            errors=[{"location": ["body", "municipality"], "message": "unknown municipality"}],
        )
    check_municipality_claim(principal, body.municipality)
    personal = {
        k: v for k, v in (("given_name", body.given_name), ("family_name", body.family_name)) if v
    }
    command = commands.SettleParticipant(
        municipality=body.municipality,
        settlement_date=body.settlement_date,
        birth_year=body.birth_year,
        household_type=HouseholdType(body.household_type),
        languages=tuple(body.languages),
        personal=personal,
        person_sub=body.person_sub,
        caller=caller_of(principal),
    )

    async def handle() -> Any:
        return _public_json(await handlers.settle_participant(command, uow))

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
    response_model=schemas.ParticipantsPublic,
    summary="Participants in the caller's municipality, newest last",
    responses=PROBLEMS,
)
async def list_participants(
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    # The programme owner and the integration leader see every participant of the
    # municipality; another agency those it has a sharing basis in force for.
    sees_all = principal.agency == REFUGEE_SERVICE or principal.has_role(LEADER_ROLE)
    agency = None if sees_all else principal.agency

    async def read() -> tuple[Sequence[UUID], Any]:
        today = uow.clock.today()
        total = await uow.participants.count_in_municipality(
            principal.municipality, today=today, agency=agency
        )
        participants = await uow.participants.list_in_municipality(
            principal.municipality, today=today, limit=page.limit, offset=page.offset, agency=agency
        )
        body = schemas.ParticipantsPublic(
            items=[to_public(p) for p in participants],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return [p.id for p in participants], body.model_dump(mode="json")

    return await audited_read(uow, request, principal, purpose, read)


@router.get(
    "/{participant_id}",
    response_model=schemas.ParticipantPublic,
    summary="One participant",
    responses=PROBLEMS,
)
async def get_participant(
    participant_id: UUID,
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        return _public_json(participant)

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/{participant_id}/programme",
    status_code=201,
    response_model=schemas.ParticipantPublic,
    summary="Start the participant's introduction programme",
    responses=PROBLEMS,
)
async def start_programme(
    request: Request,
    participant_id: UUID,
    body: schemas.ProgrammeStart,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.StartProgramme(
        participant_id=participant_id,
        municipality=principal.municipality,
        regime=Regime(body.regime),
        start_date=body.start_date,
        expected_end_date=body.expected_end_date,
        caller=caller_of(principal),
    )

    async def handle() -> Any:
        return _public_json(await handlers.start_programme(command, uow))

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


@router.put(
    "/{participant_id}/plan",
    response_model=schemas.ParticipantPublic,
    summary="Create or update the integration plan (the editor; optimistic concurrency)",
    description="A new version of the whole plan, by the plan's editor (a plan editor, or "
    "a caseworker of the refugee service; others get 403 `plan-editor-only` and propose "
    "contributions). `reason` is required for every change after the first "
    "(422 `reason-required`); a plan below full time is saved with `full_time: false`; "
    "a moved participant's plan is read-only (409 `participant-moved`). Published as "
    "`helhet.plan.updated.v1`.",
    responses=PROBLEMS,
)
async def put_plan(
    participant_id: UUID,
    body: schemas.PlanPut,
    principal: Writer,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.UpdatePlan(
        participant_id=participant_id,
        municipality=principal.municipality,
        expected_version=body.version,
        end_goal=EndGoal(body.end_goal),
        norwegian_goal=CefrLevel(body.norwegian_goal),
        activities=tuple(activity_of(a) for a in body.activities),
        participant_group=ParticipantGroup(body.participant_group)
        if body.participant_group
        else None,
        heavy_self_study=body.heavy_self_study,
        reason=body.reason,
        caller=caller_of(principal),
    )

    async def handle() -> Any:
        return _public_json(await handlers.update_plan(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{participant_id}/move",
    status_code=201,
    response_model=schemas.ParticipantPublic,
    summary="The participant moved away (programme owner only)",
    description="Published as `helhet.participant.moved.v1`. Afterwards the plan, its "
    "contributions and reviews, meetings, actions, contacts, extensions and leave are "
    "read-only here (409 `participant-moved`); open actions can still be closed and the "
    "programme ended (exit reason `moved`). A second move is 409 `participant-moved`.",
    responses=PROBLEMS,
)
async def move_away(
    request: Request,
    participant_id: UUID,
    body: schemas.MoveCreate,
    principal: Writer,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.MoveAway(
        caller=caller_of(principal),
        participant_id=participant_id,
        moved_on=body.moved_on,
        to_municipality=body.to_municipality,
    )

    async def handle() -> Any:
        return _public_json(await handlers.move_away(command, uow))

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
