"""JWKS URL mode against a JWKS served on 127.0.0.1 by a local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from helhet_common.auth import (
    CASEWORKER,
    DevKeys,
    JwksUrl,
    TokenVerifier,
    mint_token,
)
from helhet_common.errors import Unauthorized
from helhet_common.settings import ServiceSettings

ISSUER = "helhet-test"
AUDIENCE = "helhet"


@dataclass
class JwksServer:
    url: str
    document: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    status: int = 200
    requests: int = 0


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def server() -> Iterator[JwksServer]:
    state = JwksServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            body = json.dumps(state.document).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/.well-known/jwks.json"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def keys(tmp_path: Path) -> DevKeys:
    return DevKeys(tmp_path / "a").ensure()


def token(keys: DevKeys) -> str:
    return mint_token(
        keys,
        sub="user-1",
        municipality="3403",
        agency="nav",
        roles=[CASEWORKER],
        issuer=ISSUER,
        audience=AUDIENCE,
    )


def verifier_for(url: str, **options: Any) -> TokenVerifier:
    return TokenVerifier(JwksUrl(url, **options), issuer=ISSUER, audience=AUDIENCE)


def test_verifies_and_caches(server: JwksServer, keys: DevKeys) -> None:
    server.document = keys.jwks()
    verifier = verifier_for(server.url)
    for _ in range(5):
        assert verifier.verify(token(keys)).sub == "user-1"
    assert server.requests == 1
    verifier.close()


async def test_averify_fetches_off_the_loop(server: JwksServer, keys: DevKeys) -> None:
    server.document = keys.jwks()
    verifier = verifier_for(server.url)
    assert verifier.keys.needs_fetch(keys.kid)
    principal = await verifier.averify(token(keys))
    assert principal.municipality == "3403"
    assert not verifier.keys.needs_fetch(keys.kid)
    await verifier.averify(token(keys))
    assert server.requests == 1
    verifier.close()


def test_refetches_on_unknown_kid(server: JwksServer, keys: DevKeys, tmp_path: Path) -> None:
    server.document = keys.jwks()
    verifier = verifier_for(server.url, min_refetch_seconds=0)
    assert verifier.verify(token(keys)).sub == "user-1"

    rotated = DevKeys(tmp_path / "b").ensure()
    server.document = {"keys": [keys.public_jwk, rotated.public_jwk]}
    assert verifier.verify(token(rotated)).sub == "user-1"
    assert server.requests == 2
    assert verifier.verify(token(keys)).sub == "user-1"
    assert server.requests == 2
    verifier.close()


def test_unknown_kids_cannot_force_a_fetch_per_request(
    server: JwksServer, keys: DevKeys, tmp_path: Path
) -> None:
    server.document = keys.jwks()
    verifier = verifier_for(server.url, min_refetch_seconds=3600)
    verifier.verify(token(keys))
    stranger = DevKeys(tmp_path / "stranger").ensure()
    for _ in range(5):
        with pytest.raises(Unauthorized) as caught:
            verifier.verify(token(stranger))
        assert caught.value.detail == "unknown signing key"
    assert server.requests == 1
    verifier.close()


def test_unreachable_jwks_is_401_not_a_crash(server: JwksServer, keys: DevKeys) -> None:
    server.status = 500
    verifier = verifier_for(server.url, min_refetch_seconds=0)
    with pytest.raises(Unauthorized) as caught:
        verifier.verify(token(keys))
    assert caught.value.detail == "signing keys unavailable"
    assert server.url not in str(caught.value.body())

    server.status = 200
    server.document = keys.jwks()
    assert verifier.verify(token(keys)).sub == "user-1"
    verifier.close()


def test_keeps_the_cached_keys_when_a_refresh_fails(server: JwksServer, keys: DevKeys) -> None:
    server.document = keys.jwks()
    verifier = verifier_for(server.url, cache_seconds=0.001, min_refetch_seconds=0)
    verifier.verify(token(keys))
    server.status = 503
    assert verifier.verify(token(keys)).sub == "user-1"
    assert server.requests >= 2
    verifier.close()


def test_from_settings_uses_the_url(
    server: JwksServer, keys: DevKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.document = keys.jwks()
    monkeypatch.setenv("HELHET_JWKS_URL", server.url)
    monkeypatch.setenv("HELHET_JWT_ISSUER", ISSUER)
    monkeypatch.setenv("HELHET_JWT_AUDIENCE", AUDIENCE)
    verifier = TokenVerifier.from_settings(ServiceSettings())
    assert isinstance(verifier.keys, JwksUrl)
    assert verifier.verify(token(keys)).agency == "nav"
    verifier.close()


def test_only_http_urls() -> None:
    with pytest.raises(ValueError, match="http or https"):
        JwksUrl("file:///etc/passwd")
