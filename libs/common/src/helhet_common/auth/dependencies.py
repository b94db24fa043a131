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

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from helhet_common.auth.principal import ALL_ROLES, Principal
from helhet_common.auth.verifier import TokenVerifier
from helhet_common.errors import Forbidden, NotFound, Unauthorized

TOKEN_COOKIE = "helhet_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The two ways a token comes, as OpenAPI security schemes (alternatives). They only
# declare; ``bearer_token`` reads the request itself (``auto_error=False``).
BEARER_SCHEME = HTTPBearer(
    scheme_name="bearer",
    bearerFormat="JWT",
    description="An OIDC access token signed by an issuer the service trusts (JWKS). "
    "Claims: `sub`, `municipality`, `agency`, `roles`; every query is scoped to the "
    "caller's municipality. In development `helhet token` mints one.",
    auto_error=False,
)
COOKIE_SCHEME = APIKeyCookie(
    name=TOKEN_COOKIE,
    scheme_name="cookie",
    description="The same token, set by `/login` for the server-rendered pages; a change "
    "sent with the cookie must come from the same origin.",
    auto_error=False,
)
# For a route that reads the caller itself (``await current_principal(request)``):
# ``dependencies=DECLARES_TOKEN`` puts the schemes in its OpenAPI operation.
DECLARES_TOKEN = [Security(BEARER_SCHEME), Security(COOKIE_SCHEME)]


def get_token_verifier(request: Request) -> TokenVerifier:
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


async def current_principal(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_SCHEME)] = None,
    _cookie: Annotated[str | None, Security(COOKIE_SCHEME)] = None,
) -> Principal:
    """The verified caller; ``Unauthorized`` without a valid token.

    ``_bearer`` and ``_cookie`` are there for the OpenAPI document only."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("bearer token required")
    principal = await get_token_verifier(request).averify(token)
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

    async def principal_with_role(principal: CurrentPrincipal) -> Principal:
        if not principal.has_role(*roles):
            raise Forbidden(message)
        return principal

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
