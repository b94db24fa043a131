"""placement-service's placements folded into plan-service (ids, codes and dates only),
for the hand-over package (docs/timetable.md), and the attendance recorded on them, for
the ledger (docs/benefit.md). The placements: one row per placement, each event
filling in what it knows. A redelivered or replayed event writes the same values again
(an upsert keyed by the placement; a field an event does not carry keeps its value)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_if_absent, insert_or_update
from helhet_common.messaging.consumer import Applied
from plan_service.adapters import tables
from plan_service.contracts import consumed

log = structlog.get_logger(__name__)

_PP = tables.participant_placements
_COLUMNS = [c.name for c in _PP.columns if c.name != "placement_id"]


def row_of(event: Any) -> dict[str, Any] | None:
    """The columns an event fills in (None: not a placement event)."""
    values: dict[str, Any]
    match event:
        case consumed.PlacementStarted():
            values = {
                "employer_id": event.employer_id,
                "kind": event.kind[:30],
                "start_date": event.start_date,
                "planned_end": event.planned_end,
            }
        case consumed.PlacementExtended():
            values = {"planned_end": event.new_end}
        case consumed.PlacementEnded():
            values = {
                "employer_id": event.employer_id,
                "kind": event.kind[:30],
                "ended_on": event.actual_end,
                "end_reason": event.reason[:30],
            }
        case consumed.ParticipantHired():
            values = {"employer_id": event.employer_id, "hired_on": event.hired_on}
        case _:
            return None
    row = dict.fromkeys(_COLUMNS)
    row.update(values)
    row.update(placement_id=event.placement_id, participant_id=event.participant_id)
    return row


async def fold_placements(session: AsyncSession, items: Sequence[Applied]) -> None:
    """The batch's placement events, in order."""
    statement = insert_or_update(
        session, _PP, keys=["placement_id"], keep_if_null=[c for c in _COLUMNS]
    )
    for event, _ in items:
        row = row_of(event)
        if row is not None:
            await session.execute(statement, row)


async def fold_attendance(session: AsyncSession, items: Sequence[Applied]) -> None:
    """The batch's attendance and absence recorded on placements, into the ledger: an
    entry recorded by the placement provider (``recorded_by`` ``placement:<id>``, the
    recording agency as placement-service had it), with the placement entry's id as its
    own, so a redelivered or replayed event writes nothing new. An entry of a
    participant plan-service does not hold is skipped (the ledger belongs to one)."""
    found = [e for e, _ in items if isinstance(e, consumed.PlacementAttendanceRecorded)]
    if not found:
        return
    ids = {e.participant_id for e in found}
    municipality_of = {
        row.id: row.municipality
        for row in await session.execute(
            select(tables.participants.c.id, tables.participants.c.municipality).where(
                tables.participants.c.id.in_(ids)
            )
        )
    }
    times = {
        id(event): envelope.time
        for event, envelope in items
        if isinstance(event, consumed.PlacementAttendanceRecorded)
    }
    rows = [
        {
            "id": e.entry_id,
            "participant_id": e.participant_id,
            "municipality": municipality_of[e.participant_id],
            "kind": e.kind,
            "entry_date": e.entry_date,
            "minutes": e.minutes,
            "code": e.code,
            "effect": e.effect,
            "corrects": None,
            "recorded_by": f"placement:{e.placement_id}",
            "recorded_by_agency": e.recorded_by_agency[:40],
            "recorded_at": times[id(e)],
        }
        for e in found
        if e.participant_id in municipality_of
    ]
    skipped = len(found) - len(rows)
    if skipped:
        log.warning("placement_attendance_of_unknown_participants_skipped", entries=skipped)
    await insert_if_absent(session, tables.ledger_entries, rows)
