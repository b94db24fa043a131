"""Participants: settlement, the programme, the integration plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from helhet_common.pagination import PageDep
from plan_service.domain.codes import Gender
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import INTEGRATION_LEADER as LEADER_ROLE
from plan_service.domain.sharing import REFUGEE_SERVICE, sharing_purpose
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, audited_read, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Change, Create, StaffReader, UowDep
from plan_service.entrypoints.inputs import caller_of
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["participants"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.ParticipantPublic,
    summary="Settle a participant in the caller's municipality",
    responses=PROBLEMS,
)
async def settle_participant(body: schemas.ParticipantCreate, run: Create) -> Any:
    command = inputs.settle_participant(body, caller=run.principal)
    return await run(handlers.settle_participant, command, view=views.participant, body=body)


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
    # A sharing purpose the reader names: only the participants whose basis is for it.
    named = sharing_purpose(purpose)
    wanted = named.value if named is not None else None

    async def read() -> tuple[Sequence[UUID], Any]:
        today = uow.clock.today()
        total = await uow.participants.count_in_municipality(
            principal.municipality, today=today, agency=agency, purpose=wanted
        )
        participants = await uow.participants.list_in_municipality(
            principal.municipality,
            today=today,
            limit=page.limit,
            offset=page.offset,
            agency=agency,
            purpose=wanted,
        )
        body = schemas.ParticipantsPublic(
            items=[views.participant(p, today) for p in participants],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return [p.id for p in participants], body

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
        return views.participant(participant, uow.clock.today())

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/{participant_id}/programme",
    status_code=201,
    response_model=schemas.ParticipantPublic,
    summary="Start the participant's introduction programme",
    responses=PROBLEMS,
)
async def start_programme(participant_id: UUID, body: schemas.ProgrammeStart, run: Create) -> Any:
    command = inputs.start_programme(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.start_programme, command, view=views.participant, body=body)


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
async def put_plan(participant_id: UUID, body: schemas.PlanPut, run: Change) -> Any:
    command = inputs.update_plan(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.update_plan, command, view=views.participant)


@router.put(
    "/{participant_id}/gender",
    response_model=schemas.ParticipantPublic,
    summary="Set the participant's coarse gender (statistics only)",
    description="By the programme owner: `female`, `male`, `other` or `unknown`; another "
    "value is 422. A change is published as `helhet.participant.gender_set.v1`; the same "
    "gender again changes nothing.",
    responses=PROBLEMS,
)
async def set_gender(participant_id: UUID, body: schemas.GenderPut, run: Change) -> Any:
    command = commands.SetGender(
        caller=caller_of(run.principal), participant_id=participant_id, gender=Gender(body.gender)
    )
    return await run(handlers.set_gender, command, view=views.participant)


@router.put(
    "/{participant_id}/national-id",
    response_model=schemas.ParticipantPublic,
    summary="Link the national identity number the participant signs in with (ID-porten)",
    description="The programme owner (the refugee service) links the participant's "
    "fødselsnummer or D-number, so that the participant can sign in to their own page "
    "through ID-porten. The number stays in plan-service: it is never returned, "
    "published or logged. A number linked to another participant is 409 "
    "`national-id-linked-elsewhere`; an invalid one 422.",
    responses=PROBLEMS,
)
async def link_national_id(participant_id: UUID, body: schemas.NationalIdPut, run: Change) -> Any:
    command = inputs.link_national_id(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.link_national_id, command, view=views.participant)


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
async def move_away(participant_id: UUID, body: schemas.MoveCreate, run: Create) -> Any:
    command = inputs.move_away(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.move_away, command, view=views.participant, body=body)
