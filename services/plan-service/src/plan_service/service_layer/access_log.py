"""The participant's one access log: the reads other services recorded, folded in.

placement-, volunteer- and reporting-service publish each read of participants' data as
``helhet.access.recorded.v1`` (ids and codes: who, as which agency and role, why, which
categories, what the read stood on). The consumer writes one ``access_log`` row per
participant of the read, beside plan-service's own reads, with the service that made it
(the envelope's source). A row is written once per (read, participant): the table's
unique index drops a redelivered or replayed event, whatever the processed-events table
says. A participant plan-service does not hold (never settled here, a test) is skipped
and logged: the log belongs to a participant.

The log is append-only and not a read model: ``rebuild`` does not empty it (a replay
adds only what is missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent
from plan_service.adapters import tables
from plan_service.adapters.repositories.access_log import AccessLogEntry, AccessLogRepository
from plan_service.contracts import consumed
from plan_service.service_layer.placements import fold_attendance, fold_placements

log = structlog.get_logger(__name__)


def service_of(envelope: CloudEvent) -> str:
    """The service that made the read: the last part of the envelope's source
    (``/helhet/placement-service`` -> ``placement-service``)."""
    return envelope.source.rstrip("/").rsplit("/", 1)[-1][:60] or envelope.source[:60]


def entries_of(event: consumed.AccessRecordedV1, envelope: CloudEvent) -> list[AccessLogEntry]:
    """One entry per participant of the read (a participant named twice: once)."""
    entries: dict[object, AccessLogEntry] = {}
    for read in event.participants:
        entries.setdefault(
            read.participant_id,
            AccessLogEntry(
                participant_id=read.participant_id,
                municipality=envelope.municipality or "",
                sub=event.sub,
                agency=event.agency,
                purpose=event.purpose,
                endpoint=event.operation,
                at=event.at,
                read_id=event.read_id,
                service=service_of(envelope),
                client_id=event.client_id,
                role=event.role,
                legal_basis=read.legal_basis,
                basis_id=read.basis_id,
                consent_id=read.consent_id,
                categories=list(event.categories),
                acting_municipality=event.acting_municipality,
            ),
        )
    return list(entries.values())


async def record_reads(session: AsyncSession, items: Sequence[Applied]) -> None:
    """A batch of recorded reads into the access log, in one statement."""
    entries = [
        entry
        for event, envelope in items
        if isinstance(event, consumed.AccessRecordedV1)
        for entry in entries_of(event, envelope)
    ]
    if not entries:
        return
    ids = {e.participant_id for e in entries}
    known = {
        row.id: row.municipality
        for row in await session.execute(
            select(tables.participants.c.id, tables.participants.c.municipality).where(
                tables.participants.c.id.in_(ids)
            )
        )
    }
    unknown = ids - set(known)
    if unknown:
        log.warning("access_of_unknown_participants_skipped", participants=len(unknown))
    kept = [
        e if e.municipality else _in_municipality(e, known[e.participant_id])
        for e in entries
        if e.participant_id in known
    ]
    await AccessLogRepository(session).append_once(kept)


def _in_municipality(entry: AccessLogEntry, municipality: str) -> AccessLogEntry:
    return replace(entry, municipality=municipality)


async def apply_batch(session: AsyncSession, items: Sequence[Applied]) -> None:
    """A batch: the recorded reads into the access log, the placements folded in, the
    attendance on placements into the ledger."""
    await record_reads(session, items)
    await fold_placements(session, items)
    await fold_attendance(session, items)


def make_projection(settings: object = None) -> Projection:
    """The consumer's projection: recorded reads into the access log, and placement-
    service's placements (docs/timetable.md) and the attendance on them into the ledger
    (docs/benefit.md). A rebuild empties the placements (a read model) but neither the
    log nor the ledger (a replay only adds what is missing)."""
    return Projection(
        name="access-log",
        registry=consumed.registry,
        apply_many=apply_batch,
        tables=[tables.participant_placements],
    )
