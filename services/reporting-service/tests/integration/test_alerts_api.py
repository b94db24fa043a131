"""Alerts, the organisation model and the chain's links over HTTP, scoped and role-checked.

Hamar (3403) is the caller's municipality; Gjøvik (3407) another. The read model is
filled by the consumer runner, with the gap rules evaluated as of 2026-09-02.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.changes import all_pages, settle_the_outbox
from helhet_common.testing.services import DevTokens
from reporting_service.adapters import tables
from reporting_service.adapters.organisation import OrganisationModelError
from reporting_service.entrypoints.app import create
from reporting_service.settings import ReportingSettings

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
ClockRunner = Callable[[date], ConsumerRunner]

HAMAR, GJOVIK = "3403", "3407"
TODAY = date(2026, 9, 2)
PROBLEM_JSON = "application/problem+json"


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
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    return s


def leader(dev_tokens: DevTokens, municipality: str = HAMAR) -> dict[str, str]:
    return dev_tokens.headers("integration_leader", municipality=municipality)


# -- GET /alerts ----------------------------------------------------------------------------


async def test_alerts_of_the_callers_municipality(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/alerts", params={"limit": 200}, headers=leader(dev_tokens))

    assert response.status_code == 200, response.text
    page = response.json()
    found = {(a["rule_id"], a["participant_id"], a["unit_id"]) for a in page["items"]}
    assert found == {
        ("no-plan-after-programme-start", str(town.without_plan), "flyktningkontor"),
        ("no-nav-involvement", str(town.without_plan), "nav"),
        ("single-without-social-network", str(town.without_plan), "flyktningkontor"),
        ("placement-ended-without-next-step", str(town.placed), "nav"),
        ("unowned-responsibility", None, "flyktningkontor"),
    }
    assert page["total"] == 7  # three unowned responsibilities in Hamar
    assert {a["municipality"] for a in page["items"]} == {HAMAR}
    assert {a["status"] for a in page["items"]} == {"open"}


async def test_alerts_filtered_by_rule_and_unit(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    by_rule = await client.get(
        "/alerts", params={"rule": "no-plan-after-programme-start"}, headers=leader(dev_tokens)
    )
    by_unit = await client.get("/alerts", params={"unit": "nav"}, headers=leader(dev_tokens))

    assert by_rule.status_code == by_unit.status_code == 200
    [alert] = by_rule.json()["items"]
    assert (alert["participant_id"], alert["since"], alert["responsibility"]) == (
        str(town.without_plan),
        "2026-05-02",
        "plan",
    )
    assert sorted(a["rule_id"] for a in by_unit.json()["items"]) == [
        "no-nav-involvement",
        "placement-ended-without-next-step",
    ]


async def test_alerts_are_paged_without_gaps_or_overlaps(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    seen = []
    for offset in (0, 3, 6):
        page = (
            await client.get(
                "/alerts", params={"limit": 3, "offset": offset}, headers=leader(dev_tokens)
            )
        ).json()
        assert (page["total"], page["limit"], page["offset"]) == (7, 3, offset)
        seen += [a["alert_id"] for a in page["items"]]

    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize(
    "params",
    [{"rule": "no-such-rule"}, {"unit": "Not A Unit"}, {"status": "maybe"}, {"limit": 0}],
    ids=["rule", "unit", "status", "limit"],
)
async def test_invalid_alert_filters_are_a_422_problem(
    params: dict[str, Any], client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/alerts", params=params, headers=leader(dev_tokens))

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["code"] == "invalid-input"


async def test_a_participant_may_not_read_alerts(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/alerts", headers=dev_tokens.headers("participant"))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


# -- GET /changes: the alerts opened and closed, for systems that poll ----------------------


async def test_the_feed_gives_the_alerts_opened_and_closed_in_the_callers_municipality(
    town: Scenario,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    test_engine: AsyncEngine,
) -> None:
    alerts = await client.get("/alerts", params={"limit": 200}, headers=leader(dev_tokens))
    opened = {a["alert_id"] for a in alerts.json()["items"]}
    later = date(2026, 9, 3)
    result = await clock_runner(later).apply_batch(
        to_records(
            events.mapping_recorded(town.without_plan, later),
            events.plan_updated(town.without_plan),
        )
    )
    assert result.applied == 2, result
    await settle_the_outbox(test_engine, tables.alert_changes)

    items, cursor = await all_pages(client, leader(dev_tokens), limit=2)

    assert {e["subject"] for e in items if e["type"] == "helhet.alert.opened.v1"} >= opened
    assert {e["municipality"] for e in items} == {HAMAR}
    closed = [e["data"] for e in items if e["type"] == "helhet.alert.closed.v1"]
    assert closed, items
    assert {c["participant_id"] for c in closed} == {str(town.without_plan)}
    assert all(c["status"] == "closed" and c["close_reason"] for c in closed)
    assert len({e["id"] for e in items}) == len(items)
    again = await client.get("/changes", params={"after": cursor}, headers=leader(dev_tokens))
    assert again.json()["items"] == []
    theirs, _ = await all_pages(client, leader(dev_tokens, GJOVIK))
    assert theirs
    assert {e["data"]["participant_id"] for e in theirs} <= {str(town.in_gjovik), None}


async def test_a_participant_may_not_read_the_feed(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/changes", headers=dev_tokens.headers("participant"))

    assert response.status_code == 403
    assert (await client.get("/changes")).status_code == 401


# -- GET /organisation-model -------------------------------------------------------------------


async def test_the_organisation_model_of_the_callers_municipality(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/organisation-model", headers=leader(dev_tokens, GJOVIK))

    assert response.status_code == 200, response.text
    model = response.json()
    assert (model["key"], model["programme_owner"]) == (GJOVIK, "nav-flyktning")
    owners = {r["responsibility"]: r["owner"] for r in model["responsibilities"]}
    assert owners["mapping"] is None
    assert owners["language_practice"] == "gls"
    assert {"responsibility": "language_practice", "kind": "owner_differs_from_agreement"} in model[
        "gaps"
    ]
    assert model["team"]["leader_role"]
    rules = {r["id"]: r for r in model["gap_rules"]}
    assert rules["no-plan-after-programme-start"]["threshold"] == 90


async def test_a_municipality_without_a_model_is_a_404_problem(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/organisation-model", headers=leader(dev_tokens, "0301"))

    assert response.status_code == 404, response.text
    assert response.json() == {
        "type": "https://helhet.no/problems/no-organisation-model",
        "title": "Not found",
        "status": 404,
        "code": "no-organisation-model",
        "detail": "No organisation model is configured for your municipality.",
        "instance": "/organisation-model",
    }


def test_an_invalid_model_stops_the_app_at_startup(
    tmp_path: Path, settings: ReportingSettings
) -> None:
    (tmp_path / "3403-hamar.json").write_text('{"name": "Hamar", "units": []}')

    with pytest.raises(OrganisationModelError, match="units"):
        create(settings.model_copy(update={"organisation_models_dir": tmp_path}))


# -- GET /participants/{id}/chain --------------------------------------------------------------


async def test_the_chain_has_links_the_next_step_owner_and_open_alerts(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        f"/participants/{town.placed}/chain", headers=dev_tokens.headers("caseworker")
    )

    assert response.status_code == 200, response.text
    chain = response.json()
    links = {link["responsibility"]: link for link in chain["links"]}
    assert len(links) == 11
    assert next(iter(links)) == "settlement"
    assert (links["mapping"]["status"], links["mapping"]["owner_unit"]) == ("done", None)
    assert (links["nav_measures"]["status"], links["nav_measures"]["ended_on"]) == (
        "done",
        "2026-09-01",
    )
    assert chain["next_step"] == {"responsibility": "language_practice", "unit_id": "hls"}
    assert [a["rule_id"] for a in chain["open_alerts"]] == ["placement-ended-without-next-step"]
    assert chain["next_step_responsibility"] == "language_practice"


async def test_the_chain_of_another_municipality_is_not_found(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(f"/participants/{town.in_gjovik}/chain", headers=leader(dev_tokens))

    assert response.status_code == 404
    assert response.json()["code"] == "participant-not-found"


async def test_the_overview_counts_open_alerts(
    town: Scenario, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/overview", headers=leader(dev_tokens))

    assert response.status_code == 200
    assert response.json()["open_alerts"] == 7
