"""Dependencies of volunteer-service's routes: the unit of work, who may call, the
``Idempotency-Key`` header and the problems every route can answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel

from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    VOLUNTEER,
    Principal,
    require_roles,
)
from helhet_common.commands import IdempotencyKey as IdempotencyKey
from helhet_common.errors import Forbidden
from volunteer_service.domain.codes import KEEP
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork


def get_uow(request: Request) -> VolunteerUnitOfWork:
    return VolunteerUnitOfWork(
        request.app.state.session_factory, source=request.app.state.settings.source
    )


async def volunteer_staff(
    principal: Annotated[
        Principal, Depends(require_roles(CASEWORKER, INTEGRATION_LEADER, CONTRIBUTOR))
    ],
) -> Principal:
    """The municipality's caseworkers and integration leader, and the volunteer
    coordinator (a contributor of the ``volunteer`` agency). Other contributors (an
    employer, say) are refused."""
    if principal.has_role(CASEWORKER, INTEGRATION_LEADER) or principal.agency == VOLUNTEER:
        return principal
    raise Forbidden("requires caseworker, integration_leader, or contributor of agency volunteer")


UowDep = Annotated[VolunteerUnitOfWork, Depends(get_uow)]
Staff = Annotated[Principal, Depends(volunteer_staff)]


def changed(body: BaseModel, name: str, convert: Callable[[Any], Any] | None = None) -> Any:
    """A partial update's field: ``KEEP`` when the body leaves it out, else its value
    (``None`` stays ``None``: remove it), converted to the domain's type."""
    if name not in body.model_fields_set:
        return KEEP
    value = getattr(body, name)
    if value is None or convert is None:
        return value
    return convert(value)


PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON or header"},
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
    404: {"description": "No such resource in your municipality"},
    409: {
        "description": "Conflicts with the current state (e.g. a match already ended), or "
        "`stale-version`: changed since the version given (with `current_version`)"
    },
    422: {"description": "The request breaks a rule (vetting, consent, ...) or does not validate"},
}
