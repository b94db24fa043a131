"""The plan as a shared document over the API: versions with a reason, contributions
the editor accepts or rejects, reviews with the participant, the full-time flag, and
the per-purpose access of other agencies."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.testing.services import DevTokens

from .conftest import HAMAR, Database, Settle, basis_body, plan_body

PLANS = "helhet.plans"


def contribution_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "section": "activities",
        "reason": "Jobbsøkerkurs, avtalt med deltakeren.",
        "activities": [
            {"kind": "nav_measure", "provider_unit": "NAV Hamar", "hours_per_week": 5},
        ],
    }
    body.update(changes)
    return body


def review_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reviewed_on": "2026-11-20",
        "agencies_present": ["refugee-service", "learning-centre", "nav"],
        "participant_acknowledged": True,
    }
    body.update(changes)
    return body


async def with_basis(
    client: httpx.AsyncClient, caseworker: dict[str, str], participant_id: str, **basis: Any
) -> None:
    response = await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(**basis),
        headers=caseworker,
    )
    assert response.status_code == 201, response.text


async def new_events(database: Database, before: int) -> list[tuple[str, str, str | None]]:
    return [(r.event_type, r.topic, r.key) for r in (await database.outbox())[before:]]


# Versions -----------------------------------------------------------------------------


async def test_every_change_is_a_version_with_its_reason_who_and_when(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()
    url = f"/participants/{participant_id}/plan"
    await client.put(url, json=plan_body(version=0), headers=caseworker)
    second = await client.put(
        url,
        json=plan_body(version=1, norwegian_goal="B2", reason="Går raskt fram i norsk."),
        headers=caseworker,
    )

    listed = await client.get(f"{url}/versions", headers=caseworker)
    first = await client.get(f"{url}/versions/1", headers=caseworker)
    missing = await client.get(f"{url}/versions/3", headers=caseworker)

    assert second.status_code == 200, second.text
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [(v["version"], v["reason"]) for v in items] == [
        (2, "Går raskt fram i norsk."),
        (1, "first plan"),
    ]
    assert {(v["changed_by"], v["changed_by_agency"]) for v in items} == {
        ("tester", "refugee-service")
    }
    assert listed.json()["total"] == 2
    assert first.status_code == 200, first.text
    assert (first.json()["version"], first.json()["norwegian_goal"]) == (1, "B1")
    assert first.json()["activities"][0]["provider_unit"] == "Hamar læringssenter"
    assert (missing.status_code, missing.json()["code"]) == (404, "plan-version-not-found")


async def test_a_change_without_a_reason_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle, database: Database
) -> None:
    participant_id = await planned()
    before = await database.counts()

    response = await client.put(
        f"/participants/{participant_id}/plan",
        json=plan_body(version=1, reason=...),
        headers=caseworker,
    )

    assert (response.status_code, response.json()["code"]) == (422, "reason-required")
    assert await database.counts() == before


async def test_the_plan_shows_full_time_sections_and_the_next_review(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle
) -> None:
    participant_id = await planned()

    response = await client.get(f"/participants/{participant_id}/plan", headers=caseworker)

    assert response.status_code == 200, response.text
    plan = response.json()
    assert (plan["programme_hours_per_week"], plan["full_time"]) == (32.5, False)
    assert plan["required_hours_per_week"] == 37.5
    # The service's today is Oslo's, a day ahead of UTC's for an hour each night.
    today = SYSTEM_CLOCK.today()
    assert plan["started_on"] == today.isoformat()
    assert plan["review_overdue"] is False
    assert date.fromisoformat(plan["next_review_due"]) > today + timedelta(days=150)
    assert [s["section"] for s in plan["sections"]] == ["end_goal", "norwegian_goal", "activities"]
    assert plan["sections"][0]["contributors"] == [{"agency": "refugee-service", "sub": "tester"}]


async def test_heavy_self_study_makes_30_hours_full_time(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()
    activities = [
        {"kind": "norwegian", "provider_unit": "Hamar læringssenter", "hours_per_week": 30}
    ]

    response = await client.put(
        f"/participants/{participant_id}/plan",
        json=plan_body(
            activities=activities, heavy_self_study=True, participant_group="vocational"
        ),
        headers=caseworker,
    )

    plan = response.json()["plan"]
    assert (plan["full_time"], plan["required_hours_per_week"]) == (True, 30.0)
    assert plan["participant_group"] == "vocational"


async def test_there_is_no_plan_to_read_before_the_first_version(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()

    response = await client.get(f"/participants/{participant_id}/plan", headers=caseworker)

    assert (response.status_code, response.json()["code"]) == (404, "no-plan")


async def test_another_agencys_caseworker_may_not_edit_the_plan(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    planned: Settle,
    database: Database,
) -> None:
    participant_id = await planned()
    await with_basis(client, caseworker, participant_id)
    before = await database.counts()

    response = await client.put(
        f"/participants/{participant_id}/plan", json=plan_body(version=1), headers=nav
    )

    assert (response.status_code, response.json()["code"]) == (403, "plan-editor-only")
    assert await database.counts() == before


# Contributions ----------------------------------------------------------------------


async def test_a_contribution_accepted_by_the_editor_is_the_next_version(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    planned: Settle,
    database: Database,
) -> None:
    participant_id = await planned()
    await with_basis(client, caseworker, participant_id)
    nav_contributor = dev_tokens.headers("contributor", agency="nav", sub="nav-veileder")
    editor = dev_tokens.headers("plan_editor", sub="redaktor")
    url = f"/participants/{participant_id}/plan/contributions"
    before = len(await database.outbox())

    proposed = await client.post(url, json=contribution_body(), headers=nav_contributor)
    nothing_published = await new_events(database, before)
    contribution_id = proposed.json()["id"]
    accepted = await client.post(
        f"{url}/{contribution_id}/accept",
        json={"reason": "Avtalt i trekantsamtalen."},
        headers=editor,
    )
    again = await client.post(f"{url}/{contribution_id}/accept", headers=editor)
    plan = await client.get(f"/participants/{participant_id}/plan", headers=caseworker)
    version = await client.get(f"/participants/{participant_id}/plan/versions/2", headers=editor)

    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["status"] == "proposed"
    assert proposed.json()["based_on_version"] == 1
    assert nothing_published == []
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["resulting_version"]) == ("accepted", 2)
    assert (again.status_code, again.json()["code"]) == (409, "contribution-decided")
    assert plan.json()["version"] == 2
    assert plan.json()["programme_hours_per_week"] == 37.5
    assert plan.json()["full_time"] is True
    activities = plan.json()["sections"][2]
    assert activities["contributors"] == [
        {"agency": "refugee-service", "sub": "tester"},
        {"agency": "nav", "sub": "nav-veileder"},
    ]
    assert version.json()["reason"] == "Avtalt i trekantsamtalen."
    assert version.json()["contribution_id"] == contribution_id
    assert (version.json()["changed_by"], version.json()["changed_by_agency"]) == (
        "redaktor",
        "refugee-service",
    )
    published = (await database.outbox())[before:]
    assert [(r.event_type, r.topic, r.key) for r in published] == [
        ("helhet.plan.updated.v1", PLANS, participant_id)
    ]
    assert published[0].payload["data"]["activity_kinds"][-1] == "nav_measure"
    assert "Jobbsøkerkurs" not in json.dumps(published[0].payload)


async def test_a_rejection_gives_a_reason_and_leaves_the_plan(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    planned: Settle,
    database: Database,
) -> None:
    participant_id = await planned()
    await with_basis(client, caseworker, participant_id, agency="learning-centre", purpose="plan")
    teacher = dev_tokens.headers("contributor", agency="learning-centre", sub="laerer")
    url = f"/participants/{participant_id}/plan/contributions"
    proposed = await client.post(
        url,
        json=contribution_body(section="norwegian_goal", norwegian_goal="B2", activities=[]),
        headers=teacher,
    )
    before = await database.counts()

    rejected = await client.post(
        f"{url}/{proposed.json()['id']}/reject",
        json={"reason": "Deltakeren vil ta B1 først."},
        headers=caseworker,
    )
    listed = await client.get(url, params={"status": "rejected"}, headers=teacher)
    proposed_only = await client.get(url, params={"status": "proposed"}, headers=teacher)

    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["decision_reason"] == "Deltakeren vil ta B1 først."
    assert (rejected.json()["decided_by"], rejected.json()["resulting_version"]) == ("tester", None)
    after = await database.counts()
    assert after["plan_versions"] == before["plan_versions"]
    assert after["outbox"] == before["outbox"]
    assert [c["status"] for c in listed.json()["items"]] == ["rejected"]
    assert proposed_only.json()["total"] == 0


async def test_a_contributor_may_not_decide(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    planned: Settle,
    database: Database,
) -> None:
    participant_id = await planned()
    await with_basis(client, caseworker, participant_id)
    nav_contributor = dev_tokens.headers("contributor", agency="nav", sub="nav-veileder")
    nav_caseworker = dev_tokens.headers("caseworker", agency="nav", sub="nav-2")
    url = f"/participants/{participant_id}/plan/contributions"
    contribution_id = (
        await client.post(url, json=contribution_body(), headers=nav_contributor)
    ).json()["id"]
    before = await database.counts()

    by_contributor = await client.post(f"{url}/{contribution_id}/accept", headers=nav_contributor)
    by_nav_caseworker = await client.post(f"{url}/{contribution_id}/accept", headers=nav_caseworker)
    unknown = await client.post(
        f"{url}/01930000-0000-7000-8000-000000000000/accept", headers=caseworker
    )

    assert by_contributor.status_code == 403
    assert (by_nav_caseworker.status_code, by_nav_caseworker.json()["code"]) == (
        403,
        "plan-editor-only",
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "contribution-not-found")
    assert await database.counts() == before


# Reviews ------------------------------------------------------------------------------


async def test_a_review_is_published_without_the_free_text_and_sets_the_next_due(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle, database: Database
) -> None:
    participant_id = await planned()
    before = len(await database.outbox())

    response = await client.post(
        f"/participants/{participant_id}/plan/reviews",
        json=review_body(
            participant_disagrees=True,
            participant_comment="Jeg vil bli sykepleier.",
            municipality_justification="Sykepleie krever B2 først.",
        ),
        headers=caseworker,
    )
    plan = await client.get(f"/participants/{participant_id}/plan", headers=caseworker)
    listed = await client.get(f"/participants/{participant_id}/plan/reviews", headers=caseworker)

    assert response.status_code == 201, response.text
    review = response.json()
    assert review["next_review_due"] == "2027-05-20"
    assert review["nav_present"] is True
    assert review["participant_comment"] == "Jeg vil bli sykepleier."
    assert plan.json()["next_review_due"] == "2027-05-20"
    assert [r["id"] for r in listed.json()["items"]] == [review["id"]]
    published = (await database.outbox())[before:]
    assert [(r.event_type, r.topic, r.key) for r in published] == [
        ("helhet.plan.reviewed.v1", PLANS, participant_id)
    ]
    assert published[0].payload["data"] == {
        "participant_id": participant_id,
        "review_id": review["id"],
        "plan_version": 1,
        "reviewed_on": "2026-11-20",
        "agencies_present": ["refugee-service", "learning-centre", "nav"],
        "nav_present": True,
        "participant_acknowledged": True,
        "disagreement_recorded": True,
        "next_review_due": "2027-05-20",
    }
    text = json.dumps(published[0].payload, ensure_ascii=False)
    assert "sykepleier" not in text
    assert "B2" not in text


async def test_a_review_due_date_in_the_past_makes_the_plan_overdue(
    client: httpx.AsyncClient, caseworker: dict[str, str], planned: Settle
) -> None:
    participant_id = await planned()
    await client.post(
        f"/participants/{participant_id}/plan/reviews",
        json=review_body(reviewed_on="2026-04-10", next_review_due="2026-10-10"),
        headers=caseworker,
    )

    plan = await client.get(f"/participants/{participant_id}/plan", headers=caseworker)
    participant = await client.get(f"/participants/{participant_id}", headers=caseworker)

    assert (plan.json()["next_review_due"], plan.json()["review_overdue"]) == ("2026-10-10", True)
    assert participant.json()["plan"]["review_overdue"] is True


async def test_the_participant_reads_their_plan_versions_and_reviews(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    enrolled: Settle,
    settled: Settle,
) -> None:
    participant_id = await settled(person_sub="ruta-login")
    await client.post(
        f"/participants/{participant_id}/programme",
        json={
            "regime": "integreringsloven",
            "start_date": "2026-04-01",
            "expected_end_date": "2028-03-31",
        },
        headers=caseworker,
    )
    await client.put(f"/participants/{participant_id}/plan", json=plan_body(), headers=caseworker)
    other = await enrolled()
    me = dev_tokens.headers("participant", sub="ruta-login")

    plan = await client.get(f"/participants/{participant_id}/plan", headers=me)
    versions = await client.get(f"/participants/{participant_id}/plan/versions", headers=me)
    theirs = await client.get(f"/participants/{other}/plan", headers=me)
    write = await client.post(
        f"/participants/{participant_id}/plan/reviews", json=review_body(), headers=me
    )

    assert plan.status_code == versions.status_code == 200
    assert theirs.status_code == 404
    assert write.status_code == 403


# Per-purpose access -----------------------------------------------------------------


async def test_an_agency_reads_only_what_its_basis_purpose_covers(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    planned: Settle,
    database: Database,
) -> None:
    participant_id = await planned()
    await with_basis(
        client, caseworker, participant_id, agency="learning-centre", purpose="mapping"
    )
    teacher = dev_tokens.headers("contributor", agency="learning-centre", sub="laerer")
    before = await database.counts()

    participant = await client.get(f"/participants/{participant_id}", headers=teacher)
    mappings = await client.get(f"/participants/{participant_id}/mappings", headers=teacher)
    plan = await client.get(f"/participants/{participant_id}/plan", headers=teacher)
    named = await client.get(
        f"/participants/{participant_id}/mappings",
        headers={**teacher, "X-Purpose": "norwegian_training"},
    )

    assert participant.status_code == mappings.status_code == 200
    assert (plan.status_code, plan.json()["code"]) == (403, "no-basis-for-purpose")
    assert (named.status_code, named.json()["code"]) == (403, "no-basis-for-purpose")
    # The two reads that answered are in the access log; the refused ones are not.
    assert (await database.counts())["access_log"] == before["access_log"] + 2


async def test_a_basis_for_nav_measures_opens_the_plan_and_is_logged_with_the_purpose(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    nav: dict[str, str],
    planned: Settle,
) -> None:
    participant_id = await planned()
    await with_basis(client, caseworker, participant_id)

    plan = await client.get(
        f"/participants/{participant_id}/plan", headers={**nav, "X-Purpose": "nav_measures"}
    )
    log = await client.get(f"/participants/{participant_id}/access-log", headers=leader)

    assert plan.status_code == 200, plan.text
    entries = [(e["sub"], e["purpose"], e["endpoint"]) for e in log.json()["items"]]
    assert ("nav-veileder", "nav_measures", "GET /participants/{participant_id}/plan") in entries


async def test_a_municipality_elsewhere_cannot_tell_the_plan_exists(
    client: httpx.AsyncClient, dev_tokens: DevTokens, planned: Settle
) -> None:
    participant_id = await planned()
    gjovik = dev_tokens.headers("caseworker", municipality="3407")

    for path in ("plan", "plan/versions", "plan/versions/1", "plan/contributions", "plan/reviews"):
        response = await client.get(f"/participants/{participant_id}/{path}", headers=gjovik)
        assert (response.status_code, response.json()["code"]) == (404, "participant-not-found")


async def test_the_first_plan_without_a_reason_still_works(
    client: httpx.AsyncClient, dev_tokens: DevTokens, enrolled: Settle
) -> None:
    """The PUT of before: version 0 and no reason."""
    participant_id = await enrolled()
    body = {k: v for k, v in plan_body(version=0).items() if k != "reason"}

    response = await client.put(
        f"/participants/{participant_id}/plan",
        json=body,
        headers=dev_tokens.headers("caseworker", municipality=HAMAR),
    )

    assert response.status_code == 200, response.text
    assert response.json()["plan"]["version"] == 1
