"""Norwegian and social-studies test results, and the outcome after the programme."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from helhet_common.commands import run_command
from plan_service.domain.codes import (
    DataCategory,
    LanguageLevel,
    MeasurePoint,
    OutcomeStatus,
    Skill,
    TestKind,
)
from plan_service.domain.participants import Participant
from plan_service.domain.results import Outcome, TestResult
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Reader, Staff, UowDep, caller_of
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["results"])

RESULTS = DataCategory.RESULTS


def test_result_public(result: TestResult) -> schemas.TestResultPublic:
    return schemas.TestResultPublic(
        id=result.id,
        test=result.test.value,
        taken_on=result.taken_on,
        levels={skill.value: level.value for skill, level in result.levels.items()},
        passed=result.passed,
        recorded_by_agency=result.recorded_by_agency,
    )


def outcome_public(outcome: Outcome) -> schemas.OutcomePublic:
    return schemas.OutcomePublic(
        measured_at=outcome.measured_at.value,
        status=outcome.status.value,
        status_on=outcome.status_on,
        recorded_by_agency=outcome.recorded_by_agency,
    )


@router.post(
    "/{participant_id}/test-results",
    status_code=201,
    response_model=schemas.TestResultPublic,
    summary="Record a Norwegian test (level per sub-test) or the social-studies test",
    responses=PROBLEMS,
)
async def record_test_result(
    participant_id: UUID,
    body: schemas.TestResultCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    levels = body.levels.model_dump(exclude_none=True) if body.levels else {}
    command = commands.RecordTestResult(
        caller=caller_of(principal),
        participant_id=participant_id,
        test=TestKind(body.test),
        taken_on=body.taken_on,
        levels={Skill(k): LanguageLevel(v) for k, v in levels.items()},
        passed=body.passed,
    )

    async def handle() -> Any:
        result = await handlers.record_test_result(command, uow)
        return test_result_public(result).model_dump(mode="json")

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
        body = schemas.TestResultsPublic(items=[test_result_public(r) for r in results])
        return body.model_dump(mode="json")

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=RESULTS
    )


@router.post(
    "/{participant_id}/outcomes",
    status_code=201,
    response_model=schemas.OutcomePublic,
    summary="Record the status after the programme: at exit or one year after",
    description="Only after the programme has ended (409 `programme-not-ended`); one "
    "outcome per measuring point (409 `outcome-already-recorded`).",
    responses=PROBLEMS,
)
async def record_outcome(
    participant_id: UUID,
    body: schemas.OutcomeCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RecordOutcome(
        caller=caller_of(principal),
        participant_id=participant_id,
        measured_at=MeasurePoint(body.measured_at),
        status=OutcomeStatus(body.status),
        status_on=body.status_on,
    )

    async def handle() -> Any:
        return outcome_public(await handlers.record_outcome(command, uow)).model_dump(mode="json")

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
            outcome_public(participant.outcomes[p])
            for p in MeasurePoint
            if p in participant.outcomes
        ]
        return schemas.OutcomesPublic(items=items).model_dump(mode="json")

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=RESULTS
    )
