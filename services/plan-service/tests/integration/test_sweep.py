"""The access sweep and the audit (issue 12's checks) over plan-service.

Every route that takes a participant's id, found in the app's routes, is called by
everyone who must not see the participant: 401, 403 or 404, and nothing of theirs in any
body. Every read of such a route by the integration leader is exactly one access-log
record for the participant."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.access import matrix
from helhet_common.testing.services import DevTokens
from helhet_common.testing.sweep import against_matrix, audit, outsiders, participant_routes, sweep
from plan_service.adapters import tables

from .conftest import (
    GJOVIK,
    HAMAR,
    Settle,
    basis_body,
    consent_body,
    exit_body,
    plan_body,
    programme_body,
)

PARTICIPANT_PARAMS = {"participant_id"}
# Routes that take a participant's id and are not swept, and why.
EXCLUDE: dict[str, str] = {}
# Lists that show participants without being filtered by one: swept as lists (scoped).
LISTS = {
    "GET /participants",
    "GET /actions",
    "GET /benefit/{month}/basis.csv",
    "GET /changes",
}
LOGIN = "ruta-login"
NOTE = "Ruta vil jobbe i helse og har fagbrev fra Eritrea"


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
    caseworker: dict[str, str],
    leader: dict[str, str],
    settled: Settle,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    # The other services are not configured: the export lists them as missing.
    app.state.settings = app.state.settings.model_copy(update={"peer_urls": {}})
    pid = await settled(person_sub=LOGIN)
    started = await client.post(
        f"/participants/{pid}/programme",
        # In its last months, so that a hand-over can be made (and swept).
        json=programme_body(expected_end_date=(date.today() + timedelta(days=60)).isoformat()),
        headers=caseworker,
    )
    assert started.status_code == 201, started.text

    async def post(path: str, body: dict[str, object]) -> dict[str, object]:
        response = await client.post(f"/participants/{pid}{path}", json=body, headers=caseworker)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    plan = await client.put(
        f"/participants/{pid}/plan", json=plan_body(version=0), headers=caseworker
    )
    assert plan.status_code == 200, plan.text
    await post("/sharing-bases", basis_body(agency="nav", purpose="nav_measures"))
    lapsing = await post(
        "/consents", consent_body(granted_on="2026-06-01", expires_on="2026-07-01")
    )
    action = await post(
        "/actions",
        {
            "description": NOTE,
            "owner_agency": "nav",
            "owner_unit": "nav",
            "responsibility": "transition",
            "due_date": "2027-02-01",
        },
    )
    contribution = await post(
        "/plan/contributions",
        {
            "section": "activities",
            "reason": NOTE,
            "activities": [
                {"kind": "nav_measure", "provider_unit": "NAV Hamar", "hours_per_week": 5}
            ],
        },
    )
    # A hand-over to NAV, under a basis for the transition, for its acknowledgement.
    await post("/sharing-bases", basis_body(agency="nav", purpose="transition"))
    hand_over = await post(
        "/hand-overs", {"receiving_kind": "nav", "receiving_unit_id": "nav-hamar"}
    )
    session = await post(
        "/timetable/sessions",
        {
            "provider_kind": "learning_centre",
            "provider_id": "hamar-laeringssenter",
            "weekday": 1,
            "starts": "08:00",
            "ends": "12:00",
            "valid_from": "2026-04-01",
        },
    )
    ids = {
        "participant_id": pid,
        "session_id": str(session["id"]),
        "hand_over_id": str(hand_over["id"]),
        "action_id": str(action["id"]),
        "contribution_id": str(contribution["id"]),
        "consent_id": str(lapsing["id"]),
        "version": "1",
        "month": "2026-04",
    }
    routes = participant_routes(
        app, participant_params=PARTICIPANT_PARAMS, ids=ids, exclude=EXCLUDE, lists=LISTS
    )
    assert {r.key for r in routes} >= {
        "GET /participants/{participant_id}",
        "GET /participants/{participant_id}/plan",
        "GET /participants/{participant_id}/personal-data",
        "PUT /participants/{participant_id}/plan",
        "POST /participants/{participant_id}/actions/{action_id}/complete",
    }
    callers = outsiders(
        dev_tokens,
        municipality=HAMAR,
        other_municipality=GJOVIK,
        uncovered_purpose="education",
        lapsed_consent=dev_tokens.headers(
            "contributor", municipality=HAMAR, agency="employer", sub="kari@sykehjem"
        ),
    )
    before = await records_of(test_engine, UUID(pid))
    # The access matrix (docs/access-matrix.md) says what the app answers without a basis.
    rows = matrix.rows("plan-service", app)
    assert (
        await against_matrix(client, routes, rows, callers["another agency without a basis"]) == []
    )
    failures = await sweep(client, routes, callers, secrets=[pid, NOTE, "Ruta", "Haile"])
    assert failures == []
    assert await records_of(test_engine, UUID(pid)) == before  # a refused read logs nothing

    async def records() -> int:
        return await records_of(test_engine, UUID(pid))

    # The certificate is issued when the programme has ended.
    ended = await client.post(
        f"/participants/{pid}/programme/exit", json=exit_body(), headers=caseworker
    )
    assert ended.status_code == 201, ended.text
    # The integration leader reads every JSON route, the participant their own pages.
    pages = [r for r in routes if r.template.endswith("/page")]
    json_reads = [r for r in routes if r not in pages]
    assert await audit(client, json_reads, leader, records=records) == []
    me = dev_tokens.headers("participant", municipality=HAMAR, sub=LOGIN)
    assert await audit(client, pages, me, records=records) == []
