"""The integration plan as a shared document: the current plan, its versions, the
contributions other units propose and the editor decides, and the reviews with the
participant. (The editor's own change is ``PUT /participants/{id}/plan``.)"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response

from helhet_common.commands import run_command
from helhet_common.domain_errors import NotFound
from helhet_common.pagination import PageDep
from plan_service.adapters.repositories.plans import PlanVersion
from plan_service.domain.codes import (
    CefrLevel,
    ContributionStatus,
    DataCategory,
    EndGoal,
    ParticipantGroup,
    Section,
)
from plan_service.domain.follow_up import Review
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Contribution, SectionProposal
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import (
    PROBLEMS,
    IdempotencyKey,
    Reader,
    Staff,
    UowDep,
    Writer,
    caller_of,
)
from plan_service.entrypoints.participants import (
    activity_in,
    activity_of,
    plan_public,
    sections_public,
)
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["plan"])

VersionNumber = Annotated[int, Path(ge=1, le=1_000_000)]
PLAN = DataCategory.PLAN


def version_summary(version: PlanVersion) -> schemas.PlanVersionSummary:
    return schemas.PlanVersionSummary(
        version=version.plan.version,
        reason=version.reason,
        changed_by=version.changed_by.sub,
        changed_by_agency=version.changed_by.agency,
        changed_at=version.changed_at,
        contribution_id=version.contribution_id,
    )


def version_public(version: PlanVersion) -> Any:
    plan = version.plan
    return schemas.PlanVersionPublic(
        **version_summary(version).model_dump(),
        end_goal=plan.end_goal.value,
        participant_group=plan.participant_group.value if plan.participant_group else None,
        norwegian_goal=plan.norwegian_goal.value,
        activities=[activity_in(a) for a in plan.activities],
        heavy_self_study=plan.heavy_self_study,
        programme_hours_per_week=plan.programme_hours_per_week,
        required_hours_per_week=plan.required_hours_per_week,
        full_time=plan.full_time,
        sections=sections_public(plan),
    ).model_dump(mode="json")


def contribution_public(contribution: Contribution) -> Any:
    proposal = contribution.proposal
    decided_by = contribution.decided_by
    return schemas.ContributionPublic(
        id=contribution.id,
        section=proposal.section.value,
        status=contribution.status.value,
        reason=contribution.reason,
        end_goal=proposal.end_goal.value if proposal.end_goal else None,
        participant_group=proposal.participant_group.value if proposal.participant_group else None,
        norwegian_goal=proposal.norwegian_goal.value if proposal.norwegian_goal else None,
        activities=[activity_in(a) for a in proposal.activities],
        proposed_by=contribution.proposed_by.sub,
        proposed_by_agency=contribution.proposed_by.agency,
        proposed_on=contribution.proposed_on,
        based_on_version=contribution.based_on_version,
        decided_by=decided_by.sub if decided_by else None,
        decided_by_agency=decided_by.agency if decided_by else None,
        decided_on=contribution.decided_on,
        decision_reason=contribution.decision_reason,
        resulting_version=contribution.resulting_version,
    ).model_dump(mode="json")


def review_public(review: Review) -> schemas.ReviewPublic:
    return schemas.ReviewPublic(
        id=review.id,
        plan_version=review.plan_version,
        reviewed_on=review.reviewed_on,
        agencies_present=list(review.agencies_present),
        nav_present=review.nav_present,
        participant_acknowledged=review.participant_acknowledged,
        participant_disagrees=review.participant_disagrees,
        participant_comment=review.participant_comment,
        municipality_justification=review.municipality_justification,
        next_review_due=review.next_review_due,
        recorded_by_agency=review.recorded_by_agency,
    )


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
        plan = plan_public(participant, date.today())
        if plan is None:
            raise NotFound("The participant has no plan yet.", code="no-plan")
        return plan.model_dump(mode="json")

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
        body = schemas.PlanVersionsPublic(
            items=[version_summary(v) for v in versions],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return body.model_dump(mode="json")

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
        return version_public(found)

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
    participant_id: UUID,
    body: schemas.ContributionCreate,
    principal: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.ProposeContribution(
        caller=caller_of(principal),
        participant_id=participant_id,
        proposal=SectionProposal(
            section=Section(body.section),
            end_goal=EndGoal(body.end_goal) if body.end_goal else None,
            participant_group=ParticipantGroup(body.participant_group)
            if body.participant_group
            else None,
            norwegian_goal=CefrLevel(body.norwegian_goal) if body.norwegian_goal else None,
            activities=tuple(activity_of(a) for a in body.activities),
        ),
        reason=body.reason,
    )

    async def handle() -> Any:
        return contribution_public(await handlers.propose_contribution(command, uow))

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
        return {
            "items": [contribution_public(c) for c in found],
            "total": total,
            "limit": page.limit,
            "offset": page.offset,
        }

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
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    body: schemas.ContributionAcceptance | None = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    acceptance = body or schemas.ContributionAcceptance()
    command = commands.AcceptContribution(
        caller=caller_of(principal),
        participant_id=participant_id,
        contribution_id=contribution_id,
        reason=acceptance.reason,
    )

    async def handle() -> Any:
        return contribution_public(await handlers.accept_contribution(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=200,
        principal=principal,
        request=request,
        body=acceptance.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


@router.post(
    "/{participant_id}/plan/contributions/{contribution_id}/reject",
    response_model=schemas.ContributionPublic,
    summary="Reject a contribution with a reason (the plan's editor)",
    responses=PROBLEMS,
)
async def reject_contribution(
    participant_id: UUID,
    contribution_id: UUID,
    body: schemas.ContributionRejection,
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RejectContribution(
        caller=caller_of(principal),
        participant_id=participant_id,
        contribution_id=contribution_id,
        reason=body.reason,
    )

    async def handle() -> Any:
        return contribution_public(await handlers.reject_contribution(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=200,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


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
async def review_plan(
    participant_id: UUID,
    body: schemas.ReviewCreate,
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.ReviewPlan(
        caller=caller_of(principal),
        participant_id=participant_id,
        reviewed_on=body.reviewed_on,
        agencies_present=tuple(body.agencies_present),
        participant_acknowledged=body.participant_acknowledged,
        participant_disagrees=body.participant_disagrees,
        participant_comment=body.participant_comment,
        municipality_justification=body.municipality_justification,
        next_review_due=body.next_review_due,
    )

    async def handle() -> Any:
        review = await handlers.review_plan(command, uow)
        return review_public(review).model_dump(mode="json")

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
        body = schemas.ReviewsPublic(
            items=[review_public(r) for r in reviews],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return body.model_dump(mode="json")

    return await read_participant(
        uow, request, principal, participant_id, purpose, render, category=PLAN
    )
