"""The participants API on its happy paths: what each endpoint answers, and which events
each write leaves in the outbox (in the same transaction as the change)."""

from __future__ import annotations

import asyncio
import json

import httpx

from helhet_common.testing.services import DevTokens

from .conftest import (
    GJOVIK,
    HAMAR,
    Database,
    Settle,
    basis_body,
    plan_body,
    programme_body,
    settle_body,
)

PARTICIPANTS = "helhet.participants"
PLANS = "helhet.plans"


async def test_settling_returns_the_participant_without_names(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    response = await client.post("/participants", json=settle_body(), headers=caseworker)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["municipality"] == HAMAR
    assert body["settlement_date"] == "2026-03-02"
    assert body["birth_year"] == 1994
    assert body["household_type"] == "single"
    assert body["languages"] == ["ti", "ar"]
    assert body["programme"] is None
    assert body["plan"] is None
    assert "Ruta" not in response.text
    assert "Haile" not in response.text


async def test_settling_publishes_participant_settled(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    response = await client.post("/participants", json=settle_body(), headers=caseworker)
    participant_id = response.json()["id"]

    outbox = await database.outbox()
    assert [(r.event_type, r.topic, r.key) for r in outbox] == [
        ("helhet.participant.settled.v1", PARTICIPANTS, participant_id)
    ]
    envelope = outbox[0].payload
    assert envelope["subject"] == participant_id
    assert envelope["municipality"] == HAMAR
    assert envelope["data"]["participant_id"] == participant_id
    assert "Ruta" not in json.dumps(envelope)
    assert "Haile" not in json.dumps(envelope)


async def test_a_coarse_gender_is_kept_and_published_as_a_code(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    """Used only for statistics (outcomes by gender); not given, it is ``unknown``."""
    given = await client.post(
        "/participants", json=settle_body(gender="female"), headers=caseworker
    )
    omitted = await client.post("/participants", json=settle_body(), headers=caseworker)
    read = await client.get(f"/participants/{given.json()['id']}", headers=caseworker)

    assert given.status_code == 201, given.text
    assert (read.json()["gender"], omitted.json()["gender"]) == ("female", "unknown")
    published = [r.payload["data"]["gender"] for r in await database.outbox()]
    assert published == ["female", "unknown"]


async def test_the_gender_is_set_after_settlement_and_published_when_it_changes(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    url = f"/participants/{participant_id}/gender"
    before = len(await database.outbox())

    first = await client.put(url, json={"gender": "male"}, headers=caseworker)
    same = await client.put(url, json={"gender": "male"}, headers=caseworker)
    wrong = await client.put(url, json={"gender": "m"}, headers=caseworker)
    read = await client.get(f"/participants/{participant_id}", headers=caseworker)

    assert first.status_code == 200, first.text
    assert same.status_code == 200, same.text
    assert wrong.status_code == 422, wrong.text
    assert read.json()["gender"] == "male"
    published = (await database.outbox())[before:]
    assert [(r.event_type, r.payload["data"]["gender"]) for r in published] == [
        ("helhet.participant.gender_set.v1", "male")
    ]


async def test_get_returns_the_participant(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    participant_id = await settled()

    response = await client.get(f"/participants/{participant_id}", headers=caseworker)

    assert response.status_code == 200, response.text
    assert response.json()["id"] == participant_id
    assert response.json()["languages"] == ["ti", "ar"]


async def test_integration_leader_may_read(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle
) -> None:
    participant_id = await settled()
    leader = dev_tokens.headers("integration_leader", municipality=HAMAR)

    one = await client.get(f"/participants/{participant_id}", headers=leader)
    listed = await client.get("/participants", headers=leader)

    assert one.status_code == 200, one.text
    assert listed.json()["total"] == 1


async def test_starting_the_programme_returns_it_and_publishes_programme_started(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    before = await database.outbox()

    response = await client.post(
        f"/participants/{participant_id}/programme", json=programme_body(), headers=caseworker
    )

    assert response.status_code == 201, response.text
    assert response.json()["programme"] == programme_body()
    new_rows = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.topic, r.key) for r in new_rows] == [
        ("helhet.programme.started.v1", PARTICIPANTS, participant_id)
    ]
    assert new_rows[0].payload["data"]["regime"] == "integreringsloven"


async def test_first_plan_is_version_1_and_publishes_plan_updated(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle, database: Database
) -> None:
    participant_id = await enrolled()
    before = await database.outbox()

    response = await client.put(
        f"/participants/{participant_id}/plan", json=plan_body(version=0), headers=caseworker
    )

    assert response.status_code == 200, response.text
    plan = response.json()["plan"]
    assert plan["version"] == 1
    assert plan["programme_hours_per_week"] == 32.5
    assert [a["kind"] for a in plan["activities"]] == ["norwegian", "language_practice"]
    new_rows = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.topic, r.key) for r in new_rows] == [
        ("helhet.plan.updated.v1", PLANS, participant_id)
    ]
    data = new_rows[0].payload["data"]
    assert data["plan_version"] == 1
    assert data["activity_kinds"] == ["norwegian", "language_practice"]


async def test_updating_the_plan_increments_the_version(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle, database: Database
) -> None:
    participant_id = await planned()
    before = await database.outbox()

    response = await client.put(
        f"/participants/{participant_id}/plan",
        json=plan_body(version=1, norwegian_goal="B2"),
        headers=caseworker,
    )

    assert response.status_code == 200, response.text
    assert response.json()["plan"]["version"] == 2
    assert response.json()["plan"]["norwegian_goal"] == "B2"
    assert await database.plan_version(participant_id) == 2
    new_rows = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.key, r.payload["data"]["plan_version"]) for r in new_rows] == [
        ("helhet.plan.updated.v1", participant_id, 2)
    ]


