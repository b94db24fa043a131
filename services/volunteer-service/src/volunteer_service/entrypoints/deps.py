"""Dependencies of volunteer-service's routes: the unit of work, who may call, the
command runners, and the problems every route can answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from helhet_common.access.recorder import AccessRecord, access_recorder
from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    PARTICIPANT,
    VOLUNTEER,
    Principal,
    require_roles,
)
from helhet_common.commands import CommandRunner, command_runner
from helhet_common.errors import Forbidden
from volunteer_service.adapters import tables
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

# A read of a participant's personal data, recorded in the access log: who, why, which
# categories (``helhet_common.access``).
ProfileRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, volunteer_staff, "profile"))
]
# The participant's right of access: the participant themself, the refugee service's
# caseworkers and the integration leader (``helhet_common.access.innsyn`` decides whose).
innsyn_reader = require_roles(CASEWORKER, INTEGRATION_LEADER, PARTICIPANT)
PersonalDataRead = Annotated[
    AccessRecord,
    Depends(access_recorder(tables.access_log, innsyn_reader, "personal_data")),
]
VolunteeringRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, volunteer_staff, "volunteering"))
]


# Volunteer staff's change, run as one command: ``Create`` also honours an Idempotency-Key.
Create = Annotated[
    CommandRunner[VolunteerUnitOfWork],
    Depends(command_runner(get_uow, volunteer_staff, idempotent=True)),
]
Change = Annotated[
    CommandRunner[VolunteerUnitOfWork], Depends(command_runner(get_uow, volunteer_staff))
]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON or header"},
    401: {"description": "No or invalid bearer token"},
    403: {
        "description": "Role not allowed, or `no-basis-for-purpose`: your sharing basis or "
        "the participant's consent does not cover this data (for the `X-Purpose` named)"
    },
    404: {
        "description": "No such resource in your municipality, or none you have a basis "
        "(sharing basis or consent) to read"
    },
    409: {
        "description": "Conflicts with the current state (e.g. a match already ended), or "
        "`stale-version`: changed since the version given (with `current_version`)"
    },
    422: {"description": "The request breaks a rule (vetting, consent, ...) or does not validate"},
}
