"""Transition and hand-over over the API, end to end through the events: the checklist
only in the programme's last months, a hand-over only under a recorded basis (none:
nothing written), the package the receiving unit reads, and its acknowledgement."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy import select

from plan_service.adapters import tables

from .conftest import Database, Settle, basis_body, consent_body

CREATED = "helhet.hand_over.created.v1"
ACKNOWLEDGED = "helhet.hand_over.acknowledged.v1"
TRANSITION = "helhet.transition.updated.v1"
NAV_UNIT = {"receiving_kind": "nav", "receiving_unit_id": "nav-hamar"}


async def test_the_checklist_opens_in_the_last_three_months(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    today = date.today()
    far = await enrolled(expected_end_date=(today + timedelta(days=400)).isoformat())
    near = await enrolled(expected_end_date=(today + timedelta(days=30)).isoformat())
    body = {"nav_dialogue_held_on": "2026-11-02", "next_step": "nav_measure", **NAV_UNIT}

    early = await client.put(f"/participants/{far}/transition", json=body, headers=caseworker)
    far_read = await client.get(f"/participants/{far}/transition", headers=caseworker)
    done = await client.put(f"/participants/{near}/transition", json=body, headers=caseworker)
    read = await client.get(f"/participants/{near}/transition", headers=caseworker)

    assert early.status_code == 409
    assert early.json()["code"] == "not-in-transition"
    assert far_read.json()["in_transition"] is False
    assert done.status_code == 200, done.text
    assert read.json()["in_transition"] is True
    assert read.json()["complete"] is True
    [published] = await database.outbox_payloads(TRANSITION)
    assert {k: v for k, v in published.items() if k != "updated_on"} == {
        "participant_id": near,
        "nav_dialogue_held_on": "2026-11-02",
        "next_step": "nav_measure",
        "receiving_kind": "nav",
        "complete": True,
    }


async def test_a_hand_over_without_a_basis_is_a_problem_and_writes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, exited: Settle
) -> None:
    participant_id = await exited()
    before = await database.counts()

    response = await client.post(
        f"/participants/{participant_id}/hand-overs", json=NAV_UNIT, headers=caseworker
    )
    employer = await client.post(
        f"/participants/{participant_id}/hand-overs",
        json={"receiving_kind": "employer", "receiving_unit_id": "974760673"},
        headers=caseworker,
    )

    assert response.status_code == 409, response.text
    assert response.json()["code"] == "no-sharing-basis"
    assert employer.json()["code"] == "no-sharing-basis"
    assert await database.counts() == before


async def test_nav_receives_the_package_acknowledges_it_and_owns_the_follow_up(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    database: Database,
    exited: Settle,
) -> None:
    participant_id = await exited()
    basis = await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(purpose="transition", valid_from="2026-10-01"),
        headers=caseworker,
    )
    assert basis.status_code == 201, basis.text

    made = await client.post(
        f"/participants/{participant_id}/hand-overs",
        json={**NAV_UNIT, "participant_comment": "Jeg vil jobbe i barnehage."},
        headers=caseworker,
    )
    again = await client.post(
        f"/participants/{participant_id}/hand-overs", json=NAV_UNIT, headers=caseworker
    )
    seen = await client.get(f"/participants/{participant_id}/hand-overs", headers=nav)
    hand_over_id = made.json()["id"]
    url = f"/participants/{participant_id}/hand-overs/{hand_over_id}/acknowledgement"
    by_owner = await client.post(url, headers=caseworker)
    acknowledged = await client.post(url, headers=nav)
    twice = await client.post(url, headers=nav)

    assert made.status_code == 201, made.text
    assert made.json()["basis_id"] == basis.json()["id"]
    assert made.json()["package"]["participant_comment"] == "Jeg vil jobbe i barnehage."
    assert made.json()["follow_up_owner"] == "refugee-service"
    assert again.status_code == 409
    assert again.json()["code"] == "hand-over-exists"
    assert seen.status_code == 200, seen.text
    assert [h["id"] for h in seen.json()["items"]] == [hand_over_id]
    assert by_owner.status_code == 403
    assert by_owner.json()["code"] == "receiving-unit-only"
    assert acknowledged.status_code == 201, acknowledged.text
    assert acknowledged.json()["follow_up_owner"] == "nav"
    assert twice.status_code == 409
    created = await database.outbox_payloads(CREATED)
    assert created == [
        {
            "participant_id": participant_id,
            "hand_over_id": hand_over_id,
            "receiving_kind": "nav",
            "receiving_unit_id": "nav-hamar",
            "basis_kind": "sharing_basis",
            "basis_id": basis.json()["id"],
            "created_on": made.json()["created_on"],
        }
    ]
    assert "barnehage" not in str(created)
    [ack] = await database.outbox_payloads(ACKNOWLEDGED)
    assert (ack["hand_over_id"], ack["follow_up_owner"], ack["days_to_acknowledge"]) == (
        hand_over_id,
        "nav",
        0,
    )


async def test_an_employer_receives_under_the_participants_consent(
    client: httpx.AsyncClient, caseworker: dict[str, str], exited: Settle
) -> None:
    participant_id = await exited()
    consent = await client.post(
        f"/participants/{participant_id}/consents",
        json=consent_body(granted_on="2026-10-01"),
        headers=caseworker,
    )
    assert consent.status_code == 201, consent.text

    made = await client.post(
        f"/participants/{participant_id}/hand-overs",
        json={"receiving_kind": "employer", "receiving_unit_id": "974760673"},
        headers=caseworker,
    )
    acknowledged = await client.post(
        f"/participants/{participant_id}/hand-overs/{made.json()['id']}/acknowledgement",
        headers=caseworker,
    )

    assert made.status_code == 201, made.text
    assert made.json()["basis_kind"] == "consent"
    assert acknowledged.status_code == 201, acknowledged.text
    assert acknowledged.json()["follow_up_owner"] == "employer"


async def test_erasure_empties_the_package_and_keeps_the_hand_over(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    database: Database,
    exited: Settle,
) -> None:
    participant_id = await exited()
    await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(purpose="follow_up", valid_from="2026-10-01"),
        headers=caseworker,
    )
    made = await client.post(
        f"/participants/{participant_id}/hand-overs",
        json={**NAV_UNIT, "participant_comment": "Jeg vil jobbe i barnehage."},
        headers=caseworker,
    )
    assert made.status_code == 201, made.text

    erased = await client.post(
        f"/participants/{participant_id}/erasure", json={"reason": "request"}, headers=leader
    )

    assert erased.status_code == 201, erased.text
    async with database.engine.connect() as conn:
        [row] = list(await conn.execute(select(tables.hand_overs)))
    assert (str(row.id), row.package) == (made.json()["id"], {})
