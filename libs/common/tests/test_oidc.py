"""Sign-in and bearer tokens against a real OpenID provider (node-oidc-provider), and the
attacks on them (forged, replayed or long-lived assertions, unknown and rotated keys).

The provider runs as a process on a free port for this module; a small app built by
``create_app`` trusts it through an issuers file. The browser is httpx following
redirects: the app is mounted at ``http://app.test``, the provider is reached over
loopback.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import jwt as pyjwt
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from jwt.algorithms import RSAAlgorithm

from helhet_common.app import create_app
from helhet_common.auth import (
    CASEWORKER,
    CurrentPrincipal,
    DevKeys,
    Principal,
    mint_token,
    require_roles,
)
from helhet_common.auth.client_assertion import ShortLivedPrivateKeyJWT
from helhet_common.auth.issuers import DiscoveredJwks, IssuerVerifier
from helhet_common.auth.signin import (
    ACCESS_COOKIE,
    SESSION_COOKIE,
    PageSignIn,
    safe_return_path,
    session_access_token,
)
from helhet_common.auth.verifier import JwksUrl
from helhet_common.settings import ServiceSettings
from helhet_common.testing.oidc import OidcProvider
from helhet_common.web import page_principal, sign_in_router

APP = "http://app.test"
RESOURCE = "urn:helhet"
NAV_ORG = "0192:889640782"
SCOPES = "helhet:participants.read helhet:plans.write helhet:placements.write"


def _private_key() -> tuple[bytes, dict[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return pem, {**jwk, "alg": "RS256", "use": "sig", "kid": "k1"}


NAV_KEY, NAV_JWK = _private_key()


def _machine_client(client_id: str) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "token_endpoint_auth_method": "private_key_jwt",
        "token_endpoint_auth_signing_alg": "RS256",
        "jwks": {"keys": [NAV_JWK]},
        "grant_types": ["client_credentials"],
        "response_types": [],
        "redirect_uris": [],
    }


PROVIDER_CONFIG: dict[str, Any] = {
    "accounts": {
        "hamar-leader": {
            "name": "Hamar integration leader",
            "municipality": "3403",
            "agency": "refugee-service",
            "roles": ["integration_leader"],
        },
        "county-adviser": {
            "name": "County adviser",
            "municipality": ["3403", "3411"],
            "agency": "county",
            "roles": ["caseworker", "not-a-helhet-role"],
        },
        "no-municipality": {"name": "Somebody", "agency": "nav", "roles": ["caseworker"]},
    },
    "clients": [
        {
            "client_id": "helhet-web",
            "client_secret": "web-secret-web-secret-web-secret-0123",
            "redirect_uris": [f"{APP}/auth/callback"],
            "post_logout_redirect_uris": [f"{APP}/signed-out"],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        },
        _machine_client("nav-system"),
        _machine_client("short-lived"),
        _machine_client("stranger-system"),
    ],
    "resources": {RESOURCE: {"scope": SCOPES}, "urn:another-api": {"scope": SCOPES}},
    "default_resource": RESOURCE,
    "client_claims": {
        "nav-system": {"consumer": {"ID": NAV_ORG}},
        "short-lived": {"consumer": {"ID": NAV_ORG}},
        "stranger-system": {"consumer": {"ID": "0192:999999999"}},
    },
    "client_ttl": {"short-lived": 1},
}


def issuers_toml(issuer: str) -> str:
    return f"""
[[issuer]]
name = "test-provider"
issuer = "{issuer}"
audience = "{RESOURCE}"
sign_in = true
client_id = "helhet-web"
client_secret = "web-secret-web-secret-web-secret-0123"
scope = "openid profile"
leeway_seconds = 0

[issuer.claims]
municipalities = {{ claim = "municipality" }}
agency = {{ claim = "agency" }}
roles = {{ claim = "roles" }}
organisation = "consumer.ID"
scopes = {{ "helhet:participants.read" = ["caseworker"], "helhet:plans.write" = ["plan_editor"] }}

[issuer.claims.organisations."{NAV_ORG}"]
name = "NAV Innlandet"
agency = "nav"
municipalities = ["3403", "3405"]
purpose = "nav_measures"
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider(PROVIDER_CONFIG) as running:
        yield running


