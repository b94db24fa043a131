"""Consents (employers, volunteers, mentors, organisations) and sharing bases (the
programme's public agencies, on a legal basis)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from plan_service.domain.participants import Participant
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Create, Reader, SelfCreate, UowDep
from plan_service.service_layer import handlers

router = APIRouter(prefix="/participants", tags=["consent"])


@router.post(
    "/{participant_id}/consents",
    status_code=201,
    response_model=schemas.ConsentPublic,
    summary="Record the participant's consent (programme owner, or the participant)",
    description="Published as `helhet.consent.granted.v1` on `helhet.consents`.",
    responses=PROBLEMS,
)
async def grant_consent(participant_id: UUID, body: schemas.ConsentCreate, run: SelfCreate) -> Any:
    command = inputs.grant_consent(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.grant_consent, command, view=views.consent, body=body)


@router.post(
    "/{participant_id}/consents/{consent_id}/withdrawal",
    response_model=schemas.ConsentPublic,
    summary="Withdraw a consent (programme owner, or the participant)",
    description="Published as `helhet.consent.withdrawn.v1`; a second withdrawal is 409 "
    "`consent-already-withdrawn`.",
    responses=PROBLEMS,
)
async def withdraw_consent(
    participant_id: UUID,
    consent_id: UUID,
    run: SelfCreate,
    body: schemas.ConsentWithdrawal | None = None,
) -> Any:
    withdrawal = body or schemas.ConsentWithdrawal()
    command = inputs.withdraw_consent(
        withdrawal, participant_id=participant_id, consent_id=consent_id, caller=run.principal
    )
    return await run(handlers.withdraw_consent, command, view=views.consent, body=withdrawal)


@router.get(
    "/{participant_id}/consents",
    response_model=schemas.ConsentsPublic,
    summary="The participant's consents, with their status today",
    responses=PROBLEMS,
)
async def list_consents(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        consents = await uow.consents.list(participant.id)
        today = uow.clock.today()
        return schemas.ConsentsPublic(items=[views.consent(c, today) for c in consents])

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/{participant_id}/sharing-bases",
    status_code=201,
    response_model=schemas.SharingBasisPublic,
    summary="Record a public agency's legal basis for a purpose (programme owner only)",
    description="Published as `helhet.sharing_basis.recorded.v1` on `helhet.consents`. "
    "Employers and volunteers need consent instead (422 `agency-needs-consent`).",
    responses=PROBLEMS,
)
async def record_sharing_basis(
    participant_id: UUID, body: schemas.SharingBasisCreate, run: Create
) -> Any:
    command = inputs.record_sharing_basis(body, participant_id=participant_id, caller=run.principal)
    return await run(handlers.record_sharing_basis, command, view=views.basis, body=body)


@router.get(
    "/{participant_id}/sharing-bases",
    response_model=schemas.SharingBasesPublic,
    summary="Which public agencies may see the participant, for what and on which law",
    responses=PROBLEMS,
)
async def list_sharing_bases(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        bases = await uow.sharing_bases.of_participant(participant.id)
        today = uow.clock.today()
        return schemas.SharingBasesPublic(items=[views.basis(b, today) for b in bases])

    return await read_participant(uow, request, principal, participant_id, purpose, render)
