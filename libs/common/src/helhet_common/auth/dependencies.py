"""FastAPI dependencies: who is calling, which roles they need, which municipality they see.

The app factory puts a ``TokenVerifier`` on ``app.state.token_verifier``. A route then
asks for the caller with ``CurrentPrincipal`` or for a role with
``Depends(require_roles(CASEWORKER, PLAN_EDITOR))``.

The token comes from ``Authorization: Bearer <token>``; without that header, from the
``helhet_token`` cookie that server-rendered pages use. A cookie is sent by the browser
on its own, so for state-changing methods a cookie is accepted only from a same-origin
request (``Sec-Fetch-Site`` or ``Origin``), which stops cross-site request forgery.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from helhet_common import cooperation
from helhet_common.auth.issuers import Verifier
from helhet_common.auth.principal import ALL_ROLES, Principal
from helhet_common.errors import Forbidden, NotFound, Unauthorized

TOKEN_COOKIE = "helhet_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def declares_token() -> None:
    """Does nothing: a route that reads the caller itself (``await
    current_principal(request)``, e.g. to answer a form with a redirect) lists it in
    ``dependencies=DECLARES_TOKEN`` so that its OpenAPI operation declares the caller's
    token like every route that depends on ``current_principal``
    (``helhet_common.auth.openapi_security``)."""


DECLARES_TOKEN = [Depends(declares_token)]


MUNICIPALITY_HEADER = "helhet-municipality"


def get_token_verifier(request: Request) -> Verifier:
    """The verifier the app factory stored on ``app.state.token_verifier``."""
    verifier = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("app.state.token_verifier is not set; the app factory must set it")
    return verifier  # type: ignore[no-any-return]


def _refuse_cross_site_cookie(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        if site not in ("same-origin", "none"):
            raise Forbidden("cross-site request refused")
        return
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden("cross-site request refused")


def bearer_token(request: Request) -> str | None:
    """The token of the request, from the Authorization header or the cookie, or None."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, credentials = header.strip().partition(" ")
        token = credentials.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("bearer token required")
        return token
    cookie = request.cookies.get(TOKEN_COOKIE)
    if cookie:
        _refuse_cross_site_cookie(request)
        return cookie
    return None


def _acting_for(request: Request, principal: Principal) -> Principal:
    """The caller acting for the municipality the ``Helhet-Municipality`` header names
    (one of its own, or for a person of a host municipality one of its partners:
    ``helhet_common.cooperation``), else for its first."""
    wanted = request.headers.get(MUNICIPALITY_HEADER)
    if wanted is None or wanted == principal.municipality:
        return principal
    if wanted in principal.municipalities:
        return principal.acting_for(wanted)
    serves = cooperation.of_request(request).may_serve(principal.municipality, wanted)
    if not principal.is_machine and serves:
        return principal.serving(wanted)
    raise Forbidden(f"you do not act for municipality {wanted[:8]!r}")


async def current_principal(request: Request) -> Principal:
    """The verified caller; ``Unauthorized`` without a valid token.

    A bearer token in the Authorization header wins; without one, the page session
    (``helhet_common.auth.signin``) or the development token cookie."""
    principal = None
    if request.headers.get("authorization") is None:
        principal = getattr(request.state, "session_principal", None)
        if principal is not None:
            _refuse_cross_site_cookie(request)
    if principal is None:
        token = bearer_token(request)
        if token is None:
            raise Unauthorized("bearer token required")
        principal = await get_token_verifier(request).averify(token)
    principal = _acting_for(request, principal)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency giving the caller if they have at least one of ``roles``, else 403."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    unknown = sorted(set(roles) - set(ALL_ROLES))
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(unknown)}")
    message = f"requires one of the roles: {', '.join(roles)}"

    async def principal_with_role(request: Request, principal: CurrentPrincipal) -> Principal:
        if request.method in SAFE_METHODS:
            allowed = principal.has_role(*roles)
        else:
            allowed = principal.may_change(*roles)
        if not allowed:
            if principal.has_role(*roles):
                raise Forbidden(f"{message} (this agency system's scopes only allow reading)")
            raise Forbidden(message)
        return principal

    principal_with_role.required_roles = frozenset(roles)  # type: ignore[attr-defined]
    principal_with_role.__name__ = f"require_roles_{'_'.join(roles)}"
    principal_with_role.__qualname__ = principal_with_role.__name__
    return principal_with_role


def scope_to_municipality(principal: Principal, municipality: str) -> None:
    """404 if a resource belongs to another municipality than the caller's.

    Not 403: the answer must not confirm that another municipality's resource exists.
    """
    if principal.municipality != municipality:
        raise NotFound()


def check_municipality_claim(principal: Principal, municipality: str) -> None:
    """403 if a write names another municipality than the caller's (e.g. in the body)."""
    if principal.municipality != municipality:
        raise Forbidden("you can only write to your own municipality")
