"""The programme after its start, mapping, test results and outcomes over the API."""

from __future__ import annotations

import httpx

from helhet_common.testing.services import DevTokens

from .conftest import HAMAR, Database, Settle, basis_body, exit_body, mapping_body

PARTICIPANTS = "helhet.participants"
PLANS = "helhet.plans"


async def new_events(database: Database, before: int) -> list[tuple[str, str, str | None]]:
    return [(r.event_type, r.topic, r.key) for r in (await database.outbox())[before:]]


async def test_extending_moves_the_end_and_publishes_programme_extended(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle, database: Database
) -> None:
    participant_id = await enrolled()
    before = len(await database.outbox())

    response = await client.post(
        f"/participants/{participant_id}/programme/extensions",
        json={"new_expected_end_date": "2028-12-31", "reason": "education_in_progress"},
        headers=caseworker,
    )

    assert response.status_code == 201, response.text
    detail = response.json()
    assert detail["expected_end_date"] == "2028-12-31"
    assert detail["original_expected_end_date"] == "2028-03-31"
    assert detail["extensions"][0]["number"] == 1
    assert await new_events(database, before) == [
        ("helhet.programme.extended.v1", PARTICIPANTS, participant_id)
    ]
    participant = await client.get(f"/participants/{participant_id}", headers=caseworker)
    assert participant.json()["programme"]["expected_end_date"] == "2028-12-31"


async def test_exit_publishes_programme_ended_and_closes_the_programme(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle, database: Database
) -> None:
    participant_id = await enrolled()
    before = len(await database.outbox())

    ended = await client.post(
        f"/participants/{participant_id}/programme/exit",
        json=exit_body(completion="interrupted", reason="moved"),
        headers=caseworker,
    )
    extension = await client.post(
        f"/participants/{participant_id}/programme/extensions",
        json={"new_expected_end_date": "2028-12-31", "reason": "other"},
        headers=caseworker,
    )
    again = await client.post(
        f"/participants/{participant_id}/programme/exit", json=exit_body(), headers=caseworker
    )

    assert ended.status_code == 201, ended.text
    assert ended.json()["status"] == "interrupted"
    assert (extension.status_code, extension.json()["code"]) == (409, "programme-ended")
    assert (again.status_code, again.json()["code"]) == (409, "programme-ended")
    assert await new_events(database, before) == [
        ("helhet.programme.ended.v1", PARTICIPANTS, participant_id)
    ]
    data = (await database.outbox())[-1].payload["data"]
    assert (data["completion"], data["end_date"], data["reason"]) == (
        "interrupted",
        "2026-11-02",
        "moved",
    )
    participant = await client.get(f"/participants/{participant_id}", headers=caseworker)
    assert participant.json()["programme_status"] == "interrupted"


