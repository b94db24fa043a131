"""Server-rendered pages: the development sign-in, the signed-in caller, translations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from helhet_common.auth import TOKEN_COOKIE, DevKeys, JwksFile, TokenVerifier, mint_token
from helhet_common.errors import install_problem_handlers
from helhet_common.web import Translations, page_principal, sign_in_router

ISSUER = "helhet-test"
AUDIENCE = "helhet"


@pytest.fixture
def keys(tmp_path: Path) -> DevKeys:
    return DevKeys(tmp_path / "dev-keys").ensure()


def build_app(keys: DevKeys, **router: Any) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.token_verifier = TokenVerifier(
        JwksFile(keys.jwks_path), issuer=ISSUER, audience=AUDIENCE
    )
    app.include_router(sign_in_router(**router))

    @app.get("/whoami")
    async def whoami(request: Request) -> dict[str, Any]:
        principal = await page_principal(request)
        return {"sub": principal.sub if principal else None}

    return app


@pytest.fixture
def client(keys: DevKeys) -> TestClient:
    return TestClient(build_app(keys, home="/start"))


def token(keys: DevKeys, **extra: Any) -> str:
    return mint_token(
        keys,
        sub="p-1",
        municipality="3403",
        agency="refugee-service",
        roles=["participant"],
        issuer=ISSUER,
        audience=AUDIENCE,
        **extra,
    )


# Sign-in -------------------------------------------------------------------------------


def test_without_a_token_the_sign_in_form_is_shown(client: TestClient) -> None:
    response = client.get("/login")

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/html")
    assert 'name="token"' in response.text
    assert 'role="alert"' not in response.text


def test_a_good_token_becomes_an_http_only_cookie_and_goes_home(
    client: TestClient, keys: DevKeys
) -> None:
    response = client.get("/login", params={"token": token(keys)}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/start"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in the test
    assert client.get("/whoami").json() == {"sub": "p-1"}


def test_a_bad_token_shows_the_form_with_the_reason_escaped(
    client: TestClient, keys: DevKeys, tmp_path: Path
) -> None:
    other_keys = DevKeys(tmp_path / "other").ensure()

    response = client.get("/login", params={"token": token(other_keys)}, follow_redirects=False)
    garbage = client.get("/login", params={"token": "<script>x</script>"})

    assert response.status_code == 401
    assert 'role="alert"' in response.text
    assert TOKEN_COOKIE not in response.headers.get("set-cookie", "")
    assert "<script>" not in garbage.text
    assert client.get("/whoami").json() == {"sub": None}


def test_signing_out_forgets_the_cookie(client: TestClient, keys: DevKeys) -> None:
    client.get("/login", params={"token": token(keys)})

    response = client.get("/logout", follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (303, "/login")
    assert client.get("/whoami").json() == {"sub": None}


def test_a_service_may_render_its_own_form(keys: DevKeys) -> None:
    def form(request: Request, error: str | None, status_code: int) -> HTMLResponse:
        return HTMLResponse(f"<p>own form {error or ''}</p>", status_code=status_code)

    client = TestClient(build_app(keys, form=form))

    assert client.get("/login").text == "<p>own form </p>"


@pytest.mark.parametrize("home", ["https://elsewhere.example/", "//elsewhere.example", "start"])
def test_home_must_be_a_path_on_this_site(home: str) -> None:
    with pytest.raises(ValueError, match="home"):
        sign_in_router(home=home)


def test_page_principal_reads_the_bearer_header_too(client: TestClient, keys: DevKeys) -> None:
    response = client.get("/whoami", headers={"Authorization": f"Bearer {token(keys)}"})

    assert response.json() == {"sub": "p-1"}


# Translations ---------------------------------------------------------------------------


def write(directory: Path, **languages: dict[str, Any]) -> Path:
    directory.mkdir(exist_ok=True)
    for lang, texts in languages.items():
        (directory / f"{lang}.json").write_text(json.dumps(texts), encoding="utf-8")
    return directory


def test_translations_pick_a_known_language_or_the_default(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", nb={"hello": "Hei"}, nn={"hello": "Hei"}, en={"hello": "Hello"})

    texts = Translations(folder, default="nb")

    assert texts.languages == ("nb", "en", "nn")
    assert texts["en"]["hello"] == "Hello"
    assert (texts.pick("nn"), texts.pick("de"), texts.pick(None)) == ("nn", "nb", "nb")
    assert texts["de"]["hello"] == "Hei"


def test_a_language_missing_a_text_fails_at_start_up(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", nb={"hello": "Hei", "bye": "Ha det"}, en={"hello": "Hello"})

    with pytest.raises(ValueError, match=r"en\.json.*missing \['bye'\]"):
        Translations(folder, default="nb")


def test_a_partial_language_falls_back_per_text_and_says_which(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "t",
        nb={"hello": "Hei", "bye": "Ha det"},
        en={"hello": "Hello", "bye": "Bye"},
        ti={"hello": "ሰላም"},
    )

    texts = Translations(folder, default="nb", partial={"ti": "en"})

    assert dict(texts["ti"]) == {"hello": "ሰላም", "bye": "Bye"}
    assert (texts.missing("ti"), texts.fallback_of("ti")) == ({"bye"}, "en")
    assert (texts.missing("en"), texts.fallback_of("en")) == (frozenset(), None)
    with pytest.raises(ValueError, match="no complete language"):
        Translations(folder, default="nb", partial={"ti": "de"})


def test_a_catalogue_carries_its_own_review_state_never_its_fallbacks(tmp_path: Path) -> None:
    reviewed = {"state": "reviewed", "by": "the team", "date": "2026-12-08"}
    folder = write(
        tmp_path / "t",
        nb={"hello": "Hei", "_review": reviewed},
        en={"hello": "Hello", "_review": reviewed},
        uk={"hello": "Привіт", "_review": {"state": "unreviewed"}},
        ti={},
    )

    texts = Translations(folder, default="nb", partial={"ti": "en"})

    assert texts.review_of("uk") == {"state": "unreviewed"}
    assert texts.review_of("en") == reviewed
    assert texts.review_of("ti") is None
    assert "_review" not in texts["uk"]
    assert "_review" not in texts["ti"]
    assert dict(texts["ti"]) == {"hello": "Hello"}


@pytest.mark.parametrize(
    ("languages", "reason"),
    [
        ({"en": {"hello": "Hello"}}, "default language"),
        ({"nb": {"hello": "Hei", "_review": "reviewed"}}, "_review is not an object"),
        ({"nb": {"hello": 1}}, "object of texts"),
        ({"nb": ["Hei"]}, "object of texts"),
    ],
    ids=["no-default", "review-not-an-object", "not-text", "not-an-object"],
)
def test_bad_translation_files_are_refused(
    tmp_path: Path, languages: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        Translations(write(tmp_path / "t", **languages), default="nb")
