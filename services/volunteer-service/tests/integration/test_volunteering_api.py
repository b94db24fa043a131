"""volunteer-service over HTTP on real PostgreSQL, with plan-service's events fed through
the consumer runner: consent, matches, attendance, suggestions, municipality scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx

from helhet_common.db import create_session_factory
from helhet_common.testing.services import DevTokens
from volunteer_service.contracts import consumed
from volunteer_service.service_layer.projection import make_projection
from volunteer_service.settings import VolunteerSettings

from .conftest import (
    GJOVIK,
    TODAY,
    Create,
    Database,
    Feed,
    expired,
    granted,
    moved,
    settled,
    volunteer_body,
    withdrawn,
)

Consenting = Callable[..., Awaitable[UUID]]


async def propose(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    participant: UUID,
    volunteer: str,
    **extra: Any,
) -> httpx.Response:
    body = {"participant_id": str(participant), "volunteer_id": volunteer, "role": "guide", **extra}
    return await client.post("/matches", json=body, headers=headers)


# -- consent ---------------------------------------------------------------------------------


async def test_a_match_needs_the_participants_consent(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_organisation: Create,
    new_volunteer: Create,
    database: Database,
) -> None:
    centre = await new_organisation()
    volunteer = await new_volunteer(organisation_id=centre["id"])
    participant = uuid4()
    await feed(settled(participant))
    before = await database.counts()

    refused = await propose(client, coordinator, participant, volunteer["id"])
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "consent-required"
    assert await database.counts() == before

    await feed(granted(participant, UUID(centre["id"])))  # consent to the organisation
    accepted = await propose(client, coordinator, participant, volunteer["id"])
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["status"] == "proposed"


async def test_a_consent_to_another_volunteer_does_not_count(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
) -> None:
    volunteer = await new_volunteer()
    participant = uuid4()
    await feed(settled(participant), granted(participant, uuid4(), kind="volunteer"))
    response = await propose(client, coordinator, participant, volunteer["id"])
    assert response.json()["code"] == "consent-required"


async def test_a_withdrawal_ends_the_matches_it_uncovers_through_the_outbox(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    database: Database,
) -> None:
    volunteer = await new_volunteer()
    participant, consent_id = uuid4(), uuid4()
    await feed(
        settled(participant),
        granted(participant, UUID(volunteer["id"]), consent_id=consent_id, kind="volunteer"),
    )
    match = (await propose(client, coordinator, participant, volunteer["id"])).json()

    await feed(withdrawn(participant, consent_id))

    # The volunteer centre's basis was the consent: it no longer sees the match.
    gone = await client.get(f"/matches/{match['id']}", headers=coordinator)
    assert (gone.status_code, gone.json()["code"]) == (404, "match-not-found")
    after = (await client.get(f"/matches/{match['id']}", headers=caseworker)).json()
    assert after["status"] == "ended"
    assert after["end_reason"] == "consent_withdrawn"
    (ended,) = await database.outbox_payloads("helhet.match.ended.v1")
    assert ended["reason"] == "consent_withdrawn"
    assert ended["was_started"] is False


async def test_a_lapsed_consent_ends_the_matches_it_covered_with_that_reason(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    database: Database,
) -> None:
    """plan-service announces that a consent expired: the match it covered ends that day
    as ``consent_expired``, published; the announcement again ends nothing twice."""
    volunteer = await new_volunteer()
    participant, consent_id = uuid4(), uuid4()
    await feed(
        settled(participant),
        granted(participant, UUID(volunteer["id"]), consent_id=consent_id, kind="volunteer"),
    )
    match = (await propose(client, coordinator, participant, volunteer["id"])).json()

    await feed(expired(participant, consent_id))
    await feed(expired(participant, consent_id))

    after = (await client.get(f"/matches/{match['id']}", headers=caseworker)).json()
    assert (after["status"], after["end_reason"]) == ("ended", "consent_expired")
    (ended,) = await database.outbox_payloads("helhet.match.ended.v1")
    assert ended["reason"] == "consent_expired"


async def test_a_participant_who_moved_away_loses_their_matches_and_is_not_found(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    database: Database,
) -> None:
    volunteer = await new_volunteer()
    participant, consent_id = uuid4(), uuid4()
    await feed(
        settled(participant),
        granted(participant, UUID(volunteer["id"]), consent_id=consent_id, kind="volunteer"),
    )
    match = (await propose(client, coordinator, participant, volunteer["id"])).json()

    await feed(moved(participant))

    after = (await client.get(f"/matches/{match['id']}", headers=coordinator)).json()
    assert (after["status"], after["end_reason"]) == ("ended", "participant_moved")
    (ended,) = await database.outbox_payloads("helhet.match.ended.v1")
    assert ended["reason"] == "participant_moved"
    again = await propose(client, coordinator, participant, volunteer["id"])
    assert (again.status_code, again.json()["code"]) == (404, "participant-not-found")


async def test_a_withdrawal_publishes_with_the_configured_source_and_as_its_cause(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    database: Database,
    settings: VolunteerSettings,
) -> None:
    volunteer = await new_volunteer()
    participant, consent_id = uuid4(), uuid4()
    await feed(
        settled(participant),
        granted(participant, UUID(volunteer["id"]), consent_id=consent_id, kind="volunteer"),
    )
    await propose(client, coordinator, participant, volunteer["id"])
    elsewhere = settings.model_copy(update={"service_name": "volunteer-service-innlandet"})
    withdrawal = withdrawn(participant, consent_id).model_copy(
        update={"correlationid": "plan-request-1"}
    )

    async with create_session_factory(database.engine)() as session, session.begin():
        await make_projection(elsewhere).apply(
            session, [(consumed.registry.parse(withdrawal), withdrawal)]
        )

    (ended,) = await database.outbox_envelopes("helhet.match.ended.v1")
    assert ended["source"] == "/helhet/volunteer-service-innlandet"
    assert (ended["causationid"], ended["correlationid"]) == (withdrawal.id, "plan-request-1")


async def test_a_batch_ends_matches_as_its_events_would_one_by_one(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
) -> None:
    """A grant after the withdrawal in the same batch does not save the match; one
    before it does (the consents are judged as they stood at the withdrawal)."""
    volunteer = await new_volunteer()
    recipient = UUID(volunteer["id"])
    late, early = uuid4(), uuid4()
    matches = {}
    for participant in (late, early):
        consent_id = uuid4()
        await feed(
            settled(participant),
            granted(participant, recipient, consent_id=consent_id, kind="volunteer"),
        )
        match = (await propose(client, coordinator, participant, volunteer["id"])).json()
        matches[participant] = (match["id"], consent_id)

    late_match, late_consent = matches[late]
    early_match, early_consent = matches[early]
    await feed(
        withdrawn(late, late_consent),
        granted(late, recipient, kind="volunteer"),
        granted(early, recipient, kind="volunteer"),
        withdrawn(early, early_consent),
    )

    status = {
        m: (await client.get(f"/matches/{m}", headers=coordinator)).json()["status"]
        for m in (late_match, early_match)
    }
    assert status == {late_match: "ended", early_match: "proposed"}


async def test_a_withdrawal_seen_before_its_grant_keeps_the_consent_withdrawn(
    client: httpx.AsyncClient, coordinator: dict[str, str], feed: Feed, new_volunteer: Create
) -> None:
    volunteer = await new_volunteer()
    participant, consent_id = uuid4(), uuid4()
    await feed(settled(participant), withdrawn(participant, consent_id))
    await feed(granted(participant, UUID(volunteer["id"]), consent_id=consent_id, kind="volunteer"))
    response = await propose(client, coordinator, participant, volunteer["id"])
    assert response.json()["code"] == "consent-required"


# -- matches ---------------------------------------------------------------------------------


async def test_a_match_starts_when_both_accept_and_ends_with_a_reason(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_volunteer: Create,
    consenting: Consenting,
    database: Database,
) -> None:
    volunteer = await new_volunteer()
    participant = await consenting(volunteer)
    match = (await propose(client, coordinator, participant, volunteer["id"])).json()
    path = f"/matches/{match['id']}"

    one = await client.post(f"{path}/accept", json={"party": "participant"}, headers=coordinator)
    assert one.json()["status"] == "proposed"
    again = await client.post(f"{path}/accept", json={"party": "participant"}, headers=coordinator)
    assert (again.status_code, again.json()["code"]) == (409, "already-accepted")
    both = await client.post(f"{path}/accept", json={"party": "volunteer"}, headers=coordinator)
    assert both.json()["status"] == "active"
    assert both.json()["started_on"] == TODAY.isoformat()

    ended = await client.post(f"{path}/end", json={"reason": "completed"}, headers=coordinator)
    assert ended.json()["status"] == "ended"
    twice = await client.post(f"{path}/end", json={"reason": "completed"}, headers=coordinator)
    assert (twice.status_code, twice.json()["code"]) == (409, "match-already-ended")

    assert await database.outbox_types() == [
        "helhet.volunteer.registered.v1",
        "helhet.match.proposed.v1",
        "helhet.match.started.v1",
        "helhet.match.ended.v1",
    ]
    listed = await client.get(
        "/matches", params={"participant_id": str(participant)}, headers=coordinator
    )
    assert listed.json()["total"] == 1


async def test_a_task_with_minors_needs_a_vetted_volunteer(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_volunteer: Create,
    consenting: Consenting,
    database: Database,
) -> None:
    volunteer = await new_volunteer()
    participant = await consenting(volunteer, household="family")
    task = {"role": "homework_help", "involves_minors": True}
    before = await database.counts()
    refused = await propose(client, coordinator, participant, volunteer["id"], **task)
    assert refused.status_code == 422
    assert refused.json()["code"] == "volunteer-not-eligible"
    assert refused.json()["missing"] == ["police-certificate-missing"]
    assert await database.counts() == before

    seen = await client.post(
        f"/volunteers/{volunteer['id']}/vetting",
        json={"seen_on": TODAY.isoformat(), "grounds": ["minors"]},
        headers=coordinator,
    )
    assert seen.status_code == 200, seen.text
    assert seen.json()["vetting"]["seen_by"] == "coord"
    eligibility = await client.get(
        f"/volunteers/{volunteer['id']}/eligibility",
        params={"role": "homework_help", "involves_minors": "true"},
        headers=coordinator,
    )
    assert eligibility.json()["may_take"] is True
    accepted = await propose(client, coordinator, participant, volunteer["id"], **task)
    assert accepted.status_code == 201, accepted.text
    (vetted,) = await database.outbox_payloads("helhet.volunteer.vetted.v1")
    assert vetted["grounds"] == ["minors"]


async def test_a_bridge_builder_is_not_booked_as_an_interpreter(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_volunteer: Create,
    consenting: Consenting,
) -> None:
    bridge = await new_volunteer(
        kind="bridge_builder",
        roles=["bridge_builder", "language_support"],
        bridge_builder={"engagement": "paid", "former_participant": True},
    )
    participant = await consenting(bridge)
    response = await propose(
        client,
        coordinator,
        participant,
        bridge["id"],
        role="bridge_builder",
        setting="health_check",
    )
    assert (response.status_code, response.json()["code"]) == (422, "interpreter-required")


# -- attendance ------------------------------------------------------------------------------


async def test_attendance_is_recorded_with_programme_hours_once(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_activity: Create,
    database: Database,
) -> None:
    activity = await new_activity()
    came, absent = uuid4(), uuid4()
    await feed(settled(came), settled(absent))
    body = {
        "attended_on": (TODAY - timedelta(days=1)).isoformat(),
        "participants": [
            {"participant_id": str(came), "present": True},
            {"participant_id": str(absent), "present": False},
        ],
    }
    path = f"/activities/{activity['id']}/attendance"
    response = await client.post(path, json=body, headers=coordinator)
    assert response.status_code == 201, response.text
    assert [(i["present"], i["hours"]) for i in response.json()["items"]] == [
        (True, 2.0),
        (False, 0.0),
    ]
    recorded = await database.outbox_payloads("helhet.attendance.recorded.v1")
    assert sorted(r["hours"] for r in recorded) == [0.0, 2.0]
    assert all(r["counts_as_programme_hours"] for r in recorded)

    before = await database.counts()
    again = await client.post(path, json=body, headers=coordinator)
    assert (again.status_code, again.json()["code"]) == (409, "attendance-already-recorded")
    assert await database.counts() == before
    listed = await client.get(path, headers=caseworker)
    assert listed.json()["total"] == 2
    # Neither has consented to the volunteer centre: it lists no one's attendance.
    assert (await client.get(path, headers=coordinator)).json()["total"] == 0


async def test_attendance_of_an_unknown_participant_or_in_the_future_writes_nothing(
    client: httpx.AsyncClient, coordinator: dict[str, str], new_activity: Create, database: Database
) -> None:
    activity = await new_activity()
    path = f"/activities/{activity['id']}/attendance"
    before = await database.counts()
    unknown = await client.post(
        path,
        json={
            "attended_on": TODAY.isoformat(),
            "participants": [{"participant_id": str(uuid4()), "present": True}],
        },
        headers=coordinator,
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown-participant")
    assert await database.counts() == before


async def test_attendance_needs_a_published_activity(
    client: httpx.AsyncClient, coordinator: dict[str, str], feed: Feed, new_activity: Create
) -> None:
    draft = await new_activity(publish=False)
    participant = uuid4()
    await feed(settled(participant))
    body = {
        "attended_on": TODAY.isoformat(),
        "participants": [{"participant_id": str(participant), "present": True}],
    }
    path = f"/activities/{draft['id']}"
    refused = await client.post(f"{path}/attendance", json=body, headers=coordinator)
    assert (refused.status_code, refused.json()["code"]) == (409, "activity-not-published")
    published = await client.post(f"{path}/publish", headers=coordinator)
    assert published.json()["status"] == "published"
    assert (
        await client.post(f"{path}/attendance", json=body, headers=coordinator)
    ).status_code == 201


# -- suggestions and the coordinator's list --------------------------------------------------


async def test_suggestions_show_their_reasons_and_singles_without_network_are_listed(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    new_activity: Create,
) -> None:
    speaks = await new_volunteer(languages=["no", "ti"], interests=[])
    await new_volunteer(languages=["no"], interests=[], roles=["transport"])
    await new_activity(target_groups=["singles"], cost_nok=0)
    participant = uuid4()
    await feed(settled(participant))

    # Before the participant consents, the caseworker looks for a volunteer; the volunteer
    # centre, whose basis is the participant's consent, finds no one.
    refused = await client.get(f"/participants/{participant}/suggestions", headers=coordinator)
    assert refused.status_code == 404
    found = (
        await client.get(f"/participants/{participant}/suggestions", headers=caseworker)
    ).json()
    assert [v["volunteer_id"] for v in found["volunteers"]] == [speaks["id"]]
    assert {"code": "shared_language", "detail": "ti", "points": 3} in found["volunteers"][0][
        "reasons"
    ]
    assert found["volunteers"][0]["consent_in_force"] is False
    assert [r["code"] for r in found["activities"][0]["reasons"]][:2] == [
        "target_group",
        "locals_take_part",
    ]

    lonely = (await client.get("/participants/without-network", headers=caseworker)).json()
    assert [p["participant_id"] for p in lonely["items"]] == [str(participant)]
    unseen = (await client.get("/participants/without-network", headers=coordinator)).json()
    assert unseen["items"] == []


# -- scope, roles, idempotency ---------------------------------------------------------------


async def test_another_municipalitys_resources_are_not_found(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    feed: Feed,
    new_organisation: Create,
    new_volunteer: Create,
    new_activity: Create,
) -> None:
    organisation = await new_organisation()
    volunteer = await new_volunteer()
    activity = await new_activity()
    participant = uuid4()
    await feed(settled(participant))
    gjovik = dev_tokens.headers("caseworker", municipality=GJOVIK)
    for path in (
        f"/organisations/{organisation['id']}",
        f"/volunteers/{volunteer['id']}",
        f"/activities/{activity['id']}",
        f"/participants/{participant}/suggestions",
    ):
        response = await client.get(path, headers=gjovik)
        assert response.status_code == 404, path
        assert response.json()["code"].endswith("-not-found")
    publish = await client.post(f"/activities/{activity['id']}/publish", headers=gjovik)
    assert publish.status_code == 404
    listed = await client.get("/volunteers", headers=gjovik)
    assert listed.json()["total"] == 0


async def test_only_volunteer_staff_may_call(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    employer = dev_tokens.headers("contributor", agency="employer")
    response = await client.get("/volunteers", headers=employer)
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert (await client.get("/volunteers")).status_code == 401


async def test_a_create_repeated_with_its_idempotency_key_creates_once(
    client: httpx.AsyncClient, coordinator: dict[str, str], database: Database
) -> None:
    headers = {**coordinator, "Idempotency-Key": "register-ola-1"}
    first = await client.post("/volunteers", json=volunteer_body(), headers=headers)
    second = await client.post("/volunteers", json=volunteer_body(), headers=headers)
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert (await database.counts())["volunteers"] == 1
