"""'Min kø' as the caseworker's landing page, and the queue's filters and sorting.

Every sign-in lands on ``/``: a caseworker goes on to the queue of their unit (the
Hamar refugee service's caseworker to the refugee office's alerts), the integration
leader stays on the overview. The read model is filled as of 2026-09-02.
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

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
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
async def two_households(clock_runner: ClockRunner, to_records: ToRecords, events: Any) -> Any:
    """A single without a plan since 2026-05-02 and a family without a plan since
    2026-06-01, each with the alerts the rules open."""
    single, family = uuid4(), uuid4()
    batch = [
        events.settled(single, date(2026, 1, 5), household="single"),
        events.programme_started(single, date(2026, 2, 1), date(2028, 1, 31)),
        events.settled(family, date(2026, 3, 5), household="family"),
        events.programme_started(family, date(2026, 3, 1), date(2028, 2, 28)),
    ]
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == 4
    return single, family


def sign_in(
    client: httpx.AsyncClient, dev_tokens: DevTokens, *roles: str, agency: str = "refugee-service"
) -> None:
    client.cookies.set(
        "helhet_token", dev_tokens.mint(*roles, sub="kari", name="Kari Nordmann", agency=agency)
    )


def rows(page: str) -> list[str]:
    return re.findall(r'<tr data-alert="([^"]+)"', page)


async def test_a_caseworker_lands_on_the_queue_of_their_unit(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "caseworker")

    landed = await client.get("/", headers=HTML)

    assert landed.status_code == 303
    assert landed.headers["location"] == "/queue?unit=flyktningkontor"
    queue = await client.get(landed.headers["location"], headers=HTML)
    assert "<h1>Min kø" in queue.text
    assert rows(queue.text), "the unit's alerts are listed"
    assert set(re.findall(r'<option value="flyktningkontor" selected>', queue.text))
    # The overview is still one click away, from the menu.
    assert 'href="/?view=overview"' in queue.text
    overview = await client.get("/?view=overview", headers=HTML)
    assert overview.status_code == 200
    assert "Trenger oppmerksomhet i dag" in overview.text


async def test_a_caseworker_signing_in_with_a_token_lands_on_the_queue(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    token = dev_tokens.mint("caseworker", sub="kari", agency="nav")

    signed = await client.get("/login", params={"token": token})
    landed = await client.get(signed.headers["location"], headers=HTML)

    assert signed.status_code == 303
    assert signed.headers["location"] == "/"
    assert landed.status_code == 303
    assert landed.headers["location"] == "/queue?unit=nav"


async def test_a_caseworker_of_an_agency_without_a_unit_lands_on_their_own_alerts(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "caseworker", agency="county")

    landed = await client.get("/", headers=HTML)

    assert landed.headers["location"] == "/queue?show=mine"


async def test_the_integration_leader_lands_on_the_overview(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader", "caseworker")

    landed = await client.get("/", headers=HTML)

    assert landed.status_code == 200
    assert "Trenger oppmerksomhet i dag" in landed.text
    assert 'href="/?view=overview"' not in landed.text


async def test_the_queue_filters_by_household_stage_and_assignee(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    single, family = two_households
    sign_in(client, dev_tokens, "caseworker")
    everything = await client.get("/queue", headers=HTML)
    families = await client.get("/queue", params={"household": "family"}, headers=HTML)
    alert = (await client.get("/queue", headers=dev_tokens.headers("caseworker"))).json()
    family_alerts = [a for a in alert["items"] if a["participant_id"] == str(family)]
    single_alerts = [a for a in alert["items"] if a["participant_id"] == str(single)]

    assert set(rows(families.text)) == {a["alert_id"] for a in family_alerts}
    assert {a["alert_id"] for a in family_alerts + single_alerts} < set(rows(everything.text))
    no_stage = await client.get("/queue", params={"stage": "plan"}, headers=HTML)
    assert rows(no_stage.text) == []
    assert "Ingen varsler i køen med disse filtrene." in no_stage.text

    taken = single_alerts[0]
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', everything.text)
    assert token is not None
    await client.post(
        f"/alerts/{taken['alert_id']}/actions",
        data={"csrf_token": token.group(1), "action": "assign", "version": "1", "back": "/queue"},
    )
    by_kari = await client.get("/queue", params={"assignee": "kari"}, headers=HTML)
    nobodys = await client.get("/queue", params={"assignee": "none"}, headers=HTML)

    assert rows(by_kari.text) == [taken["alert_id"]]
    assert '<option value="kari" selected>Kari Nordmann</option>' in by_kari.text
    assert taken["alert_id"] not in rows(nobodys.text)
    assert len(rows(nobodys.text)) == len(rows(everything.text)) - 1


async def test_the_queue_sorts_by_age_both_ways_and_says_so(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "caseworker")

    oldest = await client.get("/queue", params={"sort": "since"}, headers=HTML)
    newest = await client.get("/queue", params={"sort": "-since"}, headers=HTML)

    assert rows(oldest.text)
    assert rows(newest.text)
    assert rows(oldest.text)[0] != rows(newest.text)[0]
    assert re.search(
        r'<th scope="col" aria-sort="ascending"><a href="/queue\?sort=-since"', oldest.text
    )
    assert re.search(
        r'<th scope="col" aria-sort="descending"><a href="/queue\?sort=since"', newest.text
    )
    assert oldest.text.count("aria-sort=") == 1


@pytest.mark.parametrize(
    "query",
    [
        {"stage": "moon"},
        {"household": "castle"},
        {"cohort": "1850"},
        {"severity": "urgent"},
        {"assignee": "nobody-took-anything"},
        {"unit": "Not A Unit"},
        {"sort": "name"},
        {"sort": "-name"},
        {"view": "elsewhere"},
    ],
)
async def test_a_value_the_queue_does_not_offer_is_a_bad_request_page(
    query: dict[str, str],
    two_households: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    sign_in(client, dev_tokens, "caseworker")
    path = "/" if "view" in query else "/queue"

    page = await client.get(path, params=query, headers=HTML)

    assert page.status_code == 400
    assert "<html" in page.text
    assert "Ugyldig" in page.text or "ugyldig" in page.text


async def test_needs_attention_today_counts_per_unit_and_links_the_most_pressing(
    two_households: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    queue = (
        await client.get("/queue", params={"limit": 100}, headers=dev_tokens.headers("caseworker"))
    ).json()["items"]
    sign_in(client, dev_tokens, "integration_leader")

    page = (await client.get("/", headers=HTML)).text

    block = page.split('data-testid="attention"')[1].split("</section>")[0]
    per_unit = {
        unit: (int(waiting), int(high))
        for unit, waiting, high in re.findall(
            r'<tr data-unit="([^"]*)">.*?<td>(\d+)</td>\s*<td>(\d+)</td>', block, flags=re.S
        )
    }
    expected: dict[str, tuple[int, int]] = {}
    for item in queue:
        waiting, high = expected.get(item["unit_id"] or "", (0, 0))
        expected[item["unit_id"] or ""] = (waiting + 1, high + (item["severity"] == "high"))
    assert per_unit == expected
    assert '<a href="/queue?unit=flyktningkontor">' in block
    oldest = block.split('data-testid="attention-oldest"')[1].split("</table>")[0]
    shown = re.findall(r'<tr data-alert="([^"]+)">\s*<th scope="row"><a href="/alerts/\1">', oldest)
    assert len(shown) == 5
    by_id = {item["alert_id"]: item for item in queue}
    ranks = [
        (["high", "medium", "low"].index(by_id[a]["severity"]), by_id[a]["since"]) for a in shown
    ]
    assert ranks == sorted(ranks), "the most severe first, the oldest gap first among them"
    assert ranks[0][0] == 0
    assert f"Gå til køen ({len(queue)})" in block
