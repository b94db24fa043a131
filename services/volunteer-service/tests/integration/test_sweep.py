"""The access sweep and the audit (issue 12's checks) over volunteer-service.

Every route that takes a participant's id (or a match's), found in the app's routes, is
called by everyone who must not see the participant: 401, 403 or 404, and nothing of
theirs in any body. Every read of such a route by the refugee service (or the volunteer
centre, on consent) is exactly one access-log record for the participant."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.access import matrix
from helhet_common.testing.services import DevTokens
from helhet_common.testing.sweep import against_matrix, audit, outsiders, participant_routes, sweep
from volunteer_service.adapters import tables

from .conftest import (
    GJOVIK,
    HAMAR,
    TODAY,
    Create,
    Feed,
    expired,
    granted,
    settled,
    sharing_basis,
)

PARTICIPANT_PARAMS = {"participant_id", "match_id"}
# Routes that take a participant's id and are not swept, and why.
EXCLUDE: dict[str, str] = {}
# Lists of participants by another record's id: swept as lists (scoped, never refused).
LISTS = {"GET /activities/{activity_id}/attendance", "GET /participants/without-network"}


async def records_of(engine: AsyncEngine, pid: UUID) -> int:
    t = tables.access_log
    async with engine.connect() as conn:
        found = await conn.scalar(
            select(func.count()).select_from(t).where(t.c.participant_id == pid)
        )
    return int(found or 0)


async def test_no_one_without_a_basis_reads_or_changes_a_participant_and_every_read_is_logged(
    app: FastAPI,
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    new_activity: Create,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    volunteer = await new_volunteer()
    pid, lapsing = uuid4(), uuid4()
    await feed(
        settled(pid),
        granted(pid, UUID(volunteer["id"]), consent_id=lapsing, kind="volunteer"),
        sharing_basis(pid, agency="nav", purpose="follow_up"),
    )
    body = {"participant_id": str(pid), "volunteer_id": volunteer["id"], "role": "guide"}
    proposed = await client.post("/matches", json=body, headers=coordinator)
    assert proposed.status_code == 201, proposed.text
    activity = await new_activity()
    attended = await client.post(
        f"/activities/{activity['id']}/attendance",
        json={
            "attended_on": (TODAY - timedelta(days=1)).isoformat(),
            "participants": [{"participant_id": str(pid), "present": True}],
        },
        headers=coordinator,
    )
    assert attended.status_code == 201, attended.text
    await feed(expired(pid, lapsing))

    ids = {"participant_id": pid, "match_id": proposed.json()["id"], "activity_id": activity["id"]}
    routes = participant_routes(
        app, participant_params=PARTICIPANT_PARAMS, ids=ids, exclude=EXCLUDE, lists=LISTS
    )
    assert {r.key for r in routes} >= {
        "GET /participants/{participant_id}/suggestions",
        "GET /participants/{participant_id}/personal-data",
        "GET /matches/{match_id}",
        "POST /matches/{match_id}/end",
        "GET /matches",
        "GET /activities/{activity_id}/attendance",
    }
    callers = outsiders(
        dev_tokens,
        municipality=HAMAR,
        other_municipality=GJOVIK,
        uncovered_purpose="work_training",
        lapsed_consent=coordinator,
    )
    before = await records_of(test_engine, pid)
    # The access matrix (docs/access-matrix.md) says what the app answers without a basis.
    rows = matrix.rows("volunteer-service", app)
    assert (
        await against_matrix(client, routes, rows, callers["another agency without a basis"]) == []
    )
    assert await sweep(client, routes, callers, secrets=[str(pid)]) == []
    assert await records_of(test_engine, pid) == before  # a refused read logs nothing

    async def records() -> int:
        return await records_of(test_engine, pid)

    # The participant has a match: not among those without a network, so not read there.
    shown = [r for r in routes if r.key != "GET /participants/without-network"]
    assert await audit(client, shown, caseworker, records=records) == []
