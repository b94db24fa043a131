"""Norwegian and social-studies test results, and the outcome after the programme."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from plan_service.domain.codes import DataCategory, MeasurePoint
from plan_service.domain.participants import Participant
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Reader, StaffCreate, UowDep
from plan_service.service_layer import handlers

router = APIRouter(prefix="/participants", tags=["results"])

RESULTS = DataCategory.RESULTS


@router.post(
    "/{participant_id}/test-results",
    status_code=201,
    response_model=schemas.TestResultPublic,
    summary="Record a Norwegian test (level per sub-test) or the social-studies test",
    responses=PROBLEMS,
)
async def record_test_result(
    participant_id: UUID, body: schemas.TestResultCreate, run: StaffCreate
) -> Any:
    command = inputs.record_test_result(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.record_test_result, command, view=views.test_result, body=body)


@router.get(
    "/{participant_id}/test-results",
    response_model=schemas.TestResultsPublic,
    summary="The participant's test results, oldest first",
    responses=PROBLEMS,
)
async def list_test_results(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        results = await uow.participants.list_test_results(participant.id)
        return schemas.TestResultsPublic(items=[views.test_result(r) for r in results])

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=RESULTS
    )


@router.post(
    "/{participant_id}/outcomes",
    status_code=201,
    response_model=schemas.OutcomePublic,
    summary="Record the status after the programme: at exit, one year after, or yearly",
    description="At exit (IMDi), one year after (SSB, November the year after the exit), "
    "or `year_n` with `years_since_settlement` (1 to 5), dated in the year up to that "
    "anniversary of settlement (422 `outcome-outside-year`). Only after the programme has "
    "ended (409 `programme-not-ended`); one outcome per measuring point (409 "
    "`outcome-already-recorded`); never dated more than five years after settlement (422 "
    "`outcome-past-follow-up`). Published as `helhet.outcome.recorded.v1`.",
    responses=PROBLEMS,
)
async def record_outcome(
    participant_id: UUID, body: schemas.OutcomeCreate, run: StaffCreate
) -> Any:
    command = inputs.record_outcome(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.record_outcome, command, view=views.outcome, body=body)


@router.get(
    "/{participant_id}/outcomes",
    response_model=schemas.OutcomesPublic,
    summary="The participant's status after the programme",
    responses=PROBLEMS,
)
async def list_outcomes(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        items = [
            views.outcome(participant.outcomes[p])
            for p in MeasurePoint
            if p in participant.outcomes
        ]
        return schemas.OutcomesPublic(items=items)

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=RESULTS
    )
