"""``GET /changes``: the published events for systems that poll, in order, page by
page, and only what the caller may see."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.changes import all_pages
from helhet_common.testing.changes import settle_the_outbox as settle
from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables

from .conftest import GJOVIK, Settle, basis_body, plan_body

SETTLED = "helhet.participant.settled.v1"
STARTED = "helhet.programme.started.v1"
PLAN_UPDATED = "helhet.plan.updated.v1"


async def settle_the_outbox(engine: AsyncEngine) -> None:
    await settle(engine, tables.shared.outbox)


async def test_the_feed_gives_every_event_once_in_order_page_by_page(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    first = await enrolled()
    second = await enrolled()
    await settle_the_outbox(test_engine)

    items, cursor = await all_pages(client, caseworker, limit=1)

    assert [(e["type"], e["subject"]) for e in items] == [
        (SETTLED, first),
        (STARTED, first),
        (SETTLED, second),
        (STARTED, second),
    ]
    assert items[0]["specversion"] == "1.0"
    assert items[0]["source"] == "/helhet/plan-service"
    again = await client.get("/changes", params={"after": cursor}, headers=caseworker)
    assert again.json()["items"] == []
    assert again.json()["next_cursor"] == cursor


async def test_an_event_is_served_only_once_it_has_settled(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    await settled()

    response = await client.get("/changes", params={"after": "0"}, headers=caseworker)

    assert response.json()["items"] == []
    assert response.json()["next_cursor"] == "0"


async def test_another_municipality_sees_none_of_it(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    await enrolled()
    await settle_the_outbox(test_engine)

    items, _ = await all_pages(client, dev_tokens.headers("caseworker", municipality=GJOVIK))

    assert items == []


async def test_another_agency_sees_participant_level_events_it_has_a_basis_for(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    shared = await enrolled()
    await enrolled()  # no basis for NAV
    put = await client.put(
        f"/participants/{shared}/plan", json=plan_body(version=0), headers=caseworker
    )
    assert put.status_code == 200, put.text
    basis = await client.post(
        f"/participants/{shared}/sharing-bases", json=basis_body(), headers=caseworker
    )
    assert basis.status_code == 201, basis.text
    await settle_the_outbox(test_engine)

    items, _ = await all_pages(client, nav)

    assert {e["subject"] for e in items} == {shared}
    assert PLAN_UPDATED not in {e["type"] for e in items}
    assert {SETTLED, STARTED} <= {e["type"] for e in items}


async def test_each_participant_a_page_holds_is_in_their_access_log(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    participant = await enrolled()
    await settle_the_outbox(test_engine)

    await all_pages(client, caseworker)

    log = await client.get(f"/participants/{participant}/access-log", headers=leader)
    assert log.status_code == 200, log.text
    assert "GET /changes" in {entry["endpoint"] for entry in log.json()["items"]}


async def test_a_malformed_cursor_is_a_problem(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    response = await client.get("/changes", params={"after": "abc"}, headers=caseworker)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid-input"
