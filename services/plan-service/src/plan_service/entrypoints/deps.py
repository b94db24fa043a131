"""Dependencies of plan-service's routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    PARTICIPANT,
    PLAN_EDITOR,
    Principal,
    require_roles,
)
from helhet_common.commands import IdempotencyKey as IdempotencyKey
from plan_service.domain.sharing import Caller
from plan_service.service_layer.unit_of_work import PlanUnitOfWork


def get_uow(request: Request) -> PlanUnitOfWork:
    return PlanUnitOfWork(
        request.app.state.session_factory, source=request.app.state.settings.source
    )


UowDep = Annotated[PlanUnitOfWork, Depends(get_uow)]

# Who may call a route, by role (the handlers check the rest: e.g. the programme
# owner's agency, the plan's editor, a sharing basis for the purpose).
Writer = Annotated[Principal, Depends(require_roles(CASEWORKER, PLAN_EDITOR))]
Staff = Annotated[Principal, Depends(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR))]
StaffReader = Annotated[
    Principal,
    Depends(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR, INTEGRATION_LEADER)),
]
Reader = Annotated[
    Principal,
    Depends(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR, INTEGRATION_LEADER, PARTICIPANT)),
]


PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON or header"},
    401: {"description": "No or invalid bearer token"},
    403: {
        "description": "Role not allowed, or not this caller's to do (e.g. plan-editor-only), "
        "or no sharing basis covers this data for the purpose (no-basis-for-purpose)"
    },
    404: {"description": "No such participant in your municipality, or none you may see"},
    409: {
        "description": "Conflicts with the current state (e.g. a stale plan version, a "
        "participant who moved away)"
    },
    422: {"description": "The request breaks a rule or does not validate"},
}


def caller_of(principal: Principal) -> Caller:
    return Caller(
        sub=principal.sub,
        municipality=principal.municipality,
        agency=principal.agency,
        roles=frozenset(principal.roles),
    )
