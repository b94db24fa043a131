"""What every server-rendered page needs: the development sign-in, the signed-in
caller, and translations kept in one file per language.

- ``sign_in_router(home="/")`` serves ``GET /login?token=...``: a token from ``helhet
  token`` is verified and kept in the ``helhet_token`` cookie (HttpOnly, SameSite=Lax,
  Secure over https), then the browser goes to ``home``. Without a token, or with a bad
  one, it shows a small sign-in form (401). ``GET /logout`` forgets the cookie. A
  service passes its own ``form`` to render the form in its own look.
- ``page_principal(request)``: the signed-in caller (cookie or bearer header), or None.
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

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from helhet_common.auth import TOKEN_COOKIE, Principal, current_principal, get_token_verifier
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
    async def login(request: Request, token: str | None = None) -> Response:
        """Development sign-in: a token from ``helhet token`` becomes a session cookie."""
        if not token:
            return form(request, None, 401)
        try:
            await get_token_verifier(request).averify(token)
        except Unauthorized as exc:
            return form(request, exc.detail, 401)
        response = RedirectResponse(home, status_code=303)
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    @router.get("/logout", include_in_schema=False)
    async def logout() -> Response:
        response = RedirectResponse(path, status_code=303)
        response.delete_cookie(TOKEN_COOKIE)
        return response

    return router


async def page_principal(request: Request) -> Principal | None:
    """The signed-in caller, or None when there is no valid token (a page then sends
    the browser to sign in instead of answering with a problem)."""
    try:
        return await current_principal(request)
    except Unauthorized:
        return None


class Translations:
    """One JSON object of ``key: text`` per language, in ``<directory>/<lang>.json``."""

    def __init__(self, directory: Path, *, default: str) -> None:
        texts: dict[str, dict[str, str]] = {}
        for file in sorted(directory.glob("*.json")):
            data = json.loads(file.read_text(encoding="utf-8"))
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
            if missing or extra:
                raise ValueError(
                    f"{lang}.json differs from {default}.json: missing {sorted(missing)}, "
                    f"extra {sorted(extra)}"
                )
        self._texts = texts
        self.default = default
        self.languages = tuple([default, *sorted(set(texts) - {default})])

    def pick(self, lang: str | None) -> str:
        """``lang`` if there are translations for it, else the default."""
        return lang if lang in self._texts else self.default

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return self._texts[self.pick(lang)]
