"""The issue's 10,000-row export imported into a running plan-service (its app in
process, its database: PostgreSQL and SQLite), then imported again: the second run
changes nothing.

Through the batch path (``POST /external-participants/{source}``, 100 records a call).
plan-service reads a batch's links and its participants' settlement facts at once and
loads only the records that change, so the re-import of an unchanged file costs a few
queries a batch. Marked ``slow`` (``-m "not slow"`` leaves it out);
``VISMA_IMPORT_TEST_ROWS`` runs another size, and the timeout grows with it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables
from plan_service.settings import PlanSettings
from visma_flyktning import samples
from visma_flyktning.client import Backoff, PlanServiceClient, StaticToken
from visma_flyktning.importer import import_file
from visma_flyktning.mapping import Mapping, load_mapping
from visma_flyktning.report import CREATED, UNCHANGED

ADAPTER = Path(__file__).resolve().parents[2]
ROWS = int(os.environ.get("VISMA_IMPORT_TEST_ROWS", "10000"))
BATCH = 100

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(max(300, ROWS // 30)),
]


async def counts(engine: AsyncEngine) -> tuple[int, int, int]:
    async with engine.connect() as conn:
        found = []
        for table in (tables.participants, tables.external_links, tables.shared.outbox):
            found.append(int(await conn.scalar(select(func.count()).select_from(table)) or 0))
        return found[0], found[1], found[2]


async def test_a_large_file_then_a_reimport_that_changes_nothing(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    settings: PlanSettings,
    test_engine: AsyncEngine,
    tmp_path: Path,
) -> None:
    mapping: Mapping = load_mapping(ADAPTER / "mappings" / "3403-hamar.toml")
    header = dev_tokens.headers("caseworker", municipality="3403", sub="visma-flyktning")
    token = StaticToken(header["Authorization"].removeprefix("Bearer "))
    adapter = PlanServiceClient(client, token, backoff=Backoff(attempts=3, first_delay=0.0))
    export = tmp_path / "hamar-all.csv"
    export.write_bytes(samples.csv_export(samples.people(ROWS)))

    started = time.perf_counter()
    first = await import_file(
        export, mapping=mapping, client=adapter, concurrency=4, batch_size=BATCH
    )
    first_s = time.perf_counter() - started
    after_first = await counts(test_engine)
    started = time.perf_counter()
    second = await import_file(
        export, mapping=mapping, client=adapter, concurrency=4, batch_size=BATCH
    )
    second_s = time.perf_counter() - started

    print(f"\n{ROWS} rows: first import {first_s:.1f} s, re-import {second_s:.1f} s")
    assert first.ok
    assert second.ok
    assert first.counts()[CREATED] == ROWS, first.text(details=False)
    assert second.counts()[UNCHANGED] == ROWS, second.text(details=False)
    # One participant, one link and one settled event per row; the re-import wrote nothing.
    assert after_first[:2] == (ROWS, ROWS)
    assert await counts(test_engine) == after_first
