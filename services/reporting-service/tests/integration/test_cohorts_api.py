"""Outcome cohorts over HTTP and on the leader's cohort page (issue 16): by exit year
against the targets and by years since settlement, split by gender, small groups
suppressed; only the caller's municipality.

Hamar (3403): 2024's exit cohort is six women (three in work at exit, all six one year
after) and six men (six in work at exit); in 2025 five women, five men and two of
another gender exited, all to work. Each of the
2024 cohort has a status one and two years after settlement (the women in work in year
two, the men not). Gjøvik (3407) has seven exits of its own.
"""

from __future__ import annotations

import html
import re
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
from reporting_service import contracts
from reporting_service.entrypoints import deps

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
ClockRunner = Callable[[date], ConsumerRunner]

HAMAR, GJOVIK = "3403", "3407"
TODAY = date(2026, 11, 23)
HTML = {"Accept": "text/html"}
DASH = "\u2013"  # nobody measured


def person(
    events: Any,
    gender: str,
    exit_year: int,
    at_exit: str,
    one_year: str | None = None,
    yearly: tuple[str, ...] = (),
) -> list[Any]:
    p = uuid4()
    settled_on = date(exit_year - 2, 1, 10)
    started, ended = date(exit_year - 2, 3, 1), date(exit_year, 6, 30)
    settled = events.settled(p, settled_on, household="family")
    settled.data["gender"] = gender
    batch = [
        settled,
        events.programme_started(p, started, ended),
        events.programme_ended(p, ended, started),
        events.outcome(p, at_exit, ended, ended=ended),
    ]
    if one_year:
        batch.append(
            events.outcome(
                p, one_year, date(exit_year + 1, 11, 15), ended=ended, measured_at="one_year_after"
            )
        )
    for n, status in enumerate(yearly, start=1):
        batch.append(
            events.envelope(
                contracts.OutcomeRecorded.event_type,
                p,
                measured_at="year_n",
                status=status,
                status_on=date(settled_on.year + n, 1, 5),
                programme_end_date=ended,
                years_since_settlement=n,
                still_in_municipality=True,
            )
        )
    return batch


@pytest.fixture
async def town(
    clock_runner: ClockRunner, to_records: ToRecords, events: Any, app: FastAPI
) -> Iterator[None]:
    batch: list[Any] = []
    for n in range(6):
        at_exit = "work" if n < 3 else "social_assistance"
        batch += person(events, "female", 2024, at_exit, "work", ("education", "work"))
        batch += person(events, "male", 2024, "work", "nav_measure", ("work", "unknown"))
    for gender in ["female"] * 5 + ["male"] * 5 + ["other"] * 2:
        batch += person(events, gender, 2025, "work")
    events.municipality = GJOVIK
    for _ in range(7):
        batch += person(events, "male", 2024, "social_assistance", "social_assistance")
    events.municipality = HAMAR
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


def groups(cells: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {c["group"]: (c["value"], c["numerator"], c["denominator"]) for c in cells}


@pytest.mark.usefixtures("town")
async def test_the_cohorts_by_exit_year_and_by_years_since_settlement_by_gender(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        "/cohorts", headers=dev_tokens.headers("integration_leader", municipality=HAMAR)
    )

    assert response.status_code == 200, response.text
    body = response.json()
    exits = {c["exit_year"]: c for c in body["exit_cohorts"]}
    years = {
        y["years_since_settlement"]: groups(y["groups"]) for y in body["years_since_settlement"]
    }
    assert (body["target_at_exit"], body["target_one_year_after"]) == (0.55, 0.7)
    assert list(exits) == [None, 2024, 2025]
    assert groups(exits[2024]["one_year_after"]) == {
        "all": (0.5, 6, 12),
        "female": (1.0, 6, 6),
        "male": (0.0, 0, 6),
        "other_or_unknown": (None, None, 0),
    }
    one_year = {c["group"]: c["meets_target"] for c in exits[2024]["one_year_after"]}
    assert (one_year["female"], one_year["male"]) == (True, False)
    assert groups(exits[2024]["at_exit"])["all"] == (0.75, 9, 12)
    # 2025's two of another gender are hidden, and so is what would reveal them.
    hidden_2025 = [c["group"] for c in exits[2025]["at_exit"] if c["suppressed"]]
    assert "other_or_unknown" in hidden_2025
    assert len(hidden_2025) >= 2
    assert all(
        c["value"] is None and c["numerator"] is None
        for cohort in exits.values()
        for c in cohort["at_exit"]
        if c["suppressed"]
    )
    assert years[1]["all"] == (1.0, 12, 12)
    assert (years[2]["female"], years[2]["male"]) == ((1.0, 6, 6), (0.0, 0, 6))
    assert years[3]["all"] == (None, None, 0)


async def test_the_cohorts_need_a_signed_in_reader(client: httpx.AsyncClient) -> None:
    response = await client.get("/cohorts")

    assert response.status_code == 401


@pytest.mark.usefixtures("town")
async def test_the_cohort_page_shows_the_curves_and_their_tables(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint("integration_leader", municipality=HAMAR))

    response = await client.get("/cohorts", headers=HTML)
    english = await client.get("/cohorts", params={"lang": "en"}, headers=HTML)

    assert response.status_code == 200, response.text
    page = response.text
    assert "Resultater per kull: Hamar" in text(page)
    assert "Outcome cohorts: Hamar" in text(english.text)
    assert page.count('role="img"') == 2  # the curves to five years, the exit cohorts
    years = table(page, "table-years")
    assert years[0] == ["1 år", "100 % (12 av 12)", "100 % (6 av 6)", "100 % (6 av 6)", DASH]
    assert years[1][:4] == ["2 år", "50 % (6 av 12)", "100 % (6 av 6)", "0 % (0 av 6)"]
    one_year = {row[0]: row[1:] for row in table(page, "table-one-year")}
    assert one_year["2024"][:3] == [
        "50 % (6 av 12) (under målet)",
        "100 % (6 av 6) (når målet)",
        "0 % (0 av 6) (under målet)",
    ]
    at_exit = {row[0]: row[1:] for row in table(page, "table-at-exit")}
    assert at_exit["2024"][0] == "75 % (9 av 12) (når målet)"
    assert at_exit["2025"][3] == "skjult (<5)"
    # The navigation leads to the page.
    assert 'href="/cohorts"' in page


async def test_the_cohort_page_of_a_municipality_with_nothing_measured_yet(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    """No exit cohort and no yearly status (a new municipality, or one whose groups are
    all too small): the page says so instead of failing (it was a 500: the curves drew
    their scale with no line)."""
    client.cookies.set("helhet_token", dev_tokens.mint("integration_leader", municipality=HAMAR))

    response = await client.get("/cohorts", headers=HTML)

    assert response.status_code == 200, response.text
    assert "Ingen målinger ennå" in text(response.text)


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def table(page: str, testid: str) -> list[list[str]]:
    match = re.search(rf'data-testid="{testid}".*?<tbody>(.*?)</tbody>', page, re.S)
    assert match is not None, testid
    return [
        [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    ]
