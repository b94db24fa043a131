"""The names on the pages come from plan-service at display time (issue 15): reporting
stores none; a page asks plan-service with the viewer's own token, so each person shown
is a read in their access log there (a list as one read), and when plan-service cannot
answer the page shows the ids and says so, never an error.

plan-service runs here as its own process on its own database of the same backend."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.broker import free_port
from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.entrypoints import deps

HAMAR = "3403"
TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html"}
LOOKUP = "POST /participants/search"
SEARCH = "GET /participants/search"


@dataclass(frozen=True)
class Plan:
    url: str
    tokens: DevTokens

    async def settle(self, given: str, family: str) -> str:
        body = {
            "municipality": HAMAR,
            "settlement_date": "2026-01-05",
            "birth_year": 1990,
            "household_type": "single",
            "languages": ["ti"],
            "given_name": given,
            "family_name": family,
        }
        async with httpx.AsyncClient(base_url=self.url) as http:
            headers = self.tokens.headers("caseworker", municipality=HAMAR)
            settled = await http.post("/participants", json=body, headers=headers)
            assert settled.status_code == 201, settled.text
            pid = str(settled.json()["id"])
            contact = await http.post(
                f"/participants/{pid}/contacts",
                json={"agency": "refugee-service", "name": "Kari Nordmann",
                      "assigned_on": "2026-01-05"},
                headers=headers,
            )  # fmt: skip
            assert contact.status_code == 201, contact.text
        return pid

    async def reads(self, pid: str) -> list[dict[str, Any]]:
        """The participant's access log in plan-service, as the leader reads it."""
        async with httpx.AsyncClient(base_url=self.url) as http:
            log = await http.get(
                f"/participants/{pid}/access-log",
                headers=self.tokens.headers("integration_leader", municipality=HAMAR, sub="x"),
            )
        assert log.status_code == 200, log.text
        return [e for e in log.json()["items"] if e["sub"] != "x"]


@pytest.fixture(scope="module")
def plan(
    make_backend_database: Callable[[str], str],
    dev_tokens: DevTokens,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Plan]:
    database_url = migrate_database(PLAN_MIGRATIONS, make_backend_database("plan_names"))
    port = free_port()
    process = ServiceProcess(
        "plan_service.entrypoints.cli",
        ["api"],
        env={
            "PLAN_DATABASE_URL": database_url,
            "PLAN_PORT": str(port),
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "HELHET_HOME": str(dev_tokens.home),
            "HELHET_ENVIRONMENT": "test",
            "LOG_LEVEL": "WARNING",
        },
        log_path=tmp_path_factory.mktemp("plan-names") / "plan-api.log",
        health_url=f"http://127.0.0.1:{port}/health/live",
    ).start()
    try:
        process.wait_healthy()
        yield Plan(f"http://127.0.0.1:{port}", dev_tokens)
    finally:
        process.stop()


@pytest.fixture(autouse=True)
def pages_clock(app: FastAPI) -> Iterator[None]:
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


@pytest.fixture
async def people(
    plan: Plan,
    clock_runner: Callable[[date], ConsumerRunner],
    to_records: Callable[..., Any],
    events: Any,
    session_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> list[str]:
    """Two participants settled in plan-service (with names) and the same two in
    reporting's read model (ids, codes and dates only)."""
    ids = [await plan.settle("Ruta", "Haile"), await plan.settle("Olena", "Kovalenko")]
    batch = []
    for pid in ids:
        batch += [
            events.settled(pid, date(2026, 1, 5)),
            events.programme_started(pid, date(2026, 2, 1), date(2028, 1, 31)),
        ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    monkeypatch.setattr(session_settings, "plan_url", plan.url)
    return ids


def leader_cookie(client: httpx.AsyncClient, tokens: DevTokens) -> None:
    client.cookies.set(
        "helhet_token", tokens.mint("integration_leader", municipality=HAMAR, sub="leder")
    )


async def test_the_list_shows_names_and_each_lands_in_plans_access_log(
    client: httpx.AsyncClient, dev_tokens: DevTokens, people: list[str], plan: Plan
) -> None:
    leader_cookie(client, dev_tokens)

    response = await client.get("/participants", headers=HTML)

    assert response.status_code == 200, response.text
    assert "Ruta Haile" in response.text
    assert "Olena Kovalenko" in response.text
    assert "Kari Nordmann" in response.text  # the caseworker column
    assert 'data-testid="names-unavailable"' not in response.text
    reads = [await plan.reads(pid) for pid in people]
    assert [[(e["endpoint"], e["sub"], e["purpose"]) for e in r] for r in reads] == [
        [(LOOKUP, "leder", "coordination")]
    ] * 2


async def test_one_participants_page_names_them_once(
    client: httpx.AsyncClient, dev_tokens: DevTokens, people: list[str], plan: Plan
) -> None:
    leader_cookie(client, dev_tokens)

    response = await client.get(f"/participants/{people[1]}", headers=HTML)

    assert response.status_code == 200, response.text
    assert "<h1>Olena Kovalenko</h1>" in response.text
    assert [e["endpoint"] for e in await plan.reads(people[1])] == [LOOKUP]
    assert await plan.reads(people[0]) == []


async def test_without_plan_service_the_page_shows_ids_and_says_so(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    people: list[str],
    session_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(session_settings, "plan_url", f"http://127.0.0.1:{free_port()}")
    leader_cookie(client, dev_tokens)

    response = await client.get("/participants", headers=HTML)

    assert response.status_code == 200
    assert 'data-testid="names-unavailable"' in response.text
    assert "Ruta" not in response.text
    assert all(f"<code>{pid}</code>" in response.text for pid in people)


async def test_the_search_by_name_goes_through_plan_service(
    client: httpx.AsyncClient, dev_tokens: DevTokens, people: list[str], plan: Plan
) -> None:
    leader_cookie(client, dev_tokens)

    response = await client.get("/participants", params={"q": "kovalenko"}, headers=HTML)

    assert response.status_code == 200, response.text
    assert re.findall(r'<tr data-participant="([^"]+)"', response.text) == [people[1]]
    assert sorted(e["endpoint"] for e in await plan.reads(people[1])) == [SEARCH, LOOKUP]


async def test_a_search_plan_service_cannot_answer_finds_nobody_and_says_so(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    people: list[str],
    session_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(session_settings, "plan_url", f"http://127.0.0.1:{free_port()}")
    leader_cookie(client, dev_tokens)

    response = await client.get("/participants", params={"q": "Ruta"}, headers=HTML)

    assert response.status_code == 200
    assert 'data-testid="search-unavailable"' in response.text
    assert 'data-participant="' not in response.text


async def test_the_list_filters_by_caseworker_through_plan_service(
    client: httpx.AsyncClient, dev_tokens: DevTokens, people: list[str], plan: Plan
) -> None:
    leader_cookie(client, dev_tokens)

    mine = await client.get("/participants", params={"caseworker": "nordmann"}, headers=HTML)
    nobody = await client.get("/participants", params={"caseworker": "Hansen"}, headers=HTML)

    assert sorted(re.findall(r'<tr data-participant="([^"]+)"', mine.text)) == sorted(people)
    assert re.findall(r'<tr data-participant="([^"]+)"', nobody.text) == []
