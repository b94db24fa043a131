"""The work queue's pages: 'Min kø' with its forms, an alert's page with its history,
and the overview's 'Trenger oppmerksomhet i dag'. The forms post with the session's
form token and run the same commands as the JSON API.

The read model is filled as of 2026-09-02 and the pages' clock is pinned to that day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.adapters import tables
from reporting_service.entrypoints import deps

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
ClockRunner = Callable[[date], ConsumerRunner]

TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(autouse=True)
def pages_clock(app: FastAPI) -> Iterator[None]:
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


@pytest.fixture
async def without_plan(clock_runner: ClockRunner, to_records: ToRecords, events: Any) -> Any:
    """A single participant with no plan since 2026-05-02 (and no network, no NAV)."""
    p = uuid4()
    batch = [
        events.settled(p, date(2026, 1, 5), household="single"),
        events.programme_started(p, date(2026, 2, 1), date(2028, 1, 31)),
    ]
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == 2
    return p


def sign_in(client: httpx.AsyncClient, dev_tokens: DevTokens, *roles: str) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint(*roles, sub="kari", name="Kari Nordmann"))


async def first_alert(client: httpx.AsyncClient, dev_tokens: DevTokens) -> dict[str, Any]:
    page = await client.get("/queue", headers=dev_tokens.headers("caseworker"))
    item: dict[str, Any] = page.json()["items"][0]
    return item


def form_token(page_html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page_html)
    assert found is not None, "no form token on the page"
    return found.group(1)


async def history_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(tables.alert_history)) or 0)


async def test_my_queue_lists_the_alerts_most_severe_first(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "caseworker")

    response = await client.get("/queue", headers=HTML)

    assert response.status_code == 200, response.text
    assert "<h1>Min kø" in response.text
    severities = re.findall(r'<tr data-alert="[^"]+" data-severity="(\w+)"', response.text)
    assert severities[0] == "high"
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    assert "Ta saken" in response.text
    assert "Kvitter" in response.text


async def test_taking_an_alert_from_the_page(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await first_alert(client, dev_tokens)
    sign_in(client, dev_tokens, "caseworker")
    token = form_token((await client.get("/queue", headers=HTML)).text)

    taken = await client.post(
        f"/alerts/{alert['alert_id']}/actions",
        data={"csrf_token": token, "action": "assign", "version": "1", "back": "/queue"},
    )

    assert taken.status_code == 303
    assert taken.headers["location"] == "/queue?done=assign"
    mine = await client.get("/queue", params={"show": "mine", "done": "assign"}, headers=HTML)
    assert "Varselet er tildelt deg." in mine.text
    assert re.findall(r'<tr data-alert="([^"]+)"', mine.text) == [alert["alert_id"]]
    assert "Kari Nordmann" in mine.text


async def test_a_form_without_the_sessions_token_writes_nothing(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    alert = await first_alert(client, dev_tokens)
    sign_in(client, dev_tokens, "caseworker")

    forged = await client.post(
        f"/alerts/{alert['alert_id']}/actions",
        data={"csrf_token": "0" * 64, "action": "acknowledge", "version": "1"},
    )

    assert forged.status_code == 403
    assert await history_rows(test_engine) == 0


async def test_a_refused_form_goes_back_with_the_reason(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    alert = await first_alert(client, dev_tokens)
    sign_in(client, dev_tokens, "caseworker")
    back = f"/alerts/{alert['alert_id']}"
    token = form_token((await client.get(back, headers=HTML)).text)

    past = await client.post(
        f"/alerts/{alert['alert_id']}/actions",
        data={
            "csrf_token": token,
            "action": "snooze",
            "version": "1",
            "until": "2026-09-01",
            "text": "Venter",
            "back": back,
        },
    )

    assert past.status_code == 303
    assert past.headers["location"] == f"{back}?error=snooze-not-in-future"
    shown = await client.get(past.headers["location"], headers=HTML)
    assert "Datoen må være etter i dag." in shown.text
    assert await history_rows(test_engine) == 0


async def test_the_alerts_page_shows_its_whole_history(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await first_alert(client, dev_tokens)
    url = f"/alerts/{alert['alert_id']}"
    sign_in(client, dev_tokens, "caseworker")
    token = form_token((await client.get(url, headers=HTML)).text)
    for version, action, text in [("1", "comment", "Ringte NAV."), ("2", "close", "Ordnet.")]:
        done = await client.post(
            f"{url}/actions",
            data={"csrf_token": token, "action": action, "version": version, "text": text},
        )
        assert done.status_code == 303
        assert "done=" in done.headers["location"]

    page = await client.get(url, headers=HTML)

    history = page.text.split('data-testid="history"')[1]
    assert [m for m in ("Åpnet", "Kommentert", "Lukket for hånd") if m in history] == [
        "Åpnet",
        "Kommentert",
        "Lukket for hånd",
    ]
    assert "Ringte NAV." in history
    assert "Ordnet." in history
    assert "Kari Nordmann" in history
    assert "Ta saken" not in page.text  # closed: no forms


async def test_readers_who_do_not_act_see_no_forms_and_may_not_post(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    alert = await first_alert(client, dev_tokens)
    sign_in(client, dev_tokens, "operator")
    page = await client.get("/queue", headers=HTML)

    posted = await client.post(
        f"/alerts/{alert['alert_id']}/actions",
        data={"csrf_token": "x", "action": "acknowledge", "version": "1"},
    )

    assert page.status_code == 200
    assert "Ta saken" not in page.text
    assert posted.status_code == 403
    assert await history_rows(test_engine) == 0


async def test_the_overview_starts_with_what_needs_attention_today(
    without_plan: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    page = await client.get("/", headers=HTML)

    assert page.status_code == 200
    main = page.text.split("<main")[1]
    assert main.index("Trenger oppmerksomhet i dag") < main.index('id="chain-heading"')
    units = re.findall(r'<tr data-unit="([^"]*)">', page.text)
    assert "flyktningkontor" in units
    oldest = page.text.split('data-testid="attention-oldest"')[1].split("</table>")[0]
    # The most severe first: no plan since 2026-05-02 (high) before alone since
    # 2026-04-05 (medium), though that gap is older.
    assert oldest.count("<tr data-alert=") == 5
    assert oldest.index("Ingen integreringsplan etter programstart") < oldest.index(
        "Enslig uten sosialt nettverk"
    )


async def test_an_unknown_alert_is_a_not_found_page(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "caseworker")

    assert (await client.get(f"/alerts/{uuid4()}", headers=HTML)).status_code == 404
    assert (await client.get("/alerts/not-an-id", headers=HTML)).status_code == 404
