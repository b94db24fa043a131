"""Exits and erasure reach volunteer-service: plan-service's ``helhet.programme.ended.v1``
ends the participant's open matches (as ``VOLUNTEER_ON_EXIT`` says) and drops them from
the lists; ``helhet.participant.erased.v1`` removes everything the service holds about
them. Both through the consumer runner's ``apply_batch``, as in production."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.erasure import tables_mentioning
from volunteer_service.adapters import tables
from volunteer_service.contracts import consumed
from volunteer_service.service_layer.projection import make_projection
from volunteer_service.settings import VolunteerSettings

from .conftest import (
    TODAY,
    Create,
    Database,
    Feed,
    envelope,
    granted,
    records,
    settled,
    sharing_basis,
)

Consenting = Callable[..., Awaitable[UUID]]
# What stays after an erasure: the access log (the record of who read, kept for its own
# period), the published events (ids and codes) and the erasure's own note.
KEPT = {"access_log", "outbox", "erased_participants", "processed_events"}


def programme_ended(participant_id: UUID, end_date: date = TODAY) -> CloudEvent:
    return envelope(
        consumed.ProgrammeEnded.event_type,
        participant_id,
        completion="interrupted",
        end_date=end_date.isoformat(),
        reason="own_request",
        regime="integreringsloven",
        start_date=(end_date - timedelta(days=300)).isoformat(),
    )


def erased(participant_id: UUID, reason: str = "retention_expired") -> CloudEvent:
    return envelope(
        consumed.ParticipantErased.event_type,
        participant_id,
        erased_on=TODAY.isoformat(),
        reason=reason,
    )


async def propose(
    client: httpx.AsyncClient, headers: dict[str, str], participant: UUID, volunteer: str
) -> dict[str, Any]:
    body = {"participant_id": str(participant), "volunteer_id": volunteer, "role": "guide"}
    response = await client.post("/matches", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_an_exit_ends_the_open_matches_and_drops_the_participant_from_the_lists(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    consenting: Consenting,
    database: Database,
) -> None:
    volunteer = await new_volunteer()
    leaving = await consenting(volunteer)
    lonely = await consenting(volunteer)
    match = await propose(client, coordinator, leaving, volunteer["id"])
    single = (await client.get("/participants/without-network", headers=caseworker)).json()
    assert str(lonely) in {i["participant_id"] for i in single["items"]}

    exit_event = programme_ended(leaving)
    await feed(exit_event, programme_ended(lonely))

    after = (await client.get(f"/matches/{match['id']}", headers=caseworker)).json()
    assert (after["status"], after["end_reason"], after["ended_on"]) == (
        "ended",
        "programme_ended",
        TODAY.isoformat(),
    )
    [ended] = await database.outbox_envelopes("helhet.match.ended.v1")
    assert ended["data"]["reason"] == "programme_ended"
    assert ended["causationid"] == exit_event.id
    single = (await client.get("/participants/without-network", headers=caseworker)).json()
    assert str(lonely) not in {i["participant_id"] for i in single["items"]}
    for gone in (leaving, lonely):
        suggestions = await client.get(f"/participants/{gone}/suggestions", headers=caseworker)
        assert (suggestions.status_code, suggestions.json()["code"]) == (
            404,
            "participant-not-found",
        )
    again = await client.post(
        "/matches",
        json={"participant_id": str(leaving), "volunteer_id": volunteer["id"], "role": "guide"},
        headers=coordinator,
    )
    assert (again.status_code, again.json()["code"]) == (404, "participant-not-found")


async def test_with_on_exit_keep_the_match_runs_on(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    new_volunteer: Create,
    consenting: Consenting,
    settings: VolunteerSettings,
    test_engine: AsyncEngine,
) -> None:
    volunteer = await new_volunteer()
    participant = await consenting(volunteer)
    match = await propose(client, coordinator, participant, volunteer["id"])
    keep = settings.model_copy(update={"on_exit": "keep"})
    runner = ConsumerRunner(
        settings=keep,
        session_factory=create_session_factory(test_engine),
        tables=tables.shared,
        projection=make_projection(keep),
    )
    try:
        assert (await runner.apply_batch(records(programme_ended(participant)))).applied == 1
    finally:
        await runner.close()
    after = (await client.get(f"/matches/{match['id']}", headers=caseworker)).json()
    assert (after["status"], after["end_reason"]) == ("proposed", None)


async def test_an_erased_participant_is_gone_from_every_table_and_read(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    new_activity: Create,
    consenting: Consenting,
    runner: ConsumerRunner,
    test_engine: AsyncEngine,
) -> None:
    volunteer = await new_volunteer(max_matches=1)
    activity = await new_activity()
    participant = await consenting(volunteer)
    other = await consenting(volunteer)
    await feed(sharing_basis(participant))
    response = await client.post(
        "/matches",
        json={"participant_id": str(participant), "volunteer_id": volunteer["id"], "role": "guide"},
        headers={**coordinator, "Idempotency-Key": "erase-me"},
    )
    assert response.status_code == 201, response.text
    match = response.json()
    attendance = f"/activities/{activity['id']}/attendance"
    body = {
        "attended_on": (TODAY - timedelta(days=1)).isoformat(),
        "participants": [
            {"participant_id": str(participant), "present": True},
            {"participant_id": str(other), "present": True},
        ],
    }
    assert (await client.post(attendance, json=body, headers=coordinator)).status_code == 201
    # The volunteer is full: the other participant cannot be matched.
    full = await client.post(
        "/matches",
        json={"participant_id": str(other), "volunteer_id": volunteer["id"], "role": "guide"},
        headers=coordinator,
    )
    assert full.status_code in (409, 422), full.text

    event = erased(participant)
    assert (await runner.apply_batch(records(event))).applied == 1

    assert await tables_mentioning(test_engine, tables.metadata, participant, exclude=KEPT) == {}
    for path in (f"/matches/{match['id']}", f"/participants/{participant}/suggestions"):
        assert (await client.get(path, headers=caseworker)).status_code == 404, path
    listed = await client.get(f"/matches?participant_id={participant}", headers=caseworker)
    assert listed.json()["total"] == 0
    present = (await client.get(attendance, headers=caseworker)).json()
    assert [i["participant_id"] for i in present["items"]] == [str(other)]
    # The volunteer's seat is free for the other participant.
    await propose(client, coordinator, other, volunteer["id"])
    # A repeat of the erased request's Idempotency-Key replays nothing of theirs.
    again = await client.post(
        "/matches",
        json={"participant_id": str(participant), "volunteer_id": volunteer["id"], "role": "guide"},
        headers={**coordinator, "Idempotency-Key": "erase-me"},
    )
    assert (again.status_code, again.json()["code"]) == (404, "participant-not-found")

    # Redelivered, republished, or an event of theirs arriving late: they stay gone.
    assert (await runner.apply_batch(records(event))).duplicates == 1
    late = [erased(participant, "request"), settled(participant), granted(participant, uuid4())]
    assert (await runner.apply_batch(records(*late))).applied == 3
    assert await tables_mentioning(test_engine, tables.metadata, participant, exclude=KEPT) == {}


async def test_events_of_the_batch_the_erasure_arrives_in_are_erased_with_it(
    feed: Feed, test_engine: AsyncEngine
) -> None:
    participant = uuid4()
    await feed(settled(participant), erased(participant), granted(participant, uuid4()))
    assert await tables_mentioning(test_engine, tables.metadata, participant, exclude=KEPT) == {}
