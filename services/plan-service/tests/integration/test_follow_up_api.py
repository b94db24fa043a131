"""Meetings and actions, leave, moving away, contact persons and the certificate over
the API, with the events each write leaves in the outbox."""

from __future__ import annotations

import json
from typing import Any

import httpx

from helhet_common.testing.services import DevTokens

from .conftest import Database, Settle, basis_body, plan_body

PLANS = "helhet.plans"
PARTICIPANTS = "helhet.participants"


def meeting_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "three_way_talk",
        "held_on": "2026-11-18",
        "participant_present": True,
        "attendees": [
            {"agency": "refugee-service", "name": "Kari Hansen", "role": "programrådgiver"},
            {"agency": "learning-centre", "name": "Ingrid Berg"},
            {"agency": "nav"},
        ],
        "notes": "Ruta vil jobbe i helse.",
        "decisions": [
            {
                "description": "Finne språkpraksis på sykehjem",
                "owner_agency": "learning-centre",
                "owner_unit": "hls",
                "responsibility": "language_practice",
                "due_date": "2026-11-20",
            },
            {
                "description": "Søke arbeidstrening",
                "owner_agency": "nav",
                "owner_unit": "nav",
                "due_date": "2027-01-15",
            },
        ],
    }
    body.update(changes)
    return body


def action_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "description": "Starte overgangssamtalen med NAV",
        "owner_agency": "nav",
        "owner_unit": "nav",
        "responsibility": "transition",
        "due_date": "2027-02-01",
    }
    body.update(changes)
    return body


def contact_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency": "nav",
        "name": "Jonas Lie",
        "role": "veileder",
        "phone": "+47 62 00 00 00",
        "assigned_on": "2026-09-01",
    }
    body.update(changes)
    return body


async def published_since(database: Database, before: int) -> list[Any]:
    return (await database.outbox())[before:]


# Meetings and actions ---------------------------------------------------------------


async def test_a_meeting_publishes_meeting_held_then_one_action_per_decision(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle, database: Database
) -> None:
    participant_id = await enrolled()
    before = len(await database.outbox())

    response = await client.post(
        f"/participants/{participant_id}/meetings", json=meeting_body(), headers=caseworker
    )

    assert response.status_code == 201, response.text
    meeting = response.json()
    assert meeting["agencies_present"] == ["refugee-service", "learning-centre", "nav"]
    assert meeting["nav_present"] is True
    assert meeting["attendees"][0]["name"] == "Kari Hansen"
    assert [a["owner_unit"] for a in meeting["actions"]] == ["hls", "nav"]
    assert {a["meeting_id"] for a in meeting["actions"]} == {meeting["id"]}
    published = await published_since(database, before)
    assert [(r.event_type, r.topic, r.key) for r in published] == [
        ("helhet.meeting.held.v1", PLANS, participant_id),
        ("helhet.action.created.v1", PLANS, participant_id),
        ("helhet.action.created.v1", PLANS, participant_id),
    ]
    assert published[0].payload["data"] == {
        "participant_id": participant_id,
        "meeting_id": meeting["id"],
        "kind": "three_way_talk",
        "held_on": "2026-11-18",
        "agencies_present": ["refugee-service", "learning-centre", "nav"],
        "nav_present": True,
    }
    assert published[1].payload["data"] == {
        "participant_id": participant_id,
        "action_id": meeting["actions"][0]["id"],
        "meeting_id": meeting["id"],
        "owner_agency": "learning-centre",
        "owner_unit": "hls",
        "responsibility": "language_practice",
        "due_date": "2026-11-20",
        "created_on": "2026-11-18",
    }
    text = json.dumps([r.payload for r in published], ensure_ascii=False)
    for private in ("Kari", "Ingrid", "Ruta", "sykehjem", "arbeidstrening"):
        assert private not in text


