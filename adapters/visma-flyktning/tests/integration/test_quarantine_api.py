"""The quarantine over HTTP (``visma_flyktning.api``): an operator of the municipality
lists what the drop folder could not import, fixes the file, and retries it; the retry
imports into a running plan-service and empties that file's quarantine."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.auth.issuers import verifier_from_settings
from helhet_common.testing.services import DevTokens
from plan_service.settings import PlanSettings
from visma_flyktning import samples
from visma_flyktning.api import create_api
from visma_flyktning.client import Backoff, PlanServiceClient, StaticToken
from visma_flyktning.dropfolder import process_inbox
from visma_flyktning.mapping import Mapping, load_mapping
from visma_flyktning.quarantine import Quarantine

ADAPTER = Path(__file__).resolve().parents[2]
HAMAR = "3403"
NO_WAIT = Backoff(attempts=2, first_delay=0.0, max_delay=0.0)


@pytest.fixture(scope="module")
def hamar() -> Mapping:
    return load_mapping(ADAPTER / "mappings" / "3403-hamar.toml")


@pytest.fixture
def plan_service(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settings: PlanSettings
) -> PlanServiceClient:
    header = dev_tokens.headers("caseworker", municipality=HAMAR, sub="visma-flyktning")
    token = StaticToken(header["Authorization"].removeprefix("Bearer "))
    return PlanServiceClient(client, token, backoff=NO_WAIT)


@pytest.fixture
def quarantine(tmp_path: Path) -> Quarantine:
    return Quarantine(tmp_path / "state")


@pytest.fixture
def api(
    quarantine: Quarantine,
    hamar: Mapping,
    plan_service: PlanServiceClient,
    settings: PlanSettings,
) -> FastAPI:
    @asynccontextmanager
    async def connect() -> AsyncIterator[PlanServiceClient]:
        yield plan_service

    return create_api(
        quarantine=quarantine,
        municipality=HAMAR,
        mapping=lambda: hamar,
        client=connect,
        verifier=verifier_from_settings(settings),
    )


@pytest.fixture
async def operator_api(api: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://adapter") as http:
        yield http


def broken_export(persons: list[samples.Person]) -> bytes:
    rows = samples.csv_rows(persons)
    rows[1][9] = "Storfamilie"  # Husstand: a code the mapping lacks
    text = "\r\n".join(";".join(r) for r in [list(samples.CSV_HEADER), *rows]) + "\r\n"
    return text.encode("cp1252")


async def test_an_operator_lists_the_quarantine_fixes_the_file_and_retries_it(
    operator_api: httpx.AsyncClient,
    dev_tokens: DevTokens,
    plan_service: PlanServiceClient,
    hamar: Mapping,
    quarantine: Quarantine,
    tmp_path: Path,
) -> None:
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    persons = samples.people(3)
    dropped = inbox / "uke49.csv"
    dropped.write_bytes(broken_export(persons))
    then = time.time() - 60
    os.utime(dropped, (then, then))
    await process_inbox(inbox, archive, mapping=hamar, client=plan_service, quarantine=quarantine)
    operator = dev_tokens.headers("operator", municipality=HAMAR)

    listed = await operator_api.get("/quarantine", headers=operator)

    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert (page["total"], page["files"]) == (1, ["uke49.csv"])
    (entry,) = page["entries"]
    assert (entry["location"], entry["field"]) == ("row 3", "household_type")
    assert "Storfamilie" in entry["reason"]
    assert "path" not in entry  # where the archive is stays with the adapter

    (archived,) = archive.glob("*/uke49.csv")
    archived.write_bytes(samples.csv_export(persons))  # the operator fixes the file
    retried = await operator_api.post(
        "/quarantine/retry", json={"file": "uke49.csv"}, headers=operator
    )

    assert retried.status_code == 200, retried.text
    result = retried.json()
    assert (result["summary"]["created"], result["summary"]["unchanged"]) == (1, 2)
    assert result["still_in_quarantine"] == []
    assert (await operator_api.get("/quarantine", headers=operator)).json()["total"] == 0
    assert quarantine.entries() == []


async def test_a_file_not_in_the_quarantine_is_a_404(
    operator_api: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await operator_api.post(
        "/quarantine/retry",
        json={"file": "nothing.csv"},
        headers=dev_tokens.headers("operator", municipality=HAMAR),
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not-found"


async def test_only_an_operator_of_the_municipality_may_see_it(
    operator_api: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    caseworker = dev_tokens.headers("caseworker", municipality=HAMAR)
    elsewhere = dev_tokens.headers("operator", municipality="3407")

    assert (await operator_api.get("/quarantine")).status_code == 401
    assert (await operator_api.get("/quarantine", headers=caseworker)).status_code == 403
    assert (await operator_api.get("/quarantine", headers=elsewhere)).status_code == 404
