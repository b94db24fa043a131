"""The integration plan as a shared document: the current plan, its versions, the
contributions other units propose and the editor decides, and the reviews with the
participant. (The editor's own change is ``PUT /participants/{id}/plan``.)"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request

from helhet_common.domain_errors import NotFound
from helhet_common.pagination import PageDep
from plan_service.domain.codes import ContributionStatus, DataCategory
from plan_service.domain.participants import Participant
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Create, Reader, StaffCreate, UowDep
from plan_service.service_layer import handlers

router = APIRouter(prefix="/participants", tags=["plan"])

VersionNumber = Annotated[int, Path(ge=1, le=1_000_000)]
PLAN = DataCategory.PLAN


# The plan and its versions ----------------------------------------------------------


@router.get(
    "/{participant_id}/plan",
    response_model=schemas.PlanPublic,
    summary="The current plan: sections and contributors, full time, next review",
    description="404 `no-plan` before the first version. Another agency needs a sharing "
    "basis whose purpose covers the plan (403 `no-basis-for-purpose`).",
    responses=PROBLEMS,
)
async def get_plan(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        plan = views.plan(participant, uow.clock.today())
        if plan is None:
            raise NotFound("The participant has no plan yet.", code="no-plan")
        return plan

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=PLAN
    )


@router.get(
    "/{participant_id}/plan/versions",
    response_model=schemas.PlanVersionsPublic,
    summary="Every version of the plan with its reason, who and when (newest first)",
    responses=PROBLEMS,
)
async def list_plan_versions(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        total = await uow.plans.count_versions(participant.id)
        versions = await uow.plans.list_versions(
            participant.id, limit=page.limit, offset=page.offset
        )
        return schemas.PlanVersionsPublic(
            items=[views.version_summary(v) for v in versions],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=PLAN
    )


@router.get(
    "/{participant_id}/plan/versions/{version}",
    response_model=schemas.PlanVersionPublic,
    summary="One version of the plan, as it was",
    description="404 `plan-version-not-found` for a version that does not exist.",
    responses=PROBLEMS,
)
async def get_plan_version(
    participant_id: UUID,
    version: VersionNumber,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        found = await uow.plans.get_version(participant.id, version)
        if found is None:
            raise NotFound(f"The plan has no version {version}.", code="plan-version-not-found")
        return views.version(found)

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=PLAN
    )


# Contributions ----------------------------------------------------------------------


@router.post(
    "/{participant_id}/plan/contributions",
    status_code=201,
    response_model=schemas.ContributionPublic,
    summary="Propose a contribution to a section of the plan",
    description="By staff of any agency whose sharing basis covers the plan (e.g. the "
    "learning centre's teacher, NAV's adviser). The plan must exist (409 `no-plan`); the "
    "proposal must fit its section (422 `contribution-shape`). Not published: an "
    "accepted contribution is published as the plan's new version.",
    responses=PROBLEMS,
)
async def propose_contribution(
    participant_id: UUID, body: schemas.ContributionCreate, run: StaffCreate
) -> Any:
    command = inputs.propose_contribution(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.propose_contribution, command, view=views.contribution, body=body)


@router.get(
    "/{participant_id}/plan/contributions",
    response_model=schemas.ContributionsPublic,
    summary="Contributions to the plan, newest first (filter by status)",
    responses=PROBLEMS,
)
async def list_contributions(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    status: Annotated[schemas.ContributionStatusCode | None, Query()] = None,
    purpose: PurposeHeader = None,
) -> Any:
    wanted = ContributionStatus(status) if status else None

    async def render(participant: Participant) -> Any:
        total = await uow.contributions.count(participant.id, status=wanted)
        found = await uow.contributions.list(
            participant.id, status=wanted, limit=page.limit, offset=page.offset
        )
        return schemas.ContributionsPublic(
            items=[views.contribution(c) for c in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=PLAN
    )


@router.post(
    "/{participant_id}/plan/contributions/{contribution_id}/accept",
    response_model=schemas.ContributionPublic,
    summary="Accept a contribution: the plan's next version (the plan's editor)",
    description="Goals are replaced, activities added, on the current plan; the "
    "contributor joins the section's contributors. A decided contribution is 409 "
    "`contribution-decided`; more than full time 422 `hours-over-full-time`. Published "
    "as `helhet.plan.updated.v1`.",
    responses=PROBLEMS,
)
async def accept_contribution(
    participant_id: UUID,
    contribution_id: UUID,
    run: Create,
    body: schemas.ContributionAcceptance | None = None,
) -> Any:
    acceptance = body or schemas.ContributionAcceptance()
    command = inputs.accept_contribution(
        acceptance,
        participant_id=participant_id,
        contribution_id=contribution_id,
        caller=run.principal,
    )
    return await run(
        handlers.accept_contribution, command, view=views.contribution, body=acceptance
    )


@router.post(
    "/{participant_id}/plan/contributions/{contribution_id}/reject",
    response_model=schemas.ContributionPublic,
    summary="Reject a contribution with a reason (the plan's editor)",
    responses=PROBLEMS,
)
async def reject_contribution(
    participant_id: UUID, contribution_id: UUID, body: schemas.ContributionRejection, run: Create
) -> Any:
    command = inputs.reject_contribution(
        body, participant_id=participant_id, contribution_id=contribution_id, caller=run.principal
    )
    return await run(handlers.reject_contribution, command, view=views.contribution, body=body)


# Reviews with the participant ---------------------------------------------------------


@router.post(
    "/{participant_id}/plan/reviews",
    status_code=201,
    response_model=schemas.ReviewPublic,
    summary="Record a review of the plan with the participant (the plan's editor)",
    description="Published as `helhet.plan.reviewed.v1` (codes and dates only: the "
    "participant's comment and the justification stay here). A disagreement needs the "
    "municipality's written justification (422 `justification-required`).",
    responses=PROBLEMS,
)
async def review_plan(participant_id: UUID, body: schemas.ReviewCreate, run: Create) -> Any:
    command = inputs.review_plan(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.review_plan, command, view=views.review, body=body)


@router.get(
    "/{participant_id}/plan/reviews",
    response_model=schemas.ReviewsPublic,
    summary="Reviews of the plan with the participant, newest first",
    responses=PROBLEMS,
)
async def list_reviews(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        total = await uow.plans.count_reviews(participant.id)
        reviews = await uow.plans.list_reviews(participant.id, limit=page.limit, offset=page.offset)
        return schemas.ReviewsPublic(
            items=[views.review(r) for r in reviews],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=PLAN
    )
