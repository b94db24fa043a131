"""The pages over HTTP: who may see which page, what each shows, filters, replay.

The read model is filled by the consumer runner, with the gap rules evaluated as of
2026-09-02; the pages' clock is pinned to that day too. Hamar (3403) is the caller's
municipality; Gjøvik (3407) another. A browser asks for HTML (``Accept: text/html``); on
the paths the pages share with the JSON API, any other request gets the JSON.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.clock import OSLO, FixedClock
from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.heartbeat import HeartbeatWriter
from helhet_common.testing import async_wait_until
from helhet_common.testing.services import DevTokens
from reporting_service import contracts
from reporting_service.bootstrap import definition
from reporting_service.entrypoints import deps, pages
from reporting_service.entrypoints.app import create
from reporting_service.settings import ReportingSettings

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
ClockRunner = Callable[[date], ConsumerRunner]

HAMAR, GJOVIK = "3403", "3407"
TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROBLEM_JSON = "application/problem+json"
READER_PAGES = ["/", "/matrix", "/participants", "/alerts", "/queue"]
TEMPLATES = Path(pages.__file__).parent / "templates"


@pytest.fixture(autouse=True)
def pages_clock(app: FastAPI) -> Iterator[None]:
    """The pages' 'today' (KPIs, trends, overdue) is ``TODAY``, whatever the real day."""
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


class Scenario:
    def __init__(self) -> None:
        self.without_plan = uuid4()  # no plan 90 days after the start; single, alone
        self.placed = uuid4()  # placement ended undecided
        self.placement = uuid4()
        self.in_gjovik = uuid4()


@pytest.fixture
async def town(clock_runner: ClockRunner, to_records: ToRecords, events: Any) -> Scenario:
    s = Scenario()
    start, end = date(2026, 2, 1), date(2028, 1, 31)
    batch = [
        events.settled(s.without_plan, date(2026, 1, 5), household="single"),
        events.programme_started(s.without_plan, start, end),
        events.settled(s.placed, date(2026, 1, 5), household="family"),
        events.programme_started(s.placed, start, end),
        events.mapping_recorded(s.placed, date(2026, 2, 10)),
        events.plan_updated(s.placed),
        events.placement_started(s.placed, s.placement, date(2026, 4, 1), kind="nav_work_training"),
        events.placement_ended(s.placed, s.placement, date(2026, 9, 1)),
    ]
    events.municipality = GJOVIK
    batch += [
        events.settled(s.in_gjovik, date(2026, 1, 5)),
        events.programme_started(s.in_gjovik, start, end),
    ]
    events.municipality = HAMAR
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    return s


def sign_in(client: httpx.AsyncClient, dev_tokens: DevTokens, *roles: str, **claims: str) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint(*roles, **claims))


async def page(client: httpx.AsyncClient, path: str, **params: str) -> httpx.Response:
    return await client.get(path, params=params, headers=HTML)


