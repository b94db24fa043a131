"""A participant erased by plan-service is dropped from reporting's read model.

``helhet.participant.erased.v1`` (the retention period ran out, or the participant
asked): the chain, the sharing bases, the alerts that name them with the work queue's
history and comments, and their changes on ``GET /changes`` are deleted, and the
erasure is kept (id, day, reason) in ``erased_participants``, so that no later event,
and no rebuild, brings them back. Idempotent: a second erasure changes nothing.

The access log is not dropped: it records who read the participant's data, which the
municipality must be able to show; it is deleted by its own retention rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_if_absent
from reporting_service import contracts
from reporting_service.adapters.tables import (
    alert_changes,
    alert_history,
    alerts,
    erased_participants,
    participant_chain,
    sharing_bases,
)


async def record(
    session: AsyncSession, erasures: Iterable[contracts.ParticipantErased], *, now: datetime
) -> None:
    """Keep each erasure (the first one of a participant stays)."""
    await insert_if_absent(
        session,
        erased_participants,
        [
            {
                "participant_id": e.participant_id,
                "erased_on": e.erased_on,
                "reason": e.reason,
                "recorded_at": now,
            }
            for e in {e.participant_id: e for e in reversed(list(erasures))}.values()
        ],
    )


async def erased_among(session: AsyncSession, participant_ids: Collection[UUID]) -> set[UUID]:
    """Which of ``participant_ids`` were erased."""
    if not participant_ids:
        return set()
    t = erased_participants
    rows = await session.execute(
        select(t.c.participant_id).where(t.c.participant_id.in_(list(participant_ids)))
    )
    return set(rows.scalars())


async def all_erased(session: AsyncSession) -> set[UUID]:
    rows = await session.execute(select(erased_participants.c.participant_id))
    return set(rows.scalars())


async def drop(session: AsyncSession, participant_ids: Collection[UUID]) -> None:
    """Delete everything the read model holds about ``participant_ids``."""
    ids = list(participant_ids)
    if not ids:
        return
    theirs = select(alerts.c.alert_id).where(alerts.c.participant_id.in_(ids))
    await session.execute(delete(alert_history).where(alert_history.c.alert_id.in_(theirs)))
    await session.execute(delete(alert_changes).where(alert_changes.c.alert_id.in_(theirs)))
    await session.execute(delete(alerts).where(alerts.c.participant_id.in_(ids)))
    await session.execute(
        delete(participant_chain).where(participant_chain.c.participant_id.in_(ids))
    )
    await session.execute(delete(sharing_bases).where(sharing_bases.c.participant_id.in_(ids)))
