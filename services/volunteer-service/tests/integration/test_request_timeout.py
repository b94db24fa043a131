"""The request timeout at the app's edge stops a write that waits too long: the caller
gets a 504 problem and the unit of work rolls back, so nothing of the write is left,
not even when it is stopped between its update and its outbox row."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from volunteer_service.adapters import tables
from volunteer_service.bootstrap import definition
from volunteer_service.settings import VolunteerSettings

from .conftest import Create, Database

# The locks that hold the write are PostgreSQL's (a row lock, LOCK TABLE): SQLite has
# neither, and its one writer waits at BEGIN IMMEDIATE instead.
pytestmark = pytest.mark.databases("postgresql")

# Long enough that the repeat after the timeout (an ordinary write) fits in it on a loaded
# CI machine; the stopped write waits on a lock, so it is stopped whatever the figure.
TIMEOUT_S = 2.0

# Where the cancellation of an activity is made to wait: at loading the activity (its
# row is locked), or in the commit, after the activity's update, at writing the
# ActivityCancelled event to the outbox (the table is locked).
LOCKS = {
    "row": "SELECT 1 FROM activities WHERE id = :id FOR UPDATE",
    "outbox": f"LOCK TABLE {tables.shared.outbox.name} IN EXCLUSIVE MODE",
}


@pytest.mark.parametrize("lock", LOCKS.values(), ids=LOCKS.keys())
async def test_a_write_stopped_by_the_timeout_is_a_504_and_leaves_nothing(
    settings: VolunteerSettings,
    test_engine: AsyncEngine,
    database: Database,
    coordinator: dict[str, str],
    new_activity: Create,
    lock: str,
) -> None:
    activity = await new_activity()
    app = definition.app_factory(settings.model_copy(update={"http_request_timeout_s": TIMEOUT_S}))
    change: dict[str, Any] = {"version": activity["version"], "reason": "no_venue"}
    path = f"/activities/{activity['id']}/cancellation"
    before = await database.rows()
    before_types = await database.outbox_types()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        async with test_engine.connect() as locker:
            await locker.execute(text(lock), {"id": activity["id"]})
            try:
                # Without the app's timeout the write would wait for the lock for good.
                response = await asyncio.wait_for(
                    http.post(path, json=change, headers=coordinator), timeout=10
                )
            finally:
                await locker.rollback()

        assert response.status_code == 504, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "request-timeout"
        assert await database.rows() == before

        # The connection the write was stopped on went back to the pool fit for use.
        again = await http.post(path, json=change, headers=coordinator)
        assert again.status_code == 200, again.text
        assert again.json()["status"] == "cancelled"
        assert await database.outbox_types() == [
            *before_types,
            "helhet.activity.cancelled.v1",
        ]
