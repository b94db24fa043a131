"""The access sweep and the audit (issue 12's checks) over placement-service.

Every route that takes a participant's id (or a placement's), found in the app's routes,
is called by everyone who must not see the participant: 401, 403 or 404, and nothing of
theirs in any body. Every read of such a route by the refugee service (or the employer,
on consent) is exactly one access-log record for the participant."""

from __future__ import annotations

from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.access import matrix
from helhet_common.testing.services import DevTokens
from helhet_common.testing.sweep import against_matrix, audit, outsiders, participant_routes, sweep
from placement_service.adapters import tables

from .conftest import (
    GJOVIK,
    HAMAR,
    OTHER_ORG,
    TODAY,
    Api,
    NewParticipant,
    Project,
    consent_expired,
    consent_granted,
    sharing_basis,
)

NOTE = "Trives godt hos oss, snakker mer norsk nå"
PARTICIPANT_PARAMS = {"participant_id", "placement_id"}
# Routes that take a participant's id and are not swept, and why.
EXCLUDE: dict[str, str] = {}
# Reads made with another method than GET (nothing is written).
READS = {"POST /participants/{participant_id}/matches"}


async def records_of(engine: AsyncEngine, pid: UUID) -> int:
    t = tables.access_log
    async with engine.connect() as conn:
        found = await conn.scalar(
            select(func.count()).select_from(t).where(t.c.participant_id == pid)
        )
    return int(found or 0)


async def test_no_one_without_a_basis_reads_or_changes_a_participant_and_every_read_is_logged(
    app: FastAPI,
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    home = await api.employer()
    lapsed = await api.employer(
        org_number=OTHER_ORG,
        name="Butikken AS",
        contacts=[{"name": "Per Butikk", "role": "daily_supervisor", "login_sub": "per@butikk"}],
    )
    pid = await participant()
    expired = uuid4()
    await project(
        sharing_basis(pid, agency="nav", purpose="work_training"),
        consent_granted(pid, expired, org=OTHER_ORG, purpose="matching"),
    )
    await project(consent_expired(pid, expired))
    placed = await api.place(pid, (await api.opening(home["id"]))["id"])
    await api.post(
        f"/placements/{placed['id']}/follow-ups",
        {
            "visited_on": TODAY.isoformat(),
            "kind": "visit",
            "by_unit": "NAV",
            "outcome": "on_track",
            "note": NOTE,
        },
    )
    ids = {"participant_id": pid, "placement_id": placed["id"], "employer_id": lapsed["id"]}
    routes = participant_routes(
        app, participant_params=PARTICIPANT_PARAMS, ids=ids, exclude=EXCLUDE
    )
    assert {r.key for r in routes} >= {
        "GET /participants/{participant_id}/profile",
        "GET /participants/{participant_id}/personal-data",
        "GET /employers/{employer_id}/candidates/{participant_id}",
        "POST /placements/{placement_id}/follow-ups",
        "GET /placements",
    }

    callers = outsiders(
        dev_tokens,
        municipality=HAMAR,
        other_municipality=GJOVIK,
        uncovered_purpose="education",
        lapsed_consent=dev_tokens.headers(
            "contributor", municipality=HAMAR, agency="employer", sub="per@butikk"
        ),
    )
    before = await records_of(test_engine, pid)
    # The access matrix (docs/access-matrix.md) says what the app answers without a basis.
    rows = matrix.rows("placement-service", app)
    assert (
        await against_matrix(client, routes, rows, callers["another agency without a basis"]) == []
    )
    failures = await sweep(client, routes, callers, secrets=[str(pid), NOTE])
    assert failures == []
    assert await records_of(test_engine, pid) == before  # a refused read logs nothing

    async def records() -> int:
        return await records_of(test_engine, pid)

    # The refugee service reads every route but the employer's view of a candidate.
    staff_reads = [r for r in routes if not r.template.startswith("/employers/")]
    assert await audit(client, staff_reads, api.headers, records=records, reads=READS) == []
    # The employer reads the candidate on the consent in force to it.
    candidate = participant_routes(
        app,
        participant_params=PARTICIPANT_PARAMS,
        ids={**ids, "employer_id": home["id"]},
        exclude=EXCLUDE,
    )
    employer = dev_tokens.headers("contributor", agency="employer", sub="kari@sykehjem")
    on_consent = [r for r in candidate if r.template.startswith("/employers/")]
    assert await audit(client, on_consent, employer, records=records) == []
