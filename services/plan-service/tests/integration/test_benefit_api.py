"""The attendance and absence ledger and the introduction benefit over the API: entries
and corrections with their events, bad input that writes nothing, reads in the access
log, and a month exported, then corrected in the next month's basis."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from .conftest import Database, programme_body, settle_body

LEDGER_EVENT = "helhet.ledger_entry.recorded.v1"
# Over 25, integration act. G changes on 1 May: 2025-09 and 2025-10 use the value from
# 2025-05-01 (130 160 kr, flagged as not verified in docs/benefit.md).
MONTHLY_ORE = round(2 * 130_160 * 100 / 12)


async def enrol(client: httpx.AsyncClient, caseworker: dict[str, str]) -> str:
    """A participant in a programme from 2025-01-06 to 2026-12-31."""
    settled = await client.post(
        "/participants", json=settle_body(settlement_date="2025-01-02"), headers=caseworker
    )
    assert settled.status_code == 201, settled.text
    participant_id = str(settled.json()["id"])
    started = await client.post(
        f"/participants/{participant_id}/programme",
        json=programme_body(start_date="2025-01-06", expected_end_date="2026-12-31"),
        headers=caseworker,
    )
    assert started.status_code == 201, started.text
    return participant_id


def entry_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": "absence", "date": "2025-09-02", "hours": 4, "code": "ugyldig"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


async def record(
    client: httpx.AsyncClient, participant_id: str, headers: dict[str, str], **changes: Any
) -> dict[str, Any]:
    response = await client.post(
        f"/participants/{participant_id}/ledger", json=entry_body(**changes), headers=headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_an_entry_is_recorded_with_a_value_event_and_read_by_month(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    participant_id = await enrol(client, caseworker)

    absence = await record(client, participant_id, caseworker)
    await record(client, participant_id, caseworker, kind="attendance", code=..., hours=3.5)
    await record(client, participant_id, caseworker, date="2025-10-01", code="syk")
    ledger = await client.get(
        f"/participants/{participant_id}/ledger?month=2025-09", headers=caseworker
    )

    assert absence["effect"] == "reduces"
    assert absence["recorded_by_agency"] == "refugee-service"
    assert ledger.status_code == 200, ledger.text
    assert ledger.json()["total"] == 2
    assert [e["hours"] for e in ledger.json()["items"]] == [4, 3.5]
    payloads = await database.outbox_payloads(LEDGER_EVENT)
    assert payloads[0] == {
        "participant_id": participant_id,
        "entry_id": absence["id"],
        "kind": "absence",
        "entry_date": "2025-09-02",
        "minutes": 240,
        "code": "ugyldig",
        "effect": "reduces",
        "corrects": None,
        "recorded_by_agency": "refugee-service",
    }
    assert (await database.counts())["access_log"] == 1


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"date": "2024-12-31"}, 422, "date-outside-programme"),
        ({"code": "tannlege"}, 422, "unknown-absence-code"),
        ({"hours": 0}, 422, None),
        ({"hours": 24.5}, 422, None),
        ({"corrects": "01930000-0000-7000-8000-000000000bad"}, 404, "ledger-entry-not-found"),
        ({"kind": "absence", "code": ...}, 422, "absence-code-required"),
    ],
)
async def test_bad_input_is_a_problem_and_writes_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    changes: dict[str, Any],
    status: int,
    code: str | None,
) -> None:
    participant_id = await enrol(client, caseworker)
    before = await database.counts()

    response = await client.post(
        f"/participants/{participant_id}/ledger", json=entry_body(**changes), headers=caseworker
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if code is not None:
        assert response.json()["code"] == code
    assert await database.counts() == before


async def test_a_correction_supersedes_the_entry_once(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    participant_id = await enrol(client, caseworker)
    wrong = await record(client, participant_id, caseworker)

    fixed = await record(client, participant_id, caseworker, code="syk", corrects=wrong["id"])
    again = await client.post(
        f"/participants/{participant_id}/ledger",
        json=entry_body(corrects=wrong["id"]),
        headers=caseworker,
    )
    ledger = await client.get(f"/participants/{participant_id}/ledger", headers=caseworker)

    assert fixed["corrects"] == wrong["id"]
    assert again.status_code == 409
    assert again.json()["code"] == "entry-already-corrected"
    assert [(e["id"], e["superseded_by"]) for e in ledger.json()["items"]] == [
        (wrong["id"], fixed["id"]),
        (fixed["id"], None),
    ]
    assert (await database.counts())["ledger_entries"] == 2


async def test_a_replayed_entry_is_recorded_once(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    participant_id = await enrol(client, caseworker)
    headers = {**caseworker, "Idempotency-Key": "ledger-2025-09-02"}

    first = await record(client, participant_id, headers)
    second = await record(client, participant_id, headers)

    assert first["id"] == second["id"]
    assert (await database.counts())["ledger_entries"] == 1


async def test_the_benefit_is_explained_and_a_correction_after_export_lands_in_the_next_month(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    database: Database,
) -> None:
    participant_id = await enrol(client, caseworker)
    absence = await record(client, participant_id, caseworker, hours=7.5)

    september = await client.get(
        f"/participants/{participant_id}/benefit/2025-09", headers=caseworker
    )
    exported = await client.post("/benefit/exports", json={"month": "2025-09"}, headers=caseworker)
    twice = await client.post("/benefit/exports", json={"month": "2025-09"}, headers=caseworker)
    await record(client, participant_id, caseworker, hours=7.5, code="syk", corrects=absence["id"])
    after = await client.get(f"/participants/{participant_id}/benefit/2025-09", headers=caseworker)
    october = await client.get(
        f"/participants/{participant_id}/benefit/2025-10", headers=caseworker
    )
    basis = await client.get("/benefit/2025-10/basis.csv", headers=leader)

    assert september.status_code == 200, september.text
    lines = {line["kind"]: line for line in september.json()["lines"]}
    assert lines["annual_basis"]["rule"] == "integreringsloven-20-2g"
    assert lines["monthly_amount"]["amount_ore"] == MONTHLY_ORE
    assert lines["invalid_absence"]["entry_ids"] == [absence["id"]]
    reduction = lines["invalid_absence"]["amount_ore"]
    assert reduction == -round(2 * 130_160 * 100 / 1850 * 7.5)
    assert exported.status_code == 201, exported.text
    assert exported.json()["participants"] == 1
    assert twice.status_code == 409
    assert after.json()["lines"] == september.json()["lines"]  # never rewritten
    assert after.json()["exported_at"] is not None
    correction = next(x for x in october.json()["lines"] if x["kind"] == "correction")
    assert correction["month"] == "2025-09"
    assert correction["amount_ore"] == -reduction
    assert october.json()["to_pay_ore"] == MONTHLY_ORE - reduction
    assert basis.status_code == 200, basis.text
    rows = list(csv.DictReader(io.StringIO(basis.text)))
    assert {r["kind"] for r in rows} >= {"annual_basis", "monthly_amount", "correction"}
    assert {r["participant_id"] for r in rows} == {participant_id}
    assert (await database.counts())["benefit_exports"] == 1


async def test_a_month_outside_the_programme_or_without_a_known_g_is_a_problem(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    participant_id = await enrol(client, caseworker)

    before = await client.get(f"/participants/{participant_id}/benefit/2024-12", headers=caseworker)
    unknown = await client.get(
        f"/participants/{participant_id}/benefit/2026-06", headers=caseworker
    )
    malformed = await client.get(
        f"/participants/{participant_id}/benefit/2025-13", headers=caseworker
    )

    assert before.status_code == 422
    assert before.json()["code"] == "month-outside-programme"
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "grunnbelop-unknown"
    assert malformed.status_code == 422


async def test_only_the_programme_owner_exports(
    client: httpx.AsyncClient, nav: dict[str, str]
) -> None:
    response = await client.post("/benefit/exports", json={"month": "2025-09"}, headers=nav)

    assert response.status_code == 403
