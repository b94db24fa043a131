"""The FastAPI dependencies: bearer header, cookie fallback, roles, municipality scope."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from helhet_common.auth import (
    CASEWORKER,
    INTEGRATION_LEADER,
    PLAN_EDITOR,
    TOKEN_COOKIE,
    CurrentPrincipal,
    DevKeys,
    JwksFile,
    Principal,
    TokenVerifier,
    check_municipality_claim,
    mint_token,
    require_roles,
    scope_to_municipality,
)
from helhet_common.cooperation import Cooperation
from helhet_common.errors import PROBLEM_CONTENT_TYPE, install_problem_handlers

ISSUER = "helhet-test"
AUDIENCE = "helhet"

Caseworker = Annotated[Principal, Depends(require_roles(CASEWORKER))]


class NewThing(BaseModel):
    municipality: str
    name: str


def principal_json(principal: Principal) -> dict[str, Any]:
    return {
        "sub": principal.sub,
        "municipality": principal.municipality,
        "agency": principal.agency,
        "roles": sorted(principal.roles),
    }


def build_app(verifier: TokenVerifier | None) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    if verifier is not None:
        app.state.token_verifier = verifier

    @app.get("/cases")
    async def list_cases(principal: Caseworker) -> dict[str, Any]:
        return principal_json(principal)

    @app.post("/cases")
    async def create_case(principal: Caseworker) -> dict[str, Any]:
        return principal_json(principal)

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> dict[str, Any]:
        return principal_json(principal)

    @app.get("/plans", dependencies=[Depends(require_roles(PLAN_EDITOR, INTEGRATION_LEADER))])
    async def plans() -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/municipalities/{municipality}/things/{thing}")
    async def get_thing(
        municipality: str, thing: str, principal: CurrentPrincipal
    ) -> dict[str, str]:
        scope_to_municipality(principal, municipality)
        return {"thing": thing}

    @app.post("/things", status_code=201)
    async def create_thing(body: NewThing, principal: CurrentPrincipal) -> dict[str, str]:
        check_municipality_claim(principal, body.municipality)
        return {"name": body.name}

    return app


@pytest.fixture
def keys(tmp_path: Path) -> DevKeys:
    return DevKeys(tmp_path / "dev-keys").ensure()


@pytest.fixture
def client(keys: DevKeys) -> TestClient:
    verifier = TokenVerifier(JwksFile(keys.jwks_path), issuer=ISSUER, audience=AUDIENCE)
    return TestClient(build_app(verifier))


def token(keys: DevKeys, *roles: str, municipality: str = "3403", **extra: Any) -> str:
    return mint_token(
        keys,
        sub="user-1",
        municipality=municipality,
        agency="refugee-service",
        roles=roles,
        issuer=ISSUER,
        audience=AUDIENCE,
        **extra,
    )


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def assert_problem(response: Any, status: int, detail: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_CONTENT_TYPE)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    if detail is not None:
        assert body.get("detail") == detail
    return body


def test_no_token_is_401_problem_with_challenge(client: TestClient) -> None:
    response = client.get("/cases")
    body = assert_problem(response, 401, "bearer token required")
    assert response.headers["www-authenticate"] == "Bearer"
    assert body["code"] == "unauthorized"
    assert body["instance"] == "/cases"


def test_valid_token_with_role(client: TestClient, keys: DevKeys) -> None:
    response = client.get("/cases", headers=bearer(token(keys, CASEWORKER)))
    assert response.status_code == 200
    assert response.json() == {
        "sub": "user-1",
        "municipality": "3403",
        "agency": "refugee-service",
        "roles": [CASEWORKER],
    }


def test_bearer_scheme_is_case_insensitive(client: TestClient, keys: DevKeys) -> None:
    response = client.get("/me", headers={"Authorization": f"bearer {token(keys, CASEWORKER)}"})
    assert response.status_code == 200


def test_wrong_role_is_403(client: TestClient, keys: DevKeys) -> None:
    response = client.get("/cases", headers=bearer(token(keys, PLAN_EDITOR)))
    body = assert_problem(response, 403, "requires one of the roles: caseworker")
    assert body["code"] == "forbidden"


def test_any_of_several_roles(client: TestClient, keys: DevKeys) -> None:
    assert client.get("/plans", headers=bearer(token(keys, INTEGRATION_LEADER))).status_code == 200
    assert_problem(client.get("/plans", headers=bearer(token(keys, CASEWORKER))), 403)


def test_invalid_token_is_401_with_reason(client: TestClient, keys: DevKeys) -> None:
    response = client.get("/cases", headers=bearer(token(keys, CASEWORKER, ttl_seconds=-300)))
    assert_problem(response, 401, "token expired")
    assert response.headers["www-authenticate"] == "Bearer"
    assert_problem(client.get("/cases", headers=bearer("nonsense")), 401, "malformed token")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "Token abc"])
def test_other_authorization_schemes_are_401(client: TestClient, header: str) -> None:
    response = client.get("/cases", headers={"Authorization": header})
    assert_problem(response, 401, "bearer token required")


def test_cookie_fallback(client: TestClient, keys: DevKeys) -> None:
    client.cookies.set(TOKEN_COOKIE, token(keys, CASEWORKER))
    assert client.get("/cases").status_code == 200


def test_header_wins_over_cookie(client: TestClient, keys: DevKeys) -> None:
    client.cookies.set(TOKEN_COOKIE, token(keys, CASEWORKER))
    response = client.get("/cases", headers=bearer(token(keys, PLAN_EDITOR)))
    assert_problem(response, 403)


def test_cookie_is_refused_for_cross_site_writes(client: TestClient, keys: DevKeys) -> None:
    client.cookies.set(TOKEN_COOKIE, token(keys, CASEWORKER))
    cross = client.post("/cases", headers={"Sec-Fetch-Site": "cross-site"})
    assert_problem(cross, 403, "cross-site request refused")
    other_origin = client.post("/cases", headers={"Origin": "https://evil.example"})
    assert_problem(other_origin, 403, "cross-site request refused")

    assert client.post("/cases", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.post("/cases", headers={"Origin": "http://testserver"}).status_code == 200
    # A cross-site GET (a link) is fine: it changes nothing.
    assert client.get("/cases", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200


def test_bearer_header_is_not_subject_to_the_cookie_check(
    client: TestClient, keys: DevKeys
) -> None:
    headers = bearer(token(keys, CASEWORKER)) | {"Sec-Fetch-Site": "cross-site"}
    assert client.post("/cases", headers=headers).status_code == 200


def test_other_municipality_is_404(client: TestClient, keys: DevKeys) -> None:
    headers = bearer(token(keys, CASEWORKER))
    assert client.get("/municipalities/3403/things/a", headers=headers).status_code == 200
    body = assert_problem(client.get("/municipalities/0301/things/a", headers=headers), 404)
    assert body["code"] == "not-found"


def test_write_to_other_municipality_is_403(client: TestClient, keys: DevKeys) -> None:
    headers = bearer(token(keys, CASEWORKER))
    ok = client.post("/things", json={"municipality": "3403", "name": "x"}, headers=headers)
    assert ok.status_code == 201
    other = client.post("/things", json={"municipality": "0301", "name": "x"}, headers=headers)
    assert_problem(other, 403, "you can only write to your own municipality")


def test_missing_jwks_file_is_401_not_500(tmp_path: Path, keys: DevKeys) -> None:
    verifier = TokenVerifier(
        JwksFile(tmp_path / "absent" / "jwks.json"), issuer=ISSUER, audience=AUDIENCE
    )
    client = TestClient(build_app(verifier))
    response = client.get("/cases", headers=bearer(token(keys, CASEWORKER)))
    assert_problem(response, 401, "signing keys unavailable")


def test_require_roles_rejects_unknown_or_no_roles() -> None:
    with pytest.raises(ValueError, match="unknown roles: casewroker"):
        require_roles("casewroker")
    with pytest.raises(ValueError, match="at least one role"):
        require_roles()


def test_app_without_verifier_is_a_500_problem(keys: DevKeys) -> None:
    client = TestClient(build_app(None), raise_server_exceptions=False)
    response = client.get("/cases", headers=bearer(token(keys, CASEWORKER)))
    body = assert_problem(response, 500)
    assert "token_verifier" not in response.text
    assert body["code"] == "internal-error"


# -- inter-municipal cooperation (helhet_common.cooperation) --------------------------------


def test_a_person_of_a_host_municipality_acts_for_its_partners(
    client: TestClient, keys: DevKeys
) -> None:
    lillehammer = bearer(token(keys, CASEWORKER, municipality="3405"))

    oyer = client.get("/me", headers={**lillehammer, "Helhet-Municipality": "3440"})
    gausdal = client.get("/me", headers={**lillehammer, "Helhet-Municipality": "3441"})
    hamar = client.get("/me", headers={**lillehammer, "Helhet-Municipality": "3403"})

    assert oyer.status_code == 200, oyer.text
    assert oyer.json()["municipality"] == "3440"
    assert gausdal.json()["municipality"] == "3441"
    assert_problem(hamar, 403)


def test_a_partner_does_not_act_for_its_host(client: TestClient, keys: DevKeys) -> None:
    oyer = bearer(token(keys, CASEWORKER, municipality="3440"))

    response = client.get("/me", headers={**oyer, "Helhet-Municipality": "3405"})

    assert_problem(response, 403)


def test_the_cooperations_are_the_configured_ones(keys: DevKeys) -> None:
    verifier = TokenVerifier(JwksFile(keys.jwks_path), issuer=ISSUER, audience=AUDIENCE)
    app = build_app(verifier)
    app.state.cooperation = Cooperation.of({"3403": ["3412"]})  # Hamar serving Løten
    client = TestClient(app)
    hamar = bearer(token(keys, CASEWORKER, municipality="3403"))
    lillehammer = bearer(token(keys, CASEWORKER, municipality="3405"))

    loten = client.get("/me", headers={**hamar, "Helhet-Municipality": "3412"})
    oyer = client.get("/me", headers={**lillehammer, "Helhet-Municipality": "3440"})

    assert loten.status_code == 200, loten.text
    assert loten.json()["municipality"] == "3412"
    assert_problem(oyer, 403)  # not configured here


def test_serving_a_partner_keeps_the_home_municipality() -> None:
    person = Principal(sub="p", municipality="3405", agency="refugee-service")

    serving = person.serving("3440")

    assert (serving.municipality, serving.home_municipality) == ("3440", "3405")
    assert person.home_municipality is None
