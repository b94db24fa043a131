"""Dependencies of plan-service's routes: the unit of work, the command runners, who
may do what, and the problems every router documents alike."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Depends, Request

from helhet_common.access.recorder import PurposeHeader
from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    PARTICIPANT,
    PLAN_EDITOR,
    Principal,
    require_roles,
)
from helhet_common.commands import CommandRunner, command_runner
from plan_service.service_layer.unit_of_work import PlanUnitOfWork


def get_uow(request: Request) -> PlanUnitOfWork:
    return PlanUnitOfWork(
        request.app.state.session_factory, source=request.app.state.settings.source
    )


UowDep = Annotated[PlanUnitOfWork, Depends(get_uow)]

# Who may call a route, by role (the handlers check the rest: e.g. the programme
# owner's agency, the plan's editor, a sharing basis for the purpose).


def naming_purpose(
    roles: Callable[..., Awaitable[Principal]],
) -> Callable[..., Awaitable[Principal]]:
    """The caller of a change, with the purpose it names (``X-Purpose``): a change needs
    what a read needs, so a sharing basis for exactly that purpose (issue 12's sweep).
    An agency system naming a purpose is held to it as a person is (as its reads are);
    without the header it acts for its configured purpose."""

    async def caller(
        principal: Principal = Depends(roles),
        purpose: PurposeHeader = None,
    ) -> Principal:
        if purpose is None:
            return principal
        return replace(principal, purpose=purpose)

    return caller


writer = naming_purpose(require_roles(CASEWORKER, PLAN_EDITOR))
staff = naming_purpose(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR))
# or the participant
consenting = naming_purpose(require_roles(CASEWORKER, PLAN_EDITOR, PARTICIPANT))

StaffReader = Annotated[
    Principal,
    Depends(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR, INTEGRATION_LEADER)),
]
Reader = Annotated[
    Principal,
    Depends(require_roles(CASEWORKER, PLAN_EDITOR, CONTRIBUTOR, INTEGRATION_LEADER, PARTICIPANT)),
]

# A change run as one command. ``Create`` (a caseworker's or plan editor's) honours an
# Idempotency-Key, ``Change`` does not (the plan's PUT never documented one);
# ``StaffCreate`` is any agency's staff, ``SelfCreate`` staff or the participant.
Create = Annotated[
    CommandRunner[PlanUnitOfWork], Depends(command_runner(get_uow, writer, idempotent=True))
]
Change = Annotated[CommandRunner[PlanUnitOfWork], Depends(command_runner(get_uow, writer))]
StaffCreate = Annotated[
    CommandRunner[PlanUnitOfWork], Depends(command_runner(get_uow, staff, idempotent=True))
]
SelfCreate = Annotated[
    CommandRunner[PlanUnitOfWork], Depends(command_runner(get_uow, consenting, idempotent=True))
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
