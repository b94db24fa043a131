"""A participant erased in plan-service, as a service that holds data about them sees it.

plan-service publishes ``helhet.participant.erased.v1`` (on the participants topic,
keyed by the participant) when a participant's retention period has run out or on
their request. A service that holds data about participants then removes it: its own
rows about the participant (what it holds only for them), its projections of
plan-service's events (profile, consents, sharing bases) and the responses kept for
``Idempotency-Key`` replays that show them. It keeps one row per erased participant in
``erased_participants`` (the id, the day, the reason: no personal data), so an event of
the participant that arrives later (another topic, a redelivery, a replay) does not
bring them back. That table is not a read model: a rebuild keeps it.

The service decides what it deletes; these are the pieces every such service uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import Column, Date, String, Table, Uuid, cast, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.types import UtcDateTime
from helhet_common.db.upsert import insert_if_absent
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent

ERASED_EVENT = "helhet.participant.erased.v1"
ERASED_PARTICIPANTS = "erased_participants"
ERASURE_REASONS = ("retention_expired", "request")

Applied = tuple[IntegrationEvent, CloudEvent]


def erased_participant_columns() -> list[Column[Any]]:
    """One row per erased participant: the id, the day and the reason only."""
    return [
        Column("participant_id", Uuid, primary_key=True),
        Column("erased_on", Date, nullable=False),
        Column("reason", String(40), nullable=False),
        Column("recorded_at", UtcDateTime(), nullable=False),
    ]


def participant_of(event: IntegrationEvent) -> UUID | None:
    """The participant an event is about (its ``participant_id``), if it names one."""
    found = getattr(event, "participant_id", None)
    return found if isinstance(found, UUID) else None


async def erased_among(
    session: AsyncSession, table: Table, participant_ids: Iterable[UUID]
) -> set[UUID]:
    """Which of ``participant_ids`` are erased already."""
    ids = sorted(set(participant_ids))
    if not ids:
        return set()
    rows = await session.execute(
        select(table.c.participant_id).where(table.c.participant_id.in_(ids))
    )
    return set(rows.scalars())


async def without_erased(
    session: AsyncSession, table: Table, items: Sequence[Applied]
) -> list[Applied]:
    """The batch without the events of participants erased before it: they are gone here,
    and stay gone whatever of theirs arrives later."""
    erased = await erased_among(session, table, filter(None, (participant_of(e) for e, _ in items)))
    return [item for item in items if participant_of(item[0]) not in erased]


async def remember_erased(
    session: AsyncSession,
    table: Table,
    participant_id: UUID,
    *,
    erased_on: date,
    reason: str,
    now: datetime,
) -> None:
    """Record the erasure (once: a redelivery keeps the first)."""
    await insert_if_absent(
        session,
        table,
        {
            "participant_id": participant_id,
            "erased_on": erased_on,
            "reason": reason,
            "recorded_at": now,
        },
    )


async def delete_participant_rows(
    session: AsyncSession, participant_id: UUID, *tables: Table
) -> None:
    """Delete the rows of ``tables`` (each with a ``participant_id`` column) about the
    participant."""
    for table in tables:
        await session.execute(delete(table).where(table.c.participant_id == participant_id))


async def forget_stored_responses(
    session: AsyncSession, idempotency_keys: Table, participant_id: UUID
) -> int:
    """Delete the responses kept for ``Idempotency-Key`` replays that name the participant
    (a repeat of such a request runs again, and finds no participant). Returns how many."""
    t = idempotency_keys
    body = cast(t.c.response_body, String)
    rows = await session.execute(select(t.c.scope, t.c.key).where(body.like(f"%{participant_id}%")))
    found = rows.all()
    for scope, key in found:
        await session.execute(delete(t).where(t.c.scope == scope, t.c.key == key))
    return len(found)


@dataclass(frozen=True)
class ErasureTables:
    """A service's tables an erasure of its projections touches: the projections of
    plan-service's events (profile, consents, sharing bases), the stored responses for
    ``Idempotency-Key`` replays, and ``erased_participants``."""

    projections: Sequence[Table]
    idempotency_keys: Table
    erased: Table


async def erase_projected(
    session: AsyncSession,
    tables: ErasureTables,
    participant_id: UUID,
    *,
    erased_on: date,
    reason: str,
    now: datetime,
) -> None:
    """Forget the participant in a service's projections and the stored responses that
    show them; remember only that they were erased."""
    await delete_participant_rows(session, participant_id, *tables.projections)
    await forget_stored_responses(session, tables.idempotency_keys, participant_id)
    await remember_erased(
        session, tables.erased, participant_id, erased_on=erased_on, reason=reason, now=now
    )


class ErasesProjections:
    """``erase`` for a service's participant repository (mixed in): it names its
    ``erasure_tables``; ``_session`` is the repository's."""

    erasure_tables: ClassVar[ErasureTables]
    _session: AsyncSession

    async def erase(
        self, participant_id: UUID, *, erased_on: date, reason: str, now: datetime
    ) -> None:
        """Forget the participant: their profile, consents and sharing bases, and the
        stored responses that show them; remember only that they were erased."""
        await erase_projected(
            self._session,
            self.erasure_tables,
            participant_id,
            erased_on=erased_on,
            reason=reason,
            now=now,
        )
