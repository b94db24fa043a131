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
Where a service's readers see every event of their municipality (placement-service,
volunteer-service), ``municipality_feed`` is the whole route; plan-service decides per
agency and writes each participant's access log, so it builds its own around
``read_changes``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Final
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.auth import Principal
from helhet_common.clock import SYSTEM_CLOCK, Clock

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


def subject_of(change: Change) -> UUID | None:
    """The participant (or other aggregate) an event is about, if its subject is a uuid."""
    subject = change.event.get("subject")
    try:
        return UUID(str(subject)) if subject else None
    except ValueError:
        return None


def of_municipality(municipality: str) -> Visible:
    """Visibility for a service whose readers see every event of their municipality."""

    async def visible(found: Sequence[Change]) -> list[Change]:
        return [c for c in found if c.event.get("municipality") == municipality]

    return visible


def municipality_feed(
    *,
    outbox: Table,
    reader: Callable[..., Any],
    service: str,
    who: str,
    responses: dict[int | str, dict[str, Any]],
    items: str = "as CloudEvents exactly as published on Kafka",
    kept: str = "kept for the outbox's retention period",
    clock: Clock = SYSTEM_CLOCK,
) -> APIRouter:
    """``GET /changes`` for a service whose readers (``reader``, a dependency giving the
    ``Principal``) see every event of their own municipality, as they do over its API.
    ``outbox`` is the service's outbox, or any table with its ``id``, ``payload`` (a
    CloudEvent as JSON) and ``created_at``. The session comes from
    ``app.state.session_factory``."""
    router = APIRouter(tags=["changes"])

    @router.get(
        "/changes",
        response_model=ChangesPage,
        summary=f"The events {service} published, after a cursor (for systems that poll)",
        description=f"Oldest first, {items}. Start with `after=0`, then send each page's "
        "`next_cursor`; `has_more` says to ask again at once. Only the events of the "
        f"caller's municipality; {who}. Events are served from two seconds after they "
        f"are written, and {kept}: a cursor below `oldest_cursor` has missed events.",
        responses=responses,
    )
    async def changes(
        request: Request,
        after: After = "0",
        limit: Limit = 100,
        # A default, not ``Annotated``: ``reader`` is local, out of the annotation's reach.
        principal: Principal = Depends(reader),
    ) -> ChangesPage:
        async with request.app.state.session_factory() as session:
            page, _ = await read_changes(
                session,
                outbox,
                after=int(after),
                limit=limit,
                now=clock.now(),
                visible=of_municipality(principal.municipality),
            )
        return page

    return router
