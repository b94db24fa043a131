"""``GET /changes``: plan-service's published events for systems that poll
(``helhet_common.changes``), only what the caller may see.

The refugee service's staff and the integration leader see every event of their
municipality. Another agency sees the participant-level events (settlement, the
programme, consents, sharing bases, a move) of the participants it has a sharing basis in
force for, as its list of participants does; the rest (plan, meetings, mapping, results)
it reads through the API, where each read is checked for its purpose and logged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.changes import (
    After,
    Change,
    ChangesPage,
    Limit,
    of_municipality,
    read_changes,
    subject_of,
)
from plan_service.adapters import tables
from plan_service.adapters.repositories.participants import ParticipantRepository
from plan_service.domain.sharing import INTEGRATION_LEADER as LEADER_ROLE
from plan_service.domain.sharing import REFUGEE_SERVICE, sharing_purpose
from plan_service.entrypoints.audit import PurposeHeader, audited_read
from plan_service.entrypoints.deps import PROBLEMS, StaffReader, UowDep

router = APIRouter(tags=["changes"])

# The event types another agency sees with a sharing basis (participant-level facts).
PARTICIPANT_LEVEL = frozenset(
    {
        "helhet.participant.settled.v1",
        "helhet.participant.moved.v1",
        "helhet.programme.started.v1",
        "helhet.programme.extended.v1",
        "helhet.programme.leave.v1",
        "helhet.programme.ended.v1",
        "helhet.consent.granted.v1",
        "helhet.consent.withdrawn.v1",
        "helhet.sharing_basis.recorded.v1",
    }
)


@router.get(
    "/changes",
    response_model=ChangesPage,
    summary="The events plan-service published, after a cursor (for systems that poll)",
    description="Oldest first, as CloudEvents exactly as published on Kafka. Start with "
    "`after=0`, then send each page's `next_cursor`; `has_more` says to ask again at "
    "once. Only events of the caller's municipality that the caller may see: the refugee "
    "service and the integration leader see all; another agency the participant-level "
    "events of participants it has a sharing basis in force for. Events are served from "
    "two seconds after they are written, and kept for the outbox's retention period: a "
    "cursor below `oldest_cursor` has missed events. Each participant whose events a page "
    "holds is written to their access log.",
    responses=PROBLEMS,
)
async def changes(
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    after: After = "0",
    limit: Limit = 100,
    purpose: PurposeHeader = None,
) -> Any:
    sees_all = sees_every_participant(principal.agency, principal.roles)
    named = sharing_purpose(purpose)

    async def visible(found: Sequence[Change]) -> list[Change]:
        return await visible_changes(
            uow.session,
            found,
            municipality=principal.municipality,
            agency=None if sees_all else principal.agency,
            today=uow.clock.today(),
            purpose=named.value if named is not None else None,
        )

    async def read() -> tuple[Sequence[UUID], Any]:
        page, shown = await read_changes(
            uow.session,
            tables.shared.outbox,
            after=int(after),
            limit=limit,
            now=uow.clock.now(),
            visible=visible,
        )
        read_ids = sorted({s for s in (subject_of(c) for c in shown) if s is not None})
        return read_ids, page

    return await audited_read(uow, request, principal, purpose, read)


async def visible_changes(
    session: AsyncSession,
    found: Sequence[Change],
    *,
    municipality: str,
    agency: str | None,
    today: date,
    purpose: str | None = None,
) -> list[Change]:
    """The events of ``municipality``; with ``agency`` (one that does not see every
    participant), only the participant-level events of participants it has a sharing
    basis in force for ``today`` (for ``purpose``, when the reader names one)."""
    mine = await of_municipality(municipality)(found)
    if agency is None:
        return mine
    candidates = [c for c in mine if c.event.get("type") in PARTICIPANT_LEVEL]
    ids = {s for s in (subject_of(c) for c in candidates) if s is not None}
    if not ids:
        return []
    where = ParticipantRepository.visible_in(municipality, agency, today, purpose=purpose)
    seen = set(
        (
            await session.execute(
                select(tables.participants.c.id).where(
                    and_(*where, tables.participants.c.id.in_(ids))
                )
            )
        ).scalars()
    )
    return [c for c in candidates if subject_of(c) in seen]


def sees_every_participant(agency: str, roles: Iterable[str]) -> bool:
    return agency == REFUGEE_SERVICE or LEADER_ROLE in set(roles)
