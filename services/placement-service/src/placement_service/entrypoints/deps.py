"""Dependencies of placement-service's routes: the unit of work, the command runners,
who may do what, and the problems every router documents alike."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request

from helhet_common.access import rules
from helhet_common.access.recorder import (
    AccessRecord,
    PurposeHeader,
    access_recorder,
    operation_of,
    purpose_of,
    reader_of,
)
from helhet_common.auth import (
    CASEWORKER,
    CONTRIBUTOR,
    EMPLOYER,
    INTEGRATION_LEADER,
    PARTICIPANT,
    PLAN_EDITOR,
    Principal,
    require_roles,
)
from helhet_common.commands import CommandRunner, command_runner
from helhet_common.errors import Forbidden
from placement_service.adapters import tables
from placement_service.service_layer import access
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


caseworker = require_roles(CASEWORKER)
reader = require_roles(CASEWORKER, INTEGRATION_LEADER, PLAN_EDITOR)

UowDep = Annotated[PlacementUnitOfWork, Depends(get_uow)]
Reader = Annotated[Principal, Depends(reader)]
EmployerUser = Annotated[Principal, Depends(employer_user)]

# A read of a participant's personal data, recorded in the access log: who, why, which
# categories (``helhet_common.access``).
ProfileRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, reader, "profile"))
]
ConsentsRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, reader, "consents"))
]
MatchingRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, reader, "profile", "matching"))
]
PlacementsRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, reader, "placements"))
]
# The participant's right of access: the participant themself, the refugee service's
# caseworkers and the integration leader (``helhet_common.access.innsyn`` decides whose).
innsyn_reader = require_roles(CASEWORKER, INTEGRATION_LEADER, PARTICIPANT)
PersonalDataRead = Annotated[
    AccessRecord,
    Depends(access_recorder(tables.access_log, innsyn_reader, "personal_data")),
]
# Attendance on a placement's day: the follow-up staff (a caseworker) or the employer's
# contact person (``contributor``); who of them may is the placement's read rule
# (``handlers.record_attendance``), and the write is logged as a read of the placement.
attendance_writer = require_roles(CASEWORKER, CONTRIBUTOR)
AttendanceRecord = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, attendance_writer, "placements"))
]
AttendanceRun = Annotated[
    CommandRunner[PlacementUnitOfWork],
    Depends(command_runner(get_uow, attendance_writer, idempotent=True)),
]
CandidateRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, employer_user, "profile"))
]


async def placement_in_scope(
    placement_id: UUID,
    request: Request,
    principal: Annotated[Principal, Depends(caseworker)],
    purpose: PurposeHeader = None,
) -> None:
    """A change to a placement needs what reading it needs: another agency's caseworker
    a sharing basis in force for the participant that covers their placements (else the
    404 of a placement not found, or 403 ``no-basis-for-purpose``). The refugee service's
    caseworkers change any placement of their municipality."""
    if not rules.needs_basis(reader_of(principal)):
        return
    uow = get_uow(request)
    async with uow:
        placement = await uow.placements.get(placement_id, municipality=principal.municipality)
        await _placements_basis(
            uow, request, principal, purpose, placement.participant_id, "placement"
        )


async def participant_in_scope(
    request: Request, principal: Principal, participant_id: UUID, purpose: str | None
) -> None:
    """What writing about a participant's placements needs (an employer's note about
    them): what ``placement_in_scope`` asks, the participant not found without it."""
    if not rules.needs_basis(reader_of(principal)):
        return
    uow = get_uow(request)
    async with uow:
        await _placements_basis(uow, request, principal, purpose, participant_id, "participant")


async def _placements_basis(
    uow: PlacementUnitOfWork,
    request: Request,
    principal: Principal,
    purpose: str | None,
    participant_id: UUID,
    what: str,
) -> None:
    record = AccessRecord(
        table=tables.access_log,
        principal=principal,
        purpose=purpose_of(principal, purpose),
        operation=operation_of(request),
        categories=("placements",),
    )
    await access.basis_for(uow, record, participant_id, access.PLACEMENTS, what=what)


# A change to one placement: only by a caseworker who may read it (``placement_in_scope``).
InScope = Depends(placement_in_scope)

# A caseworker's change, run as one command: ``Create`` also honours an Idempotency-Key.
Create = Annotated[
    CommandRunner[PlacementUnitOfWork],
    Depends(command_runner(get_uow, caseworker, idempotent=True)),
]
Change = Annotated[CommandRunner[PlacementUnitOfWork], Depends(command_runner(get_uow, caseworker))]

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
    409: {"description": "Conflicts with the current state (full, closed, ended, stale version)"},
    422: {"description": "The request breaks a rule or does not validate"},
}
