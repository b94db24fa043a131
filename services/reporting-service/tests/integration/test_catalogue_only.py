"""Every word a reporting page shows comes from the catalogues (issue 15): no English in
Norwegian pages, no text written into a template or the code.

The pages are rendered with a marked catalogue: each text of ``templates/i18n/<lang>.json``
wrapped in ``⸢…⸣`` (``helhet_common.testing.catalogue``). What is left of a page's visible
text once the marked texts are taken out must be data: numbers, dates, ids, and the
names the municipality's configuration and the KPI definitions give (units,
municipalities, KPI labels in the page's language). The pages that say no (forbidden,
not found, bad input) are checked too."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.municipalities import name_of
from helhet_common.testing.catalogue import mark_catalogue, outside_catalogue
from helhet_common.testing.services import DevTokens
from helhet_common.web import Translations
from reporting_service.domain.kpis import KPIS
from reporting_service.entrypoints import deps
from reporting_service.entrypoints.pages import texts

HAMAR = "3403"
TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html"}


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The pages' catalogue with every text marked."""
    catalogue = Translations(mark_catalogue(texts.I18N_DIR, tmp_path), default="nb")
    monkeypatch.setattr(texts, "translations", lambda: catalogue)


@pytest.fixture(autouse=True)
def pages_clock(app: FastAPI) -> Iterator[None]:
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


@pytest.fixture
async def town(
    clock_runner: Callable[[date], ConsumerRunner], to_records: Callable[..., Any], events: Any
) -> dict[str, str]:
    """Participants at several links, with alerts, an action and a placement."""
    without_plan, placed, placement = uuid4(), uuid4(), uuid4()
    start, end = date(2026, 2, 1), date(2028, 1, 31)
    batch = [
        events.settled(without_plan, date(2026, 1, 5), household="single"),
        events.programme_started(without_plan, start, end),
        events.settled(placed, date(2026, 1, 5), household="family"),
        events.programme_started(placed, start, end),
        events.mapping_recorded(placed, date(2026, 2, 10)),
        events.plan_updated(placed),
        events.placement_started(placed, placement, date(2026, 4, 1), kind="nav_work_training"),
        events.placement_ended(placed, placement, date(2026, 9, 1)),
    ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    return {"without_plan": str(without_plan), "placed": str(placed)}


def strings_in(value: Any) -> set[str]:
    """Every text in a configuration object (a dataclass, a mapping, a sequence)."""
    if isinstance(value, str):
        return {value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return set().union(*(strings_in(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, Mapping):
        return set().union(set(), *(strings_in(v) for v in value.values()))
    if isinstance(value, list | tuple | set | frozenset):
        return set().union(set(), *(strings_in(v) for v in value))
    return set()


def data_of(app: FastAPI, lang: str, signed_in: str) -> set[str]:
    """The names the configuration and the KPI definitions give, in ``lang``, and the
    signed-in person's login."""
    model = app.state.organisation_catalogue.for_municipality(HAMAR)
    names = {name_of(HAMAR), signed_in, *strings_in(model)}
    names |= {k.label.get(lang, k.label["nb"]) for k in KPIS}
    return {n for n in names if n}


@pytest.mark.usefixtures("marked")
@pytest.mark.parametrize("lang", ["nb", "en"])
async def test_every_reporting_page_shows_only_catalogue_texts_and_data(
    client: httpx.AsyncClient, dev_tokens: DevTokens, app: FastAPI, town: dict[str, str], lang: str
) -> None:
    leader = dev_tokens.mint("integration_leader", municipality=HAMAR, sub="leder")
    operator = dev_tokens.mint("operator", municipality=HAMAR, sub="drift")
    caseworker = dev_tokens.mint("caseworker", municipality=HAMAR, sub="kari")
    participant = dev_tokens.mint("participant", municipality=HAMAR, sub="ruta")
    logins = {leader: "leder", operator: "drift", caseworker: "kari", participant: "ruta"}
    alerts = await client.get(
        "/alerts", headers={"Authorization": f"Bearer {leader}", "Accept": "application/json"}
    )
    assert alerts.status_code == 200, alerts.text
    alert_id = alerts.json()["items"][0]["alert_id"]
    pages = [
        (leader, "/"),
        (leader, "/matrix"),
        (leader, "/participants"),
        (leader, f"/participants/{town['placed']}"),
        (leader, f"/participants/{town['without_plan']}"),
        (leader, "/alerts"),
        (leader, f"/alerts/{alert_id}"),
        (caseworker, "/queue"),
        (leader, "/cohorts"),
        (operator, "/operations"),
        # the pages that say no: forbidden, not found, bad input
        (participant, "/"),
        (leader, f"/participants/{uuid4()}"),
        (leader, "/alerts?cohort=next-year"),
        (caseworker, "/operations"),
    ]
    found: dict[str, list[str]] = {}
    for token, path in pages:
        client.cookies.set("helhet_token", token)
        response = await client.get(path, params={"lang": lang}, headers=HTML)
        assert response.status_code < 500, (path, response.text[:300])
        assert response.headers["content-type"].startswith("text/html"), path
        # a dead letter's error is what the consumer recorded (other tests' letters too)
        leftover = outside_catalogue(
            response.text, data_of(app, lang, logins[token]), data_classes={"error-text"}
        )
        if leftover:
            found[path] = leftover
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
