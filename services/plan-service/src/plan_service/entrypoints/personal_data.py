"""A participant's right of access (GDPR art. 15): what plan-service holds about them
(``GET /participants/{id}/personal-data``, the shape every service answers with), and
the export of everything Helhet holds (``.../personal-data/export``): plan-service's own
answer and placement's, volunteer's and reporting's, each asked with the caller's own
token. For the participant themself and for the refugee service's staff and the
integration leader of the municipality; each read is logged for the participant with
the purpose ``innsyn``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from helhet_common.access.export import INNSYN, PersonalData
from helhet_common.auth import CASEWORKER, INTEGRATION_LEADER, PARTICIPANT, Principal, require_roles
from helhet_common.auth.dependencies import bearer_token
from plan_service.adapters import peers
from plan_service.domain.codes import DataCategory
from plan_service.entrypoints import schemas
from plan_service.entrypoints.audit import audited_read
from plan_service.entrypoints.deps import PROBLEMS, UowDep
from plan_service.entrypoints.inputs import caller_of
from plan_service.service_layer import access
from plan_service.service_layer.personal_data import held_by_plan_service
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

router = APIRouter(prefix="/participants", tags=["personal data"])

Asker = Annotated[Principal, Depends(require_roles(CASEWORKER, INTEGRATION_LEADER, PARTICIPANT))]
CATEGORIES = [c.value for c in DataCategory]
WHO = (
    "For the participant themself (a `participant` token whose `sub` is their login) and "
    "for the refugee service's caseworkers and the integration leader of the "
    "municipality; another agency's staff get 403 `programme-owner-only` (404 without a "
    "sharing basis). The read is logged for the participant with the purpose `innsyn`."
)


async def read_personal_data(
    uow: PlanUnitOfWork, request: Request, principal: Principal, participant_id: UUID
) -> PersonalData:
    """plan-service's answer, loaded as the caller may see it, and logged (``innsyn``)."""
    caller = caller_of(principal)

    async def read() -> tuple[Sequence[UUID], Any]:
        participant = await access.load_for(uow, caller, participant_id)
        access.require_owner_or_self(caller, participant)
        return [participant.id], await held_by_plan_service(uow, participant.id)

    body = await audited_read(uow, request, principal, INNSYN, read, categories=CATEGORIES)
    return PersonalData.model_validate(body)


async def export_of(
    uow: PlanUnitOfWork,
    request: Request,
    principal: Principal,
    participant_id: UUID,
    *,
    authorization: str | None,
) -> schemas.PersonalDataExport:
    """plan-service's answer and every configured service's, or why one is missing."""
    own = await read_personal_data(uow, request, principal, participant_id)
    settings = request.app.state.settings
    answers = await peers.gather(
        own.participant_id,
        dict(settings.peer_urls),
        authorization=authorization,
        timeout_s=settings.peer_timeout_s,
        transport=getattr(request.app.state, "peer_transport", None),
    )
    services = [own]
    missing = []
    for answer in answers:
        if isinstance(answer, peers.Missing):
            missing.append(schemas.MissingService(service=answer.service, reason=answer.reason))
        elif answer.data is not None:
            services.append(answer.data)
        else:
            services.append(
                PersonalData(
                    service=answer.service,
                    participant_id=own.participant_id,
                    generated_at=own.generated_at,
                    sections=[],
                )
            )
    return schemas.PersonalDataExport(
        participant_id=own.participant_id,
        generated_at=own.generated_at,
        incomplete=bool(missing),
        services=services,
        missing=missing,
    )


def authorization_of(request: Request) -> str | None:
    """The caller's own token, to forward (from the header, or a page's cookie)."""
    header = request.headers.get("authorization")
    if header is not None:
        return header
    token = bearer_token(request)
    return f"Bearer {token}" if token else None


@router.get(
    "/{participant_id}/personal-data",
    response_model=PersonalData,
    summary="Everything plan-service holds about the participant (GDPR art. 15)",
    description="One section per kind of record, each record as plan-service stores it. " + WHO,
    responses=PROBLEMS,
)
async def get_personal_data(
    participant_id: UUID, principal: Asker, uow: UowDep, request: Request
) -> Any:
    return await read_personal_data(uow, request, principal, participant_id)


@router.get(
    "/{participant_id}/personal-data/export",
    response_model=schemas.PersonalDataExport,
    summary="Everything Helhet holds about the participant, across services (GDPR art. 15)",
    description="plan-service's answer and the answers of placement-, volunteer- and "
    "reporting-service to the same path, asked with your own token (each decides and "
    "logs for itself). A service that is not configured, does not answer in time or "
    "fails is listed in `missing` and the export is `incomplete`; a service that does "
    "not know the participant answers with no records. " + WHO,
    responses=PROBLEMS,
)
async def get_personal_data_export(
    participant_id: UUID, principal: Asker, uow: UowDep, request: Request
) -> Any:
    return await export_of(
        uow, request, principal, participant_id, authorization=authorization_of(request)
    )
