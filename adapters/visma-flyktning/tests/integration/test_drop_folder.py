"""The drop folder: a finished file is imported once and archived with its report, a file
still being written is left alone, what was rejected waits in the quarantine until the
corrected file imports it, and a file met by an outage stays for the next round."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import httpx
import pytest

from helhet_common.testing.services import DevTokens
from plan_service.settings import PlanSettings
from visma_flyktning import samples
from visma_flyktning.client import Backoff, PlanServiceClient, StaticToken
from visma_flyktning.dropfolder import process_inbox
from visma_flyktning.mapping import Mapping, load_mapping
from visma_flyktning.quarantine import Quarantine
from visma_flyktning.report import CREATED, UNCHANGED

ADAPTER = Path(__file__).resolve().parents[2]
NO_WAIT = Backoff(attempts=2, first_delay=0.0, max_delay=0.0)


@pytest.fixture(scope="module")
def hamar() -> Mapping:
    return load_mapping(ADAPTER / "mappings" / "3403-hamar.toml")


@pytest.fixture
def adapter(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settings: PlanSettings
) -> PlanServiceClient:
    header = dev_tokens.headers("caseworker", municipality="3403", sub="visma-flyktning")
    token = StaticToken(header["Authorization"].removeprefix("Bearer "))
    return PlanServiceClient(client, token, backoff=NO_WAIT)


def drop(folder: Path, name: str, data: bytes, *, age_s: float = 60.0) -> Path:
    path = folder / name
    path.write_bytes(data)
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Quarantine]:
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    return inbox, archive, Quarantine(tmp_path / "state")


async def test_a_finished_file_is_imported_once_and_archived_with_its_report(
    adapter: PlanServiceClient, hamar: Mapping, folders: tuple[Path, Path, Quarantine]
) -> None:
    inbox, archive, quarantine = folders
    drop(inbox, "hamar.csv", samples.csv_export(samples.people(5)))
    drop(inbox, "hamar-2.csv.part", b"Personnr;")  # the upload client is still writing
    drop(inbox, "hamar-3.csv", samples.csv_export(samples.people(2)), age_s=0)  # just now

    first = await process_inbox(
        inbox, archive, mapping=hamar, client=adapter, quarantine=quarantine, settle_s=10
    )
    second = await process_inbox(
        inbox, archive, mapping=hamar, client=adapter, quarantine=quarantine, settle_s=10
    )

    assert [(r.file, r.counts()[CREATED]) for r in first] == [("hamar.csv", 5)]
    assert second == []
    assert sorted(p.name for p in inbox.iterdir()) == ["hamar-2.csv.part", "hamar-3.csv"]
    (day,) = archive.iterdir()
    assert sorted(p.name for p in day.iterdir()) == ["hamar.csv", "hamar.csv.report.json"]
    report = json.loads((day / "hamar.csv.report.json").read_text("utf-8"))
    assert report["summary"]["created"] == 5


async def test_rejected_rows_wait_in_the_quarantine_until_the_fixed_file_imports_them(
    adapter: PlanServiceClient, hamar: Mapping, folders: tuple[Path, Path, Quarantine]
) -> None:
    inbox, archive, quarantine = folders
    persons = samples.people(3)
    rows = samples.csv_rows(persons)
    rows[1][9] = "Storfamilie"  # Husstand: a code the mapping lacks
    broken = "\r\n".join(";".join(r) for r in [list(samples.CSV_HEADER), *rows]) + "\r\n"
    drop(inbox, "uke49.csv", broken.encode("cp1252"))

    await process_inbox(inbox, archive, mapping=hamar, client=adapter, quarantine=quarantine)
    (waiting,) = quarantine.entries()
    drop(inbox, "uke49.csv", samples.csv_export(persons))
    (fixed,) = await process_inbox(
        inbox, archive, mapping=hamar, client=adapter, quarantine=quarantine
    )

    assert (waiting["location"], waiting["field"]) == ("row 3", "household_type")
    assert "Storfamilie" in waiting["reason"]
    assert (fixed.counts()[CREATED], fixed.counts()[UNCHANGED]) == (1, 2)
    assert quarantine.entries() == []


async def test_a_file_met_by_an_outage_stays_in_the_inbox(
    adapter: PlanServiceClient, hamar: Mapping, folders: tuple[Path, Path, Quarantine]
) -> None:
    inbox, archive, quarantine = folders
    drop(inbox, "hamar.csv", samples.csv_export(samples.people(4)))

    async def unavailable(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    down = httpx.AsyncClient(transport=httpx.MockTransport(unavailable), base_url="http://p")
    async with down:
        token = StaticToken("unused")
        (report,) = await process_inbox(
            inbox,
            archive,
            mapping=hamar,
            client=PlanServiceClient(down, token, backoff=NO_WAIT),
            quarantine=quarantine,
        )
    (again,) = await process_inbox(
        inbox, archive, mapping=hamar, client=adapter, quarantine=quarantine
    )

    assert report.stopped is not None
    assert again.counts()[CREATED] == 4
    assert list(inbox.iterdir()) == []
