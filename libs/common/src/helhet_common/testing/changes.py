"""Helpers for the tests of a service's ``GET /changes`` (``helhet_common.changes``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncEngine

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


async def settle_the_outbox(engine: AsyncEngine, outbox: Table) -> None:
    """Make every event old enough to be served (the feed waits two seconds)."""
    async with engine.begin() as conn:
        await conn.execute(update(outbox).values(created_at=LONG_AGO))


async def all_pages(
    client: httpx.AsyncClient, headers: dict[str, str], *, limit: int = 100
) -> tuple[list[dict[str, Any]], str]:
    """Every item of the feed from the start, page by page, and the last cursor."""
    items: list[dict[str, Any]] = []
    cursor = "0"
    for _ in range(50):
        response = await client.get(
            "/changes", params={"after": cursor, "limit": limit}, headers=headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["items"] and not page["has_more"]:
            return items, cursor
    raise AssertionError("the feed did not end")
