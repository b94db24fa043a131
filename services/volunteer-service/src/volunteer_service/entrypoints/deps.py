"""Dependencies of volunteer-service's routes: the unit of work, who may call, the
command runners, and the problems every route can answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request

from helhet_common.access import rules
from helhet_common.access.recorder import (
    AccessRecord,
    access_recorder,
    operation_of,
    purpose_of,
    reader_of,
)
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
from helhet_common.domain_errors import Invalid
from helhet_common.errors import Forbidden
from volunteer_service.adapters import tables
from volunteer_service.service_layer import access
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


def _volunteering_record(
    request: Request, principal: Principal, purpose: str | None
) -> AccessRecord:
    """The access record a change checks the caller's basis with: the caller, the purpose
    they name, the operation, the ``volunteering`` category."""
    return AccessRecord(
        table=tables.access_log,
        principal=principal,
        purpose=purpose_of(principal, purpose),
        operation=operation_of(request),
        categories=("volunteering",),
    )


async def match_in_scope(
    match_id: UUID, request: Request, principal: Principal, purpose: str | None
) -> None:
    """A change to a match needs what reading it needs: the volunteer centre the
    participant's consent in force, another agency's caseworker a sharing basis (else the
    404 of a match not found, or 403 ``no-basis-for-purpose``). The refugee service and
    the integration leader change any match of their municipality."""
    if not rules.needs_basis(reader_of(principal)):
        return
    uow = get_uow(request)
    async with uow:
        match = await uow.matches.get(match_id, municipality=principal.municipality)
        record = _volunteering_record(request, principal, purpose)
        await access.basis_for(uow, record, match.participant_id, access.VOLUNTEERING, what="match")


async def participants_in_scope(
    participant_ids: Iterable[UUID], request: Request, principal: Principal, purpose: str | None
) -> None:
    """Attendance recorded by another agency needs what reading the participants'
    volunteering needs: one the caller has no basis for is answered as one the
    municipality does not know (422 ``unknown-participant``), so the answer does not tell
    whether they exist. The volunteer centre records who came to the activities it runs,
    people it has met there, with or without a consent (decision 0014)."""
    if not rules.needs_basis(reader_of(principal)) or principal.agency == VOLUNTEER:
        return
    uow = get_uow(request)
    async with uow:
        record = _volunteering_record(request, principal, purpose)
        readable = await access.readable(uow, record, access.VOLUNTEERING)
    if readable is None:
        return
    outside = sorted(set(participant_ids) - set(readable), key=str)
    if outside:
        raise Invalid(
            "Attendance is recorded for participants of your municipality only.",
            code="unknown-participant",
            participant_ids=[str(i) for i in outside],
        )


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
