"""placement-service's placements folded into plan-service (ids, codes and dates only),
for the hand-over package (docs/timetable.md): one row per placement, each event
filling in what it knows. A redelivered or replayed event writes the same values again
(an upsert keyed by the placement; a field an event does not carry keeps its value)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_or_update
from helhet_common.messaging.consumer import Applied
from plan_service.adapters import tables
from plan_service.contracts import consumed

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
