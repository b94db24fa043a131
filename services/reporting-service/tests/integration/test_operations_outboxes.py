"""The operations page shows the outbox backlog of every service's relay (issue 15):
reporting's own from its database, the others' from their ``/health/outbox``, asked at
the same time as the database and the broker with a short timeout. A service that does
not answer is "ukjent", and costs the page no more than that timeout.

Here "plan-service" is a real api on a free port with a database of its own (a second
reporting app served by uvicorn: ``/health/outbox`` is the same shared route in every
service), placement-service has
nothing listening on its port, and volunteer-service accepts the connection and never
answers."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.broker import free_port
from helhet_common.db import create_engine
from helhet_common.testing.services import DevTokens
from reporting_service.adapters.tables import metadata
from reporting_service.bootstrap import definition
from reporting_service.settings import ReportingSettings

HTML = {"Accept": "text/html"}


def outbox_rows(minutes_ago: tuple[int, ...]) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    return [
        {
            "event_id": str(uuid.uuid4()),
            "event_type": "helhet.test.written.v1",
            "topic": "helhet.test",
            "key": "k",
            "payload": b"{}",
            "headers": {},
            "created_at": now - timedelta(minutes=minutes),
            "published_at": None,
        }
        for minutes in minutes_ago
    ]


@pytest.fixture
async def served(settings: ReportingSettings, tmp_path: Path) -> AsyncIterator[str]:
    """Another service's api on a free port, with a database of its own (an SQLite file)
    whose outbox holds three events, the oldest 40 minutes old."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'other.db'}"
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(insert(definition.tables.outbox), outbox_rows((40, 20, 1)))
    await engine.dispose()
    other = definition.app_factory(settings.model_copy(update={"database_url": url}))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(other, host="127.0.0.1", port=port, lifespan="off", log_config=None)
    )
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # up to 10 s
        if server.started:
            break
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
    await other.state.engine.dispose()


@pytest.fixture
async def silent() -> AsyncIterator[str]:
    """A port that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    for writer in held:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_every_services_outbox_backlog_is_shown_and_a_silent_one_is_unknown(
    app: FastAPI,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
    served: str,
    silent: str,
) -> None:
    async with test_engine.begin() as conn:
        await conn.execute(insert(definition.tables.outbox), outbox_rows((12, 3)))
    settings = app.state.settings
    app.state.settings = settings.model_copy(
        update={
            "plan_url": served,
            "placement_url": f"http://127.0.0.1:{free_port()}",
            "volunteer_url": silent,
            "status_timeout_s": 0.3,
        }
    )
    try:
        status = await client.get("/operations/status", headers=dev_tokens.headers("operator"))
        client.cookies.set("helhet_token", dev_tokens.mint("operator"))
        started = time.perf_counter()
        page = await client.get("/operations", headers=HTML)
        elapsed = time.perf_counter() - started
    finally:
        app.state.settings = settings

    assert status.status_code == 200, status.text
    outboxes = {o["service"]: o for o in status.json()["outboxes"]}
    assert list(outboxes) == [
        "plan-service",
        "placement-service",
        "volunteer-service",
        "reporting-service",
    ]
    assert outboxes["plan-service"]["backlog"] == 3
    assert 40 * 60 <= outboxes["plan-service"]["oldest_age_s"] < 42 * 60
    assert outboxes["reporting-service"]["backlog"] == 2
    assert 12 * 60 <= outboxes["reporting-service"]["oldest_age_s"] < 14 * 60
    assert outboxes["placement-service"]["backlog"] is None
    assert outboxes["volunteer-service"]["backlog"] is None
    assert outboxes["volunteer-service"]["problem"] == "TimeoutError"

    assert page.status_code == 200, page.text
    rows = dict(re.findall(r'<tr data-outbox="([^"]+)">(.*?)</tr>', page.text, flags=re.S))
    assert "<strong>3</strong>" in rows["plan-service"]
    assert "40 minutter" in rows["plan-service"]
    assert "12 minutter" in rows["reporting-service"]
    assert "ukjent" in rows["placement-service"]
    assert "ukjent" in rows["volunteer-service"]
    assert "svarte ikke" in rows["volunteer-service"]
    # The silent service costs the page its timeout, not the page's own 30 s.
    assert elapsed < 2.0, elapsed