async def test_actions_are_listed_by_status_and_owner_and_closed_by_their_owner(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    enrolled: Settle,
    database: Database,
) -> None:
    participant_id = await enrolled()
    meeting = (
        await client.post(
            f"/participants/{participant_id}/meetings", json=meeting_body(), headers=caseworker
        )
    ).json()
    standalone = await client.post(
        f"/participants/{participant_id}/actions", json=action_body(), headers=caseworker
    )
    hls_action, nav_action = meeting["actions"]
    url = f"/participants/{participant_id}/actions"

    overdue = await client.get(url, params={"status": "overdue"}, headers=caseworker)
    nav_only = await client.get(url, params={"owner_unit": "nav"}, headers=caseworker)
    paged = await client.get(url, params={"limit": 2}, headers=caseworker)
    await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(agency="learning-centre", purpose="norwegian_training"),
        headers=caseworker,
    )
    teacher = dev_tokens.headers("contributor", agency="learning-centre", sub="laerer")
    refused = await client.post(
        f"{url}/{nav_action['id']}/complete", json={"outcome": "done"}, headers=teacher
    )
    before = len(await database.outbox())
    done = await client.post(
        f"{url}/{hls_action['id']}/complete",
        json={"outcome": "done", "completed_on": "2026-11-21", "note": "Plass på Hamar sykehjem."},
        headers=teacher,
    )
    again = await client.post(
        f"{url}/{hls_action['id']}/complete", json={"outcome": "cancelled"}, headers=caseworker
    )
    open_now = await client.get(url, params={"status": "open"}, headers=caseworker)

    assert standalone.status_code == 201, standalone.text
    assert standalone.json()["meeting_id"] is None
    assert [a["id"] for a in overdue.json()["items"]] == [hls_action["id"]]
    assert overdue.json()["items"][0]["overdue"] is True
    assert [a["id"] for a in nav_only.json()["items"]] == [
        nav_action["id"],
        standalone.json()["id"],
    ]
    assert (paged.json()["total"], len(paged.json()["items"])) == (3, 2)
    assert (refused.status_code, refused.json()["code"]) == (403, "action-owner-only")
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["overdue"]) == ("done", False)
    assert (again.status_code, again.json()["code"]) == (409, "action-already-closed")
    assert [a["id"] for a in open_now.json()["items"]] == [
        nav_action["id"],
        standalone.json()["id"],
    ]
    published = await published_since(database, before)
    assert [(r.event_type, r.key) for r in published] == [
        ("helhet.action.completed.v1", participant_id)
    ]
    assert published[0].payload["data"] == {
        "participant_id": participant_id,
        "action_id": hls_action["id"],
        "outcome": "done",
        "completed_on": "2026-11-21",
    }


async def test_a_unit_sees_its_actions_across_the_participants_it_may_see(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    nav: dict[str, str],
    enrolled: Settle,
    database: Database,
) -> None:
    with_basis, without_basis = await enrolled(), await enrolled()
    for participant_id in (with_basis, without_basis):
        await client.post(
            f"/participants/{participant_id}/actions", json=action_body(), headers=caseworker
        )
    await client.post(
        f"/participants/{with_basis}/sharing-bases", json=basis_body(), headers=caseworker
    )
    before = (await database.counts())["access_log"]

    everyone = await client.get("/actions", params={"owner_unit": "nav"}, headers=leader)
    navs = await client.get("/actions", params={"owner_unit": "nav", "status": "open"}, headers=nav)
    nobody = await client.get("/actions", params={"owner_unit": "hls"}, headers=caseworker)

    assert everyone.json()["total"] == 2
    assert [a["participant_id"] for a in navs.json()["items"]] == [with_basis]
    assert nobody.json()["total"] == 0
    assert (await database.counts())["access_log"] == before + 2 + 1


# Leave ------------------------------------------------------------------------------


async def test_leave_is_published_with_its_id_and_the_agreed_reason(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle, database: Database
) -> None:
    participant_id = await enrolled()
    before = len(await database.outbox())

    response = await client.post(
        f"/participants/{participant_id}/programme/leaves",
        json={"from_date": "2026-10-01", "to_date": "2026-12-31", "reason": "care_for_relative"},
        headers=caseworker,
    )

    assert response.status_code == 201, response.text
    leave = response.json()["leaves"][0]
    published = await published_since(database, before)
    assert [(r.event_type, r.topic, r.key) for r in published] == [
        ("helhet.programme.leave.v1", PARTICIPANTS, participant_id)
    ]
    assert published[0].payload["data"] == {
        "participant_id": participant_id,
        "leave_id": leave["id"],
        "reason": "care",
        "from_date": "2026-10-01",
        "to_date": "2026-12-31",
    }


