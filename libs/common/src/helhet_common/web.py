"""What every server-rendered page needs: sign-in, the signed-in caller, and
translations kept in one file per language.

- ``sign_in_router(home="/")`` serves the sign-in. With an issuer configured for page
  sign-in (``helhet_common.auth.signin``), ``GET /login?next=/path`` starts OpenID
  Connect (authorization code + PKCE) at the provider, ``GET /auth/callback`` ends it
  with a session cookie and goes to ``next`` (a path on this site only), ``GET
  /logout`` ends the session here and at the provider (RP-initiated logout), and
  ``GET /session-expired`` says so and leads back through sign-in.
  The development sign-in, ``GET /login?token=...`` (a token from ``helhet token``
  kept in the ``helhet_token`` cookie), works only where ``app.state.dev_token_login``
  is on; without a token it shows a small sign-in form (401). A service passes its own
  ``form`` to render that form in its own look.
- ``page_principal(request)``: the signed-in caller (cookie or bearer header), or None;
  ``login_location(request)``: where to send the browser then (back here afterwards).
- ``PAGE_HEADERS``: the headers every page is sent with (no caching, no framing, no
  script).
- ``Translations``: ``<lang>.json`` files with the same keys in every language, so a
  missing translation fails at start-up, not in front of a user.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from authlib.integrations.base_client import OAuthError
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from helhet_common.auth import TOKEN_COOKIE, Principal, current_principal, get_token_verifier
from helhet_common.auth.issuers import ClaimMappingError
from helhet_common.auth.signin import (
    SESSION_COOKIE,
    OidcSignIn,
    PageSignIn,
    cookie_secure,
    delete_session_cookie,
    safe_return_path,
    set_session_cookie,
)
from helhet_common.errors import Unauthorized

FormRenderer = Callable[[Request, str | None, int], Response]

# Pages carry personal data about participants: never cache them, never frame them, and
# run no script at all (every page works without JavaScript). Send these with every page.
PAGE_HEADERS: Mapping[str, str] = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Cookie",
}

_FORM = """<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logg inn - Helhet</title></head>
<body>
<main>
<h1>Logg inn / Sign in</h1>
{error}
<p>Lim inn et token fra <code>helhet token</code>. / Paste a token from
<code>helhet token</code>.</p>
<form method="get" action="{action}">
  <label>Token <input name="token" size="60" autocomplete="off"></label>
  <button type="submit">Logg inn</button>
</form>
</main>
</body>
</html>
"""


_MESSAGE = """<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Helhet</title></head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def message_page(title: str, body: str, status_code: int) -> HTMLResponse:
    """A small page about signing in (``body`` is HTML the caller has escaped)."""
    return HTMLResponse(
        _MESSAGE.format(title=escape(title), body=body),
        status_code=status_code,
        headers=dict(PAGE_HEADERS),
    )


def _sign_in_link(next_path: str) -> str:
    href = "/login?" + urlencode({"next": next_path})
    return f'<p><a href="{escape(href)}">Logg inn igjen / Sign in again</a></p>'


def _sign_ins(request: Request) -> PageSignIn | None:
    sign_in = getattr(request.app.state, "sign_in", None)
    return sign_in if isinstance(sign_in, PageSignIn) else None


def _oidc(request: Request, kind: str | None = None) -> OidcSignIn | None:
    sign_ins = _sign_ins(request)
    return sign_ins.kind(kind) if sign_ins is not None else None


def _dev_token_login(request: Request) -> bool:
    return bool(getattr(request.app.state, "dev_token_login", True))


def sign_in_form(request: Request, error: str | None, status_code: int) -> Response:
    """The built-in sign-in form (a service may render its own)."""
    alert = f'<p role="alert">{escape(error)}</p>' if error else ""
    return HTMLResponse(
        _FORM.format(error=alert, action=escape(request.url.path)),
        status_code=status_code,
        headers=dict(PAGE_HEADERS),
    )