async def test_plan_editor_may_write_the_plan(
    client: httpx.AsyncClient, dev_tokens: DevTokens, enrolled: Settle
) -> None:
    participant_id = await enrolled()
    editor = dev_tokens.headers("plan_editor", municipality=HAMAR)

    response = await client.put(
        f"/participants/{participant_id}/plan", json=plan_body(version=0), headers=editor
    )

    assert response.status_code == 200, response.text


async def test_get_shows_programme_and_plan(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle
) -> None:
    participant_id = await planned()

    response = await client.get(f"/participants/{participant_id}", headers=caseworker)

    body = response.json()
    assert body["programme"]["regime"] == "integreringsloven"
    assert body["plan"]["version"] == 1
    assert body["plan"]["activities"][1]["from_date"] == "2026-05-04"


# Idempotency-Key ---------------------------------------------------------------------


async def test_repeated_settle_with_the_same_key_replays_the_first_answer(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    headers = {**caseworker, "Idempotency-Key": "settle-ruta-1"}

    first = await client.post("/participants", json=settle_body(), headers=headers)
    second = await client.post("/participants", json=settle_body(), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    counts = await database.counts()
    assert counts["participants"] == 1
    assert counts["outbox"] == 1


async def test_concurrent_settles_with_the_same_key_create_one_participant(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    headers = {**caseworker, "Idempotency-Key": "settle-ruta-race"}

    responses = await asyncio.gather(
        *(client.post("/participants", json=settle_body(), headers=headers) for _ in range(2))
    )

    assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]
    assert responses[0].json() == responses[1].json()
    counts = await database.counts()
    assert counts["participants"] == 1
    assert counts["outbox"] == 1


async def test_same_key_with_another_body_is_refused(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    headers = {**caseworker, "Idempotency-Key": "settle-ruta-2"}
    await client.post("/participants", json=settle_body(), headers=headers)
    before = await database.counts()

    response = await client.post(
        "/participants", json=settle_body(birth_year=1995), headers=headers
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "idempotency-key-reused"
    assert await database.counts() == before


async def test_the_same_key_from_another_caller_is_another_request(
    client: httpx.AsyncClient, dev_tokens: DevTokens, database: Database
) -> None:
    key = {"Idempotency-Key": "shared-key"}
    alice = {**dev_tokens.headers("caseworker", sub="alice"), **key}
    bob = {**dev_tokens.headers("caseworker", sub="bob"), **key}

    first = await client.post("/participants", json=settle_body(), headers=alice)
    second = await client.post("/participants", json=settle_body(), headers=bob)

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert "Idempotent-Replayed" not in second.headers
    assert (await database.counts())["participants"] == 2


async def test_repeated_programme_start_with_the_same_key_replays_the_first_answer(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    headers = {**caseworker, "Idempotency-Key": "start-1"}
    url = f"/participants/{participant_id}/programme"

    first = await client.post(url, json=programme_body(), headers=headers)
    second = await client.post(url, json=programme_body(), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    started = [r for r in await database.outbox() if r.event_type.startswith("helhet.programme")]
    assert len(started) == 1


# Pagination --------------------------------------------------------------------------


async def test_list_pages_through_the_municipality_in_settlement_order(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    ids = [await settled(birth_year=1990 + n) for n in range(5)]

    pages = [
        (
            await client.get(
                "/participants", params={"limit": 2, "offset": offset}, headers=caseworker
            )
        ).json()
        for offset in (0, 2, 4)
    ]

    assert [page["total"] for page in pages] == [5, 5, 5]
    assert [(page["limit"], page["offset"]) for page in pages] == [(2, 0), (2, 2), (2, 4)]
    assert [len(page["items"]) for page in pages] == [2, 2, 1]
    assert [item["id"] for page in pages for item in page["items"]] == ids


async def test_list_past_the_end_is_empty_but_keeps_the_total(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    await settled()

    response = await client.get("/participants", params={"offset": 10}, headers=caseworker)

    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "total": 1, "limit": 50, "offset": 10}


async def test_list_shows_only_the_callers_municipality(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle
) -> None:
    await settled()
    gjovik = dev_tokens.headers("caseworker", municipality=GJOVIK)
    await client.post("/participants", json=settle_body(municipality=GJOVIK), headers=gjovik)

    response = await client.get("/participants", headers=gjovik)

    body = response.json()
    assert body["total"] == 1
    assert [item["municipality"] for item in body["items"]] == [GJOVIK]


async def test_an_agency_naming_a_purpose_lists_only_those_whose_basis_is_for_it(
    client: httpx.AsyncClient, caseworker: dict[str, str], nav: dict[str, str], settled: Settle
) -> None:
    shared = await settled()
    await settled()  # no basis for NAV: never listed
    recorded = await client.post(
        f"/participants/{shared}/sharing-bases",
        json=basis_body(purpose="nav_measures"),
        headers=caseworker,
    )
    assert recorded.status_code == 201, recorded.text

    measures = await client.get("/participants", headers={**nav, "X-Purpose": "nav_measures"})
    education = await client.get("/participants", headers={**nav, "X-Purpose": "education"})
    unnamed = await client.get("/participants", headers=nav)

    assert [p["id"] for p in measures.json()["items"]] == [shared]
    assert (education.json()["items"], education.json()["total"]) == ([], 0)
    assert [p["id"] for p in unnamed.json()["items"]] == [shared]
