"""Exits and erasure reach placement-service: plan-service's ``helhet.programme.ended.v1``
ends the participant's running placements (as ``PLACEMENT_ON_EXIT`` says), and
``helhet.participant.erased.v1`` removes everything the service holds about them.
Both are applied through the consumer runner's ``apply_batch``, as in production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.erasure import tables_mentioning
from helhet_common.testing.services import DevTokens
from placement_service.adapters import tables
from placement_service.contracts import consumed
from placement_service.service_layer.projection import make_projection
from placement_service.settings import PlacementSettings

from .conftest import (
    HAMAR,
    TODAY,
    Api,
    Database,
    NewParticipant,
    Project,
    Record,
    consent_granted,
    envelope,
    mapping_recorded,
    placement_body,
    settled,
    sharing_basis,
)

# What stays after an erasure: the access log (the record of who read, kept for its
# own period), the published events (ids and codes) and the erasure's own note.
KEPT = {"access_log", "outbox", "erased_participants", "processed_events"}


def programme_ended(pid: UUID, end_date: date = TODAY) -> CloudEvent:
    return envelope(
        consumed.ProgrammeEnded.event_type,
        pid,
        {
            "completion": "completed",
            "end_date": end_date.isoformat(),
            "reason": "work",
            "regime": "integreringsloven",
            "start_date": (end_date - timedelta(days=700)).isoformat(),
        },
    )


def erased(pid: UUID, reason: str = "retention_expired") -> CloudEvent:
    return envelope(
        consumed.ParticipantErased.event_type,
        pid,
        {"erased_on": TODAY.isoformat(), "reason": reason},
    )


async def test_an_exit_ends_the_running_placements_a_nav_measure_does_not_carry(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    database: Database,
) -> None:
    employer = await api.employer()
    full = await api.opening(employer["id"], capacity=1)
    pid = await participant()
    ending = await api.place(pid, full["id"])
    carried = await api.place(pid, (await api.opening(employer["id"]))["id"])
    await api.post(
        f"/placements/{carried['id']}/nav-measures",
        {
            "type": "temporary_wage_subsidy",
            "role": "continues",
            "period_from": TODAY.isoformat(),
            "period_to": (TODAY + timedelta(days=200)).isoformat(),
        },
    )

    exit_event = programme_ended(pid)
    assert (await project(exit_event)).applied == 1

    ended = (await client.get(f"/placements/{ending['id']}", headers=api.headers)).json()
    assert (ended["status"], ended["end_reason"], ended["actual_end"]) == (
        "ended",
        "programme_ended",
        TODAY.isoformat(),
    )
    running = (await client.get(f"/placements/{carried['id']}", headers=api.headers)).json()
    assert running["end_reason"] is None
    [published] = await database.outbox_envelopes("helhet.placement.ended.v1")
    assert published["data"]["placement_id"] == ending["id"]
    assert published["data"]["reason"] == "programme_ended"
    assert published["causationid"] == exit_event.id
    reopened = (await client.get(f"/openings/{full['id']}", headers=api.headers)).json()
    assert reopened["status"] == "open"
    # The participant left the programme: not found for matching or a new placement.
    matches = await client.post(f"/participants/{pid}/matches", json={}, headers=api.headers)
    assert (matches.status_code, matches.json()["code"]) == (404, "participant-not-found")

    # Redelivered: a duplicate, nothing ends twice.
    assert (await project(exit_event)).duplicates == 1
    assert len(await database.outbox_envelopes("helhet.placement.ended.v1")) == 1


@pytest.fixture
async def keeping(
    settings: PlacementSettings, test_engine: AsyncEngine
) -> AsyncIterator[ConsumerRunner]:
    """A consumer of a service configured with ``PLACEMENT_ON_EXIT=keep``."""
    keep = settings.model_copy(update={"on_exit": "keep"})
    factory: async_sessionmaker[AsyncSession] = create_session_factory(test_engine)
    runner = ConsumerRunner(
        settings=keep,
        session_factory=factory,
        tables=tables.shared,
        projection=make_projection(keep),
    )
    yield runner
    await runner.close()


async def test_with_on_exit_keep_the_placement_runs_on_but_the_participant_is_gone(
    api: Api,
    participant: NewParticipant,
    client: httpx.AsyncClient,
    keeping: ConsumerRunner,
    project: Project,
) -> None:
    employer = await api.employer()
    pid = await participant()
    placed = await api.place(pid, (await api.opening(employer["id"]))["id"])
    event = programme_ended(pid)
    value = event.to_json_bytes()
    record: Record = ConsumerRecord(
        topic=consumed.PARTICIPANTS_TOPIC,
        partition=1,
        offset=0,
        timestamp=0,
        timestamp_type=0,
        key=event.key,
        value=value,
        checksum=None,
        serialized_key_size=len(event.key or b""),
        serialized_value_size=len(value),
        headers=[],
    )
    assert (await keeping.apply_batch([record])).applied == 1
    running = (await client.get(f"/placements/{placed['id']}", headers=api.headers)).json()
    assert running["end_reason"] is None
    profile = await client.get(f"/participants/{pid}/profile", headers=api.headers)
    assert (profile.status_code, profile.json()["code"]) == (404, "participant-not-found")


async def test_an_erased_participant_is_gone_from_every_table_and_read(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    employer = await api.employer()
    opening = await api.opening(employer["id"], capacity=1)
    pid = await participant()
    other = await participant()
    await project(sharing_basis(pid))
    response = await client.post(
        "/placements",
        json=_placement(pid, opening["id"]),
        headers={**api.headers, "Idempotency-Key": "erase-me"},
    )
    assert response.status_code == 201, response.text
    placement = response.json()
    path = f"/placements/{placement['id']}"
    await api.post(
        f"{path}/follow-ups",
        {
            "visited_on": TODAY.isoformat(),
            "kind": "visit",
            "by_unit": "NAV",
            "outcome": "on_track",
            "note": "Trives godt, snakker mer norsk",
        },
    )
    await api.post(f"{path}/hours", {"entries": [{"worked_on": TODAY.isoformat(), "hours": 5}]})
    await api.post(
        f"{path}/attendance", {"date": TODAY.isoformat(), "kind": "attendance", "hours": 5}
    )
    assert (await client.get(path, headers=api.headers)).status_code == 200  # a logged read
    assert (await client.get(f"/openings/{opening['id']}", headers=api.headers)).json()[
        "status"
    ] == "filled"
    published_before = await database.outbox_types()

    event = erased(pid)
    assert (await project(event)).applied == 1
    # The seat freed is published (the opening reopened), nothing of the participant's.
    published = await database.outbox_types()
    assert published[len(published_before) :] == ["helhet.opening.reopened.v1"]

    assert await tables_mentioning(test_engine, tables.metadata, pid, exclude=KEPT) == {}
    async with test_engine.connect() as conn:  # the placement's days went with it
        days = select(func.count()).select_from(tables.attendance)
        assert await conn.scalar(days) == 0
    for gone in (path, f"{path}/hours", f"/participants/{pid}/profile"):
        found = await client.get(gone, headers=api.headers)
        assert found.status_code == 404, gone
    listed = await client.get(f"/placements?participant_id={pid}", headers=api.headers)
    assert listed.json()["total"] == 0
    # The seat is free again; the other participant is untouched.
    assert (await client.get(f"/openings/{opening['id']}", headers=api.headers)).json()[
        "status"
    ] == "open"
    profile = await client.get(f"/participants/{other}/profile", headers=api.headers)
    assert profile.status_code == 200
    # A repeat of the erased request's Idempotency-Key replays nothing of theirs.
    again = await client.post(
        "/placements",
        json=_placement(pid, opening["id"]),
        headers={**api.headers, "Idempotency-Key": "erase-me"},
    )
    assert (again.status_code, again.json()["code"]) == (404, "participant-not-found")

    # Redelivered, republished, or an event of theirs arriving late: they stay gone.
    assert (await project(event)).duplicates == 1
    assert (await project(erased(pid, reason="request"))).applied == 1
    late = await project(mapping_recorded(pid, version=9), consent_granted(pid, uuid4()))
    assert late.applied == 2
    assert await tables_mentioning(test_engine, tables.metadata, pid, exclude=KEPT) == {}
    assert (
        await client.get(f"/participants/{pid}/profile", headers=api.headers)
    ).status_code == 404


async def test_events_of_the_batch_the_erasure_arrives_in_are_erased_with_it(
    project: Project, test_engine: AsyncEngine
) -> None:
    pid = uuid4()
    result = await project(settled(pid), mapping_recorded(pid), erased(pid), sharing_basis(pid))
    assert result.applied == 4
    assert await tables_mentioning(test_engine, tables.metadata, pid, exclude=KEPT) == {}


def _placement(pid: UUID, opening_id: str) -> dict[str, object]:
    return placement_body(pid, opening_id)


async def test_an_erasure_deletes_the_employers_notes_about_the_participant(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    test_engine: AsyncEngine,
) -> None:
    employer = await api.employer()
    history = f"/employers/{employer['id']}/history"
    pid, other = await participant(), await participant()
    await api.place(pid, (await api.opening(employer["id"]))["id"])
    await api.place(other, (await api.opening(employer["id"]))["id"])
    note = {"occurred_on": TODAY.isoformat(), "kind": "incident"}
    about = await api.post(
        history, {**note, "summary": "Falt på lageret", "participant_id": str(pid)}
    )
    assert about["participant_id"] == str(pid)
    await api.post(history, {**note, "summary": "Trives", "participant_id": str(other)})
    await api.post(history, {**note, "kind": "visit", "summary": "Møtte lederen"})
    # A note can only be about a participant placed at the employer.
    stranger = await participant()
    refused = await client.post(
        history,
        json={**note, "summary": "Hvem?", "participant_id": str(stranger)},
        headers=api.headers,
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "participant-not-found")
    listed = (await client.get(history, headers=api.headers)).json()
    assert sorted(h["summary"] for h in listed["items"]) == [
        "Falt på lageret",
        "Møtte lederen",
        "Trives",
    ]

    assert (await project(erased(pid))).applied == 1

    assert await tables_mentioning(test_engine, tables.metadata, pid, exclude=KEPT) == {}
    listed = (await client.get(history, headers=api.headers)).json()
    assert sorted(h["summary"] for h in listed["items"]) == ["Møtte lederen", "Trives"]
    assert listed["total"] == 2


async def test_another_agency_notes_and_reads_only_the_participants_it_has_a_basis_for(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    employer = await api.employer()
    history = f"/employers/{employer['id']}/history"
    covered, other = await participant(), await participant()
    for pid in (covered, other):
        await api.place(pid, (await api.opening(employer["id"]))["id"])
    await project(sharing_basis(covered, agency="nav", purpose="work_training"))
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR, sub="nav-1")
    note = {"occurred_on": TODAY.isoformat(), "kind": "note"}

    refused = await client.post(
        history,
        json={**note, "summary": "Uten grunnlag", "participant_id": str(other)},
        headers=nav,
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "participant-not-found")
    written = await client.post(
        history,
        json={**note, "summary": "Med grunnlag", "participant_id": str(covered)},
        headers=nav,
    )
    assert written.status_code == 201, written.text
    await api.post(history, {**note, "summary": "Om den andre", "participant_id": str(other)})
    await api.post(history, {**note, "summary": "Om arbeidsgiveren"})

    # The refugee service reads every entry; NAV those about nobody and about whom it
    # has a basis for.
    everything = (await client.get(history, headers=api.headers)).json()
    seen_by_nav = (await client.get(history, headers=nav)).json()
    assert everything["total"] == 3
    assert sorted(h["summary"] for h in seen_by_nav["items"]) == [
        "Med grunnlag",
        "Om arbeidsgiveren",
    ]
    assert seen_by_nav["total"] == 2
