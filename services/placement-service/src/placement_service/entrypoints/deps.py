"""Dependencies of placement-service's routes: the unit of work, who may do what, and the
headers and problems every router documents alike."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    EMPLOYER,
    INTEGRATION_LEADER,
    PLAN_EDITOR,
    Principal,
    require_roles,
)
from helhet_common.commands import IdempotencyKey as IdempotencyKey
from helhet_common.errors import Forbidden
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork


def get_uow(request: Request) -> PlacementUnitOfWork:
    return PlacementUnitOfWork(
        request.app.state.session_factory, source=request.app.state.settings.source
    )


async def employer_user(
    principal: Annotated[Principal, Depends(require_roles(CONTRIBUTOR))],
) -> Principal:
    """A person signed in for an employer (agency ``employer``, role ``contributor``)."""
    if principal.agency != EMPLOYER:
        raise Forbidden("only an employer's contact person may use this endpoint")
    return principal


UowDep = Annotated[PlacementUnitOfWork, Depends(get_uow)]
Writer = Annotated[Principal, Depends(require_roles(CASEWORKER))]
Reader = Annotated[Principal, Depends(require_roles(CASEWORKER, INTEGRATION_LEADER, PLAN_EDITOR))]
EmployerUser = Annotated[Principal, Depends(employer_user)]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON or header"},
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
    404: {"description": "No such resource in your municipality"},
    409: {"description": "Conflicts with the current state (full, closed, ended, stale version)"},
    422: {"description": "The request breaks a rule or does not validate"},
}
