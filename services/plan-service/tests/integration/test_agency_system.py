"""An agency system calls plan-service as itself: NAV's system gets a token from a real
OpenID provider with client credentials and its own key (``private_key_jwt``), reads
exactly what NAV's sharing basis allows, and its reads are in the participant's access
log under the client's name and NAV's purpose."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.auth.dev_identity import client_token, write_dev_config
from helhet_common.settings import ServiceSettings
from helhet_common.testing.oidc import OidcProvider
from plan_service.bootstrap import definition

from .conftest import Settle, basis_body, mapping_body


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    home = tmp_path_factory.mktemp("identity")
    directory = write_dev_config(home, port=0)
    with OidcProvider(json.loads((directory / "provider.json").read_text())) as provider:
        port = int(provider.issuer.rsplit(":", 1)[1])
        write_dev_config(home, port=port)
        yield home, port


@pytest.fixture
async def agency_api(
    identity: tuple[Path, int], settings: ServiceSettings
) -> AsyncIterator[httpx.AsyncClient]:
    home, _port = identity
    trusting = settings.model_copy(update={"issuers_file": home / "identity" / "issuers.toml"})
    app: FastAPI = definition.app_factory(trusting)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://plan.test"
        ) as http,
    ):
        yield http


async def test_nav_system_reads_what_the_sharing_basis_allows_and_is_logged(
    client: httpx.AsyncClient,
    agency_api: httpx.AsyncClient,
    identity: tuple[Path, int],
    caseworker: dict[str, str],
    leader: dict[str, str],
    settled: Settle,
) -> None:
    shared = await settled()
    hidden = await settled()
    basis = await client.post(
        f"/participants/{shared}/sharing-bases", json=basis_body(), headers=caseworker
    )
    assert basis.status_code == 201, basis.text
    home, port = identity
    token = await client_token(home, "nav-system", port=port, scope=None)
    nav_system = {"Authorization": f"Bearer {token}"}

    one = await agency_api.get(f"/participants/{shared}", headers=nav_system)
    other = await agency_api.get(f"/participants/{hidden}", headers=nav_system)
    listed = await agency_api.get("/participants", headers=nav_system)

    assert one.status_code == 200, one.text
    assert other.status_code == 404
    assert [p["id"] for p in listed.json()["items"]] == [shared]
    log = await client.get(f"/participants/{shared}/access-log", headers=leader)
    entries = [
        (e["client_name"], e["sub"], e["agency"], e["purpose"], e["endpoint"])
        for e in log.json()["items"]
    ]
    name = "NAV"
    assert entries == [
        (name, "nav-system", "nav", "nav_measures", "GET /participants"),
        (name, "nav-system", "nav", "nav_measures", "GET /participants/{participant_id}"),
    ]
    assert all(
        e["client_name"] is None
        for e in (await client.get(f"/participants/{hidden}/access-log", headers=leader)).json()[
            "items"
        ]
    )  # a person's reads have no organisation name


async def test_a_system_without_the_write_scope_cannot_write(
    agency_api: httpx.AsyncClient, identity: tuple[Path, int], settled: Settle
) -> None:
    participant = await settled()
    home, port = identity
    token = await client_token(home, "nav-system", port=port, scope=None)

    response = await agency_api.post(
        f"/participants/{participant}/sharing-bases",
        json=basis_body(),
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 403, response.text
    assert "only allow reading" in response.json()["detail"]


async def test_a_system_s_change_is_held_to_the_purpose_it_names(
    client: httpx.AsyncClient,
    agency_api: httpx.AsyncClient,
    identity: tuple[Path, int],
    caseworker: dict[str, str],
    settled: Settle,
) -> None:
    """The learning centre's system may write mappings; its basis is for `mapping`. A
    mapping naming another sharing purpose is refused as a person's would be (before,
    a system's change was checked against no purpose at all), and nothing is written."""
    participant = await settled()
    basis = await client.post(
        f"/participants/{participant}/sharing-bases",
        json=basis_body(agency="learning-centre", purpose="mapping"),
        headers=caseworker,
    )
    assert basis.status_code == 201, basis.text
    home, port = identity
    token = await client_token(home, "learning-centre-system", port=port, scope=None)
    system = {"Authorization": f"Bearer {token}"}
    path = f"/participants/{participant}/mappings"

    refused = await agency_api.post(
        path, json=mapping_body(), headers={**system, "X-Purpose": "norwegian_training"}
    )
    after_refusal = await client.get(path, headers=caseworker)
    named = await agency_api.post(
        path, json=mapping_body(), headers={**system, "X-Purpose": "mapping"}
    )

    assert (refused.status_code, refused.json()["code"]) == (403, "no-basis-for-purpose")
    assert after_refusal.json()["items"] == []
    assert named.status_code == 201, named.text
