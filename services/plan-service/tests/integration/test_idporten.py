"""Participants sign in through ID-porten: a real OpenID provider plays ID-porten (its
tokens carry ``pid`` and ``acr``), the programme owner links the participant's national
identity number, and the participant lands on their own page. An unknown person gets a
page saying whom to contact; a sign-in below "substantial" is refused."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from helhet_common.settings import ServiceSettings
from helhet_common.testing.oidc import OidcProvider
from plan_service.bootstrap import definition
from plan_service.entrypoints.schemas.participants import national_id_is_valid

from .conftest import Database, Settle

PLAN = "http://plan.test"


def national_id(birth_date: str) -> str:
    """A synthetic number (the month plus 80, as test environments' are) with valid
    check digits: the first with the birth date ``ddmmyy``."""
    for individual in range(100, 1000):
        for checks in range(100):
            number = f"{birth_date}{individual}{checks:02d}"
            if national_id_is_valid(number):
                return number
    raise ValueError(birth_date)


KARI = national_id("018190")
STRANGER = national_id("028185")
LOW = national_id("038175")
SUBSTANTIAL = "idporten-loa-substantial"

PEOPLE: dict[str, dict[str, Any]] = {
    "kari": {"name": "Kari", "pid": KARI, "acr": SUBSTANTIAL},
    "stranger": {"name": "Stranger", "pid": STRANGER, "acr": "idporten-loa-high"},
    "low": {"name": "Low level", "pid": LOW, "acr": "idporten-loa-low"},
}


@pytest.fixture(scope="module")
def idporten(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    config = {
        "accounts": PEOPLE,
        "clients": [
            {
                "client_id": "helhet-plan",
                "client_secret": "idporten-client-secret-0123456789",
                "redirect_uris": [f"{PLAN}/auth/callback"],
                "post_logout_redirect_uris": [f"{PLAN}/signed-out"],
                "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"],
            }
        ],
    }
    with OidcProvider(config) as provider:
        issuers = tmp_path_factory.mktemp("idporten") / "issuers.toml"
        issuers.write_text(
            f"""
[[issuer]]
name = "idporten"
issuer = "{provider.issuer}"
audience = "helhet-plan"
sign_in = true
sign_in_for = "participants"
client_id = "helhet-plan"
client_secret = "idporten-client-secret-0123456789"

[issuer.claims]
national_id = "pid"
acr = ["idporten-loa-substantial", "idporten-loa-high"]
agency = {{ value = "refugee-service" }}
roles = {{ value = "participant" }}
""",
            encoding="utf-8",
        )
        yield issuers


@pytest.fixture
async def browser(idporten: Path, settings: ServiceSettings) -> AsyncIterator[httpx.AsyncClient]:
    trusting = settings.model_copy(
        update={"issuers_file": idporten, "session_secret": SecretStr("idporten-test-session")}
    )
    app: FastAPI = definition.app_factory(trusting)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            mounts={PLAN: httpx.ASGITransport(app=app)},
            follow_redirects=True,
            headers={"accept": "text/html"},
            timeout=30,
        ) as http,
    ):
        yield http


async def sign_in(browser: httpx.AsyncClient, person: str) -> httpx.Response:
    login = await browser.get(f"{PLAN}/")
    assert "/interaction/" in str(login.url), login.text
    action = re.search(r'<form method="post" action="([^"]+)"', login.text)
    assert action
    return await browser.post(
        httpx.URL(str(login.url)).join(action.group(1)), data={"login": person}
    )


async def test_a_linked_participant_lands_on_their_own_page(
    client: httpx.AsyncClient,
    browser: httpx.AsyncClient,
    caseworker: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    participant_id = await settled()
    linked = await client.put(
        f"/participants/{participant_id}/national-id",
        json={"national_id": KARI},
        headers=caseworker,
    )
    assert linked.status_code == 200, linked.text
    assert KARI not in linked.text

    page = await sign_in(browser, "kari")

    assert page.status_code == 200, page.text
    assert str(page.url).startswith(f"{PLAN}/participants/{participant_id}/page")
    again = await browser.get(f"{PLAN}/")  # the session holds; the login is now linked
    assert str(again.url).startswith(f"{PLAN}/participants/{participant_id}/page")
    assert all(KARI not in str(row.payload) for row in await database.outbox())


async def test_an_unknown_person_is_told_whom_to_contact(browser: httpx.AsyncClient) -> None:
    page = await sign_in(browser, "stranger")

    assert page.status_code == 404
    assert "flyktningtjenesten" in page.text


async def test_a_sign_in_below_substantial_is_refused_naming_acr(
    browser: httpx.AsyncClient,
) -> None:
    page = await sign_in(browser, "low")

    assert page.status_code == 403
    assert "acr" in page.text


async def test_a_number_is_checked_and_links_one_participant_only(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    first, second = await settled(), await settled()
    url = "/participants/{}/national-id"

    bad = await client.put(
        url.format(first), json={"national_id": "12345678901"}, headers=caseworker
    )
    ok = await client.put(url.format(first), json={"national_id": STRANGER}, headers=caseworker)
    again = await client.put(url.format(first), json={"national_id": STRANGER}, headers=caseworker)
    taken = await client.put(url.format(second), json={"national_id": STRANGER}, headers=caseworker)

    assert bad.status_code == 422
    assert (ok.status_code, again.status_code) == (200, 200)
    assert taken.status_code == 409
    assert taken.json()["code"] == "national-id-linked-elsewhere"
