"""The integration leader's overview over HTTP: counts, chains, scope, roles, the page.

The read model is filled the way production fills it: plan-service's envelopes applied by
the consumer runner. Hamar (3403) is the caller's municipality; Gjøvik (3407) is another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord

from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.services import DevTokens
from reporting_service import contracts

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]

PLAN_SERVICE = "/helhet/plan-service"
HAMAR = "3403"
GJOVIK = "3407"
PROBLEM_JSON = "application/problem+json"


def _envelope(
    event_type: str, participant_id: UUID, municipality: str, data: dict[str, Any]
) -> CloudEvent:
    return CloudEvent(
        source=PLAN_SERVICE,
        type=event_type,
        subject=str(participant_id),
        municipality=municipality,
        data={"participant_id": str(participant_id), **data},
    )


def settled(
    participant_id: UUID, municipality: str, household: str, settled_on: date
) -> CloudEvent:
    return _envelope(
        contracts.ParticipantSettled.event_type,
        participant_id,
        municipality,
        {
            "municipality": municipality,
            "settlement_date": settled_on.isoformat(),
            "household_type": household,
        },
    )


def programme_started(participant_id: UUID, municipality: str) -> CloudEvent:
    return _envelope(
        contracts.ProgrammeStarted.event_type,
        participant_id,
        municipality,
        {
            "regime": "integreringsloven",
            "start_date": "2026-09-01",
            "expected_end_date": "2028-08-31",
        },
    )


def plan_updated(participant_id: UUID, municipality: str) -> CloudEvent:
    return _envelope(
        contracts.PlanUpdated.event_type,
        participant_id,
        municipality,
        {"plan_version": 1, "end_goal": "work"},
    )


class Town:
    """The participants of the scenario, by the stage each one has reached."""

    def __init__(self) -> None:
        self.settled = uuid4()
        self.in_programme = uuid4()
        self.with_plan = [uuid4(), uuid4()]
        self.not_yet_settled = uuid4()  # only the programme start has arrived
        self.elsewhere = [uuid4(), uuid4()]  # in Gjøvik

    @property
    def hamar(self) -> set[UUID]:
        return {
            self.settled,
            self.in_programme,
            *self.with_plan,
            self.not_yet_settled,
        }


@pytest.fixture
async def town(runner: ConsumerRunner, to_records: ToRecords) -> Town:
    town = Town()
    first = date(2026, 8, 1)
    envelopes = [
        settled(town.settled, HAMAR, "single", first),
        settled(town.in_programme, HAMAR, "family", first + timedelta(days=1)),
        programme_started(town.in_programme, HAMAR),
        programme_started(town.not_yet_settled, HAMAR),
        settled(town.elsewhere[0], GJOVIK, "single", first),
        plan_updated(town.elsewhere[0], GJOVIK),
        settled(town.elsewhere[1], GJOVIK, "single", first),
    ]
    for n, participant in enumerate(town.with_plan, start=2):
        envelopes += [
            settled(participant, HAMAR, "single", first + timedelta(days=n)),
            programme_started(participant, HAMAR),
            plan_updated(participant, HAMAR),
        ]
    result = await runner.apply_batch(to_records(*envelopes))
    assert result.applied == len(envelopes), result
    return town


def stage_counts(body: dict[str, Any]) -> dict[str, int]:
    return {s["stage"]: s["count"] for s in body["stages"]}


# -- /overview ---------------------------------------------------------------------------


@pytest.mark.usefixtures("town")
async def test_overview_counts_participants_per_stage_in_the_callers_municipality(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/overview", headers=dev_tokens.headers("integration_leader"))

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["municipality"], body["municipality_name"], body["total"]) == (
        HAMAR,
        "Hamar",
        5,
    )
    assert stage_counts(body) == {"settled": 1, "programme": 1, "plan": 2, "unknown": 1}
    assert body["households"] == {"single": 3, "family": 1}


@pytest.mark.usefixtures("town")
async def test_overview_of_another_municipality_counts_only_its_own(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    headers = dev_tokens.headers("caseworker", municipality=GJOVIK)

    response = await client.get("/overview", params={"lang": "en"}, headers=headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 2
    assert stage_counts(body) == {"settled": 1, "programme": 0, "plan": 1}
    assert [s["label"] for s in body["stages"]] == [
        "Settled",
        "In the programme",
        "Has an integration plan",
    ]


async def test_overview_of_an_empty_municipality_has_every_stage_at_zero(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get("/overview", headers=dev_tokens.headers("operator"))

    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0
    assert stage_counts(response.json()) == {"settled": 0, "programme": 0, "plan": 0}


# -- /participants ------------------------------------------------------------------------


async def test_participants_are_paged_without_gaps_or_overlaps(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    headers = dev_tokens.headers("integration_leader")
    seen: list[UUID] = []

    for offset in (0, 2, 4):
        response = await client.get(
            "/participants", params={"limit": 2, "offset": offset}, headers=headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert (page["total"], page["limit"], page["offset"]) == (5, 2, offset)
        seen += [UUID(item["participant_id"]) for item in page["items"]]

    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == town.hamar


async def test_participants_filtered_by_stage(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        "/participants", params={"stage": "plan"}, headers=dev_tokens.headers("caseworker")
    )

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 2
    assert {UUID(item["participant_id"]) for item in page["items"]} == set(town.with_plan)
    assert {item["stage"] for item in page["items"]} == {"plan"}


@pytest.mark.parametrize(
    "params",
    [{"stage": "employed"}, {"limit": 0}, {"limit": 201}, {"offset": -1}],
    ids=["unknown-stage", "limit-0", "limit-too-big", "negative-offset"],
)
async def test_invalid_list_parameters_are_a_422_problem(
    params: dict[str, Any], client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(
        "/participants", params=params, headers=dev_tokens.headers("integration_leader")
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["code"] == "invalid-input"
    assert [error["location"][-1] for error in problem["errors"]] == list(params)


# -- /participants/{id}/chain -------------------------------------------------------------


async def test_chain_of_a_participant_in_the_callers_municipality(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    participant = town.with_plan[0]

    response = await client.get(
        f"/participants/{participant}/chain", headers=dev_tokens.headers("caseworker")
    )

    assert response.status_code == 200, response.text
    chain = response.json()
    assert chain["participant_id"] == str(participant)
    assert (chain["stage"], chain["municipality"]) == ("plan", HAMAR)
    assert (chain["programme_start"], chain["plan_version"], chain["plan_end_goal"]) == (
        "2026-09-01",
        1,
        "work",
    )


@pytest.mark.parametrize("whose", ["another-municipality", "nobody"])
async def test_chain_outside_the_callers_municipality_is_not_found(
    whose: str, town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    participant = town.elsewhere[0] if whose == "another-municipality" else uuid4()

    response = await client.get(
        f"/participants/{participant}/chain", headers=dev_tokens.headers("integration_leader")
    )

    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["code"] == "participant-not-found"


# -- authentication and roles -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/overview", "/participants"])
async def test_no_token_is_a_401_problem(path: str, client: httpx.AsyncClient) -> None:
    response = await client.get(path)

    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("path", ["/overview", "/participants"])
async def test_a_participant_may_not_read_the_overview(
    path: str, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    response = await client.get(path, headers=dev_tokens.headers("participant"))

    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["code"] == "forbidden"


# -- the page -----------------------------------------------------------------------------


def tile_count(html: str, stage: str) -> int:
    match = re.search(rf'data-stage="{stage}">\s*<div class="count">(\d+)</div>', html, flags=re.S)
    assert match is not None, f"no tile for {stage}"
    return int(match.group(1))


async def test_the_page_without_a_cookie_redirects_to_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/")

    assert response.status_code == 303
    assert response.headers["location"] == "/login"


@pytest.mark.usefixtures("town")
async def test_login_sets_the_cookie_and_the_page_shows_the_counts(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    login = await client.get("/login", params={"token": dev_tokens.mint("integration_leader")})

    assert login.status_code == 303
    assert login.headers["location"] == "/"
    assert "helhet_token" in login.cookies
    assert "httponly" in login.headers["set-cookie"].lower()

    page = await client.get("/")

    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "Hamar (3403)" in page.text
    assert re.search(r'data-testid="total">\s*5 deltakere', page.text)
    counts = {stage: tile_count(page.text, stage) for stage in ("settled", "programme", "plan")}
    assert counts == {"settled": 1, "programme": 1, "plan": 2}


async def test_login_with_a_garbage_token_is_a_401_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/login", params={"token": "garbage"})

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/html")
    assert "dette er ikke et gyldig token" in response.text  # "malformed token", in Norwegian
    assert "helhet_token" not in response.cookies


async def test_the_page_with_a_participants_cookie_is_forbidden(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint("participant"))

    response = await client.get("/")

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Siden krever en av disse rollene: integreringsleder" in response.text
    assert "Hamar" not in response.text