async def test_lifecycle_changes_before_the_start_are_409(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    before = await database.counts()

    responses = [
        await client.post(
            f"/participants/{participant_id}/programme/extensions",
            json={"new_expected_end_date": "2028-12-31", "reason": "other"},
            headers=caseworker,
        ),
        await client.post(
            f"/participants/{participant_id}/programme/leaves",
            json={"from_date": "2026-10-01", "to_date": "2026-10-31", "reason": "illness"},
            headers=caseworker,
        ),
        await client.post(
            f"/participants/{participant_id}/programme/exit", json=exit_body(), headers=caseworker
        ),
    ]
    detail = await client.get(f"/participants/{participant_id}/programme", headers=caseworker)

    assert [(r.status_code, r.json()["code"]) for r in responses] == [
        (409, "programme-not-started")
    ] * 3
    assert (detail.status_code, detail.json()["code"]) == (404, "programme-not-started")
    assert await database.counts() == before


async def test_leave_is_recorded_and_an_overlapping_one_is_409(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()
    url = f"/participants/{participant_id}/programme/leaves"

    first = await client.post(
        url,
        json={"from_date": "2026-10-01", "to_date": "2026-12-31", "reason": "parental"},
        headers=caseworker,
    )
    overlapping = await client.post(
        url,
        json={"from_date": "2026-12-01", "to_date": "2027-01-31", "reason": "illness"},
        headers=caseworker,
    )

    assert first.status_code == 201, first.text
    leaves = first.json()["leaves"]
    assert [{k: v for k, v in leave.items() if k != "id"} for leave in leaves] == [
        {"from_date": "2026-10-01", "to_date": "2026-12-31", "reason": "parental"}
    ]
    assert leaves[0]["id"]
    assert (overlapping.status_code, overlapping.json()["code"]) == (409, "leave-overlaps")


async def test_a_repeated_exit_with_the_same_key_replays(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle, database: Database
) -> None:
    participant_id = await enrolled()
    headers = {**caseworker, "Idempotency-Key": "exit-1"}
    url = f"/participants/{participant_id}/programme/exit"

    first = await client.post(url, json=exit_body(), headers=headers)
    second = await client.post(url, json=exit_body(), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    ended = [r for r in await database.outbox() if r.event_type == "helhet.programme.ended.v1"]
    assert len(ended) == 1


# Mapping -----------------------------------------------------------------------------


async def test_a_mapping_is_tagged_with_the_agency_and_published_without_notes(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    settled: Settle,
    database: Database,
) -> None:
    participant_id = await settled()
    await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(agency="learning-centre", purpose="mapping"),
        headers=caseworker,
    )
    teacher = dev_tokens.headers(
        "contributor", municipality=HAMAR, agency="learning-centre", sub="laerer"
    )
    before = len(await database.outbox())

    first = await client.post(
        f"/participants/{participant_id}/mappings", json=mapping_body(), headers=teacher
    )
    second = await client.post(
        f"/participants/{participant_id}/mappings",
        json=mapping_body(wished_sectors=["Q", "G"], notes=None),
        headers=caseworker,
    )
    listed = await client.get(f"/participants/{participant_id}/mappings", headers=caseworker)
    participant = await client.get(f"/participants/{participant_id}", headers=caseworker)

    assert first.status_code == 201, first.text
    assert (first.json()["version"], first.json()["recorded_by_agency"]) == (1, "learning-centre")
    assert (second.json()["version"], second.json()["recorded_by_agency"]) == (
        2,
        "refugee-service",
    )
    assert [m["version"] for m in listed.json()["items"]] == [2, 1]
    assert listed.json()["items"][1]["notes"].startswith("Ruta worked")
    assert participant.json()["mapping_version"] == 2
    assert (
        await new_events(database, before)
        == [("helhet.mapping.recorded.v1", PLANS, participant_id)] * 2
    )
    published = [r.payload for r in (await database.outbox())[before:]]
    assert "nurse" not in str(published)
    assert "notes" not in published[0]["data"]
    assert published[0]["data"]["recorded_by_agency"] == "learning-centre"
    assert published[1]["data"]["wished_sectors"] == ["Q", "G"]


# Test results and outcomes -----------------------------------------------------------


async def test_test_results_are_recorded_listed_and_published(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    before = len(await database.outbox())
    url = f"/participants/{participant_id}/test-results"

    norwegian = await client.post(
        url,
        json={
            "test": "norwegian",
            "taken_on": "2026-06-10",
            "levels": {"listening": "B1", "writing": "A2"},
        },
        headers=caseworker,
    )
    social = await client.post(
        url,
        json={"test": "social_studies", "taken_on": "2026-05-20", "passed": True},
        headers=caseworker,
    )
    listed = await client.get(url, headers=caseworker)

    assert norwegian.status_code == 201, norwegian.text
    assert social.status_code == 201, social.text
    assert [(r["test"], r["levels"], r["passed"]) for r in listed.json()["items"]] == [
        ("social_studies", {}, True),
        ("norwegian", {"listening": "B1", "writing": "A2"}, None),
    ]
    assert (
        await new_events(database, before)
        == [("helhet.test_result.recorded.v1", PARTICIPANTS, participant_id)] * 2
    )


async def test_an_outcome_needs_an_exit_and_is_published(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    enrolled: Settle,
    exited: Settle,
    database: Database,
) -> None:
    running_id = await enrolled()
    ended_id = await exited()
    body = {"measured_at": "at_exit", "status": "work", "status_on": "2026-11-02"}
    before = len(await database.outbox())

    early = await client.post(f"/participants/{running_id}/outcomes", json=body, headers=caseworker)
    recorded = await client.post(
        f"/participants/{ended_id}/outcomes", json=body, headers=caseworker
    )
    again = await client.post(f"/participants/{ended_id}/outcomes", json=body, headers=caseworker)
    listed = await client.get(f"/participants/{ended_id}/outcomes", headers=caseworker)

    assert (early.status_code, early.json()["code"]) == (409, "programme-not-ended")
    assert recorded.status_code == 201, recorded.text
    assert (again.status_code, again.json()["code"]) == (409, "outcome-already-recorded")
    assert [o["status"] for o in listed.json()["items"]] == ["work"]
    assert await new_events(database, before) == [
        ("helhet.outcome.recorded.v1", PARTICIPANTS, ended_id)
    ]
    data = (await database.outbox())[-1].payload["data"]
    assert data == {
        "participant_id": ended_id,
        "measured_at": "at_exit",
        "status": "work",
        "status_on": "2026-11-02",
        "programme_end_date": "2026-11-02",
        "years_since_settlement": None,
        "still_in_municipality": None,
    }


async def test_the_yearly_follow_up_is_recorded_once_a_year_and_published(
    client: httpx.AsyncClient, caseworker: dict[str, str], exited: Settle, database: Database
) -> None:
    """Settled 2026-03-02, exited 2026-11-02: year 1 runs to 2027-03-02."""
    participant_id = await exited()
    url = f"/participants/{participant_id}/outcomes"
    body = {
        "measured_at": "year_n",
        "years_since_settlement": 1,
        "status": "moved_away",
        "status_on": "2026-12-01",
        "still_in_municipality": False,
    }
    before = len(await database.outbox())

    recorded = await client.post(url, json=body, headers=caseworker)
    again = await client.post(url, json={**body, "status": "work"}, headers=caseworker)
    at_exit = await client.post(
        url,
        json={"measured_at": "at_exit", "status": "unknown", "status_on": "2026-11-02"},
        headers=caseworker,
    )
    listed = await client.get(url, headers=caseworker)

    assert recorded.status_code == 201, recorded.text
    assert (again.status_code, again.json()["code"]) == (409, "outcome-already-recorded")
    assert at_exit.status_code == 201, at_exit.text
    assert [
        (o["measured_at"], o["years_since_settlement"], o["status"], o["still_in_municipality"])
        for o in listed.json()["items"]
    ] == [("at_exit", None, "unknown", None), ("year_n", 1, "moved_away", False)]
    assert (
        await new_events(database, before)
        == [("helhet.outcome.recorded.v1", PARTICIPANTS, participant_id)] * 2
    )
    data = (await database.outbox())[before].payload["data"]
    assert data == {
        "participant_id": participant_id,
        "measured_at": "year_n",
        "status": "moved_away",
        "status_on": "2026-12-01",
        "programme_end_date": "2026-11-02",
        "years_since_settlement": 1,
        "still_in_municipality": False,
    }