def _pages() -> APIRouter:
    router = APIRouter()

    @router.get("/")
    async def home(request: Request) -> Response:
        principal = await page_principal(request)
        if principal is None:
            return RedirectResponse("/login?next=/", status_code=303)
        return Response(f"hello {principal.sub} {sorted(principal.roles)}", media_type="text/html")

    @router.get("/whoami")
    async def whoami(principal: CurrentPrincipal) -> dict[str, Any]:
        return {
            "sub": principal.sub,
            "municipality": principal.municipality,
            "municipalities": list(principal.municipalities),
            "agency": principal.agency,
            "roles": sorted(principal.roles),
            "client": principal.client,
            "client_name": principal.client_name,
        }

    @router.get("/viewer-token")
    async def viewer_token(request: Request) -> dict[str, str | None]:
        """What a page would forward to another service as the viewer."""
        return {"token": session_access_token(request.state)}

    @router.post("/notes")
    async def note(
        principal: Principal = Depends(require_roles(CASEWORKER)),
    ) -> dict[str, str]:
        return {"by": principal.sub}

    router.include_router(sign_in_router(home="/"))
    return router


@pytest.fixture(scope="module")
def app(provider: OidcProvider, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    home = tmp_path_factory.mktemp("oidc-app")
    issuers = home / "issuers.toml"
    issuers.write_text(issuers_toml(provider.issuer), encoding="utf-8")
    settings = ServiceSettings(
        service_name="oidc-test",
        environment="test",
        home=home,
        issuers_file=issuers,
        session_secret="a-test-session-secret",
        log_json=False,
    )
    return create_app(settings=settings, title="t", description="t", routers=[_pages()])


@pytest.fixture
async def browser(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        mounts={APP: httpx.ASGITransport(app=app)},
        follow_redirects=True,
        headers={"accept": "text/html"},
        timeout=30,
    ) as client:
        yield client


def _form(html: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action, html
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return unescape(action.group(1)), {k: unescape(v) for k, v in fields.items()}


async def sign_in(browser: httpx.AsyncClient, user: str, start: str = "/") -> httpx.Response:
    login_page = await browser.get(f"{APP}{start}")
    assert "/interaction/" in str(login_page.url), login_page.text
    action, _ = _form(login_page.text)
    return await browser.post(httpx.URL(str(login_page.url)).join(action), data={"login": user})


async def machine_token(
    provider: OidcProvider, client_id: str, scope: str = SCOPES, **params: str
) -> str:
    async with AsyncOAuth2Client(
        client_id,
        NAV_KEY.decode(),
        token_endpoint_auth_method=ShortLivedPrivateKeyJWT(provider.token_endpoint),
        scope=scope,
    ) as client:
        token = await client.fetch_token(
            provider.token_endpoint, grant_type="client_credentials", **params
        )
    return str(token["access_token"])


async def test_sign_in_round_trip_with_code_and_pkce(browser: httpx.AsyncClient) -> None:
    page = await sign_in(browser, "hamar-leader")

    assert page.status_code == 200
    assert str(page.url) == f"{APP}/"
    assert page.text == "hello hamar-leader ['integration_leader']"
    start = await browser.get(f"{APP}/login", follow_redirects=False)
    location = start.headers["location"]
    assert "code_challenge=" in location
    assert "code_challenge_method=S256" in location
    assert "nonce=" in location
    assert "state=" in location
    cookie = next(r.headers["set-cookie"] for r in page.history if SESSION_COOKIE in str(r.headers))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")


async def test_the_session_is_refreshed_before_it_expires(
    browser: httpx.AsyncClient, app: FastAPI
) -> None:
    await sign_in(browser, "hamar-leader")
    before = browser.cookies.get(SESSION_COOKIE, domain="app.test")
    sign_in_client: PageSignIn = app.state.sign_in
    sign_in_client.refresh_margin_seconds = 10_000  # every request is "close to expiry"
    try:
        page = await browser.get(f"{APP}/")
    finally:
        sign_in_client.refresh_margin_seconds = 60
    assert page.text == "hello hamar-leader ['integration_leader']"
    assert browser.cookies.get(SESSION_COOKIE, domain="app.test") != before


async def test_an_expired_session_leads_back_through_sign_in(
    browser: httpx.AsyncClient, app: FastAPI
) -> None:
    codec = app.state.sign_in.codec
    stale = codec.encode(
        {
            "i": "test-provider",
            "p": {"sub": "x", "municipality": "3403", "agency": "nav", "roles": ["caseworker"]},
            "exp": int(time.time()) - 10,
            "rt": "not-a-refresh-token",
        }
    )
    browser.cookies.set(SESSION_COOKIE, stale, domain="app.test")

    page = await browser.get(f"{APP}/whoami?x=1", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/session-expired?next=%2Fwhoami%3Fx%3D1"
    expired = await browser.get(f"{APP}{page.headers['location']}")
    assert expired.status_code == 401
    assert "session expired" in expired.text
    assert 'href="/login?next=%2Fwhoami%3Fx%3D1"' in expired.text


async def test_sign_out_ends_the_session_at_the_provider_too(
    browser: httpx.AsyncClient,
) -> None:
    await sign_in(browser, "hamar-leader")
    confirm = await browser.get(f"{APP}/logout")
    assert "/session/end" in str(confirm.url)
    action, fields = _form(confirm.text)
    done = await browser.post(
        httpx.URL(str(confirm.url)).join(action), data={**fields, "logout": "yes"}
    )
    assert str(done.url).startswith(f"{APP}/signed-out?state=")
    assert "signed out" in done.text
    again = await browser.get(f"{APP}/")
    assert "/interaction/" in str(again.url)  # the provider's session is gone too


async def viewer_token(browser: httpx.AsyncClient) -> str | None:
    answer = await browser.get(f"{APP}/viewer-token", headers={"accept": "application/json"})
    assert answer.status_code == 200, answer.text
    token: str | None = answer.json()["token"]
    return token


async def test_the_session_keeps_the_viewers_access_token_for_calls_as_them(
    browser: httpx.AsyncClient, app: FastAPI
) -> None:
    """decision 0023: a page can call another service as the signed-in person."""
    await sign_in(browser, "hamar-leader")

    token = await viewer_token(browser)

    assert token is not None
    assert browser.cookies.get(ACCESS_COOKIE, domain="app.test")
    assert token not in str(browser.cookies.jar)  # the cookie holds it encrypted
    as_viewer = await browser.get(
        f"{APP}/whoami", headers={"authorization": f"Bearer {token}", "accept": "*/*"}
    )
    assert as_viewer.json()["sub"] == "hamar-leader"
    assert as_viewer.json()["roles"] == ["integration_leader"]
    # refreshed: a new access token, as good as the first
    sign_in_client: PageSignIn = app.state.sign_in
    sign_in_client.refresh_margin_seconds = 10_000
    try:
        await browser.get(f"{APP}/")
    finally:
        sign_in_client.refresh_margin_seconds = 60
    renewed = await viewer_token(browser)
    assert renewed is not None
    assert renewed != token
    again = await browser.get(
        f"{APP}/whoami", headers={"authorization": f"Bearer {renewed}", "accept": "*/*"}
    )
    assert again.json()["sub"] == "hamar-leader"


async def test_an_access_token_cookie_of_another_session_is_ignored(
    browser: httpx.AsyncClient, app: FastAPI
) -> None:
    async with httpx.AsyncClient(
        mounts={APP: httpx.ASGITransport(app=app)},
        follow_redirects=True,
        headers={"accept": "text/html"},
        timeout=30,
    ) as other:
        await sign_in(other, "county-adviser")
        theirs = other.cookies.get(ACCESS_COOKIE, domain="app.test")
    await sign_in(browser, "hamar-leader")
    assert theirs

    browser.cookies.set(ACCESS_COOKIE, theirs, domain="app.test")

    assert await viewer_token(browser) is None
    page = await browser.get(f"{APP}/")
    assert page.text == "hello hamar-leader ['integration_leader']"


async def test_sign_out_drops_the_access_token_too(browser: httpx.AsyncClient) -> None:
    await sign_in(browser, "hamar-leader")
    assert await viewer_token(browser) is not None

    out = await browser.get(f"{APP}/logout", follow_redirects=False)

    deleted = [c for c in out.headers.get_list("set-cookie") if c.startswith(f"{ACCESS_COOKIE}=")]
    assert deleted
    assert "Max-Age=0" in deleted[0]


async def test_claims_that_map_to_nothing_are_a_403_naming_the_claim(
    browser: httpx.AsyncClient,
) -> None:
    page = await sign_in(browser, "no-municipality")
    assert page.status_code == 403
    assert "claim &#x27;municipality&#x27;" in page.text or "claim 'municipality'" in page.text


async def test_several_municipalities_map_and_unknown_roles_are_dropped(
    browser: httpx.AsyncClient,
) -> None:
    await sign_in(browser, "county-adviser")
    me = (await browser.get(f"{APP}/whoami")).json()
    assert me["municipalities"] == ["3403", "3411"]
    assert me["municipality"] == "3403"
    assert me["roles"] == ["caseworker"]
    other = await browser.get(f"{APP}/whoami", headers={"helhet-municipality": "3411"})
    assert other.json()["municipality"] == "3411"
    refused = await browser.get(f"{APP}/whoami", headers={"helhet-municipality": "0301"})
    assert refused.status_code == 403


async def test_a_forged_state_in_the_callback_is_refused(browser: httpx.AsyncClient) -> None:
    response = await browser.get(f"{APP}/auth/callback?code=abc&state=forged")
    assert response.status_code == 401
    assert "Sign-in failed" in response.text


async def test_the_return_path_is_never_another_site(browser: httpx.AsyncClient) -> None:
    page = await sign_in(browser, "hamar-leader", start="/login?next=//evil.example/x")
    assert str(page.url) == f"{APP}/"
    for bad in ("https://evil.example", "//evil.example", "/\\evil.example", "", None):
        assert safe_return_path(bad) == "/"
    assert safe_return_path("/alerts?x=1") == "/alerts?x=1"


async def test_a_tampered_session_cookie_is_no_session(browser: httpx.AsyncClient) -> None:
    await sign_in(browser, "hamar-leader")
    value = browser.cookies.get(SESSION_COOKIE, domain="app.test")
    assert value
    browser.cookies.set(SESSION_COOKIE, value[:-4] + "AAAA", domain="app.test")
    page = await browser.get(f"{APP}/", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/login?next=/")


async def test_token_sign_in_is_off_when_an_issuer_signs_in(
    browser: httpx.AsyncClient, tmp_path: Path
) -> None:
    keys = DevKeys(tmp_path / "keys").ensure()
    token = mint_token(
        keys, sub="x", municipality="3403", agency="nav", roles=["caseworker"],
        issuer="helhet-dev", audience="helhet",
    )  # fmt: skip
    response = await browser.get(f"{APP}/login", params={"token": token})
    assert response.status_code == 403


# -- bearer tokens: machine clients (client credentials with private_key_jwt) -------------


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=APP) as client:
        yield client


async def test_a_machine_client_calls_as_its_organisation(
    provider: OidcProvider, api: httpx.AsyncClient
) -> None:
    token = await machine_token(provider, "nav-system")
    response = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "sub": "nav-system",
        "municipality": "3403",
        "municipalities": ["3403", "3405"],
        "agency": "nav",
        "roles": ["caseworker", "plan_editor"],
        "client": "nav-system",
        "client_name": "NAV Innlandet",
    }


async def test_scopes_decide_the_roles(provider: OidcProvider, api: httpx.AsyncClient) -> None:
    token = await machine_token(provider, "nav-system", scope="helhet:participants.read")
    me = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
    assert me.json()["roles"] == ["caseworker"]
    token = await machine_token(provider, "nav-system", scope="helhet:placements.write")
    refused = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    assert refused.json()["claim"] == "scope"


async def test_a_read_scope_reads_but_does_not_write(
    provider: OidcProvider, api: httpx.AsyncClient
) -> None:
    reader = await machine_token(provider, "nav-system", scope="helhet:participants.read")
    writer = await machine_token(
        provider, "nav-system", scope="helhet:participants.read helhet:plans.write"
    )
    # helhet:plans.write gives plan_editor here, and /notes wants a caseworker.

    refused = await api.post("/notes", headers={"authorization": f"Bearer {reader}"})
    also_refused = await api.post("/notes", headers={"authorization": f"Bearer {writer}"})
    read = await api.get("/whoami", headers={"authorization": f"Bearer {reader}"})

    assert read.status_code == 200
    assert refused.status_code == 403
    assert "only allow reading" in refused.json()["detail"]
    assert also_refused.status_code == 403


async def test_an_unknown_organisation_is_a_403_naming_the_claim(
    provider: OidcProvider, api: httpx.AsyncClient
) -> None:
    token = await machine_token(provider, "stranger-system")
    response = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["claim"] == "consumer.ID"
    assert "consumer.ID" in response.json()["detail"]


async def test_a_token_for_another_audience_is_refused(
    provider: OidcProvider, api: httpx.AsyncClient
) -> None:
    token = await machine_token(provider, "nav-system", resource="urn:another-api")
    response = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
    assert (response.status_code, response.json()["detail"]) == (401, "invalid audience")


async def test_an_expired_token_is_refused(provider: OidcProvider, api: httpx.AsyncClient) -> None:
    token = await machine_token(provider, "short-lived")
    ok = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
        if response.status_code != 200:
            break
        await asyncio.sleep(0.25)
    assert (response.status_code, response.json()["detail"]) == (401, "token expired")


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_alg_none_is_refused(provider: OidcProvider, api: httpx.AsyncClient) -> None:
    token = await machine_token(provider, "nav-system")
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    response = await api.get("/whoami", headers={"authorization": f"Bearer {unsigned}"})
    assert (response.status_code, response.json()["detail"]) == (401, "unsupported algorithm")


async def test_a_token_of_an_unknown_issuer_is_refused(
    provider: OidcProvider, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    keys = DevKeys(tmp_path / "keys").ensure()
    for issuer, detail in (
        ("https://issuer.example", "unknown issuer"),
        (provider.issuer, "unknown signing key"),  # its name, not its key
    ):
        token = mint_token(
            keys, sub="x", municipality="3403", agency="nav", roles=["caseworker"],
            issuer=issuer, audience=RESOURCE,
        )  # fmt: skip
        response = await api.get("/whoami", headers={"authorization": f"Bearer {token}"})
        assert (response.status_code, response.json()["detail"]) == (401, detail)


async def test_an_hs256_token_signed_with_the_providers_public_key_is_refused(
    provider: OidcProvider, api: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient() as http:
        jwks = (await http.get(f"{provider.issuer}/jwks")).json()
    public_pem = RSAAlgorithm.from_jwk(jwks["keys"][0]).public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = {
        "iss": provider.issuer,
        "aud": RESOURCE,
        "sub": "nav-system",
        "exp": int(time.time()) + 300,
        "consumer": {"ID": NAV_ORG},
        "scope": SCOPES,
    }
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": jwks["keys"][0]["kid"]})
    body = _b64(claims)
    signature = base64.urlsafe_b64encode(
        hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    )
    forged = f"{header}.{body}.{signature.rstrip(b'=').decode()}"
    response = await api.get("/whoami", headers={"authorization": f"Bearer {forged}"})
    assert (response.status_code, response.json()["detail"]) == (401, "unsupported algorithm")


def _assertion(
    provider: OidcProvider, client_id: str, lifetime: int = 60, *, iat: bool = True
) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": provider.issuer,
        "jti": uuid.uuid4().hex,
        "iat": now,
        "exp": now + lifetime,
    }
    if not iat:
        del claims["iat"]
    return pyjwt.encode(
        claims,
        NAV_KEY,
        algorithm="RS256",
        headers={"kid": NAV_JWK["kid"]},
    )


async def test_a_replayed_client_assertion_is_refused_by_the_provider(
    provider: OidcProvider,
) -> None:
    assertion = _assertion(provider, "nav-system")
    form = {
        "grant_type": "client_credentials",
        "scope": "helhet:participants.read",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }
    async with httpx.AsyncClient() as http:
        first = await http.post(provider.token_endpoint, data=form)
        replayed = await http.post(provider.token_endpoint, data=form)
    assert first.status_code == 200, first.text
    assert replayed.status_code in (400, 401)
    assert replayed.json()["error"] == "invalid_client"


async def test_a_client_assertion_that_lives_too_long_is_refused_by_the_provider(
    provider: OidcProvider,
) -> None:
    """Maskinporten's limit: an assertion's exp at most 120 s after its iat."""

    def form(assertion: str) -> dict[str, str]:
        return {
            "grant_type": "client_credentials",
            "scope": "helhet:participants.read",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        }

    async with httpx.AsyncClient() as http:
        too_long = await http.post(
            provider.token_endpoint, data=form(_assertion(provider, "nav-system", lifetime=121))
        )
        no_iat = await http.post(
            provider.token_endpoint,
            data=form(_assertion(provider, "nav-system", lifetime=60, iat=False)),
        )
        at_the_limit = await http.post(
            provider.token_endpoint, data=form(_assertion(provider, "nav-system", lifetime=120))
        )
    assert too_long.status_code == 401
    assert too_long.json() == {
        "error": "invalid_client",
        "error_description": "the client assertion lives 121 s, more than 120 s",
    }
    assert (no_iat.status_code, no_iat.json()["error"]) == (401, "invalid_client")
    assert at_the_limit.status_code == 200, at_the_limit.text
    with pytest.raises(ValueError, match="1 to 120 s"):
        ShortLivedPrivateKeyJWT(provider.token_endpoint, lifetime_seconds=3600)


class MovableClock:
    """A monotonic clock a test moves past the JWKS refetch throttle. One for the
    module: it only ever moves forward, like the real one."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    return MovableClock()


def _provider_jwks(app: FastAPI, provider: OidcProvider) -> JwksUrl:
    verifier: IssuerVerifier = app.state.token_verifier
    source = verifier.verifiers[provider.issuer].keys
    assert isinstance(source, DiscoveredJwks)
    assert source.jwks is not None
    return source.jwks


def _signed_by_a_stranger(provider: OidcProvider, kid: str) -> str:
    """A token with the provider's name and a key id it never published."""
    key, _jwk = _private_key()
    claims = {
        "iss": provider.issuer,
        "aud": RESOURCE,
        "sub": "nav-system",
        "client_id": "nav-system",
        "iat": int(time.time()),
        "exp": int(time.time()) + 300,
        "consumer": {"ID": NAV_ORG},
        "scope": SCOPES,
    }
    return pyjwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


async def test_an_unknown_kid_refetches_the_jwks_once_throttled_then_is_a_401(
    provider: OidcProvider,
    api: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = await machine_token(provider, "nav-system")
    assert (await api.get("/whoami", headers={"authorization": f"Bearer {token}"})).is_success
    jwks = _provider_jwks(app, provider)
    monkeypatch.setattr(jwks, "clock", clock)
    clock.advance(jwks.min_refetch_seconds + 1)  # past the throttle of earlier fetches
    forged = {"authorization": f"Bearer {_signed_by_a_stranger(provider, 'never-published')}"}
    fetched = jwks.fetch_count

    first = await api.get("/whoami", headers=forged)
    again = await api.get("/whoami", headers=forged)  # within the throttle: no fetch
    assert jwks.fetch_count == fetched + 1
    clock.advance(jwks.min_refetch_seconds + 1)
    later = await api.get("/whoami", headers=forged)

    for response in (first, again, later):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "unknown signing key"
    assert jwks.fetch_count == fetched + 2


# Last in the module: the provider signs with a new key from here on.
async def test_a_key_rotated_at_the_provider_is_picked_up_without_a_restart(
    provider: OidcProvider,
    api: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = await machine_token(provider, "nav-system")
    assert (await api.get("/whoami", headers={"authorization": f"Bearer {before}"})).is_success
    jwks = _provider_jwks(app, provider)
    monkeypatch.setattr(jwks, "clock", clock)
    clock.advance(jwks.min_refetch_seconds + 1)
    fetched = jwks.fetch_count

    new_kid = provider.rotate_key()
    after = await machine_token(provider, "nav-system")
    response = await api.get("/whoami", headers={"authorization": f"Bearer {after}"})
    old = await api.get("/whoami", headers={"authorization": f"Bearer {before}"})

    assert pyjwt.get_unverified_header(after)["kid"] == new_kid
    assert pyjwt.get_unverified_header(before)["kid"] != new_kid
    assert response.status_code == 200, response.text
    assert response.json()["client_name"] == "NAV Innlandet"
    assert jwks.fetch_count == fetched + 1  # the new kid: the JWKS fetched again, once
    assert old.status_code == 200  # the previous key is still published
