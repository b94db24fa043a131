"""Erasure of a participant (docs/retention.md): at their request through the API, or
after the retention period by the daily ``erase-due`` job. The personal data goes, ids,
codes and dates stay, ``helhet.participant.erased.v1`` is published, and the participant
is not found afterwards."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.clock import SYSTEM_CLOCK, FixedClock
from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables
from plan_service.entrypoints.jobs import erase_due
from plan_service.entrypoints.schemas.participants import national_id_is_valid
from plan_service.settings import PlanSettings

from .conftest import HAMAR, Database, Settle, mapping_body

ERASED = "helhet.participant.erased.v1"


def kari_number() -> str:
    """A valid national identity number (born 1 January 1990)."""
    for serial in range(100, 1000):
        for checks in range(100):
            number = f"018190{serial:03d}{checks:02d}"
            if national_id_is_valid(number):
                return number
    raise AssertionError("no valid number")


@pytest.fixture
async def recorded(client: httpx.AsyncClient, caseworker: dict[str, str], exited: Settle) -> str:
    """An exited participant with a login, an identity number, a contact person, an
    action, a mapping with notes and a meeting: personal data in many tables."""
    participant_id = await exited()

    async def send(method: str, path: str, body: Any) -> None:
        response = await client.request(
            method, f"/participants/{participant_id}{path}", json=body, headers=caseworker
        )
        assert response.status_code in (200, 201), response.text

    await send("PUT", "/national-id", {"national_id": kari_number()})
    await send("POST", "/mappings", mapping_body())
    await send(
        "POST",
        "/contacts",
        {"agency": "refugee-service", "name": "Kari Hansen", "phone": "61 00 00 00"},
    )
    await send(
        "POST",
        "/actions",
        {
            "description": "Ringe Ruta om sykehjemmet",
            "owner_agency": "learning-centre",
            "owner_unit": "hls",
            "due_date": "2027-01-15",
        },
    )
    return participant_id


async def personal_rows(engine: AsyncEngine, participant_id: str) -> dict[str, Any]:
    pid = uuid.UUID(participant_id)
    async with engine.connect() as conn:
        participant = (
            await conn.execute(select(tables.participants).where(tables.participants.c.id == pid))
        ).one()

        async def count(table: Any) -> int:
            rows = await conn.execute(select(table).where(table.c.participant_id == pid))
            return len(rows.all())

        notes = await conn.scalars(
            select(tables.mappings.c.notes).where(tables.mappings.c.participant_id == pid)
        )
        descriptions = await conn.scalars(
            select(tables.actions.c.description).where(tables.actions.c.participant_id == pid)
        )
        return {
            "personal": participant.personal,
            "person_sub": participant.person_sub,
            "settlement_date": participant.settlement_date,
            "birth_year": participant.birth_year,
            "identities": await count(tables.participant_identities),
            "contacts": await count(tables.contacts),
            "mapping_notes": list(notes),
            "action_texts": list(descriptions),
            "programmes": await count(tables.programmes),
        }


async def test_the_leader_erases_a_participant_at_their_request(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    recorded: str,
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    before = await personal_rows(test_engine, recorded)
    assert before["personal"]
    assert before["identities"] == 1
    assert before["contacts"] == 1

    response = await client.post(
        f"/participants/{recorded}/erasure", json={"reason": "request"}, headers=leader
    )

    assert response.status_code == 201, response.text
    today = SYSTEM_CLOCK.today().isoformat()
    assert response.json() == {"participant_id": recorded, "erased_on": today, "reason": "request"}
    after = await personal_rows(test_engine, recorded)
    assert after == {
        "personal": {},
        "person_sub": None,
        "settlement_date": before["settlement_date"],
        "birth_year": before["birth_year"],
        "identities": 0,
        "contacts": 0,
        "mapping_notes": [None],
        "action_texts": [""],
        "programmes": 1,  # codes and dates stay, for statistics
    }
    [row] = [r for r in await database.outbox() if r.event_type == ERASED]
    assert (row.topic, row.key) == ("helhet.participants", recorded)
    assert row.payload["data"] == {
        "participant_id": recorded,
        "erased_on": today,
        "reason": "request",
    }
    # Afterwards the participant is gone from every read and list.
    for path in ("", "/plan", "/programme", "/contacts", "/actions", "/access-log"):
        read = await client.get(f"/participants/{recorded}{path}", headers=leader)
        assert read.status_code == 404, (path, read.text)
    listed = await client.get("/participants", headers=caseworker)
    assert recorded not in listed.text
    actions = await client.get("/actions", headers=caseworker)
    assert "Ringe Ruta" not in actions.text
    async with test_engine.connect() as conn:
        action_id = await conn.scalar(
            select(tables.actions.c.id).where(
                tables.actions.c.participant_id == uuid.UUID(recorded)
            )
        )
    complete = await client.post(
        f"/participants/{recorded}/actions/{action_id}/complete",
        json={"outcome": "done"},
        headers=caseworker,
    )
    assert complete.status_code == 404, complete.text


async def test_erasing_twice_is_a_conflict_that_changes_nothing(
    client: httpx.AsyncClient, leader: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    url = f"/participants/{participant_id}/erasure"
    await client.post(url, json={"reason": "request"}, headers=leader)
    before = await database.counts()
    outbox = await database.outbox()

    again = await client.post(url, json={"reason": "retention_expired"}, headers=leader)

    assert again.status_code == 409, again.text
    assert again.json()["code"] == "participant-already-erased"
    assert await database.counts() == before
    assert await database.outbox() == outbox


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ({"role": "caseworker"}, 403),
        ({"role": "integration_leader", "municipality": "3407"}, 404),
        ({"role": "admin", "municipality": "3407"}, 404),
    ],
)
async def test_only_the_leader_or_an_admin_of_the_municipality_may_erase(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    settled: Settle,
    database: Database,
    who: dict[str, str],
    status: int,
) -> None:
    participant_id = await settled()
    before = await database.counts()
    headers = dev_tokens.headers(who["role"], municipality=who.get("municipality", HAMAR))

    response = await client.post(
        f"/participants/{participant_id}/erasure", json={"reason": "request"}, headers=headers
    )
    unknown = await client.post(
        f"/participants/{uuid.uuid4()}/erasure", json={"reason": "request"}, headers=headers
    )

    assert response.status_code == status, response.text
    assert unknown.status_code == (403 if status == 403 else 404)
    assert await database.counts() == before


async def test_an_admin_erases_and_a_bad_reason_is_422(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    admin = dev_tokens.headers("admin", municipality=HAMAR)
    url = f"/participants/{participant_id}/erasure"

    bad = await client.post(url, json={"reason": "because"}, headers=admin)
    good = await client.post(url, json={"reason": "retention_expired"}, headers=admin)

    assert bad.status_code == 422
    assert good.status_code == 201, good.text
    assert await database.outbox_payloads(ERASED) == [
        {
            "participant_id": participant_id,
            "erased_on": SYSTEM_CLOCK.today().isoformat(),
            "reason": "retention_expired",
        }
    ]


async def test_the_daily_job_erases_those_past_the_retention_period_once(
    settings: PlanSettings, exited: Settle, enrolled: Settle, database: Database
) -> None:
    """The programme ended on 2 Nov 2026; with five years (the default), the participant
    is due on 3 Nov 2031. A participant still in the programme is never due."""
    ended = await exited()
    await enrolled()

    assert await erase_due(settings, clock=FixedClock(date(2031, 11, 2))) == 0
    assert await erase_due(settings, clock=FixedClock(date(2031, 11, 3))) == 1
    assert await erase_due(settings, clock=FixedClock(date(2031, 11, 4))) == 0
    assert await erase_due(settings, clock=FixedClock(date(2027, 11, 3)), years=1) == 0

    assert await database.outbox_payloads(ERASED) == [
        {"participant_id": ended, "erased_on": "2031-11-03", "reason": "retention_expired"}
    ]
