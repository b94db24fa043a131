"""``GET /changes?after=<cursor>``: a service's published events for systems that poll
instead of reading Kafka.

The feed is the service's own outbox, read in order: the cursor is the position of the
last event a page held (opaque to the client; ``0`` or none starts at the oldest kept).
Each item is the CloudEvent exactly as it was published. Rows are only served once they
are ``SETTLE`` old, so that a transaction that took its position earlier but committed
later is not jumped over. The outbox keeps published rows for the retention period
(``outbox_retention_hours``): a client that polls less often than that misses events,
and ``oldest_cursor`` tells it so.

A service decides what the caller may see (``visible``): the page's ``next_cursor`` moves
past rows the caller may not see, so a client never reads the same hidden rows again.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Final

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

SETTLE: Final = timedelta(seconds=2)
SCAN: Final = 1000  # rows looked at per page at most, seen or not
MAX_LIMIT: Final = 500


@dataclass(frozen=True, kw_only=True)
class Change:
    position: int
    event: dict[str, Any]


class ChangesPage(BaseModel):
    items: list[dict[str, Any]] = Field(
        description="CloudEvents 1.0 (structured JSON), oldest first, as published"
    )
    next_cursor: str = Field(description="send as `after` for the next page")
    has_more: bool = Field(description="more rows may be waiting: ask again at once")
    oldest_cursor: str = Field(
        description="the oldest position still kept; a cursor below it has missed events"
    )


After = Annotated[
    str,
    Query(pattern=r"^[0-9]{1,18}$", description="the last page's cursor (`0`: from the start)"),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="events per page at most")]

Visible = Callable[[Sequence[Change]], Awaitable[list[Change]]]


async def read_changes(
    session: AsyncSession,
    outbox: Table,
    *,
    after: int,
    limit: int,
    now: datetime,
    visible: Visible,
) -> tuple[ChangesPage, list[Change]]:
    """One page of the feed (the events after ``after`` that ``visible`` lets through),
    and the changes it holds."""
    rows = (
        await session.execute(
            select(outbox.c.id, outbox.c.payload)
            .where(outbox.c.id > after, outbox.c.created_at <= now - SETTLE)
            .order_by(outbox.c.id)
            .limit(SCAN)
        )
    ).all()
    oldest = await session.scalar(select(func.min(outbox.c.id)))
    changes = [Change(position=int(r.id), event=json.loads(r.payload)) for r in rows]
    shown = await visible(changes)
    items = shown[:limit]
    if len(shown) > limit:
        cursor = items[-1].position  # stop after the last one given
    elif changes:
        cursor = changes[-1].position  # everything scanned was given or hidden
    else:
        cursor = after
    page = ChangesPage(
        items=[c.event for c in items],
        next_cursor=str(cursor),
        has_more=len(shown) > limit or len(rows) == SCAN,
        oldest_cursor=str(max(int(oldest or 1) - 1, 0)),
    )
    return page, items
