"""The access sweep and the audit (issue 12's checks) over reporting-service.

Every route that takes a participant's id (or an alert's), found in the app's routes, is
called by everyone who must not see the participant, as JSON and as a page: 401, 403 or
404 (a page without a session: the redirect to the sign-in), and nothing of theirs in
any body. Every read of such a route by the integration leader, the alert's actions
included, is exactly one access-log record for the participant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.access import matrix
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from helhet_common.testing.sweep import against_matrix, audit, outsiders, participant_routes, sweep
from reporting_service.adapters import tables

HAMAR = "3403"
GJOVIK = "3407"
TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PARTICIPANT_PARAMS = {"participant_id", "alert_id"}
# Routes that take a participant's id and are not swept, and why.
EXCLUDE = {
    "POST /alerts/{alert_id}/actions": "the pages' form (a form with the session's form "
    "token, not JSON): refused as the JSON actions are, test_access_log checks it",
}
# Lists that show participants without being filtered by one: swept as lists (scoped).
LISTS = {"GET /participants", "GET /queue", "GET /changes"}
# The actions on an alert answer with the alert: each is a read of the participant.
READS = {
    f"POST /alerts/{{alert_id}}/{action}"
    for action in ("acknowledge", "assign", "comments", "snooze", "close")
}


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
    clock_runner: Callable[[date], ConsumerRunner],
    to_records: Callable[..., list[Any]],
    events: Any,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    pid, placement = uuid4(), uuid4()
    start, end = date(2026, 2, 1), date(2028, 1, 31)
    batch = [
        events.settled(pid, date(2026, 1, 5), household="family"),
        events.programme_started(pid, start, end),
        events.placement_started(pid, placement, date(2026, 4, 1), kind="nav_work_training"),
        events.placement_ended(pid, placement, date(2026, 9, 1)),
        events.sharing_basis(pid, agency="nav", purpose="follow_up", valid_from=start),
    ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    leader = dev_tokens.headers("integration_leader", municipality=HAMAR, sub="leader-1")
    alerts = (await client.get(f"/alerts?participant_id={pid}", headers=leader)).json()
    alert = next(a["alert_id"] for a in alerts["items"] if a["participant_id"] == str(pid))

    ids = {"participant_id": pid, "alert_id": alert}
    routes = participant_routes(
        app, participant_params=PARTICIPANT_PARAMS, ids=ids, exclude=EXCLUDE, lists=LISTS
    )
    assert {r.key for r in routes} >= {
        "GET /participants/{participant_id}/chain",
        "GET /participants/{participant_id}/personal-data",
        "GET /alerts/{alert_id}",
        "POST /alerts/{alert_id}/comments",
        "GET /alerts",
    }
    # No consent is a basis for reporting's data: an employer reads nothing here.
    callers = outsiders(
        dev_tokens,
        municipality=HAMAR,
        other_municipality=GJOVIK,
        uncovered_purpose="work_training",
        lapsed_consent=dev_tokens.headers(
            "contributor", municipality=HAMAR, agency="employer", sub="kari@sykehjem"
        ),
    )
    as_pages = {who: {**headers, **HTML} for who, headers in callers.items()}
    pages = [replace(r, body=None) for r in routes if r.method == "GET"]
    before = await records_of(test_engine, pid)
    # The access matrix (docs/access-matrix.md) says what the app answers without a basis.
    rows = matrix.rows("reporting-service", app)
    assert (
        await against_matrix(client, routes, rows, callers["another agency without a basis"]) == []
    )
    assert await sweep(client, routes, callers, secrets=[str(pid), str(placement)]) == []
    assert await sweep(client, pages, as_pages, secrets=[str(pid), str(placement)]) == []
    assert await records_of(test_engine, pid) == before  # a refused read logs nothing

    async def records() -> int:
        return await records_of(test_engine, pid)

    # The JSON routes (the documented ones) as JSON, every read as a page too.
    documented = app.openapi()["paths"]
    api = [r for r in routes if r.method.lower() in documented.get(r.template, {})]
    reads = [r for r in api if r.method == "GET"]
    assert await audit(client, reads, leader, records=records) == []
    assert await audit(client, pages, {**leader, **HTML}, records=records) == []
    # Each action on the alert, in an order the alert allows, based on its last version.
    version = 1
    for action in ("acknowledge", "assign", "comments", "snooze", "close"):
        [route] = [r for r in api if r.key == f"POST /alerts/{{alert_id}}/{action}"]
        body = {**route.body, "version": version}
        if action == "snooze":
            body["until"] = (date.today() + timedelta(days=30)).isoformat()
        acted = replace(route, body=body)
        assert await audit(client, [acted], leader, records=records, reads=READS) == []
        version = (await client.get(f"/alerts/{alert}", headers=leader)).json()["version"]