# Moving away ------------------------------------------------------------------------


async def test_a_move_is_published_and_makes_the_plan_read_only(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle, database: Database
) -> None:
    participant_id = await planned()
    meeting = (
        await client.post(
            f"/participants/{participant_id}/meetings", json=meeting_body(), headers=caseworker
        )
    ).json()
    before = len(await database.outbox())

    moved = await client.post(
        f"/participants/{participant_id}/move",
        json={"moved_on": "2026-11-15", "to_municipality": "0301"},
        headers=caseworker,
    )
    published = await published_since(database, before)
    counts = await database.counts()
    refused = [
        await client.put(
            f"/participants/{participant_id}/plan", json=plan_body(version=1), headers=caseworker
        ),
        await client.post(
            f"/participants/{participant_id}/plan/reviews",
            json={"agencies_present": ["refugee-service"], "participant_acknowledged": True},
            headers=caseworker,
        ),
        await client.post(
            f"/participants/{participant_id}/meetings", json=meeting_body(), headers=caseworker
        ),
        await client.post(
            f"/participants/{participant_id}/actions", json=action_body(), headers=caseworker
        ),
        await client.post(
            f"/participants/{participant_id}/contacts", json=contact_body(), headers=caseworker
        ),
        await client.post(
            f"/participants/{participant_id}/programme/leaves",
            json={"from_date": "2026-12-01", "to_date": "2026-12-31", "reason": "other"},
            headers=caseworker,
        ),
        await client.post(
            f"/participants/{participant_id}/move",
            json={"to_municipality": None},
            headers=caseworker,
        ),
    ]
    unchanged = await database.counts()
    closed = await client.post(
        f"/participants/{participant_id}/actions/{meeting['actions'][0]['id']}/complete",
        json={"outcome": "cancelled"},
        headers=caseworker,
    )
    ended = await client.post(
        f"/participants/{participant_id}/programme/exit",
        json={"completion": "interrupted", "end_date": "2026-11-15", "reason": "moved"},
        headers=caseworker,
    )

    assert moved.status_code == 201, moved.text
    assert moved.json()["moved"] == {"moved_on": "2026-11-15", "to_municipality": "0301"}
    assert [(r.event_type, r.topic, r.key) for r in published] == [
        ("helhet.participant.moved.v1", PARTICIPANTS, participant_id)
    ]
    assert published[0].payload["data"] == {
        "participant_id": participant_id,
        "moved_on": "2026-11-15",
        "from_municipality": "3403",
        "to_municipality": "0301",
    }
    assert [(r.status_code, r.json()["code"]) for r in refused] == [
        (409, "participant-moved")
    ] * len(refused)
    assert unchanged == counts
    assert closed.status_code == 200, closed.text
    assert ended.status_code == 201, ended.text


