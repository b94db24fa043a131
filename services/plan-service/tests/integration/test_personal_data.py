"""The participant's right of access (GDPR art. 15): what plan-service holds, and the
export across services, gathered from fake peers behind an httpx transport."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.auth import TOKEN_COOKIE
from helhet_common.testing.services import DevTokens

from .conftest import HAMAR, Database, Settle, basis_body

LOGIN = "ruta-login"
PEERS = {
    "placement-service": "http://placement.test",
    "volunteer-service": "http://volunteer.test",
    "reporting-service": "http://reporting.test",
}


@pytest.fixture
def me(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("participant", municipality=HAMAR, sub=LOGIN)


Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def peers(app: FastAPI) -> Callable[..., list[httpx.Request]]:
    """``peers(handler, urls=PEERS)``: the other services, answered by ``handler``; the
    requests they got."""

    def install(handler: Handler, urls: dict[str, str] = PEERS) -> list[httpx.Request]:
        seen: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return handler(request)

        app.state.settings = app.state.settings.model_copy(update={"peer_urls": urls})
        app.state.peer_transport = httpx.MockTransport(answer)
        return seen

    return install


def personal_data(service: str, participant_id: str, **records: Any) -> dict[str, Any]:
    return {
        "service": service,
        "participant_id": participant_id,
        "generated_at": datetime(2026, 12, 7, 12, tzinfo=UTC).isoformat(),
        "sections": [
            {"name": name, "title": name, "records": rows} for name, rows in records.items()
        ],
    }


def participant_of(request: httpx.Request) -> str:
    return request.url.path.split("/")[2]


async def test_the_participant_sees_everything_plan_service_holds_and_the_read_is_logged(
    client: httpx.AsyncClient, settled: Settle, me: dict[str, str]
) -> None:
    participant_id = await settled(person_sub=LOGIN)

    response = await client.get(f"/participants/{participant_id}/personal-data", headers=me)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["service"], body["participant_id"]) == ("plan-service", participant_id)
    sections = {s["name"]: s["records"] for s in body["sections"]}
    assert {"participant", "plan", "mappings", "ledger", "consents", "sharing_bases"} <= set(
        sections
    )
    [record] = sections["participant"]
    assert record["personal"]["given_name"] == "Ruta"
    log = await client.get(f"/participants/{participant_id}/access-log", headers=me)
    assert [(e["purpose"], e["endpoint"]) for e in log.json()["items"]] == [
        ("innsyn", "GET /participants/{participant_id}/personal-data")
    ]


async def test_only_the_subject_and_the_refugee_service_may_ask(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    caseworker: dict[str, str],
    leader: dict[str, str],
    nav: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    participant_id = await settled(person_sub=LOGIN)
    other = dev_tokens.headers("participant", municipality=HAMAR, sub="someone-else")
    teacher = dev_tokens.headers("contributor", municipality=HAMAR, agency="learning-centre")
    url = f"/participants/{participant_id}/personal-data"

    without_basis = await client.get(url, headers=nav)
    await client.post(
        f"/participants/{participant_id}/sharing-bases", json=basis_body(), headers=caseworker
    )
    before = (await database.counts())["access_log"]
    with_basis = await client.get(url, headers=nav)
    not_theirs = await client.get(url, headers=other)
    contributor = await client.get(url, headers=teacher)
    refused = (await database.counts())["access_log"] - before

    assert without_basis.status_code == 404
    assert with_basis.status_code == 403
    assert with_basis.json()["code"] == "programme-owner-only"
    assert not_theirs.status_code == 404
    assert contributor.status_code == 403
    assert refused == 0
    assert (await client.get(url, headers=caseworker)).status_code == 200
    assert (await client.get(url, headers=leader)).status_code == 200


async def test_the_export_gathers_every_service_and_says_which_is_missing(
    client: httpx.AsyncClient,
    settled: Settle,
    me: dict[str, str],
    peers: Callable[..., list[httpx.Request]],
) -> None:
    participant_id = await settled(person_sub=LOGIN)

    def handler(request: httpx.Request) -> httpx.Response:
        pid = participant_of(request)
        if request.url.host == "placement.test":
            placements = [{"placement_id": "p1", "kind": "language_practice"}]
            return httpx.Response(
                200, json=personal_data("placement-service", pid, placements=placements)
            )
        if request.url.host == "volunteer.test":
            return httpx.Response(
                404, json={"code": "participant-not-found", "status": 404, "title": "Not found"}
            )
        return httpx.Response(503, json={"code": "unavailable"})

    asked = peers(handler)

    response = await client.get(f"/participants/{participant_id}/personal-data/export", headers=me)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["incomplete"] is True
    assert [(s["service"], [x["name"] for x in s["sections"]]) for s in body["services"]][1:] == [
        ("placement-service", ["placements"]),
        ("volunteer-service", []),  # it holds nothing about the participant
    ]
    assert body["services"][0]["service"] == "plan-service"
    assert body["missing"] == [{"service": "reporting-service", "reason": "answered 503"}]
    assert sorted(r.url.host for r in asked) == [
        "placement.test",
        "reporting.test",
        "volunteer.test",
    ]
    assert {r.url.path for r in asked} == {f"/participants/{participant_id}/personal-data"}
    assert {r.headers["authorization"] for r in asked} == {me["Authorization"]}


@pytest.mark.parametrize(
    ("urls", "failure", "reason"),
    [
        ({**PEERS, "reporting-service": ""}, None, "not configured"),
        (PEERS, httpx.ReadTimeout("slow"), "no answer in time"),
        (PEERS, httpx.ConnectError("refused"), "unreachable (ConnectError)"),
        (PEERS, "garbage", "answered something other than its personal data"),
        (PEERS, "other participant", "answered for another participant"),
    ],
)
async def test_a_service_that_fails_is_listed_missing_never_dropped(
    client: httpx.AsyncClient,
    settled: Settle,
    me: dict[str, str],
    peers: Callable[..., list[httpx.Request]],
    urls: dict[str, str],
    failure: Any,
    reason: str,
) -> None:
    participant_id = await settled(person_sub=LOGIN)

    def handler(request: httpx.Request) -> httpx.Response:
        pid = participant_of(request)
        if request.url.host == "reporting.test":
            if isinstance(failure, Exception):
                raise failure
            if failure == "garbage":
                return httpx.Response(200, json={"chains": []})
            if failure == "other participant":
                other = str(UUID(int=7))
                return httpx.Response(200, json=personal_data("reporting-service", other))
        return httpx.Response(200, json=personal_data(request.url.host, pid))

    peers(handler, urls)

    response = await client.get(f"/participants/{participant_id}/personal-data/export", headers=me)

    assert response.status_code == 200, response.text
    assert response.json()["incomplete"] is True
    assert response.json()["missing"] == [{"service": "reporting-service", "reason": reason}]
    assert len(response.json()["services"]) == 3


async def test_a_complete_export_is_not_incomplete(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    settled: Settle,
    peers: Callable[..., list[httpx.Request]],
) -> None:
    participant_id = await settled(person_sub=LOGIN)
    peers(lambda r: httpx.Response(200, json=personal_data(r.url.host, participant_of(r))))

    response = await client.get(
        f"/participants/{participant_id}/personal-data/export", headers=caseworker
    )

    assert response.status_code == 200, response.text
    assert (response.json()["incomplete"], response.json()["missing"]) == (False, [])
    assert len(response.json()["services"]) == 4


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (None, ["Mine data", "Arbeidspraksis og jobb", "Noen tjenester svarte ikke"]),
        ("en", ["My data", "Work practice and jobs", "Some services did not answer"]),
    ],
)
async def test_the_participant_reads_their_data_on_their_own_page(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    settled: Settle,
    peers: Callable[..., list[httpx.Request]],
    lang: str | None,
    texts: list[str],
) -> None:
    participant_id = await settled(person_sub=LOGIN)
    token = dev_tokens.mint("participant", sub=LOGIN)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "placement.test":
            rows = [{"opening": "Hamar sykehjem", "kind": "language_practice"}]
            return httpx.Response(
                200,
                json=personal_data("placement-service", participant_of(request), placements=rows),
            )
        return httpx.Response(503)

    asked = peers(handler)
    client.cookies.set(TOKEN_COOKIE, token)

    own = await client.get(f"/participants/{participant_id}/page", params={"lang": lang or "nb"})
    page = await client.get(
        f"/participants/{participant_id}/personal-data/page",
        params={"lang": lang} if lang else None,
    )

    assert f"/participants/{participant_id}/personal-data/page" in own.text
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    for text in [*texts, "Ruta", "Hamar sykehjem"]:
        assert text in page.text
    assert 'data-missing-service="reporting-service"' in page.text
    assert {r.headers["authorization"] for r in asked} == {f"Bearer {token}"}


async def test_staff_are_refused_the_page(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle
) -> None:
    participant_id = await settled(person_sub=LOGIN)
    client.cookies.set(TOKEN_COOKIE, dev_tokens.mint("caseworker", sub="tester"))

    page = await client.get(f"/participants/{participant_id}/personal-data/page")

    assert page.status_code == 403
