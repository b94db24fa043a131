"""Consents (employers, volunteers, mentors, organisations) and sharing bases (the
programme's public agencies, on a legal basis)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from helhet_common.auth import CASEWORKER, PARTICIPANT, PLAN_EDITOR, Principal, require_roles
from helhet_common.commands import run_command
from plan_service.domain.codes import ConsentPurpose, LegalBasis, RecipientKind, SharingPurpose
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import Consent, SharingBasis
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import (
    PROBLEMS,
    IdempotencyKey,
    Reader,
    UowDep,
    Writer,
    caller_of,
)
from plan_service.service_layer import commands, handlers

router = APIRouter(prefix="/participants", tags=["consent"])

ConsentWriter = Annotated[Principal, Depends(require_roles(CASEWORKER, PLAN_EDITOR, PARTICIPANT))]


def consent_public(consent: Consent, today: date | None = None) -> Any:
    return schemas.ConsentPublic(
        id=consent.id,
        recipient_kind=consent.recipient_kind.value,
        recipient_id=consent.recipient_id,
        purpose=consent.purpose.value,
        granted_on=consent.granted_on,
        expires_on=consent.expires_on,
        withdrawn_on=consent.withdrawn_on,
        status=consent.status(today or date.today()).value,
    ).model_dump(mode="json")


def basis_public(basis: SharingBasis, today: date | None = None) -> Any:
    return schemas.SharingBasisPublic(
        id=basis.id,
        agency=basis.agency,
        purpose=basis.purpose.value,
        legal_basis=basis.legal_basis.value,
        valid_from=basis.valid_from,
        valid_to=basis.valid_to,
        in_force=basis.in_force(today or date.today()),
    ).model_dump(mode="json")


@router.post(
    "/{participant_id}/consents",
    status_code=201,
    response_model=schemas.ConsentPublic,
    summary="Record the participant's consent (programme owner, or the participant)",
    description="Published as `helhet.consent.granted.v1` on `helhet.consents`.",
    responses=PROBLEMS,
)
async def grant_consent(
    participant_id: UUID,
    body: schemas.ConsentCreate,
    principal: ConsentWriter,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.GrantConsent(
        caller=caller_of(principal),
        participant_id=participant_id,
        recipient_kind=RecipientKind(body.recipient_kind),
        recipient_id=body.recipient_id,
        purpose=ConsentPurpose(body.purpose),
        granted_on=body.granted_on,
        expires_on=body.expires_on,
    )

    async def handle() -> Any:
        return consent_public(await handlers.grant_consent(command, uow))

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
    principal: ConsentWriter,
    uow: UowDep,
    request: Request,
    response: Response,
    body: schemas.ConsentWithdrawal | None = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    withdrawal = body or schemas.ConsentWithdrawal()
    command = commands.WithdrawConsent(
        caller=caller_of(principal),
        participant_id=participant_id,
        consent_id=consent_id,
        withdrawn_on=withdrawal.withdrawn_on,
    )

    async def handle() -> Any:
        return consent_public(await handlers.withdraw_consent(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=200,
        principal=principal,
        request=request,
        body=withdrawal.model_dump(mode="json"),
        idempotency_key=idempotency_key,
    )


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
        return {"items": [consent_public(c) for c in consents]}

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
    participant_id: UUID,
    body: schemas.SharingBasisCreate,
    principal: Writer,
    uow: UowDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = commands.RecordSharingBasis(
        caller=caller_of(principal),
        participant_id=participant_id,
        agency=body.agency,
        purpose=SharingPurpose(body.purpose),
        legal_basis=LegalBasis(body.legal_basis),
        valid_from=body.valid_from,
        valid_to=body.valid_to,
    )

    async def handle() -> Any:
        return basis_public(await handlers.record_sharing_basis(command, uow))

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
        return {"items": [basis_public(b) for b in bases]}

    return await read_participant(uow, request, principal, participant_id, purpose, render)
