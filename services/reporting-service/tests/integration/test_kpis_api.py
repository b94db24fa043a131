"""KPIs over HTTP: the report, its CSV and a KPI's trend, scoped, role-checked, suppressed.

Hamar (3403) is the caller's municipality, Gjøvik (3407) another. The read model is filled
by the consumer runner from the envelopes the agency services publish: nine Hamar
participants exited, six in 2025 (four to work or education) and three in 2024; the 2024
cohort is too small to show, and so is 2025, or nine minus six would give 2024's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.domain.kpis import KPIS
from reporting_service.entrypoints import deps

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
ClockRunner = Callable[[date], ConsumerRunner]

HAMAR, GJOVIK = "3403", "3407"
TODAY = date(2026, 11, 23)
PROBLEM_JSON = "application/problem+json"
AT_EXIT = "work_or_education_at_exit"


def exit_of(events: Any, year: int, status: str) -> list[Any]:
    p = uuid4()
    started, ended = date(year - 2, 3, 1), date(year, 6, 30)
    return [
        events.settled(p, date(year - 2, 1, 10)),
        events.programme_started(p, started, ended),
        events.plan_updated(p),
        events.programme_ended(p, ended, started),
        events.outcome(p, status, ended, ended=ended),
    ]


@pytest.fixture
async def town(
    clock_runner: ClockRunner, to_records: ToRecords, events: Any, app: FastAPI
) -> Iterator[None]:
    batch: list[Any] = []
    for status in ["work", "education", "work", "education", "other", "nav_measure"]:
        batch += exit_of(events, 2025, status)
    for status in ["work", "other", "other"]:
        batch += exit_of(events, 2024, status)
    for n in range(6):  # six placements: five within the wishes, two ended hired
        p, placement = uuid4(), uuid4()
        batch += [
            events.settled(p, date(2026, 1, 10)),
            events.placement_started(
                p,
                placement,
                date(2026, 3, 1),
                flags=("outside-wishes",) if n == 0 else (),
                created_by_municipality=n < 5,
            ),
        ]
        if n < 5:
            batch.append(
                events.placement_ended(
                    p, placement, date(2026, 6, 1), reason="hired" if n < 2 else "completed"
                )
            )
    events.municipality = GJOVIK
    for status in ["work"] * 7:
        batch += exit_of(events, 2025, status)
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


def leader(dev_tokens: DevTokens, municipality: str = HAMAR) -> dict[str, str]:
    return dev_tokens.headers("integration_leader", municipality=municipality)


def by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k["id"]: k for k in body["kpis"]}


def numbers(kpi: dict[str, Any]) -> tuple[Any, ...]:
    return (kpi["suppressed"], kpi["value"], kpi["numerator"], kpi["denominator"])


# -- /kpis -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_report_of_the_callers_municipality(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/kpis", headers=leader(dev_tokens))

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["municipality"], body["municipality_name"], body["as_of"]) == (
        HAMAR,
        "Hamar",
        "2026-11-23",
    )
    assert (body["min_group_size"], body["cohorts"], body["unit"], body["cohort"]) == (
        5,
        [2025, 2024],
        None,
        None,
    )
    kpis = by_id(body)
    assert list(kpis) == [k.id for k in KPIS]
    at_exit = kpis[AT_EXIT]
    assert numbers(at_exit) == (False, 0.5556, 5, 9)  # Gjøvik's seven are not counted
    assert (at_exit["target"], at_exit["meets_target"], at_exit["unit"]) == (0.55, True, "share")
    assert at_exit["label"] == "I arbeid eller utdanning ved avslutning"
    assert numbers(kpis["placement_to_job"]) == (False, 0.4, 2, 5)
    assert numbers(kpis["placements_within_wishes"]) == (False, 0.8333, 5, 6)
    assert numbers(kpis["placements_created_by_municipality"]) == (False, 5.0, 5, None)


@pytest.mark.usefixtures("town")
async def test_labels_in_english(client: httpx.AsyncClient, dev_tokens: DevTokens) -> None:
    response = await client.get("/kpis", params={"lang": "en"}, headers=leader(dev_tokens))

    assert by_id(response.json())[AT_EXIT]["label"] == "In work or education at exit"


@pytest.mark.usefixtures("town")
async def test_a_small_cohort_and_the_one_that_would_reveal_it_have_no_numbers(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    small = await client.get("/kpis", params={"cohort": 2024}, headers=leader(dev_tokens))
    other = await client.get("/kpis", params={"cohort": 2025}, headers=leader(dev_tokens))

    assert small.status_code == other.status_code == 200
    assert numbers(by_id(small.json())[AT_EXIT]) == (True, None, None, None)
    assert numbers(by_id(other.json())[AT_EXIT]) == (True, None, None, None)
    assert by_id(small.json())[AT_EXIT]["meets_target"] is None


@pytest.mark.usefixtures("town")
async def test_another_municipality_sees_only_its_own(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        "/kpis", params={"cohort": 2025}, headers=leader(dev_tokens, GJOVIK)
    )

    assert numbers(by_id(response.json())[AT_EXIT]) == (False, 1.0, 7, 7)


@pytest.mark.usefixtures("town")
async def test_a_unit_gets_the_kpis_it_answers_for(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/kpis", params={"unit": "nav"}, headers=leader(dev_tokens))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["unit"] == "nav"
    assert set(by_id(body)) == {
        "placement_to_job",
        "placements_within_wishes",
        "municipal_jobs",
        "placements_created_by_municipality",
    }
    # NAV owns NAV measures; none of the six placements is one: an empty group.
    assert numbers(by_id(body)["placement_to_job"]) == (False, None, 0, 0)


async def test_an_unknown_unit_is_a_404_problem(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/kpis", params={"unit": "nav-oslo"}, headers=leader(dev_tokens))

    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert response.json() == {
        "type": "https://helhet.no/problems/unknown-unit",
        "title": "Not found",
        "status": 404,
        "code": "unknown-unit",
        "detail": "No unit 'nav-oslo' in your municipality's organisation model.",
        "instance": "/kpis",
    }


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/kpis", {"cohort": "1999"}),
        ("/kpis", {"cohort": "twenty"}),
        ("/kpis", {"unit": "NAV!"}),
        ("/kpis", {"lang": "de"}),
        ("/kpis.csv", {"cohort": "3000"}),
        ("/kpis/work_or_education_at_exit/trend", {"months": "0"}),
        ("/kpis/work_or_education_at_exit/trend", {"months": "121"}),
        ("/kpis/Not-An-Id/trend", {}),
    ],
)
async def test_bad_parameters_are_a_422_problem(
    path: str, params: dict[str, str], client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(path, params=params, headers=leader(dev_tokens))

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert response.json()["code"] == "invalid-input"


@pytest.mark.parametrize("path", ["/kpis", "/kpis.csv", "/kpis/municipal_jobs/trend"])
async def test_no_token_is_a_401_and_a_participant_is_a_403(
    path: str, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    anonymous = await client.get(path)
    participant = await client.get(path, headers=dev_tokens.headers("participant"))

    assert (anonymous.status_code, participant.status_code) == (401, 403)


# -- /kpis.csv -------------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_csv_opens_in_a_norwegian_spreadsheet_with_small_cells_hidden(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/kpis.csv", params={"cohort": 2024}, headers=leader(dev_tokens))

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="kpis-3403-2024.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:6] == ["kpi", "indikator", "måleenhet", "verdi", "teller", "nevner"]
    at_exit = next(r for r in rows if r[0] == AT_EXIT)
    assert at_exit[3:6] == ["skjult", "skjult", "skjult"]
    assert at_exit[6] == "0,55"
    assert len(rows) == 1 + len(KPIS)


@pytest.mark.usefixtures("town")
async def test_the_csv_in_english_uses_commas(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/kpis.csv", params={"lang": "en"}, headers=leader(dev_tokens))

    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    at_exit = next(r for r in rows if r[0] == AT_EXIT)
    assert at_exit[1:8] == [
        "In work or education at exit",
        "share",
        "0.5556",
        "5",
        "9",
        "0.55",
        "yes",
    ]


# -- /kpis/{id}/trend ------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_trend_has_a_point_per_month_with_the_same_suppression(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        f"/kpis/{AT_EXIT}/trend", params={"months": 18}, headers=leader(dev_tokens)
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["unit"], body["target"], body["months"]) == (
        AT_EXIT,
        "share",
        0.55,
        18,
    )
    months = [p["month"] for p in body["points"]]
    assert (len(months), months[0], months[-1]) == (18, "2025-06", "2026-11")
    points = dict(zip(months, body["points"], strict=True))
    assert points["2026-11"]["period_end"] == "2026-11-23"
    # June 2025 to May 2026 hold exactly the six 2025 leavers: that cohort is suppressed
    # in the report (or nine minus six would give 2024's three), so these points are too.
    hidden = [p for m, p in points.items() if m <= "2026-05"]
    assert len(hidden) == 12
    assert all(p["suppressed"] and p["value"] is None for p in hidden)
    assert {(p["suppressed"], p["denominator"]) for m, p in points.items() if m >= "2026-06"} == {
        (False, 0)
    }


@pytest.mark.usefixtures("town")
async def test_a_trend_point_with_enough_people_is_shown(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        "/kpis/placements_within_wishes/trend", params={"months": 3}, headers=leader(dev_tokens)
    )

    points = response.json()["points"]
    assert [p["month"] for p in points] == ["2026-09", "2026-10", "2026-11"]
    assert {(p["value"], p["numerator"], p["denominator"]) for p in points} == {(0.8333, 5, 6)}


async def test_an_unknown_kpi_is_a_404_problem(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/kpis/jobs_created/trend", headers=leader(dev_tokens))

    assert response.status_code == 404
    assert response.json() == {
        "type": "https://helhet.no/problems/unknown-kpi",
        "title": "Not found",
        "status": 404,
        "code": "unknown-kpi",
        "detail": "No KPI 'jobs_created'.",
        "instance": "/kpis/jobs_created/trend",
    }


async def test_the_openapi_document_has_examples_on_the_json_responses(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()

    for path in [
        "/overview",
        "/participants",
        "/participants/{participant_id}/chain",
        "/alerts",
        "/kpis",
        "/kpis/{kpi_id}/trend",
    ]:
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]
        assert "example" in content["application/json"], path
    csv_content = spec["paths"]["/kpis.csv"]["get"]["responses"]["200"]["content"]
    assert "skjult" in csv_content["text/csv"]["example"]


# -- inter-municipal cooperation: Lillehammer with Øyer and Gausdal (report 004) ------------

LILLEHAMMER, OYER, GAUSDAL = "3405", "3440", "3441"


async def test_the_kpis_per_municipality_and_for_the_whole_cooperation(
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    app: FastAPI,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    batch: list[Any] = []
    for municipality, statuses in [
        (LILLEHAMMER, ["work", "other", "work", "other", "other"]),
        (OYER, ["work", "education", "work", "work", "other"]),
        (GAUSDAL, ["work", "education", "education", "work", "work", "other"]),
        (HAMAR, ["work"] * 5),  # not in the cooperation
    ]:
        events.municipality = municipality
        for status in statuses:
            batch += exit_of(events, 2025, status)
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == len(batch)
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    lillehammer = dev_tokens.headers("integration_leader", municipality=LILLEHAMMER)

    own = await client.get("/kpis", headers=lillehammer)
    oyer = await client.get("/kpis", headers={**lillehammer, "Helhet-Municipality": OYER})
    whole = await client.get("/kpis", params={"cooperation": "true"}, headers=lillehammer)
    hamar = await client.get(
        "/kpis", params={"cooperation": "true"}, headers=leader(dev_tokens, HAMAR)
    )

    for response in (own, oyer, whole, hamar):
        assert response.status_code == 200, response.text
    assert numbers(by_id(own.json())[AT_EXIT]) == (False, 0.4, 2, 5)
    assert (oyer.json()["municipality"], oyer.json()["municipalities"]) == (OYER, [OYER])
    assert numbers(by_id(oyer.json())[AT_EXIT]) == (False, 0.8, 4, 5)
    assert whole.json()["municipalities"] == [LILLEHAMMER, OYER, GAUSDAL]
    assert numbers(by_id(whole.json())[AT_EXIT]) == (False, 0.6875, 11, 16)
    assert hamar.json()["municipalities"] == [HAMAR]  # in no cooperation: its own
    assert numbers(by_id(hamar.json())[AT_EXIT]) == (False, 1.0, 5, 5)
    app.dependency_overrides.pop(deps.clock, None)