async def test_a_move_abroad_has_no_destination(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()

    response = await client.post(
        f"/participants/{participant_id}/move", json={"to_municipality": None}, headers=caseworker
    )

    assert response.status_code == 201, response.text
    assert response.json()["moved"]["to_municipality"] is None
    assert (await database.outbox())[-1].payload["data"]["to_municipality"] is None


# Contact persons --------------------------------------------------------------------


async def test_a_new_contact_needs_a_hand_over_note_and_the_old_one_stays_in_the_history(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    enrolled: Settle,
    database: Database,
) -> None:
    participant_id = await enrolled()
    await client.post(
        f"/participants/{participant_id}/sharing-bases", json=basis_body(), headers=caseworker
    )
    url = f"/participants/{participant_id}/contacts"
    adviser = await client.post(
        url,
        json=contact_body(agency="refugee-service", name="Kari Hansen", role="programrådgiver"),
        headers=caseworker,
    )
    first = await client.post(url, json=contact_body(), headers=nav)
    before = len(await database.outbox())
    without_note = await client.post(
        url, json=contact_body(name="Marte Kvam", assigned_on="2026-11-01"), headers=nav
    )
    replaced = await client.post(
        url,
        json=contact_body(
            name="Marte Kvam",
            assigned_on="2026-11-01",
            email="marte.kvam@nav.example",
            handover_note="Søknad om arbeidstrening er ikke sendt.",
        ),
        headers=nav,
    )
    for_another_agency = await client.post(
        url, json=contact_body(agency="learning-centre"), headers=nav
    )
    current = await client.get(url, headers=nav)
    history = await client.get(f"{url}/history", headers=caseworker)

    assert adviser.status_code == first.status_code == 201, first.text
    assert (without_note.status_code, without_note.json()["code"]) == (
        422,
        "handover-note-required",
    )
    assert replaced.status_code == 201, replaced.text
    assert (for_another_agency.status_code, for_another_agency.json()["code"]) == (
        403,
        "own-agency-only",
    )
    assert [(c["agency"], c["name"]) for c in current.json()["items"]] == [
        ("refugee-service", "Kari Hansen"),
        ("nav", "Marte Kvam"),
    ]
    assert [(c["name"], c["ended_on"], c["current"]) for c in history.json()["items"]] == [
        ("Marte Kvam", None, True),
        ("Jonas Lie", "2026-11-01", False),
        ("Kari Hansen", None, True),
    ]
    assert history.json()["items"][0]["handover_note"] == "Søknad om arbeidstrening er ikke sendt."
    assert await published_since(database, before) == []  # employees' data stays here


async def test_the_participant_sees_their_contacts(
    client: httpx.AsyncClient, caseworker: dict[str, str], dev_tokens: DevTokens, settled: Settle
) -> None:
    participant_id = await settled(person_sub="ruta-login")
    await client.post(
        f"/participants/{participant_id}/contacts",
        json=contact_body(agency="refugee-service", name="Kari Hansen"),
        headers=caseworker,
    )

    response = await client.get(
        f"/participants/{participant_id}/contacts",
        headers=dev_tokens.headers("participant", sub="ruta-login"),
    )

    assert [c["name"] for c in response.json()["items"]] == ["Kari Hansen"]


# The certificate --------------------------------------------------------------------


async def test_the_certificate_is_there_only_after_the_exit(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle, database: Database
) -> None:
    participant_id = await planned()
    url = f"/participants/{participant_id}/certificate"
    await client.post(
        f"/participants/{participant_id}/programme/leaves",
        json={"from_date": "2026-10-01", "to_date": "2026-10-10", "reason": "illness"},
        headers=caseworker,
    )
    for result in (
        {"test": "norwegian", "taken_on": "2026-06-10", "levels": {"listening": "B1"}},
        {
            "test": "norwegian",
            "taken_on": "2026-10-20",
            "levels": {"listening": "A2", "reading": "B1"},
        },
        {"test": "social_studies", "taken_on": "2026-09-01", "passed": True},
    ):
        response = await client.post(
            f"/participants/{participant_id}/test-results", json=result, headers=caseworker
        )
        assert response.status_code == 201, response.text
    too_early = await client.get(url, headers=caseworker)
    await client.post(
        f"/participants/{participant_id}/programme/exit",
        json={"completion": "completed", "end_date": "2026-11-02", "reason": "work"},
        headers=caseworker,
    )
    before = (await database.counts())["access_log"]

    certificate = await client.get(url, headers=caseworker)

    assert (too_early.status_code, too_early.json()["code"]) == (409, "programme-not-ended")
    assert certificate.status_code == 200, certificate.text
    body = certificate.json()
    assert (body["given_name"], body["family_name"]) == ("Ruta", "Haile")
    assert (body["regime"], body["status"], body["exit_reason"]) == (
        "integreringsloven",
        "completed",
        "work",
    )
    assert (body["start_date"], body["end_date"]) == ("2026-04-01", "2026-11-02")
    assert body["leave_days"] == 10
    assert body["programme_hours_per_week"] == 32.5
    assert [a["kind"] for a in body["activities"]] == ["norwegian", "language_practice"]
    assert body["best_norwegian_levels"] == {"listening": "B1", "reading": "B1"}
    assert len(body["norwegian_tests"]) == 2
    assert body["social_studies_passed"] is True
    assert (await database.counts())["access_log"] == before + 1
