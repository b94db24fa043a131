from __future__ import annotations

import httpx

from helhet_common.testing.services import DevTokens

SETTLE = {
    "municipality": "3403",
    "settlement_date": "2026-08-01",
    "birth_year": 1990,
    "household_type": "single",
    "languages": ["ti"],
}


async def test_settle_writes_participant_and_outbox_row(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.post(
        "/participants", json=SETTLE, headers=dev_tokens.headers("caseworker")
    )
    assert response.status_code == 201, response.text
    listed = await client.get("/participants", headers=dev_tokens.headers("caseworker"))
    assert listed.json()["total"] == 1


async def test_ready_reports_database_and_broker(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    checks = response.json()["checks"]
    assert (checks["database"], checks["broker"]) == ("ok", "ok")
    # The access-log consumer has not run against this database (test_operations covers
    # the readiness of a running one).
    assert checks["consumer"].startswith("not started")
