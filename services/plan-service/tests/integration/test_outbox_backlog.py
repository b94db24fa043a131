"""The outbox backlog on the api's own /metrics: with no relay running, every write adds
to it, and the api shows it growing (the relay's own gauge died with the relay)."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from helhet_common.testing.services import DevTokens

SETTLE = {
    "municipality": "3403",
    "settlement_date": "2026-08-01",
    "birth_year": 1990,
    "household_type": "single",
    "languages": ["ti"],
}


async def outbox_gauges(client: httpx.AsyncClient) -> dict[str, float]:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name.startswith("outbox_") and sample.labels == {"service": "plan-service"}
    }


async def test_with_the_relay_down_the_api_shows_the_backlog_growing(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    caseworker = dev_tokens.headers("caseworker")
    before = await outbox_gauges(client)

    for _ in range(2):
        settled = await client.post("/participants", json=SETTLE, headers=caseworker)
        assert settled.status_code == 201, settled.text
    after_two = await outbox_gauges(client)
    settled = await client.post("/participants", json=SETTLE, headers=caseworker)
    assert settled.status_code == 201, settled.text
    after_three = await outbox_gauges(client)

    assert before["outbox_backlog"] == 0
    assert before["outbox_oldest_unpublished_age_seconds"] == 0
    assert after_two["outbox_backlog"] == 2
    assert after_three["outbox_backlog"] == 3
    assert after_three["outbox_oldest_unpublished_age_seconds"] > 0
