"""The adapter against a running plan-service (its app, its database): the samples are
imported, a second run changes nothing, a corrected row is an update with its reason,
plan-service going away mid-file is retried or stops the run, and running it again
finishes the file with nothing doubled."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables
from plan_service.settings import PlanSettings
from visma_flyktning import samples
from visma_flyktning.client import Backoff, PlanServiceClient, StaticToken
from visma_flyktning.importer import import_file
from visma_flyktning.mapping import Mapping, load_mapping
from visma_flyktning.report import (
    CREATED,
    NOT_PROCESSED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    Report,
)

ADAPTER = Path(__file__).resolve().parents[2]
HAMAR = "3403"
NO_WAIT = Backoff(attempts=4, first_delay=0.0, max_delay=0.0)


class Outage(httpx.AsyncBaseTransport):
    """plan-service behind a flaky network: requests number ``start`` to ``end``
    (1-based; ``end`` None: for ever) get a 503 without reaching it."""

    def __init__(self, app: FastAPI, *, start: int, end: int | None) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._start = start
        self._end = end
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.requests >= self._start and (self._end is None or self.requests <= self._end):
            return httpx.Response(503, json={"code": "unavailable"})
        return await self._inner.handle_async_request(request)


@pytest.fixture(scope="module")
def hamar() -> Mapping:
    return load_mapping(ADAPTER / "mappings" / "3403-hamar.toml")


@pytest.fixture
def token(dev_tokens: DevTokens, settings: PlanSettings) -> StaticToken:
    """A refugee-service caseworker's development token (the identity work's machine
    client will take its place)."""
    header = dev_tokens.headers("caseworker", municipality=HAMAR, sub="visma-flyktning")
    return StaticToken(header["Authorization"].removeprefix("Bearer "))


@pytest.fixture
async def adapter(client: httpx.AsyncClient, token: StaticToken) -> PlanServiceClient:
    return PlanServiceClient(client, token, backoff=NO_WAIT)


async def participants(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(tables.participants)) or 0)


async def everything(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as conn:
        rows = []
        for table in (tables.participants, tables.external_links, tables.shared.outbox):
            rows += sorted(tuple(r) for r in await conn.execute(select(table)))
        return rows


async def run(path: Path, client: PlanServiceClient, mapping: Mapping, **kw: object) -> Report:
    return await import_file(path, mapping=mapping, client=client, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("sample", ["visma-flyktning-3403.csv", "visma-flyktning-3403.xml"])
async def test_a_sample_is_imported_and_a_second_run_changes_nothing(
    adapter: PlanServiceClient, hamar: Mapping, test_engine: AsyncEngine, sample: str
) -> None:
    path = ADAPTER / "samples" / sample

    first = await run(path, adapter, hamar)
    after_first = await everything(test_engine)
    second = await run(path, adapter, hamar)

    assert first.counts()[CREATED] == 12, first.text()
    assert second.counts()[UNCHANGED] == 12, second.text()
    assert await everything(test_engine) == after_first
    assert await participants(test_engine) == 12


async def test_the_imported_participants_are_in_plan_services_list(
    adapter: PlanServiceClient,
    hamar: Mapping,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    report = await run(ADAPTER / "samples" / "visma-flyktning-3403.csv", adapter, hamar)

    leader = dev_tokens.headers("integration_leader", municipality=HAMAR, sub="leder")
    listed = await client.get("/participants", params={"limit": 100}, headers=leader)
    assert listed.status_code == 200, listed.text
    ids = {p["id"] for p in listed.json()["items"]}
    assert {e.participant_id for e in report.entries} == ids


async def test_a_changed_row_is_an_update_with_the_import_reason(
    adapter: PlanServiceClient, hamar: Mapping, tmp_path: Path, test_engine: AsyncEngine
) -> None:
    persons = samples.people(3)
    path = tmp_path / "export.csv"
    path.write_bytes(samples.csv_export(persons))
    await run(path, adapter, hamar)

    renamed = [persons[0], persons[1].__class__(**{**vars(persons[1]), "family_name": "Ny"})]
    path.write_bytes(samples.csv_export([*renamed, persons[2]]))
    report = await run(path, adapter, hamar)

    assert [(e.location, e.outcome, e.changed_fields) for e in report.entries] == [
        ("row 2", UNCHANGED, []),
        ("row 3", UPDATED, ["family_name"]),
        ("row 4", UNCHANGED, []),
    ]
    async with test_engine.connect() as conn:
        reasons = (await conn.execute(select(tables.external_links.c.change_reason))).scalars()
        assert sorted(r or "" for r in reasons) == ["", "", "imported from Visma Flyktning"]


async def test_a_changed_settlement_fact_is_rejected_with_the_reason(
    adapter: PlanServiceClient, hamar: Mapping, tmp_path: Path
) -> None:
    (person,) = samples.people(1)
    path = tmp_path / "export.csv"
    path.write_bytes(samples.csv_export([person]))
    await run(path, adapter, hamar)
    moved = person.__class__(**{**vars(person), "settled": person.settled.replace(day=1)})
    path.write_bytes(samples.csv_export([moved]))

    report = await run(path, adapter, hamar)

    (entry,) = report.entries
    assert entry.outcome == REJECTED
    assert entry.field == "settlement_date"
    assert "correct them in plan-service" in (entry.reason or "")


async def test_a_dry_run_reports_and_changes_nothing(
    adapter: PlanServiceClient, hamar: Mapping, test_engine: AsyncEngine
) -> None:
    report = await run(
        ADAPTER / "samples" / "visma-flyktning-3403.csv", adapter, hamar, dry_run=True
    )

    assert report.counts()[CREATED] == 12
    assert await participants(test_engine) == 0


async def test_a_short_outage_is_retried_and_nothing_is_doubled(
    app: FastAPI, token: StaticToken, hamar: Mapping, tmp_path: Path, test_engine: AsyncEngine
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(samples.csv_export(samples.people(20)))
    outage = Outage(app, start=5, end=7)  # fewer failures in a row than attempts
    async with httpx.AsyncClient(transport=outage, base_url="http://plan.test") as http:
        report = await run(path, PlanServiceClient(http, token, backoff=NO_WAIT), hamar)

    assert report.ok, report.text()
    assert report.counts()[CREATED] == 20
    assert await participants(test_engine) == 20


async def test_a_long_outage_stops_the_run_and_running_again_finishes_it(
    app: FastAPI, token: StaticToken, hamar: Mapping, tmp_path: Path, test_engine: AsyncEngine
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(samples.csv_export(samples.people(30)))

    down = Outage(app, start=11, end=None)
    async with httpx.AsyncClient(transport=down, base_url="http://plan.test") as http:
        stopped = await run(path, PlanServiceClient(http, token, backoff=NO_WAIT), hamar)
    up = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=up, base_url="http://plan.test") as http:
        resumed = await run(path, PlanServiceClient(http, token, backoff=NO_WAIT), hamar)

    assert stopped.stopped is not None
    assert stopped.counts()[CREATED] == 10
    assert stopped.counts()[NOT_PROCESSED] == 20
    assert resumed.ok
    assert (resumed.counts()[UNCHANGED], resumed.counts()[CREATED]) == (10, 20)
    assert await participants(test_engine) == 30


class NoBatches(httpx.AsyncBaseTransport):
    """A plan-service without the batch endpoint (404 to every ``POST``)."""

    def __init__(self, app: FastAPI) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.refused += 1
            problem = {"type": "about:blank", "title": "Not found", "status": 404}
            return httpx.Response(404, json={**problem, "code": "not-found"})
        return await self._inner.handle_async_request(request)


async def test_in_batches_the_report_is_the_same_and_a_second_run_changes_nothing(
    adapter: PlanServiceClient, hamar: Mapping, test_engine: AsyncEngine
) -> None:
    path = ADAPTER / "samples" / "visma-flyktning-3403.xml"

    first = await run(path, adapter, hamar, batch_size=5)
    after_first = await everything(test_engine)
    second = await run(path, adapter, hamar, batch_size=5)

    assert first.counts()[CREATED] == 12, first.text()
    assert second.counts()[UNCHANGED] == 12, second.text()
    assert await everything(test_engine) == after_first


async def test_a_batch_plan_service_does_not_take_is_sent_row_by_row(
    app: FastAPI, token: StaticToken, hamar: Mapping, test_engine: AsyncEngine
) -> None:
    transport = NoBatches(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://plan") as http:
        client = PlanServiceClient(http, token, backoff=NO_WAIT)
        report = await run(
            ADAPTER / "samples" / "visma-flyktning-3403.csv", client, hamar, batch_size=5
        )

    assert transport.refused == 3  # 12 rows: batches of 5, 5 and 2
    assert report.counts()[CREATED] == 12, report.text()
    assert await participants(test_engine) == 12
