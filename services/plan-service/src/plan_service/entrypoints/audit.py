"""Audited reads of personal data, and the access log the participant can see.

Every read of a participant writes one append-only access-log row per participant read
(who, agency, an agency system's organisation name, when, purpose, which endpoint) in
the same transaction as the read, so a read that answers is a read that is logged. The
purpose comes from the ``X-Purpose`` header, or a default by role.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Request

from helhet_common.access.recorder import role_of
from helhet_common.auth import INTEGRATION_LEADER, PARTICIPANT, Principal, require_roles
from helhet_common.commands import as_json
from helhet_common.idempotency import StoredResponse
from helhet_common.ids import uuid7
from helhet_common.pagination import PageDep
from helhet_common.unit_of_work import execute
from plan_service.adapters.repositories.access_log import AccessLogEntry
from plan_service.domain.codes import DataCategory
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import STAFF_ROLES
from plan_service.entrypoints import schemas
from plan_service.entrypoints.deps import PROBLEMS, UowDep
from plan_service.entrypoints.inputs import caller_of
from plan_service.service_layer import access
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

router = APIRouter(prefix="/participants", tags=["audit"])

PURPOSE_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
PurposeHeader = Annotated[
    str | None,
    Header(
        alias="X-Purpose",
        pattern=PURPOSE_PATTERN,
        description="Why you read (a code, e.g. `case_work`, `nav_measures`); it is shown "
        "to the participant in their access log. Default: an agency system's configured "
        "purpose, `case_work` for staff, "
        "`coordination` for the integration leader, `own_data` for the participant.",
    ),
]


def purpose_of(principal: Principal, header: str | None) -> str:
    if header:
        return header
    if principal.is_machine and principal.purpose:
        return principal.purpose  # an agency system's purpose, from the issuers file
    if principal.has_role(INTEGRATION_LEADER):
        return "coordination"
    if principal.roles & STAFF_ROLES:
        return "case_work"
    return "own_data"


Read = Callable[[], Awaitable[tuple[Sequence[UUID], Any]]]


async def audited_read(
    uow: PlanUnitOfWork,
    request: Request,
    principal: Principal,
    purpose: str | None,
    read: Read,
    *,
    categories: Sequence[str] | None = None,
) -> Any:
    """Run ``read`` (the participant ids it read, and the answer) and log the read of
    each participant in the same transaction (one read id for them all)."""
    route = request.scope.get("route")
    endpoint = f"{request.method} {getattr(route, 'path', request.url.path)}"
    why = purpose_of(principal, purpose)

    async def action() -> StoredResponse:
        participant_ids, body = await read()
        now = uow.clock.now()
        read_id = uuid7()
        await uow.access_log.append(
            [
                AccessLogEntry(
                    participant_id=participant_id,
                    municipality=principal.municipality,
                    sub=principal.sub,
                    agency=principal.agency,
                    client_name=principal.client_name if principal.is_machine else None,
                    purpose=why,
                    endpoint=endpoint,
                    at=now,
                    read_id=read_id,
                    client_id=principal.client if principal.is_machine else None,
                    role=role_of(principal),
                    legal_basis=None,
                    categories=list(categories) if categories is not None else None,
                    acting_municipality=principal.home_municipality,
                )
                for participant_id in dict.fromkeys(participant_ids)
            ]
        )
        return StoredResponse(200, as_json(body))

    stored, _ = await execute(uow, action)
    return stored.body


async def read_participant(
    uow: PlanUnitOfWork,
    request: Request,
    principal: Principal,
    participant_id: UUID,
    purpose: str | None,
    render: Callable[[Participant], Awaitable[Any]],
    *,
    category: DataCategory = DataCategory.PARTICIPANT,
) -> Any:
    """The audited read of one participant's ``category`` of data: load the participant
    as the caller may see them (for the purpose), answer with ``render(participant)``
    and log the read."""
    caller = caller_of(principal)

    async def read() -> tuple[Sequence[UUID], Any]:
        participant = await access.load_for(
            uow, caller, participant_id, category=category, purpose=purpose
        )
        return [participant.id], await render(participant)

    return await audited_read(uow, request, principal, purpose, read, categories=[category.value])


AccessLogReader = Annotated[Principal, Depends(require_roles(INTEGRATION_LEADER, PARTICIPANT))]


@router.get(
    "/{participant_id}/access-log",
    response_model=schemas.AccessLogPublic,
    summary="Who has read this participant's data, when and why (newest first)",
    description="For the participant themself (a `participant` token whose `sub` is the "
    "participant's `person_sub`) and for the integration leader. Reading the log is "
    "itself logged.",
    responses=PROBLEMS,
)
async def get_access_log(
    participant_id: UUID,
    principal: AccessLogReader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    caller = caller_of(principal)

    async def read() -> tuple[Sequence[UUID], Any]:
        participant = await access.load_for(uow, caller, participant_id)
        total = await uow.access_log.count(participant.id)
        entries = await uow.access_log.list(participant.id, limit=page.limit, offset=page.offset)
        body = schemas.AccessLogPublic(
            items=[
                schemas.AccessLogEntryPublic(
                    at=e.at,
                    sub=e.sub,
                    agency=e.agency,
                    client_name=e.client_name,
                    purpose=e.purpose,
                    endpoint=e.endpoint,
                    service=e.service,
                    role=e.role,
                    legal_basis=e.legal_basis,
                    categories=e.categories,
                    acting_municipality=e.acting_municipality,
                )
                for e in entries
            ],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
        return [participant.id], body

    return await audited_read(uow, request, principal, purpose, read)
