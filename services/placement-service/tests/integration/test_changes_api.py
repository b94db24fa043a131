"""``GET /changes``: placement-service's published events for systems that poll, in
order, page by page, and only those of the caller's municipality."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.changes import all_pages, settle_the_outbox
from helhet_common.testing.services import DevTokens
from placement_service.adapters import tables

from .conftest import GJOVIK, HAMAR, OTHER_ORG, Api

REGISTERED = "helhet.employer.registered.v1"
PUBLISHED = "helhet.opening.published.v1"


async def test_the_feed_gives_the_municipalitys_events_once_in_order_page_by_page(
    api: Api,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    employer = await api.employer()
    opening = await api.opening(employer["id"])
    gjovik = Api(client, dev_tokens.headers("caseworker", municipality=GJOVIK))
    elsewhere = await gjovik.employer(org_number=OTHER_ORG)
    await settle_the_outbox(test_engine, tables.shared.outbox)
    leader = dev_tokens.headers("integration_leader", municipality=HAMAR)

    items, cursor = await all_pages(client, leader, limit=1)

    assert [(e["type"], e["subject"]) for e in items] == [
        (REGISTERED, employer["id"]),
        (PUBLISHED, opening["id"]),
    ]
    assert {e["municipality"] for e in items} == {HAMAR}
    assert items[0]["specversion"] == "1.0"
    again = await client.get("/changes", params={"after": cursor}, headers=leader)
    assert again.json()["items"] == []
    assert again.json()["next_cursor"] == cursor
    theirs, _ = await all_pages(client, gjovik.headers)
    assert [(e["type"], e["subject"]) for e in theirs] == [(REGISTERED, elsewhere["id"])]


async def test_an_event_is_served_only_once_it_has_settled(
    api: Api, client: httpx.AsyncClient
) -> None:
    await api.employer()

    response = await client.get("/changes", params={"after": "0"}, headers=api.headers)

    assert response.status_code == 200, response.text
    assert response.json()["items"] == []
    assert response.json()["next_cursor"] == "0"


async def test_only_those_who_read_the_api_may_read_the_feed(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    employer = dev_tokens.headers("contributor", agency="employer", municipality=HAMAR)

    assert (await client.get("/changes", headers=employer)).status_code == 403
    assert (await client.get("/changes")).status_code == 401


async def test_a_malformed_cursor_is_a_problem(api: Api, client: httpx.AsyncClient) -> None:
    response = await client.get("/changes", params={"after": "-1"}, headers=api.headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid-input"
