"""The list pages' filters and order (issue 15): every filter and the order are in the
URL, a column header sorts by it and turns it around, and a value the page does not offer
is a 400 page."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.auth.keys import mint_token
from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import AUDIENCE, ISSUER, DevTokens
from reporting_service.entrypoints import deps, pages

HAMAR = "3403"
TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html"}


@pytest.fixture(autouse=True)
def pages_clock(app: FastAPI) -> Iterator[None]:
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


@pytest.fixture
async def three(
    clock_runner: Callable[[date], ConsumerRunner], to_records: Callable[..., Any], events: Any
) -> dict[str, UUID]:
    """A single settled in January, a family in March, a single who ended in 2025."""
    people = {"january": uuid4(), "march": uuid4(), "ended": uuid4()}
    batch = [
        events.settled(people["january"], date(2026, 1, 5), household="single"),
        events.programme_started(people["january"], date(2026, 2, 1), date(2028, 1, 31)),
        events.settled(people["march"], date(2026, 3, 2), household="family"),
        events.settled(people["ended"], date(2023, 1, 9), household="single"),
        events.programme_started(people["ended"], date(2023, 2, 1), date(2025, 1, 31)),
        events.programme_ended(people["ended"], date(2025, 1, 31), date(2023, 2, 1)),
    ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    return people


def listed(page: str) -> list[str]:
    return re.findall(r'<tr data-participant="([^"]+)"', page)


@pytest.fixture
def leader(client: httpx.AsyncClient, dev_tokens: DevTokens) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint("integration_leader", municipality=HAMAR))


@pytest.mark.usefixtures("leader")
async def test_the_participants_sort_by_the_column_asked_for(
    client: httpx.AsyncClient, three: dict[str, UUID]
) -> None:
    default = await client.get("/participants", headers=HTML)
    oldest_first = await client.get("/participants", params={"sort": "settled"}, headers=HTML)

    ids = {k: str(v) for k, v in three.items()}
    assert listed(default.text) == [ids["march"], ids["january"], ids["ended"]]
    assert listed(oldest_first.text) == [ids["ended"], ids["january"], ids["march"]]
    # the sorted column says so, and its link turns the order around
    assert 'aria-sort="ascending"' in oldest_first.text
    assert 'href="/participants?sort=-settled"' in oldest_first.text


@pytest.mark.usefixtures("leader")
async def test_the_participants_filter_by_household_and_exit_cohort(
    client: httpx.AsyncClient, three: dict[str, UUID]
) -> None:
    singles = await client.get("/participants", params={"household": "single"}, headers=HTML)
    cohort = await client.get("/participants", params={"cohort": "2025"}, headers=HTML)

    assert sorted(listed(singles.text)) == sorted([str(three["january"]), str(three["ended"])])
    assert listed(cohort.text) == [str(three["ended"])]


@pytest.mark.parametrize(
    "params",
    [{"sort": "name"}, {"sort": "--settled"}, {"household": "castle"}, {"unit": "nowhere"},
     {"cohort": "1066"}, {"q": "x" * 101}],
)  # fmt: skip
@pytest.mark.usefixtures("leader")
async def test_a_filter_or_order_the_page_does_not_offer_is_a_400_page(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    response = await client.get("/participants", params=params, headers=HTML)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


RANK = ["high", "medium", "low"]


@pytest.mark.usefixtures("leader")
async def test_the_queue_and_the_alerts_sort_by_severity_either_way(
    client: httpx.AsyncClient, three: dict[str, UUID]
) -> None:
    pattern = r'<tr data-alert="[^"]+" data-severity="(\w+)"'
    queue = re.findall(pattern, (await client.get("/queue", headers=HTML)).text)
    least_first = re.findall(
        pattern, (await client.get("/queue", params={"sort": "-severity"}, headers=HTML)).text
    )
    alerts = await client.get("/alerts", params={"sort": "severity"}, headers=HTML)
    shown = re.findall(r'class="severity severity-(\w+)"', alerts.text)

    assert len(set(queue)) > 1, queue  # the seed opens alerts of more than one severity
    assert queue == sorted(queue, key=RANK.index)
    assert least_first == sorted(queue, key=RANK.index, reverse=True)
    assert shown == sorted(shown, key=RANK.index)
    assert len(shown) == len(queue)
    assert 'aria-sort="ascending"' in alerts.text


@pytest.mark.usefixtures("leader")
async def test_the_alerts_filter_by_severity(
    client: httpx.AsyncClient, three: dict[str, UUID]
) -> None:
    response = await client.get("/alerts", params={"severity": "high"}, headers=HTML)

    shown = re.findall(r'class="severity severity-(\w+)"', response.text)
    assert shown
    assert set(shown) == {"high"}


@pytest.mark.parametrize("path", ["/alerts", "/queue"])
@pytest.mark.usefixtures("leader")
async def test_an_order_the_alerts_do_not_offer_is_a_400_page(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, params={"sort": "participant"}, headers=HTML)

    assert response.status_code == 400


@pytest.mark.usefixtures("leader")
async def test_the_overview_says_when_it_was_updated_and_links_its_csv(
    client: httpx.AsyncClient, three: dict[str, UUID]
) -> None:
    page = await client.get("/", headers=HTML)

    assert page.status_code == 200
    updated = r'data-testid="updated">Oppdatert (\d\d\.\d\d\.\d{4} )?kl\. \d\d:\d\d<'
    assert re.search(updated, page.text)
    csv_link = re.search(r'<a href="([^"]+)" download data-testid="kpis-csv">', page.text)
    assert csv_link is not None
    csv = await client.get(csv_link.group(1))
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")


# -- the pages' words -------------------------------------------------------------------

ENGLISH = ("requires", "token expired", "free-standing", "report 004", "dead letter")
WRONG_PLURALS = re.compile(r"\b1 (varsler|deltakere|dager|hendelser|måneder)\b")


def visible_text(page_html: str) -> str:
    body = re.sub(r"<(svg|code|script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize(
    ("roles", "path"),
    [(("integration_leader",), p) for p in ("/", "/matrix", "/participants", "/alerts", "/queue")]
    + [(("integration_leader",), "/operations"), (("operator",), "/operations"),
       (("operator",), "/participants")],
)  # fmt: skip
async def test_a_norwegian_page_has_no_english_and_right_plurals(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    one_each: dict[str, UUID],
    roles: tuple[str, ...],
    path: str,
) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint(*roles, municipality=HAMAR))

    response = await client.get(path, headers=HTML)

    text = visible_text(response.text)
    assert [w for w in ENGLISH if w in text.lower()] == []
    assert WRONG_PLURALS.findall(text) == []


async def test_an_expired_token_is_refused_in_norwegian(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    expired = mint_token(
        dev_tokens.keys,
        sub="kari",
        municipality=HAMAR,
        agency="refugee-service",
        roles=["integration_leader"],
        issuer=ISSUER,
        audience=AUDIENCE,
        ttl_seconds=-60,
    )

    response = await client.get("/login", params={"token": expired}, headers=HTML)

    assert response.status_code == 401
    assert "Tokenet ble avvist: tokenet er utløpt" in visible_text(response.text)
    assert "expired" not in visible_text(response.text)


def test_one_and_many_have_their_own_words() -> None:
    nb, en = pages.Translator("nb"), pages.Translator("en")

    assert [nb("alerts.caption", n=n) for n in (0, 1, 2)] == ["0 varsler", "1 varsel", "2 varsler"]
    assert nb("overview.open_alerts_n", n=1) == "1 åpent varsel"
    assert en("participants.caption", n=1) == "1 participant"
    assert nb("kpi.days", n="1", count=1.0) == "1 dag"


@pytest.fixture
async def one_each(
    clock_runner: Callable[[date], ConsumerRunner], to_records: Callable[..., Any], events: Any
) -> dict[str, UUID]:
    """One participant, so that every count on the pages that can be one is one."""
    person = uuid4()
    batch = [
        events.settled(person, date(2026, 1, 5), household="single"),
        events.programme_started(person, date(2026, 2, 1), date(2028, 1, 31)),
    ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    return {"person": person}


@pytest.mark.usefixtures("leader")
async def test_the_alerts_filter_by_the_participants_household_and_cohort(
    client: httpx.AsyncClient, three: dict[str, UUID]
) -> None:
    families = await client.get("/alerts", params={"household": "family"}, headers=HTML)
    ended = await client.get("/alerts", params={"cohort": "2025", "status": "all"}, headers=HTML)
    everyone = await client.get("/alerts", params={"status": "all"}, headers=HTML)

    about = re.compile(r'data-participant="([^"]+)"')
    assert set(about.findall(families.text)) <= {str(three["march"])}
    assert set(about.findall(ended.text)) <= {str(three["ended"])}
    assert len(set(about.findall(everyone.text))) > len(set(about.findall(families.text)))
