"""Whose data a reader may read here, and on what basis (``helhet_common.access``).

reporting-service holds, per participant, their chain through the programme (the
links, the plan's follow-up, placements and matches as codes and dates) and the alerts
that name them (with the work queue's history and comments). The rules are the shared
ones, on this service's projection of plan-service's sharing bases; each function notes
what it let the reader read in the read's ``AccessRecord``.

Who reads participants here: the integration leader and caseworkers (the refugee
service's on the law, another public agency's on a sharing basis). Operators and admins
run the service: they see the aggregates (overview, KPIs), the operations page and the
alerts that name no participant, never a participant's chain or the alerts about one
(docs/decisions/0013).
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from helhet_common.access import scope
from helhet_common.access.recorder import AccessRecord
from helhet_common.access.rules import Basis, Category
from helhet_common.auth import CASEWORKER, INTEGRATION_LEADER, Principal
from helhet_common.domain_errors import NotFound
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork

# The roles that may read participant-level data here (the rule then decides whose).
PARTICIPANT_READER_ROLES = (INTEGRATION_LEADER, CASEWORKER)

_FOLLOW_UP = frozenset({"programme_coordination", "plan", "follow_up", "transition"})
# The participant's chain: links, plan follow-up, placements, matches, outcomes.
CHAIN = Category("chain", sharing_purposes=_FOLLOW_UP)
# The alerts that name the participant, with the work queue's history and comments.
ALERTS = Category("alerts", sharing_purposes=_FOLLOW_UP)


def reads_participants(principal: Principal) -> bool:
    return principal.has_role(*PARTICIPANT_READER_ROLES)


async def basis_for(
    uow: ReportingUnitOfWork,
    record: AccessRecord,
    participant_id: UUID,
    category: Category,
    *,
    what: str = "participant",
) -> Basis:
    """The reader's basis for one participant's ``category`` of data (noted in
    ``record``); else not found (``what``) or 403 ``no-basis-for-purpose``."""
    if not reads_participants(record.principal):
        raise NotFound.of(what)
    return await scope.basis_for(
        uow.participants, record, participant_id, category, today=uow.clock.today(), what=what
    )


async def readable(
    uow: ReportingUnitOfWork, record: AccessRecord, category: Category
) -> list[UUID] | None:
    """For a list: the participants whose ``category`` the reader may read (None: every
    participant of the municipality; an empty list for operators and admins)."""
    if not reads_participants(record.principal):
        return []
    return await scope.readable(uow.participants, record, category, today=uow.clock.today())


async def note_all(
    uow: ReportingUnitOfWork,
    record: AccessRecord,
    participant_ids: Iterable[UUID | None],
    category: Category,
) -> None:
    """Note each participant a list shows (each once; an item naming none is skipped)."""
    await scope.note_all(
        uow.participants,
        record,
        [pid for pid in participant_ids if pid is not None],
        category,
        today=uow.clock.today(),
    )
