"""``GET /participants/{id}/personal-data``: what reporting holds about a participant,
for the participant and the refugee service's staff, each answer in the access log with
the purpose ``innsyn``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.access.export import PersonalData
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.adapters import tables

ClockRunner = Callable[[date], ConsumerRunner]
ToRecords = Callable[..., list[Any]]

TODAY = date(2026, 9, 2)
START = date(2026, 2, 1)


@pytest.fixture
async def participant(clock_runner: ClockRunner, to_records: ToRecords, events: Any) -> UUID:
    p = uuid4()
    batch = [
        events.settled(p, date(2026, 1, 5), household="single"),
        events.programme_started(p, START, date(2028, 1, 31)),
        events.sharing_basis(p, agency="nav", purpose="follow_up", valid_from=START),
    ]
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == len(batch)
    return p


async def log_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(tables.access_log))).all())


def sections(body: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {s["name"]: s["records"] for s in body["sections"]}


@pytest.mark.parametrize("who", ["the participant", "the refugee service"])
async def test_the_participant_and_the_refugee_service_get_everything_held(
    who: str,
    participant: UUID,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    leader = dev_tokens.headers("integration_leader")
    await client.get(f"/participants/{participant}/chain", headers=leader)  # a read to show
    headers = (
        dev_tokens.headers("participant", sub=str(participant))
        if who == "the participant"
        else dev_tokens.headers("caseworker", sub="saksbehandler-1")
    )

    response = await client.get(f"/participants/{participant}/personal-data", headers=headers)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = PersonalData.model_validate(response.json()).model_dump(mode="json")
    assert (body["service"], body["participant_id"]) == ("reporting-service", str(participant))
    held = sections(body)
    assert [c["participant_id"] for c in held["chain"]] == [str(participant)]
    assert held["chain"][0]["settlement_date"] == "2026-01-05"
    assert held["alerts"]  # no plan yet: alerts name them
    assert {a["participant_id"] for a in held["alerts"]} == {str(participant)}
    assert [b["agency"] for b in held["sharing_bases"]] == ["nav"]
    assert [r["operation"] for r in held["access_log"]] == [
        "GET /participants/{participant_id}/chain"
    ]
    rows = await log_rows(test_engine)
    [export] = [r for r in rows if r.purpose == "innsyn"]
    # The participant on their right of access, the refugee service on the law.
    basis = "gdpr_art_15" if who == "the participant" else "integreringsloven"
    assert (export.participant_id, export.legal_basis) == (participant, basis)
    assert export.operation == "GET /participants/{participant_id}/personal-data"
    assert len(rows) == 2


@pytest.mark.parametrize(
    "who",
    ["another participant", "nav with a basis", "another municipality", "operator"],
)
async def test_no_one_else_gets_it(
    who: str,
    participant: UUID,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    headers = {
        "another participant": dev_tokens.headers("participant", sub=str(uuid4())),
        "nav with a basis": dev_tokens.headers("caseworker", agency="nav"),
        "another municipality": dev_tokens.headers("caseworker", municipality="3407"),
        "operator": dev_tokens.headers("operator"),
    }[who]

    response = await client.get(f"/participants/{participant}/personal-data", headers=headers)

    # An operator's role is not let in; NAV's basis is for no purpose that covers the
    # answer (no-basis-for-purpose), as in placement- and volunteer-service.
    assert response.status_code == (403 if who in ("operator", "nav with a basis") else 404), (
        response.text
    )
    if who == "nav with a basis":
        assert response.json()["code"] == "no-basis-for-purpose"
    assert "2026-01-05" not in response.text  # nothing of what is held (the path is echoed)
    assert "sections" not in response.text
    assert await log_rows(test_engine) == []


async def test_a_participant_reporting_does_not_hold_gets_empty_sections(
    client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    p = uuid4()
    headers = dev_tokens.headers("participant", sub=str(p))

    response = await client.get(f"/participants/{p}/personal-data", headers=headers)

    assert response.status_code == 200
    assert all(records == [] for records in sections(response.json()).values())
    assert len(await log_rows(test_engine)) == 1
