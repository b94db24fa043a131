"""The API end to end against PostgreSQL: employers, openings, placements, matching."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import httpx

from helhet_common.testing.services import DevTokens

from .conftest import GJOVIK, HAMAR, TODAY, Api, Database, NewParticipant, Project


async def test_register_an_employer_and_warn_when_its_only_contact_leaves(
    api: Api, client: httpx.AsyncClient, database: Database
) -> None:
    employer = await api.employer()
    assert employer["warnings"] == []
    contact_id = employer["contacts"][0]["id"]
    left = await api.post(
        f"/employers/{employer['id']}/contacts/{contact_id}/departure",
        {"left_on": TODAY.isoformat()},
        status=200,
    )
    assert [w["code"] for w in left["warnings"]] == ["no-active-contact"]
    history = await client.get(f"/employers/{employer['id']}/history", headers=api.headers)
    assert history.json()["items"][0]["kind"] == "contact_left"
    assert await database.outbox_types() == ["helhet.employer.registered.v1"]


async def test_idempotent_create_answers_the_first_response(
    api: Api, client: httpx.AsyncClient, database: Database
) -> None:
    headers = {**api.headers, "Idempotency-Key": "emp-1"}
    first = await client.post("/employers", json=api_body(), headers=headers)
    second = await client.post("/employers", json=api_body(), headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == second.json()["id"]
    assert (await database.counts())["employers"] == 1


def api_body() -> dict[str, object]:
    from .conftest import employer_body

    return employer_body()


async def test_capacity_caps_fill_and_reopen_the_opening(
    api: Api, participant: NewParticipant, client: httpx.AsyncClient, database: Database
) -> None:
    employer = await api.employer(capacity_cap=2)
    one = await api.opening(employer["id"], capacity=1)
    two = await api.opening(employer["id"], capacity=2, kind="work_practice")
    a, b, c, d = [await participant() for _ in range(4)]

    first = await api.place(a, one["id"])
    filled = await client.get(f"/openings/{one['id']}", headers=api.headers)
    assert filled.json()["status"] == "filled"
    full = await client.post("/placements", json=_body(b, one["id"]), headers=api.headers)
    assert (full.status_code, full.json()["code"]) == (409, "opening-not-open")

    await api.place(b, two["id"])
    before = await database.counts()
    capped = await client.post("/placements", json=_body(c, two["id"]), headers=api.headers)
    assert (capped.status_code, capped.json()["code"]) == (409, "employer-capacity-reached")
    assert await database.counts() == before

    await api.post(
        f"/placements/{first['id']}/end",
        {"actual_end": TODAY.isoformat(), "reason": "completed", "next_step": "new_placement"},
        status=200,
    )
    reopened = await client.get(f"/openings/{one['id']}", headers=api.headers)
    assert reopened.json()["status"] == "open"
    await api.place(d, one["id"])
    assert "helhet.opening.reopened.v1" in await database.outbox_types()


def _body(pid: object, opening_id: str) -> dict[str, object]:
    from .conftest import placement_body

    return placement_body(pid, opening_id)  # type: ignore[arg-type]


async def test_a_kind_change_is_history_and_the_ledger_counts_hours_by_kind(
    api: Api, participant: NewParticipant, client: httpx.AsyncClient, database: Database
) -> None:
    employer = await api.employer()
    opening = await api.opening(employer["id"], capacity=2)
    placement = await api.place(await participant(), opening["id"])
    pid = placement["id"]
    day = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    await api.post(
        f"/placements/{pid}/hours",
        {"entries": [{"worked_on": day(20), "hours": 5}, {"worked_on": day(19), "hours": 4.5}]},
    )
    changed = await api.post(
        f"/placements/{pid}/kind-changes",
        {
            "to_kind": "work_practice",
            "effective_date": day(10),
            "reason": "ready for work tasks",
            "follow_up_by_unit": "Hamar flyktningkontor",
        },
    )
    assert changed["kind"] == "work_practice"
    assert changed["kind_history"][0]["from_kind"] == "language_practice"
    assert changed["follow_up_plan"]["by_unit"] == "Hamar flyktningkontor"
    await api.post(
        f"/placements/{pid}/hours",
        {"entries": [{"worked_on": day(5), "hours": 6, "confirmed_by_employer": True}]},
    )
    again = await client.post(
        f"/placements/{pid}/hours",
        json={"entries": [{"worked_on": day(2), "hours": 3}, {"worked_on": day(5), "hours": 6}]},
        headers=api.headers,
    )
    assert (again.status_code, again.json()["code"]) == (409, "hours-already-logged")
    ledger = (await client.get(f"/placements/{pid}/hours", headers=api.headers)).json()
    assert ledger["total_hours"] == 15.5
    assert ledger["confirmed_hours"] == 6
    assert ledger["by_kind"] == {"language_practice": 9.5, "work_practice": 6.0}
    assert [i["kind"] for i in ledger["items"]] == [
        "language_practice",
        "language_practice",
        "work_practice",
    ]
    assert (await database.counts())["hours"] == 3
    assert "helhet.placement.kind_changed.v1" in await database.outbox_types()


async def test_follow_up_measure_extension_and_hire(
    api: Api, participant: NewParticipant, project: Project, database: Database
) -> None:
    employer = await api.employer(ownership="private", sector="G", name="Butikken AS")
    opening = await api.opening(employer["id"], kind="wage_subsidy")
    pid = await participant()
    placement = await api.place(pid, opening["id"])
    assert placement["flags"] == ["outside-wishes"]
    path = f"/placements/{placement['id']}"
    followed = await api.post(
        f"{path}/follow-ups",
        {"visited_on": TODAY.isoformat(), "kind": "visit", "by_unit": "NAV", "outcome": "on_track"},
    )
    assert followed["next_follow_up_due"] == (TODAY + timedelta(days=14)).isoformat()
    linked = await api.post(
        f"{path}/nav-measures",
        {
            "type": "temporary_wage_subsidy",
            "role": "continues",
            "period_from": TODAY.isoformat(),
            "period_to": (TODAY + timedelta(days=200)).isoformat(),
            "rate_percent": 40,
        },
    )
    assert linked["nav_measures"][0]["type"] == "temporary_wage_subsidy"
    extended = await api.post(
        f"{path}/extensions",
        {"new_end": (TODAY + timedelta(days=200)).isoformat(), "reason": "subsidy_continues"},
    )
    assert "subsidy-driven-extension" in extended["flags"]
    ended = await api.post(
        f"{path}/end",
        {"actual_end": TODAY.isoformat(), "reason": "hired", "next_step": "work"},
        status=200,
    )
    assert (ended["status"], ended["end_reason"]) == ("ended", "hired")
    types = await database.outbox_types()
    assert types[-3:] == [
        "helhet.placement.ended.v1",
        "helhet.participant.hired.v1",
        "helhet.opening.reopened.v1",
    ]


async def test_matching_ranks_by_wishes_and_explains_each_factor(
    api: Api, participant: NewParticipant, client: httpx.AsyncClient, database: Database
) -> None:
    care = await api.employer()
    shop = await api.employer(
        org_number="987654309", sector="G", ownership="private", name="Butikk"
    )
    wished = await api.opening(care["id"], location_id=care["locations"][0]["id"])
    unwished = await api.opening(shop["id"], kind="ordinary_job")
    pid = await participant()
    before = await database.counts()
    response = await client.post(
        f"/participants/{pid}/matches",
        json={"home": {"latitude": 60.7945, "longitude": 11.0680}},
        headers=api.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [m["opening_id"] for m in body["items"]] == [wished["id"], unwished["id"]]
    top = body["items"][0]
    assert [f["factor"] for f in top["factors"]] == [
        "wishes",
        "language",
        "end_goal",
        "transport",
        "childcare",
        "capacity",
    ]
    assert top["factors"][0]["reason"] == "wished-sector"
    assert top["factors"][3]["reason"] == "walking-distance"
    assert body["items"][1]["flags"] == ["outside-wishes"]
    # Matching changes nothing: it writes only the record of the read (and its event).
    assert await database.counts() == {**before, "outbox": before["outbox"] + 1}


async def test_another_municipality_gets_404_never_403(
    api: Api, participant: NewParticipant, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    employer = await api.employer()
    opening = await api.opening(employer["id"])
    placement = await api.place(await participant(), opening["id"])
    gjovik = dev_tokens.headers("caseworker", municipality=GJOVIK)
    for path in (
        f"/employers/{employer['id']}",
        f"/openings/{opening['id']}",
        f"/placements/{placement['id']}",
        f"/placements/{placement['id']}/hours",
        f"/participants/{placement['participant_id']}/profile",
    ):
        response = await client.get(path, headers=gjovik)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
    end = await client.post(
        f"/placements/{placement['id']}/end",
        json={"actual_end": TODAY.isoformat(), "reason": "completed", "next_step": "education"},
        headers=gjovik,
    )
    assert end.status_code == 404
    listed = await client.get("/employers", headers=gjovik)
    assert listed.json()["total"] == 0
    # A Gjøvik participant cannot be placed in Hamar.
    other = await participant(municipality=GJOVIK)
    response = await client.post(
        "/placements", json=_body(other, opening["id"]), headers=api.headers
    )
    assert (response.status_code, response.json()["code"]) == (404, "participant-not-found")


async def test_roles_decide(client: httpx.AsyncClient, dev_tokens: DevTokens) -> None:
    leader = dev_tokens.headers("integration_leader", municipality=HAMAR)
    assert (await client.get("/employers", headers=leader)).status_code == 200
    assert (await client.post("/employers", json=api_body(), headers=leader)).status_code == 403
    assert (await client.get("/employers")).status_code == 401


async def test_unknown_ids_are_404(api: Api, client: httpx.AsyncClient) -> None:
    response = await client.get(f"/placements/{uuid4()}", headers=api.headers)
    assert (response.status_code, response.json()["code"]) == (404, "placement-not-found")


async def test_a_placement_needs_the_participants_consent_to_that_employer(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    database: Database,
) -> None:
    """Consent is the basis for sharing with an employer: without a consent in force to
    this employer for a placement, the start is refused and nothing is written; once the
    participant's consent reaches placement-service (plan-service's event), it starts."""
    from .conftest import consent_granted

    employer = await api.employer()
    opening = await api.opening(employer["id"])
    pid = await participant(consent_to=None)
    before = await database.counts()
    refused = await client.post("/placements", json=_body(pid, opening["id"]), headers=api.headers)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "no-placement-consent"
    assert employer["name"] in refused.json()["detail"]
    assert await database.counts() == before

    await project(consent_granted(pid, uuid4(), org=employer["org_number"], purpose="matching"))
    again = await client.post("/placements", json=_body(pid, opening["id"]), headers=api.headers)
    assert (again.status_code, again.json()["code"]) == (409, "no-placement-consent")

    await project(consent_granted(pid, uuid4(), org=employer["org_number"]))
    started = await api.place(pid, opening["id"])
    assert started["participant_id"] == str(pid)


async def test_a_participant_who_moved_away_is_no_longer_placed_or_found(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    database: Database,
) -> None:
    """plan-service says the participant moved: the running placement ends that day
    (``moved``, published, the seat freed), and the participant is no longer found for
    matching or a new placement; the ended placement stays in the history."""
    from .conftest import moved

    employer = await api.employer()
    opening = await api.opening(employer["id"], capacity=1)
    pid = await participant()
    placed = await api.place(pid, opening["id"])

    result = await project(moved(pid))
    assert result.applied == 1, result

    ended = (await client.get(f"/placements/{placed['id']}", headers=api.headers)).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "moved")
    [data] = await database.outbox_payloads("helhet.placement.ended.v1")
    assert (data["reason"], data["actual_end"]) == ("moved", TODAY.isoformat())
    reopened = (await client.get(f"/openings/{opening['id']}", headers=api.headers)).json()
    assert reopened["status"] == "open"
    matches = await client.post(f"/participants/{pid}/matches", json={}, headers=api.headers)
    assert (matches.status_code, matches.json()["code"]) == (404, "participant-not-found")
    again = await client.post("/placements", json=_body(pid, opening["id"]), headers=api.headers)
    assert (again.status_code, again.json()["code"]) == (404, "participant-not-found")