def sign_in_router(
    *, home: str = "/", form: FormRenderer = sign_in_form, path: str = "/login"
) -> APIRouter:
    """``GET {path}?token=`` (sign in, then to ``home``) and ``GET /logout``."""
    if not home.startswith("/") or home.startswith("//"):
        raise ValueError("home must be a path on this site")
    router = APIRouter(tags=["pages"])

    @router.get(path, include_in_schema=False)
    async def login(
        request: Request,
        token: str | None = None,
        next: str | None = None,
        as_: Annotated[str | None, Query(alias="as")] = None,
    ) -> Response:
        """Sign-in: at the OpenID provider (``as=participant``: the participants'
        provider, ID-porten), or (development) with a pasted token."""
        oidc = _oidc(request, as_)
        if token and not _dev_token_login(request):
            return message_page(
                "Innlogging med token er slått av / Token sign-in is off",
                _sign_in_link(safe_return_path(next, home)),
                403,
            )
        if not token and oidc is not None:
            request.session["helhet_next"] = safe_return_path(next, home)
            request.session["helhet_issuer"] = oidc.config.name
            redirect_uri = str(request.url_for("oidc_callback"))
            redirect: Response = await oidc.client.authorize_redirect(request, redirect_uri)
            redirect.headers["cache-control"] = "no-store"
            return redirect
        if not token:
            return form(request, None, 401)
        try:
            await get_token_verifier(request).averify(token)
        except Unauthorized as exc:
            return form(request, exc.detail, 401)
        response = RedirectResponse(safe_return_path(next, home), status_code=303)
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    @router.get("/auth/callback", name="oidc_callback", include_in_schema=False)
    async def callback(request: Request) -> Response:
        """The provider sends the browser back here with a code (or an error)."""
        sign_ins = _sign_ins(request)
        if sign_ins is None:
            return message_page("Ikke funnet / Not found", "", 404)
        next_path = safe_return_path(request.session.pop("helhet_next", None), home)
        oidc = sign_ins.of_session({"i": request.session.pop("helhet_issuer", None)})
        if oidc is None:
            return message_page(
                "Innloggingen mislyktes / Sign-in failed",
                '<p role="alert">no sign-in in progress</p>' + _sign_in_link(next_path),
                401,
            )
        try:
            token = await oidc.client.authorize_access_token(request)
        except (OAuthError, ValueError) as exc:
            detail = getattr(exc, "description", None) or getattr(exc, "error", None) or str(exc)
            return message_page(
                "Innloggingen mislyktes / Sign-in failed",
                f'<p role="alert">{escape(str(detail)[:200])}</p>' + _sign_in_link(next_path),
                401,
            )
        claims = token.get("userinfo")
        if not claims:
            return message_page(
                "Innloggingen mislyktes / Sign-in failed",
                '<p role="alert">no ID token</p>' + _sign_in_link(next_path),
                401,
            )
        try:
            principal = oidc.principal(dict(claims))
        except ClaimMappingError as exc:
            return message_page(
                "Ingen tilgang / No access",
                f'<p role="alert">{escape(exc.detail or "")}</p><p>Kontakt den som gir '
                "tilganger i kommunen din. / Contact whoever grants access in your "
                "municipality.</p>",
                403,
            )
        response = RedirectResponse(
            next_path, status_code=303, headers={"cache-control": "no-store"}
        )
        session, access = oidc.session_cookies(dict(token), principal)
        set_session_cookie(
            response.headers, session, secure=cookie_secure(oidc.settings), access=access
        )
        return response

    @router.get("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        sign_ins = _sign_ins(request)
        response: Response = RedirectResponse(path, status_code=303)
        if sign_ins is not None:
            raw = request.cookies.get(SESSION_COOKIE)
            session = sign_ins.codec.decode(raw) if raw else None
            oidc = (sign_ins.of_session(session) if session else None) or sign_ins.kind(None)
            assert oidc is not None
            id_token = session.get("idt") if session else None
            try:
                response = await oidc.client.logout_redirect(
                    request,
                    post_logout_redirect_uri=str(request.url_for("signed_out")),
                    id_token_hint=id_token,
                )
            except (OAuthError, RuntimeError, ValueError):
                response = RedirectResponse(str(request.url_for("signed_out")), status_code=303)
            delete_session_cookie(response.headers, secure=cookie_secure(oidc.settings))
        response.delete_cookie(TOKEN_COOKIE)
        response.headers["cache-control"] = "no-store"
        return response

    @router.get("/signed-out", name="signed_out", include_in_schema=False)
    async def signed_out() -> Response:
        return message_page("Du er logget ut / You are signed out", _sign_in_link(home), 200)

    @router.get("/session-expired", include_in_schema=False)
    async def session_expired(next: str | None = None) -> Response:
        return message_page(
            "Økten din er utløpt / Your session expired",
            "<p>Logg inn igjen for å fortsette. / Sign in again to continue.</p>"
            + _sign_in_link(safe_return_path(next, home)),
            401,
        )

    return router


def login_location(request: Request) -> str:
    """Where a page sends a caller without a session: ``/login``, with the page to come
    back to after sign-in (``next``) unless it is the home page or not a GET."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET" or target == "/":
        return "/login"
    return "/login?" + urlencode({"next": target})


async def page_principal(request: Request) -> Principal | None:
    """The signed-in caller, or None when there is no valid token (a page then sends
    the browser to sign in instead of answering with a problem)."""
    try:
        return await current_principal(request)
    except Unauthorized:
        return None


# The reserved catalogue key holding a catalogue's review state (not a text).
REVIEW_KEY = "_review"


class Translations:
    """One JSON object of ``key: text`` per language, in ``<directory>/<lang>.json``.

    ``partial`` names languages whose catalogue may still lack texts (a translation under
    way), each with the language a missing text falls back to (``{"ti": "en"}``); a page
    marks those texts with the fallback's language (``fallback_of``, ``missing``).

    A catalogue may carry its review state under the reserved key ``_review``, an object
    of strings (``{"state": "reviewed" | "unreviewed", "by": …, "date": …}``): not a
    text, never inherited from a fallback, read with ``review_of``."""

    def __init__(
        self, directory: Path, *, default: str, partial: Mapping[str, str] | None = None
    ) -> None:
        partial = dict(partial or {})
        texts: dict[str, dict[str, str]] = {}
        reviews: dict[str, dict[str, str]] = {}
        for file in sorted(directory.glob("*.json")):
            data = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(data, dict) and REVIEW_KEY in data:
                review = data.pop(REVIEW_KEY)
                if not isinstance(review, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in review.items()
                ):
                    raise ValueError(f"{file.name}: {REVIEW_KEY} is not an object of texts")
                reviews[file.stem] = review
            if not isinstance(data, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in data.items()
            ):
                raise ValueError(f"{file.name}: expected an object of texts")
            texts[file.stem] = data
        if default not in texts:
            raise ValueError(f"no translations for the default language {default!r}")
        keys = set(texts[default])
        for lang, data in texts.items():
            missing, extra = keys - set(data), set(data) - keys
            if lang in partial:
                if partial[lang] not in texts or partial[lang] in partial:
                    raise ValueError(f"{lang}.json: no complete language {partial[lang]!r}")
                missing = set()
            if missing or extra:
                raise ValueError(
                    f"{lang}.json differs from {default}.json: missing {sorted(missing)}, "
                    f"extra {sorted(extra)}"
                )
        self._missing = {
            lang: frozenset(keys - set(texts[lang])) for lang in texts if lang in partial
        }
        self._fallback = {lang: partial[lang] for lang in self._missing}
        self._texts = {
            lang: {**texts[self._fallback[lang]], **data} if lang in self._fallback else data
            for lang, data in texts.items()
        }
        self._reviews = reviews
        self.default = default
        self.languages = tuple([default, *sorted(set(texts) - {default})])

    def pick(self, lang: str | None) -> str:
        """``lang`` if there are translations for it, else the default."""
        return lang if lang in self._texts else self.default

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return self._texts[self.pick(lang)]

    def fallback_of(self, lang: str) -> str | None:
        """The language the missing texts of ``lang`` come from (None: it has all)."""
        return self._fallback.get(self.pick(lang))

    def missing(self, lang: str) -> frozenset[str]:
        """The keys ``lang`` has no text for yet (shown in ``fallback_of(lang)``)."""
        return self._missing.get(self.pick(lang), frozenset())

    def review_of(self, lang: str) -> Mapping[str, str] | None:
        """The catalogue's own review state (its ``_review`` object), None if it has none."""
        return self._reviews.get(self.pick(lang))
