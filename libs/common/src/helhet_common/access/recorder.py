"""The record of one read of personal data, and how a route makes and keeps it.

A read route takes an ``AccessRecord`` from the dependency ``access_recorder`` (who
reads, as which agency and role, why, which categories), notes each participant it reads
with the basis it read on (``record.read(participant_id, basis)``; noting one twice
keeps the first), and runs in ``audited``: the read and, in the same transaction, one
access-log row per participant and one ``AccessRecorded`` event (through the unit of
work's outbox). A read that fails (a 4xx) writes nothing; a read writes once, however
often its helpers note the same participant.
"""

# No ``from __future__ import annotations``: FastAPI reads the dependency's signature.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Header, Request
from sqlalchemy import Table, insert

from helhet_common.access.rules import STAFF_ROLES, Basis, Reader
from helhet_common.auth.principal import (
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    PARTICIPANT,
    PLAN_EDITOR,
    Principal,
)
from helhet_common.ids import uuid7
from helhet_common.unit_of_work import UnitOfWork

PURPOSE_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
PURPOSE_HEADER = "X-Purpose"
PurposeHeader = Annotated[
    str | None,
    Header(
        alias=PURPOSE_HEADER,
        pattern=PURPOSE_PATTERN,
        description="Why you read (a code: a sharing purpose such as `work_training`, a "
        "consent purpose such as `matching`, or your own, e.g. `case_work`); it is shown to "
        "the participant in their access log. A sharing or consent purpose is also checked: "
        "your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`). "
        "Default: an agency system's configured purpose, `coordination` for the integration "
        "leader, `case_work` for staff.",
    ),
]
# The order a role is named in the log when the caller has several.
ROLE_ORDER = (INTEGRATION_LEADER, PLAN_EDITOR, CASEWORKER, CONTRIBUTOR, PARTICIPANT)


def purpose_of(principal: Principal, header: str | None) -> str:
    """As plan-service's access log: the header, else a default by caller."""
    if header:
        return header
    if principal.is_machine and principal.purpose:
        return principal.purpose
    if principal.has_role(INTEGRATION_LEADER):
        return "coordination"
    if principal.roles & STAFF_ROLES:
        return "case_work"
    return "own_data"


def role_of(principal: Principal) -> str:
    for role in ROLE_ORDER:
        if role in principal.roles:
            return role
    return min(principal.roles, default="none")


def reader_of(principal: Principal) -> Reader:
    return Reader(
        sub=principal.sub,
        municipality=principal.municipality,
        agency=principal.agency,
        roles=principal.roles,
    )


@dataclass(frozen=True)
class AccessRecorded:
    """The domain event of a recorded read (a value: ids, codes and times)."""

    read_id: UUID
    at: datetime
    sub: str
    client_id: str | None
    agency: str
    role: str
    purpose: str
    operation: str
    categories: tuple[str, ...]
    entries: tuple[tuple[UUID, Basis], ...]
    acting_municipality: str | None = None


@dataclass
class AccessRecord:
    """One read: who, why, which categories; the participants read, each once. Records
    its event like an aggregate, so the unit of work puts it in the outbox."""

    table: Table
    principal: Principal
    purpose: str
    operation: str
    categories: tuple[str, ...]
    read_id: UUID = field(default_factory=uuid7)
    events: list[Any] = field(default_factory=list)
    _read: dict[UUID, Basis] = field(default_factory=dict)
    _written: bool = False
    municipality: str = field(init=False)

    def __post_init__(self) -> None:
        self.municipality = self.principal.municipality

    @property
    def reader(self) -> Reader:
        return reader_of(self.principal)

    @property
    def participants(self) -> list[UUID]:
        return list(self._read)

    def read(self, participant_id: UUID, basis: Basis) -> None:
        """Note a participant read on ``basis`` (a second note of one is ignored)."""
        self._read.setdefault(participant_id, basis)

    async def write(self, uow: UnitOfWork) -> None:
        """The access-log rows and the event, in ``uow``'s transaction, once."""
        if self._written or not self._read:
            return
        self._written = True
        now = uow.clock.now()
        machine = self.principal.is_machine
        await uow.session.execute(
            insert(self.table),
            [
                {
                    "read_id": self.read_id,
                    "participant_id": pid,
                    "municipality": self.principal.municipality,
                    "acting_municipality": self.principal.home_municipality,
                    "sub": self.principal.sub,
                    "client_id": self.principal.client if machine else None,
                    "client_name": self.principal.client_name if machine else None,
                    "agency": self.principal.agency,
                    "role": role_of(self.principal),
                    "purpose": self.purpose,
                    "legal_basis": basis.legal_basis,
                    "basis_id": basis.basis_id,
                    "consent_id": basis.consent_id,
                    "categories": list(self.categories),
                    "operation": self.operation,
                    "at": now,
                }
                for pid, basis in self._read.items()
            ],
        )
        self.events.append(
            AccessRecorded(
                read_id=self.read_id,
                at=now,
                sub=self.principal.sub,
                client_id=self.principal.client if machine else None,
                agency=self.principal.agency,
                role=role_of(self.principal),
                purpose=self.purpose,
                operation=self.operation,
                categories=self.categories,
                entries=tuple(self._read.items()),
                acting_municipality=self.principal.home_municipality,
            )
        )
        uow.seen.add(self)


def operation_of(request: Request) -> str:
    route = request.scope.get("route")
    return f"{request.method} {getattr(route, 'path', request.url.path)}"


def access_recorder(
    table: Table, who: Callable[..., Awaitable[Principal]], *categories: str
) -> Callable[..., Awaitable[AccessRecord]]:
    """A dependency giving the route's ``AccessRecord``: the caller (from ``who``, the
    route's role dependency), the purpose (``X-Purpose`` or the default), the route and
    the ``categories`` of data it reads."""

    async def record_access(
        request: Request,
        principal: Annotated[Principal, Depends(who)],
        purpose: PurposeHeader = None,
    ) -> AccessRecord:
        return AccessRecord(
            table=table,
            principal=principal,
            purpose=purpose_of(principal, purpose),
            operation=operation_of(request),
            categories=tuple(categories),
        )

    # What the access matrix (``helhet_common.access.matrix``) reads off the route.
    record_access.access_categories = tuple(categories)  # type: ignore[attr-defined]
    return record_access


U = TypeVar("U", bound=UnitOfWork)
T = TypeVar("T")


async def audited(uow: U, record: AccessRecord, read: Callable[[], Awaitable[T]]) -> T:
    """Run ``read`` in ``uow`` and record what it read in the same transaction: one
    commit. An error (a 4xx) rolls back and records nothing."""
    async with uow:
        result = await read()
        await record.write(uow)
        await uow.commit()
    return result