def h1(page_html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", page_html, flags=re.S)
    assert match is not None, page_html[:500]
    return text(match.group(1))


def rows(page_html: str, attribute: str) -> list[str]:
    return re.findall(rf'<tr[^>]* {attribute}="([^"]+)"', page_html)


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", fragment)).strip()


def element(page_html: str, attribute: str, value: str) -> str:
    """The text of the element carrying ``attribute="value"``, up to its closing tag."""
    match = re.search(
        rf'<(\w+)[^>]* {attribute}="{re.escape(value)}"[^>]*>(.*?)</\1>', page_html, re.S
    )
    assert match is not None, f"no {attribute}={value}"
    return text(match.group(2))


# -- who may see what -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [*READER_PAGES, f"/participants/{uuid4()}", "/operations"])
async def test_every_page_without_a_cookie_redirects_to_login(
    path: str, client: httpx.AsyncClient
) -> None:
    response = await page(client, path)

    assert response.status_code == 303
    back = "" if path == "/" else "?" + urlencode({"next": path})
    assert response.headers["location"] == f"/login{back}"


async def test_an_expired_or_garbage_cookie_redirects_to_login(client: httpx.AsyncClient) -> None:
    client.cookies.set("helhet_token", "garbage")

    response = await page(client, "/matrix")

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fmatrix"


@pytest.mark.usefixtures("town")
@pytest.mark.parametrize(
    ("path", "nb", "en"),
    [
        ("/", "Oversikt: Hamar (3403)", "Overview: Hamar (3403)"),
        ("/matrix", "Ansvarsmatrise: Hamar", "Responsibility matrix: Hamar"),
        ("/participants", "Deltakere: Hamar", "Participants: Hamar"),
        ("/alerts", "Varsler: Hamar", "Alerts: Hamar"),
    ],
)
async def test_every_reader_page_renders_in_norwegian_and_english(
    path: str, nb: str, en: str, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    norwegian = await page(client, path)
    english = await page(client, path, lang="en")

    assert norwegian.status_code == 200, norwegian.text
    assert norwegian.headers["content-type"].startswith("text/html")
    assert h1(norwegian.text) == nb
    assert '<html lang="nb">' in norwegian.text
    assert english.status_code == 200
    assert h1(english.text) == en
    assert '<html lang="en">' in english.text
    # every page has the navigation bar and the language switch
    assert 'aria-label="Hovedmeny"' in norwegian.text
    assert ">English</a>" in norwegian.text
    assert ">Norsk</a>" in english.text


@pytest.mark.usefixtures("town")
@pytest.mark.parametrize("role", ["caseworker", "operator", "admin"])
async def test_the_other_reader_roles_see_the_pages(
    role: str, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, role)

    for path in READER_PAGES:
        # A caseworker lands on the queue (test_queue_landing); the overview is a click away.
        landing = {"view": "overview"} if path == "/" and role == "caseworker" else {}
        response = await page(client, path, **landing)
        if path == "/participants" and role != "caseworker":
            # operators and admins see no participant's chain (decision 0013)
            assert response.status_code == 403, (path, response.text[:300])
            continue
        assert response.status_code == 200, (path, response.text[:300])
        shows_participants = 'href="/participants"' in response.text
        assert shows_participants == (role == "caseworker"), path


@pytest.mark.parametrize("path", [*READER_PAGES, "/operations"])
async def test_a_participant_is_forbidden_every_page(
    path: str, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "participant")

    response = await page(client, path)

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Du har ikke tilgang" in response.text
    assert "Hamar" not in response.text


async def test_the_operations_page_is_for_operators_and_admins_only(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")
    leader = await page(client, "/operations")
    sign_in(client, dev_tokens, "operator")
    operator = await page(client, "/operations")

    assert leader.status_code == 403
    assert "Siden krever en av disse rollene: driftsansvarlig, administrator." in leader.text
    assert operator.status_code == 200, operator.text
    assert h1(operator.text) == "Drift"


async def test_the_navigation_shows_operations_only_to_those_who_may_see_it(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")
    leader = await page(client, "/")
    sign_in(client, dev_tokens, "operator")
    operator = await page(client, "/")

    assert 'href="/operations"' not in leader.text
    assert 'href="/operations"' in operator.text
    assert '<a href="/" aria-current="page">Oversikt</a>' in leader.text


@pytest.mark.usefixtures("town")
async def test_api_clients_still_get_json_on_the_shared_paths(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    headers = dev_tokens.headers("integration_leader")

    for path in ("/alerts", "/participants"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert "items" in response.json()
    without_token = await client.get("/alerts")
    assert without_token.status_code == 401
    assert without_token.headers["content-type"] == PROBLEM_JSON


async def test_pages_forbid_scripts_framing_and_caching(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "operator")

    for path in [*READER_PAGES, "/operations"]:
        response = await page(client, path)
        assert "script-src 'none'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
        assert "<script" not in response.text


async def test_the_stylesheet_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/helhet.css")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


async def test_logout_removes_the_cookie(client: httpx.AsyncClient, dev_tokens: DevTokens) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    signed_in = await page(client, "/")
    response = await client.get("/logout")

    assert 'href="/logout">Logg ut</a>' in signed_in.text
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert 'helhet_token=""' in response.headers["set-cookie"]


# -- the overview ---------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_overview_keeps_the_chain_counts_and_the_open_alerts(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    response = await page(client, "/")

    alerts = await client.get("/alerts", headers=dev_tokens.headers("integration_leader"))
    assert re.search(r'data-testid="total">\s*2 deltakere', response.text)
    shown = re.search(
        r'data-testid="open-alerts">\s*<a href="/alerts">(\d+) åpne varsler', response.text
    )
    assert shown is not None
    assert int(shown.group(1)) == alerts.json()["total"], alerts.json()
    assert element(response.text, "data-stage", "programme") == "1"
    assert element(response.text, "data-stage", "plan") == "1"


@pytest.mark.usefixtures("town")
async def test_a_suppressed_kpi_shows_no_number_in_tile_table_or_chart(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    nb = (await page(client, "/")).text
    en = (await page(client, "/", lang="en")).text

    # Two participants: every KPI about them is a group of fewer than five.
    tile = element(nb, "data-kpi", "days_settlement_to_programme")
    assert "skjult (<5)" in tile
    value = re.search(
        r'data-kpi="days_settlement_to_programme".*?<p class="value">(.*?)</p>', nb, re.S
    )
    assert value is not None
    assert text(value.group(1)) == "skjult (<5)"
    assert " av " not in tile  # no numerator/denominator either
    assert "suppressed (<5)" in element(en, "data-kpi", "days_settlement_to_programme")
    # the trend: every month is suppressed, so there is no chart to draw
    assert 'data-trend="days_settlement_to_programme"' not in nb
    assert "Dager fra bosetting til program" in element(nb, "data-testid", "without-trend")


async def test_a_kpi_of_a_large_enough_group_shows_its_value_and_hides_small_months(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
) -> None:
    # Three started in January, three more in April: the twelve months ending in
    # January to March hold three persons (suppressed), those from April on six.
    batch = []
    for n, settled_on in enumerate([date(2025, 12, 2)] * 3 + [date(2026, 3, 2)] * 3):
        pid = uuid4()
        batch += [
            events.settled(pid, settled_on + timedelta(days=n)),
            events.programme_started(pid, settled_on + timedelta(days=n + 30), date(2028, 3, 1)),
        ]
    await clock_runner(TODAY).apply_batch(to_records(*batch))
    sign_in(client, dev_tokens, "integration_leader")

    nb = (await page(client, "/")).text

    tile = element(nb, "data-kpi", "days_settlement_to_programme")
    assert "30 dager" in tile, tile
    assert "skjult" not in tile
    trend = re.search(r'data-trend="days_settlement_to_programme".*?</figure>', nb, re.S)
    assert trend is not None
    table = dict(re.findall(r'<th scope="row">([\d.]+)</th><td>(.*?)</td>', trend.group(0)))
    assert table["01.2026"] == table["03.2026"] == "skjult (&lt;5)"
    assert table["04.2026"] == "30 dager"
    shown = [month for month, value in table.items() if value.endswith("dager")]
    svg = trend.group(0).split("<details>")[0]
    points = re.findall(r'<desc class="value">(.*?)</desc>', svg)
    assert len(points) == len(shown), (points, table)
    assert all(p.endswith("dager") for p in points)


@pytest.mark.usefixtures("town")
async def test_the_kpi_filters_offer_the_units_and_refuse_an_unknown_one(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    by_unit = await page(client, "/", unit="nav", cohort="2026")
    unknown = await page(client, "/", unit="nowhere")
    bad_cohort = await page(client, "/", cohort="next-year")

    assert by_unit.status_code == 200
    assert '<option value="nav" selected>NAV Hamar</option>' in by_unit.text
    assert '<option value="2026" selected>2026</option>' in by_unit.text
    assert 'data-testid="kpi-filter"' in by_unit.text
    assert '<label for="filter-unit">Enhet</label>' in by_unit.text
    assert unknown.status_code == 400
    assert "Ugyldig filter" in unknown.text
    assert bad_cohort.status_code == 400


# -- the matrix -----------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_matrix_shows_owners_unowned_links_people_and_alerts(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    html = (await page(client, "/matrix")).text

    # Hamar's model: nobody owns mapping, social network or transition
    mapping = element(html, "data-responsibility", "mapping")
    assert "Ingen eier" in mapping
    assert "Varsler går til" in mapping
    assert 'data-testid="unowned-summary"' in html
    # the owner links to its alerts; agreements with status and date
    plan = re.search(r'data-responsibility="plan".*?</tr>', html, re.S)
    assert plan is not None
    assert '<a href="/alerts?unit=flyktningkontor">Hamar flyktningkontor</a>' in plan.group(0)
    assert "Utløpt" in element(html, "data-responsibility", "norwegian_training")
    assert "01.01.2013" in element(html, "data-responsibility", "norwegian_training")
    # one participant's next step is the plan, the other's language practice
    assert re.search(r'data-responsibility="plan".*?data-testid="participants">1<', html, re.S)
    # the open alerts of the plan (no plan after start) and NAV measures
    nav = re.search(r'data-responsibility="nav_measures".*?</tr>', html, re.S)
    assert nav is not None
    assert 'data-testid="alerts">2<' in nav.group(0)
    assert "2 varsler" in nav.group(0)
    # the cross-silo team and its leader
    assert "Leder, flyktningkontoret" in html


async def test_the_matrix_of_a_municipality_without_a_model_says_so(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader", municipality="0301")

    response = await page(client, "/matrix")

    assert response.status_code == 200
    assert 'data-testid="no-model"' in response.text


# -- participants ---------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_participant_list_filters_by_stage_and_links_to_each_chain(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    everyone = (await page(client, "/participants")).text
    with_plan = (await page(client, "/participants", stage="plan")).text
    bad = await page(client, "/participants", stage="astronaut")

    assert set(rows(everyone, "data-participant")) == {str(town.without_plan), str(town.placed)}
    assert rows(with_plan, "data-participant") == [str(town.placed)]
    assert f'href="/participants/{town.placed}"' in with_plan
    assert '<option value="plan" selected>Har integreringsplan</option>' in with_plan
    assert bad.status_code == 400


async def test_the_participant_list_is_paged(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
) -> None:
    batch = [events.settled(uuid4(), date(2026, 1, 1) + timedelta(days=n)) for n in range(30)]
    await clock_runner(TODAY).apply_batch(to_records(*batch))
    sign_in(client, dev_tokens, "integration_leader")

    first = (await page(client, "/participants")).text
    second = (await page(client, "/participants", page="2")).text

    assert len(rows(first, "data-participant")) == pages.PAGE_SIZE
    assert len(rows(second, "data-participant")) == 30 - pages.PAGE_SIZE
    assert not set(rows(first, "data-participant")) & set(rows(second, "data-participant"))
    assert "Viser 1\u201325 av 30" in first
    assert 'href="/participants?page=2" rel="next"' in first
    assert 'href="/participants" rel="prev"' in second


@pytest.mark.usefixtures("town")
async def test_a_participants_chain_shows_links_next_step_and_open_alerts(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    html = (await page(client, f"/participants/{town.placed}")).text
    english = (await page(client, f"/participants/{town.placed}", lang="en")).text

    assert str(town.placed) in h1(html)
    assert "Fullført" in element(html, "data-link", "plan")
    assert "Ikke startet" in element(html, "data-link", "exit")
    nav = element(html, "data-link", "nav_measures")
    assert "01.04.2026" in nav
    assert "NAV Hamar" in nav
    assert "Ingen eier" in element(html, "data-link", "mapping")
    next_step = re.search(r'data-testid="next-step">(.*?)</section>', html, re.S)
    assert next_step is not None
    assert "Språkpraksis" in next_step.group(1)
    assert "Hamar læringssenter" in next_step.group(1)
    assert "Praksis avsluttet uten neste steg" in html
    assert 'data-testid="no-actions"' in html
    assert "Language practice" in english


async def test_a_participants_open_actions_are_listed(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
) -> None:
    pid = uuid4()
    action = events.envelope(
        "helhet.action.created.v1",
        pid,
        action_id=str(uuid4()),
        meeting_id=None,
        owner_agency="nav",
        owner_unit="nav",
        responsibility="nav_measures",
        due_date=date(2026, 8, 1),
        created_on=date(2026, 7, 1),
    )
    batch = [events.settled(pid, date(2026, 1, 5)), action]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == 2, result
    sign_in(client, dev_tokens, "integration_leader")

    html = (await page(client, f"/participants/{pid}")).text

    actions = re.search(r'data-testid="actions".*?</table>', html, re.S)
    assert actions is not None
    assert "NAV-tiltak" in actions.group(0)
    assert "NAV Hamar" in actions.group(0)
    assert "01.08.2026" in actions.group(0)
    assert "forfalt" in actions.group(0)


@pytest.mark.parametrize(("day", "overdue"), [(date(2026, 8, 1), False), (date(2026, 8, 2), True)])
async def test_an_action_is_overdue_as_of_the_pages_clock(
    day: date,
    overdue: bool,
    app: FastAPI,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
) -> None:
    pid = uuid4()
    batch = [
        events.settled(pid, date(2026, 1, 5)),
        events.action_created(pid, uuid4(), date(2026, 8, 1)),
    ]
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == 2
    sign_in(client, dev_tokens, "integration_leader")
    app.dependency_overrides[deps.clock] = lambda: FixedClock(day)

    html = (await page(client, f"/participants/{pid}")).text

    actions = re.search(r'data-testid="actions".*?</table>', html, re.S)
    assert actions is not None
    assert ("forfalt" in actions.group(0)) is overdue


@pytest.mark.usefixtures("town")
async def test_another_municipalitys_participant_is_the_same_404_as_an_unknown_one(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    elsewhere = await page(client, f"/participants/{town.in_gjovik}")
    unknown = await page(client, f"/participants/{uuid4()}")
    not_an_id = await page(client, "/participants/not-an-id")

    assert elsewhere.status_code == unknown.status_code == not_an_id.status_code == 404
    # the same page, but for the path in its language switch
    assert elsewhere.text.replace(str(town.in_gjovik), "ID") == unknown.text.replace(
        unknown.url.path.rsplit("/", 1)[1], "ID"
    )
    assert h1(elsewhere.text) == h1(not_an_id.text) == "Fant ikke siden"
    assert "Fant ikke siden" in elsewhere.text
    assert str(town.in_gjovik) not in elsewhere.text.split('<main id="main">')[1]


# -- alerts ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_the_alert_list_filters_by_rule_unit_and_status(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    everything = (await page(client, "/alerts")).text
    no_plan = (await page(client, "/alerts", rule="no-plan-after-programme-start")).text
    at_nav = (await page(client, "/alerts", unit="nav")).text
    closed = (await page(client, "/alerts", status="closed")).text
    bad = await page(client, "/alerts", rule="no-such-rule")

    total = (await client.get("/alerts", headers=dev_tokens.headers("integration_leader"))).json()
    assert f"{total['total']} varsler" in everything
    assert rows(no_plan, "data-participant") == [str(town.without_plan)]
    assert "Ingen integreringsplan etter programstart" in no_plan
    assert set(rows(at_nav, "data-participant")) == {str(town.without_plan), str(town.placed)}
    assert "Hamar flyktningkontor" not in re.sub(r"<select.*?</select>", "", at_nav, flags=re.S)
    assert 'data-testid="empty"' in closed
    assert f'href="/participants/{town.placed}"' in everything
    assert bad.status_code == 400


@pytest.mark.usefixtures("town")
async def test_the_alert_list_in_english(client: httpx.AsyncClient, dev_tokens: DevTokens) -> None:
    sign_in(client, dev_tokens, "integration_leader")

    html = (await page(client, "/alerts", lang="en", unit="nav")).text

    assert "NAV is not involved" in html
    assert '<input type="hidden" name="lang" value="en">' in html
    assert '<a href="/alerts?unit=nav&amp;lang=en">Norsk</a>' not in html
    assert 'href="/alerts?unit=nav" lang="nb" hreflang="nb">Norsk</a>' in html


# -- operations -----------------------------------------------------------------------------


async def test_the_operations_status_has_lag_rates_and_dead_letters(
    client: httpx.AsyncClient, dev_tokens: DevTokens, runner: ConsumerRunner, to_records: ToRecords
) -> None:
    await runner.apply_batch(to_records(b"not json", key=b"status-test"))

    response = await client.get("/operations/status", headers=dev_tokens.headers("operator"))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["consumer_group"] == "reporting-service"
    assert contracts.PARTICIPANTS_TOPIC in body["topics"]
    assert f"{contracts.PARTICIPANTS_TOPIC}.dlq" in body["dead_letter_topics"]
    assert body["broker"] == {"reachable": True, "error": None}
    assert isinstance(body["lag"], list)
    assert len(body["events_per_minute"]) == 60
    assert any(d["key"] == "status-test" for d in body["dead_letters"])


async def test_the_operations_status_and_page_show_the_groups_rebalances(
    client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    sign_in(client, dev_tokens, "operator")
    before = (await client.get("/operations/status", headers=dev_tokens.headers("operator"))).json()
    none_yet = (await page(client, "/operations")).text
    # What the reporting consumer's heartbeat writes after two rebalances.
    writer = HeartbeatWriter(
        sessions=create_session_factory(test_engine),
        table=definition.tables.consumer_heartbeats,
        consumer="reporting-service",
        interval_s=60,
    )
    writer.rebalanced()
    writer.rolled_back()
    writer.rebalanced()
    for _ in range(3):
        writer.commit_refused()
    await writer.beat(force=True)

    body = (await client.get("/operations/status", headers=dev_tokens.headers("operator"))).json()
    nb = (await page(client, "/operations")).text
    en = (await page(client, "/operations", lang="en")).text

    assert before["rebalances"] == []
    assert 'data-testid="no-rebalances"' in none_yet
    [figures] = body["rebalances"]
    last = datetime.fromisoformat(figures.pop("last_rebalance_at"))
    assert figures == {
        "consumer_group": "reporting-service",
        "rebalances": 2,
        "rolled_back_batches": 1,
        "commits_refused": 3,
    }
    assert abs((datetime.now(UTC) - last).total_seconds()) < 60
    for label in ("Ombalanseringer", "Sist ombalansert", "Rullet tilbake", "Avviste commits"):
        assert label in nb
    for label in ("Rebalances", "Last rebalanced", "Rolled back", "Refused commits"):
        assert label in en
    row = text(nb.split('<tr data-group="reporting-service">')[1].split("</tr>")[0])
    moment = pages.Translator("nb").moment(last.astimezone(OSLO))
    assert row.split() == ["reporting-service", "2", *moment.split(), "1", "3"]


@pytest.mark.parametrize(("role", "status"), [("integration_leader", 403), ("caseworker", 403)])
async def test_the_operations_status_is_forbidden_to_other_roles(
    role: str, status: int, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/operations/status", headers=dev_tokens.headers(role))
    anonymous = await client.get("/operations/status")

    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    assert anonymous.status_code == 401


@pytest.fixture
async def app_without_broker(session_settings: ReportingSettings) -> AsyncIterator[FastAPI]:
    settings = session_settings.model_copy(update={"kafka_bootstrap_servers": "127.0.0.1:9"})
    app = create(settings)
    async with app.router.lifespan_context(app):
        yield app


async def test_a_broker_that_is_down_leaves_the_database_figures(
    app_without_broker: FastAPI,
    dev_tokens: DevTokens,
    settings: ReportingSettings,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
) -> None:
    await clock_runner(TODAY).apply_batch(to_records(events.settled(uuid4(), TODAY)))
    transport = httpx.ASGITransport(app=app_without_broker)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting.test") as down:
        status = await down.get("/operations/status", headers=dev_tokens.headers("admin"))
        down.cookies.set("helhet_token", dev_tokens.mint("admin"))
        html = (await down.get("/operations", headers=HTML)).text
        english = (await down.get("/operations", params={"lang": "en"}, headers=HTML)).text

    assert status.status_code == 200
    body = status.json()
    assert body["broker"]["reachable"] is False
    assert body["lag"] is None
    assert body["dead_letters"] is None
    assert body["events_last_hour"] == 1
    assert "megleren svarer ikke" in html
    assert 'data-testid="lag-unknown"' in html
    assert "1 hendelse siste time" in html  # one, not "1 hendelser"
    assert "broker unreachable" in english


async def dead_letter_in_broker(
    runner: ConsumerRunner, to_records: ToRecords, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> dict[str, Any]:
    """A malformed record, dead-lettered by the real runner; found again on the broker."""
    key = f"replay-{uuid4()}"
    await runner.apply_batch(to_records(b"{not json", key=key.encode()))
    found: dict[str, Any] = {}

    async def listed() -> bool:
        body = (await client.get("/operations/status", headers=dev_tokens.headers("admin"))).json()
        found.update(next((d for d in body["dead_letters"] or [] if d["key"] == key), {}))
        return bool(found)

    await async_wait_until(listed, timeout=20, message="the dead letter on the broker")
    return found


def replay_path(letter: dict[str, Any]) -> str:
    return (
        f"/operations/dead-letters/{letter['dlq_topic']}/{letter['partition']}"
        f"/{letter['offset']}/replay"
    )


async def test_replay_is_for_admins_only(
    client: httpx.AsyncClient, dev_tokens: DevTokens, runner: ConsumerRunner, to_records: ToRecords
) -> None:
    letter = await dead_letter_in_broker(runner, to_records, client, dev_tokens)

    operator = await client.post(replay_path(letter), headers=dev_tokens.headers("operator"))
    leader = await client.post(
        replay_path(letter), headers=dev_tokens.headers("integration_leader")
    )
    admin = await client.post(replay_path(letter), headers=dev_tokens.headers("admin"))

    assert operator.status_code == leader.status_code == 403
    assert operator.headers["content-type"] == PROBLEM_JSON
    assert admin.status_code == 200, admin.text
    assert admin.json()["key"] == letter["key"]
    assert admin.json()["original_topic"] == contracts.PARTICIPANTS_TOPIC


async def test_only_the_admin_sees_replay_buttons(
    client: httpx.AsyncClient, dev_tokens: DevTokens, runner: ConsumerRunner, to_records: ToRecords
) -> None:
    letter = await dead_letter_in_broker(runner, to_records, client, dev_tokens)
    sign_in(client, dev_tokens, "operator")
    operator = (await page(client, "/operations")).text
    sign_in(client, dev_tokens, "admin")
    admin = (await page(client, "/operations")).text

    assert f'action="{replay_path(letter)}"' not in operator
    assert "Bare administratorer" in operator
    assert f'action="{replay_path(letter)}"' in admin
    assert 'name="csrf_token" value="' in admin


async def test_a_replay_from_the_page_needs_the_sessions_csrf_token(
    client: httpx.AsyncClient, dev_tokens: DevTokens, runner: ConsumerRunner, to_records: ToRecords
) -> None:
    letter = await dead_letter_in_broker(runner, to_records, client, dev_tokens)
    sign_in(client, dev_tokens, "admin")
    html = (await page(client, "/operations")).text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert token is not None

    forged = await client.post(replay_path(letter), data={"csrf_token": "0" * 64})
    no_header = await client.post(replay_path(letter))
    form = await client.post(replay_path(letter), data={"csrf_token": token.group(1)})
    header = await client.post(replay_path(letter), headers={"X-CSRF-Token": token.group(1)})
    cross_site = await client.post(
        replay_path(letter),
        data={"csrf_token": token.group(1)},
        headers={"Sec-Fetch-Site": "cross-site"},
    )

    assert forged.status_code == no_header.status_code == cross_site.status_code == 403
    assert form.status_code == 303
    where = f"{letter['dlq_topic']}:{letter['partition']}:{letter['offset']}"
    assert form.headers["location"] == f"/operations?replayed={where.replace(':', '%3A')}"
    assert header.status_code == 200
    shown = await client.get(form.headers["location"], headers=HTML)
    assert "Sendt på nytt" in shown.text


async def test_replaying_a_missing_dead_letter_is_a_404_problem(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    admin = dev_tokens.headers("admin")
    dlq = f"{contracts.PARTICIPANTS_TOPIC}.dlq"

    beyond = await client.post(f"/operations/dead-letters/{dlq}/0/999999/replay", headers=admin)
    other_topic = await client.post(
        "/operations/dead-letters/some.other.dlq/0/0/replay", headers=admin
    )

    assert beyond.status_code == other_topic.status_code == 404
    assert beyond.headers["content-type"] == PROBLEM_JSON
    assert beyond.json()["code"] == "dead-letter-not-found"


# -- translations ---------------------------------------------------------------------------


def test_both_languages_have_the_same_texts() -> None:
    nb = json.loads((TEMPLATES / "i18n" / "nb.json").read_text(encoding="utf-8"))
    en = json.loads((TEMPLATES / "i18n" / "en.json").read_text(encoding="utf-8"))

    assert set(nb) == set(en)
    assert all(nb[k].strip() and en[k].strip() for k in nb)


def test_every_text_a_template_uses_is_translated() -> None:
    texts = pages.translations()["nb"]
    used = {
        key
        for template in TEMPLATES.glob("*.html")
        for key in re.findall(r"\bt\('([a-z_]+\.[a-z0-9_.-]+)'", template.read_text())
    }

    # a text with plural forms is there as key.one and key.other
    plural = {k.removesuffix(".one") for k in texts if f"{k.removesuffix('.one')}.other" in texts}
    assert used
    assert sorted(used - set(texts) - plural) == []


def test_every_rule_responsibility_and_stage_has_a_label() -> None:
    from reporting_service.domain.alerts import RULES
    from reporting_service.domain.chain import Stage
    from reporting_service.domain.organisation import Responsibility

    texts = pages.translations()["en"]
    keys = (
        [f"rule.{r.id}" for r in RULES]
        + [f"responsibility.{r.value}" for r in Responsibility]
        + [f"stage.{s.value}" for s in Stage]
    )

    assert [k for k in keys if k not in texts] == []
