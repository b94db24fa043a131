"""Transition and hand-over (docs/timetable.md): the checklist in the programme's last
months, the hand-over package to a receiving unit under a recorded basis, and the
receiving unit's acknowledgement."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from helhet_common.pagination import PageDep
from plan_service.domain.codes import DataCategory, OutcomeStatus
from plan_service.domain.handover import (
    RECEIVING_AGENCY,
    HandOver,
    ReceivingKind,
    Transition,
    transition_opens,
)
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import needs_basis
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Create, Reader, StaffCreate, UowDep
from plan_service.entrypoints.inputs import caller_of
from plan_service.entrypoints.schemas import handover as schemas
from plan_service.service_layer import commands
from plan_service.service_layer import handover as handlers
from plan_service.settings import PlanSettings

router = APIRouter(tags=["transition and hand-over"])


def _months(request: Request) -> int:
    settings: PlanSettings = request.app.state.settings
    return settings.transition_months


def transition_view(
    transition: Transition, participant: Participant, months: int, today: Any
) -> schemas.TransitionPublic:
    programme = participant.programme
    opens = transition_opens(programme, months) if programme is not None else None
    return schemas.TransitionPublic(
        participant_id=participant.id,
        opens_on=opens or today,
        in_transition=programme is not None
        and (programme.exit is not None or (opens is not None and today >= opens)),
        nav_dialogue_held_on=transition.nav_dialogue_held_on,
        next_step=transition.next_step.value if transition.next_step else None,
        receiving_kind=transition.receiving_kind.value if transition.receiving_kind else None,
        receiving_unit_id=transition.receiving_unit_id,
        complete=transition.complete,
    )


def hand_over_view(found: HandOver) -> schemas.HandOverPublic:
    return schemas.HandOverPublic(
        id=found.id,
        participant_id=found.participant_id,
        receiving_kind=found.receiving_kind.value,
        receiving_unit_id=found.receiving_unit_id,
        basis_kind=found.basis.kind.value,
        basis_id=found.basis.id,
        package=found.package,
        created_on=found.created_on,
        acknowledged_on=found.acknowledged_on,
        acknowledged_by_agency=found.acknowledged_by_agency,
        follow_up_owner=found.follow_up_owner,
    )


@router.get(
    "/participants/{participant_id}/transition",
    response_model=schemas.TransitionPublic,
    summary="The transition checklist (the programme's last months)",
    responses=PROBLEMS,
)
async def get_transition(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    months = _months(request)

    async def render(participant: Participant) -> Any:
        transition = await uow.transitions.of_participant(participant.id, participant.municipality)
        return transition_view(transition, participant, months, uow.clock.today())

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.put(
    "/participants/{participant_id}/transition",
    response_model=schemas.TransitionPublic,
    summary="Set the transition checklist: NAV dialogue held, next step, receiving unit",
    description="By the programme owner, from the transition's first day (`opens_on`, "
    "by default three months before the expected end; setting PLAN_TRANSITION_MONTHS) or "
    "after the exit; before it 409 `not-in-transition`. Published as "
    "`helhet.transition.updated.v1`.",
    responses=PROBLEMS,
)
async def set_transition(
    participant_id: UUID, body: schemas.TransitionUpdate, run: Create, request: Request
) -> Any:
    months = _months(request)
    command = commands.SetTransition(
        caller=caller_of(run.principal),
        participant_id=participant_id,
        months=months,
        nav_dialogue_held_on=body.nav_dialogue_held_on,
        next_step=OutcomeStatus(body.next_step) if body.next_step else None,
        receiving_kind=ReceivingKind(body.receiving_kind) if body.receiving_kind else None,
        receiving_unit_id=body.receiving_unit_id,
    )
    uow = run.uow

    async def view(transition: Transition) -> schemas.TransitionPublic:
        participant = await uow.participants.get(
            transition.participant_id, municipality=transition.municipality
        )
        return transition_view(transition, participant, months, uow.clock.today())

    return await run(handlers.set_transition, command, view=view, body=body)


@router.post(
    "/participants/{participant_id}/hand-overs",
    status_code=201,
    response_model=schemas.HandOverPublic,
    summary="Hand the participant over to a receiving unit (NAV, county school, employer)",
    description="By the programme owner, in the transition or after the exit. The package "
    "(plan goals, the latest mapping, test results, open actions, the participant's "
    "comment) is shared only under a recorded basis in force: a sharing basis of NAV or "
    "the county for `transition` or `follow_up`, or the participant's consent to the "
    "employer; none is 409 `no-sharing-basis` and nothing is written. Published as "
    "`helhet.hand_over.created.v1` (ids and codes only).",
    responses=PROBLEMS,
)
async def hand_over(
    participant_id: UUID, body: schemas.HandOverCreate, run: Create, request: Request
) -> Any:
    command = commands.HandOverParticipant(
        caller=caller_of(run.principal),
        participant_id=participant_id,
        months=_months(request),
        receiving_kind=ReceivingKind(body.receiving_kind),
        receiving_unit_id=body.receiving_unit_id,
        participant_comment=body.participant_comment,
    )
    return await run(handlers.hand_over, command, view=hand_over_view, body=body)


@router.get(
    "/participants/{participant_id}/hand-overs",
    response_model=schemas.HandOversPublic,
    summary="The participant's hand-overs with their packages",
    description="Another agency sees only the hand-overs to itself.",
    responses=PROBLEMS,
)
async def list_hand_overs(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    caller = caller_of(principal)

    async def render(participant: Participant) -> Any:
        found = await uow.hand_overs.of_participant(participant.id)
        if needs_basis(caller):
            found = [h for h in found if RECEIVING_AGENCY[h.receiving_kind] == caller.agency]
        shown = found[page.offset : page.offset + page.limit]
        return schemas.HandOversPublic(
            items=[hand_over_view(h) for h in shown],
            total=len(found),
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=DataCategory.PLAN
    )


@router.post(
    "/participants/{participant_id}/hand-overs/{hand_over_id}/acknowledgement",
    status_code=201,
    response_model=schemas.HandOverPublic,
    summary="The receiving unit acknowledges the hand-over and owns the follow-up",
    description="By the receiving agency's staff (the programme owner records an "
    "employer's). Another agency is 403 `receiving-unit-only`; a second acknowledgement "
    "409 `already-acknowledged`. Published as `helhet.hand_over.acknowledged.v1`.",
    responses=PROBLEMS,
)
async def acknowledge_hand_over(participant_id: UUID, hand_over_id: UUID, run: StaffCreate) -> Any:
    command = commands.AcknowledgeHandOver(
        caller=caller_of(run.principal), participant_id=participant_id, hand_over_id=hand_over_id
    )
    return await run(handlers.acknowledge_hand_over, command, view=hand_over_view)
