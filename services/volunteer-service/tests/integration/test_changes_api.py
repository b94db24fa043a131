"""``GET /changes``: volunteer-service's published events for systems that poll, in
order, page by page, and only those of the caller's municipality."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.changes import all_pages, settle_the_outbox
from helhet_common.testing.services import DevTokens
from volunteer_service.adapters import tables

from .conftest import GJOVIK, HAMAR, Create, volunteer_body

REGISTERED = "helhet.volunteer.registered.v1"
PUBLISHED = "helhet.activity.published.v1"


async def test_the_feed_gives_the_municipalitys_events_once_in_order_page_by_page(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    new_volunteer: Create,
    new_activity: Create,
    test_engine: AsyncEngine,
) -> None:
    volunteer = await new_volunteer()
    await new_activity()
    gjovik = dev_tokens.headers("caseworker", municipality=GJOVIK)
    other = await client.post("/volunteers", json=volunteer_body(), headers=gjovik)
    assert other.status_code == 201, other.text
    await settle_the_outbox(test_engine, tables.shared.outbox)
    leader = dev_tokens.headers("integration_leader", municipality=HAMAR)

    items, cursor = await all_pages(client, leader, limit=1)

    assert [e["type"] for e in items] == [REGISTERED, PUBLISHED]
    assert items[0]["data"]["volunteer_id"] == volunteer["id"]
    assert {e["municipality"] for e in items} == {HAMAR}
    again = await client.get("/changes", params={"after": cursor}, headers=leader)
    assert again.json()["items"] == []
    assert again.json()["next_cursor"] == cursor
    theirs, _ = await all_pages(client, gjovik)
    assert [e["data"]["volunteer_id"] for e in theirs] == [other.json()["id"]]


async def test_an_event_is_served_only_once_it_has_settled(
    client: httpx.AsyncClient, coordinator: dict[str, str], new_volunteer: Create
) -> None:
    await new_volunteer()

    response = await client.get("/changes", params={"after": "0"}, headers=coordinator)

    assert response.status_code == 200, response.text
    assert response.json()["items"] == []
    assert response.json()["next_cursor"] == "0"


async def test_only_those_who_read_the_api_may_read_the_feed(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    employer = dev_tokens.headers("contributor", agency="employer", municipality=HAMAR)

    assert (await client.get("/changes", headers=employer)).status_code == 403
    assert (await client.get("/changes")).status_code == 401


async def test_a_malformed_cursor_is_a_problem(
    client: httpx.AsyncClient, coordinator: dict[str, str]
) -> None:
    response = await client.get("/changes", params={"after": "x"}, headers=coordinator)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid-input"
