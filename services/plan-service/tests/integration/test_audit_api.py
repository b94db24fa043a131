"""Every read of a participant is logged; the participant and the leader see the log."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens

from .conftest import HAMAR, Database, Settle, plan_body

# RFC 3339 with the UTC offset, as JSON Schema's ``date-time`` wants it (pydantic: "Z").
UTC_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)")


async def test_reading_a_participant_writes_an_access_log_row(
    client: httpx.AsyncClient, caseworker: dict[str, str], leader: dict[str, str], settled: Settle
) -> None:
    participant_id = await settled()

    await client.get(
        f"/participants/{participant_id}", headers={**caseworker, "X-Purpose": "plan_review"}
    )
    await client.get(f"/participants/{participant_id}/consents", headers=caseworker)
    log = await client.get(f"/participants/{participant_id}/access-log", headers=leader)

    assert log.status_code == 200, log.text
    entries = [(e["sub"], e["agency"], e["purpose"], e["endpoint"]) for e in log.json()["items"]]
    assert entries == [
        ("tester", "refugee-service", "case_work", "GET /participants/{participant_id}/consents"),
        ("tester", "refugee-service", "plan_review", "GET /participants/{participant_id}"),
    ]
    assert log.json()["total"] == 2


async def test_a_list_logs_one_read_per_participant_returned(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    await settled()
    await settled()

    await client.get("/participants", headers=caseworker)

    assert (await database.counts())["access_log"] == 2


async def test_a_refused_read_writes_no_row(
    client: httpx.AsyncClient, nav: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()

    response = await client.get(f"/participants/{participant_id}", headers=nav)

    assert response.status_code == 404
    assert (await database.counts())["access_log"] == 0


async def test_the_participant_reads_their_own_access_log_and_nobody_elses(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    settled: Settle,
) -> None:
    own_id = await settled(person_sub="ruta-login")
    other_id = await settled(person_sub="someone-else")
    me = dev_tokens.headers("participant", municipality=HAMAR, sub="ruta-login")
    await client.get(f"/participants/{own_id}", headers=caseworker)

    mine = await client.get(f"/participants/{own_id}/access-log", headers=me)
    again = await client.get(f"/participants/{own_id}/access-log", headers=me)
    theirs = await client.get(f"/participants/{other_id}/access-log", headers=me)

    assert mine.status_code == 200, mine.text
    assert [e["sub"] for e in mine.json()["items"]] == ["tester"]
    # Reading the log is a read too, shown the next time (purpose: own_data).
    assert next((e["sub"], e["purpose"]) for e in again.json()["items"]) == (
        "ruta-login",
        "own_data",
    )
    assert theirs.status_code == 404


@pytest.mark.parametrize("role", ["caseworker", "plan_editor", "contributor"])
async def test_staff_may_not_read_the_access_log(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle, role: str
) -> None:
    participant_id = await settled()

    response = await client.get(
        f"/participants/{participant_id}/access-log", headers=dev_tokens.headers(role)
    )

    assert response.status_code == 403


async def test_the_access_log_is_scoped_to_the_municipality(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle
) -> None:
    participant_id = await settled()
    gjovik_leader = dev_tokens.headers("integration_leader", municipality="3407")

    response = await client.get(f"/participants/{participant_id}/access-log", headers=gjovik_leader)
    unknown = await client.get(f"/participants/{uuid.uuid4()}/access-log", headers=gjovik_leader)

    assert response.status_code == unknown.status_code == 404


async def test_a_bad_purpose_header_is_422_and_writes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()

    response = await client.get(
        f"/participants/{participant_id}", headers={**caseworker, "X-Purpose": "Just Looking!"}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid-input"
    assert (await database.counts())["access_log"] == 0


async def test_the_access_log_refuses_updates(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    settled: Settle,
    test_engine: AsyncEngine,
) -> None:
    participant_id = await settled()
    await client.get(f"/participants/{participant_id}", headers=caseworker)

    with pytest.raises(DBAPIError, match="append-only"):
        async with test_engine.begin() as conn:
            await conn.execute(text("UPDATE access_log SET purpose = 'nothing'"))


async def test_the_moments_it_gives_back_carry_their_utc_offset(
    client: httpx.AsyncClient, caseworker: dict[str, str], leader: dict[str, str], enrolled: Settle
) -> None:
    """On both databases (SQLite gives a stored moment back without its time zone):
    the access log's ``at`` and a plan version's ``changed_at`` are RFC 3339 in UTC."""
    participant_id = await enrolled()
    url = f"/participants/{participant_id}/plan"
    await client.put(url, json=plan_body(version=0), headers=caseworker)
    await client.put(url, json=plan_body(version=1, norwegian_goal="B2"), headers=caseworker)
    await client.get(f"/participants/{participant_id}", headers=caseworker)

    log = await client.get(f"/participants/{participant_id}/access-log", headers=leader)
    versions = await client.get(f"{url}/versions", headers=caseworker)

    assert log.status_code == versions.status_code == 200
    moments = [e["at"] for e in log.json()["items"]]
    moments += [v["changed_at"] for v in versions.json()["items"]]
    assert len(moments) >= 3
    for moment in moments:
        assert UTC_DATE_TIME.fullmatch(moment), f"{moment!r} is not an RFC 3339 UTC date-time"
