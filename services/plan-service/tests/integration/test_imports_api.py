"""Imports keyed by another system's id (the Visma Flyktning adapter's endpoint): the
first record settles and links, the same record again changes nothing, a corrected name
is an update with its reason, a changed settlement fact is refused."""

from __future__ import annotations

from typing import Any

import httpx

from .conftest import GJOVIK, HAMAR, Database

URL = "/external-participants/visma-flyktning/{}"
REASON = "imported from Visma Flyktning"


def record(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "municipality": HAMAR,
        "settlement_date": "2026-03-02",
        "birth_year": 1994,
        "household_type": "single",
        "languages": ["ti"],
        "given_name": "Ruta",
        "family_name": "Haile",
        "identifiers": {"d_number": "41019412345"},
        "reason": REASON,
    }
    body.update(changes)
    return body


async def test_the_first_record_settles_and_links_the_participant(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    response = await client.put(URL.format("10001"), json=record(), headers=caseworker)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "created"
    participant = await client.get(f"/participants/{body['participant_id']}", headers=caseworker)
    assert participant.status_code == 200
    stored = await database.row("participants", body["participant_id"])
    assert stored["personal"] == {
        "given_name": "Ruta",
        "family_name": "Haile",
        "d_number": "41019412345",
    }
    assert await database.outbox_types() == ["helhet.participant.settled.v1"]
    (settled,) = await database.outbox_payloads("helhet.participant.settled.v1")
    assert "41019412345" not in str(settled)


async def test_the_same_record_again_changes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    first = await client.put(URL.format("10001"), json=record(), headers=caseworker)
    rows = await database.rows()

    again = await client.put(URL.format("10001"), json=record(), headers=caseworker)

    assert again.status_code == 200, again.text
    assert again.json() == {
        "participant_id": first.json()["participant_id"],
        "outcome": "unchanged",
        "changed_fields": [],
        "dry_run": False,
    }
    assert await database.rows() == rows


async def test_a_corrected_name_is_an_update_with_its_reason(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    first = await client.put(URL.format("10001"), json=record(), headers=caseworker)
    participant_id = first.json()["participant_id"]

    changed = await client.put(
        URL.format("10001"), json=record(family_name="Haile Tesfay"), headers=caseworker
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["outcome"] == "updated"
    assert changed.json()["changed_fields"] == ["family_name"]
    stored = await database.row("participants", participant_id)
    assert stored["personal"]["family_name"] == "Haile Tesfay"
    (link,) = (await database.rows())["external_links"]
    assert REASON in link
    assert await database.outbox_types() == ["helhet.participant.settled.v1"]


async def test_a_changed_settlement_fact_is_refused_and_named(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    await client.put(URL.format("10001"), json=record(), headers=caseworker)

    refused = await client.put(
        URL.format("10001"), json=record(settlement_date="2026-04-01"), headers=caseworker
    )

    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "published-fields-differ"
    assert refused.json()["fields"] == ["settlement_date"]


async def test_a_dry_run_says_what_would_happen_and_changes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    counts = await database.counts()

    response = await client.put(
        URL.format("10001"), params={"dry_run": "true"}, json=record(), headers=caseworker
    )

    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "created"
    assert response.json()["participant_id"] is None
    assert await database.counts() == counts


async def test_only_the_programme_owner_of_that_municipality_imports(
    client: httpx.AsyncClient, caseworker: dict[str, str], nav: dict[str, str]
) -> None:
    by_nav = await client.put(URL.format("10001"), json=record(), headers=nav)
    elsewhere = await client.put(
        URL.format("10001"), json=record(municipality=GJOVIK), headers=caseworker
    )

    assert by_nav.status_code == 403
    assert elsewhere.status_code == 403


# -- POST /external-participants/{source}: many records at once -----------------------------

BATCH = "/external-participants/visma-flyktning"


async def test_a_batch_answers_each_record_as_one_call_would(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    known = await client.put(URL.format("10001"), json=record(), headers=caseworker)
    assert known.status_code == 201, known.text
    records = [
        {"external_id": "10001", **record()},  # the same again
        {"external_id": "10002", **record(identifiers={"d_number": "41019412346"})},
        {"external_id": "10003", **record(given_name="Sara")},
    ]
    changed = {"external_id": "10001", **record(birth_year=1990)}

    response = await client.post(BATCH, json={"records": records}, headers=caseworker)
    refused = await client.post(BATCH, json={"records": [changed]}, headers=caseworker)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(i["external_id"], i["status"], i["outcome"]) for i in items] == [
        ("10001", 200, "unchanged"),
        ("10002", 201, "created"),
        ("10003", 201, "created"),
    ]
    assert items[0]["participant_id"] == known.json()["participant_id"]
    assert await database.outbox_types() == ["helhet.participant.settled.v1"] * 3
    assert refused.status_code == 200, refused.text
    (item,) = refused.json()["items"]
    assert (item["status"], item["outcome"]) == (409, None)
    assert item["problem"]["code"] == "published-fields-differ"
    assert item["problem"]["fields"] == ["birth_year"]


async def test_a_batch_with_an_id_twice_is_refused_whole(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    twice = [{"external_id": "10001", **record()}, {"external_id": "10001", **record()}]

    response = await client.post(BATCH, json={"records": twice}, headers=caseworker)

    assert response.status_code == 422
    assert response.json()["code"] == "duplicate-external-id"
    assert await database.outbox_types() == []


async def test_a_batch_dry_run_changes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    response = await client.post(
        BATCH,
        params={"dry_run": "true"},
        json={"records": [{"external_id": "10001", **record()}]},
        headers=caseworker,
    )

    assert response.status_code == 200, response.text
    (item,) = response.json()["items"]
    assert (item["status"], item["outcome"], item["dry_run"]) == (200, "created", True)
    assert await database.outbox_types() == []


async def test_a_batch_updates_what_changed_and_writes_nothing_for_the_rest(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    ids = {}
    for external_id, given in (("20001", "Ruta"), ("20002", "Yonas"), ("20003", "Sara")):
        first = await client.put(
            URL.format(external_id), json=record(given_name=given), headers=caseworker
        )
        assert first.status_code == 201, first.text
        ids[external_id] = first.json()["participant_id"]
    records = [
        {"external_id": "20001", **record(given_name="Ruta")},  # unchanged
        {"external_id": "20002", **record(given_name="Yonas Tesfay")},  # a corrected name
        {"external_id": "20003", **record(given_name="Sara", languages=["ar"])},  # published
        {"external_id": "20004", **record(settlement_date="2099-01-01")},  # impossible
        {"external_id": "20005", **record(given_name="Omid")},  # new
    ]

    response = await client.post(BATCH, json={"records": records}, headers=caseworker)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(i["external_id"], i["status"], i["outcome"]) for i in items] == [
        ("20001", 200, "unchanged"),
        ("20002", 200, "updated"),
        ("20003", 409, None),
        ("20004", 422, None),
        ("20005", 201, "created"),
    ]
    assert items[1]["changed_fields"] == ["given_name"]
    assert items[2]["problem"]["fields"] == ["languages"]
    assert [i["participant_id"] for i in items[:2]] == [ids["20001"], ids["20002"]]
    corrected = await database.row("participants", ids["20002"])
    assert corrected["personal"]["given_name"] == "Yonas Tesfay"
    untouched = await database.row("participants", ids["20003"])
    assert untouched["languages"] == ["ti"]
    links = (await database.rows())["external_links"]  # each row as its repr

    def link(external_id: str) -> list[str]:
        return [row for row in links if f"'{external_id}'" in row]

    assert REASON in link("20002")[0]
    assert REASON not in link("20001")[0]
    assert link("20004") == []
    assert await database.outbox_types() == ["helhet.participant.settled.v1"] * 4
