"""Page sign-in with OpenID Connect: authorization code with PKCE (Authlib), a session
cookie, refresh before expiry, RP-initiated logout and a "session expired" page.

- ``OidcSignIn`` wraps Authlib's Starlette client for the issuer marked ``sign_in`` in
  the issuers file. The short-lived state of one sign-in (state, nonce, PKCE verifier,
  the page to return to) lives in Starlette's signed ``helhet_signin`` cookie.
- The session itself is the ``helhet_session`` cookie: the mapped principal, when its
  tokens expire, the refresh token and the ID token (for logout), encrypted and
  authenticated with Fernet (a tampered cookie is simply no session). HttpOnly,
  SameSite=Lax, Secure outside development and tests.
- The session's access token rides in a second cookie, ``helhet_session_at``, encrypted
  the same way and bound to the session by a random session id (a cookie of another
  session is ignored), so that a page can call another service *as the viewer*
  (reporting asks plan-service for names; decision 0023). It has a cookie of its own so
  that the session cookie stays small; an access token too large for a cookie is not
  kept (the page then does without, as before). ``session_access_token(request.state)``
  gives it to the page.
- ``SessionMiddleware`` reads the session on every request. Close to expiry (less than
  ``REFRESH_MARGIN_SECONDS`` left) it refreshes with the refresh token and sends the
  new cookie; a session it cannot refresh is dropped, and a page request (a GET that
  asks for HTML) is sent to ``/session-expired`` which leads back through sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import asdict
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

import structlog
from authlib.integrations.starlette_client import OAuth
from cryptography.fernet import Fernet, InvalidToken
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helhet_common.auth.issuers import DiscoveredJwks, IssuerConfig
from helhet_common.auth.principal import Principal
from helhet_common.auth.verifier import TokenVerifier
from helhet_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

SESSION_COOKIE = "helhet_session"
ACCESS_COOKIE = "helhet_session_at"
SIGN_IN_COOKIE = "helhet_signin"
# A browser keeps a cookie of up to 4096 bytes (name, value and attributes): an access
# token whose encrypted cookie would be longer is not kept.
MAX_COOKIE_VALUE = 3800
REFRESH_MARGIN_SECONDS = 60
SESSION_MAX_SECONDS = 12 * 3600
SESSION_PRINCIPAL = "session_principal"
SESSION_ACCESS_TOKEN = "session_access_token"


def safe_return_path(value: str | None, default: str = "/") -> str:
    """``value`` if it is a path on this site, else ``default`` (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    if any(ord(char) < 0x20 or char == "\\" for char in value):
        return default
    return value


def cookie_secure(settings: ServiceSettings) -> bool:
    """Session cookies are Secure everywhere but in development and tests (plain http)."""
    return settings.environment == "production"


class SessionCodec:
    """Encrypts and authenticates the session cookie (Fernet: AES-CBC + HMAC-SHA256)."""

    def __init__(self, secret: str) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())
        self._fernet = Fernet(key)

    def encode(self, data: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(data, separators=(",", ":")).encode()).decode()

    def decode(self, value: str) -> dict[str, Any] | None:
        try:
            raw = self._fernet.decrypt(value.encode(), ttl=SESSION_MAX_SECONDS)
            data = json.loads(raw)
        except (InvalidToken, ValueError):
            return None
        return data if isinstance(data, dict) else None


def principal_to_json(principal: Principal) -> dict[str, Any]:
    data = asdict(principal)
    data["roles"] = sorted(principal.roles)
    data["scopes"] = sorted(principal.scopes)
    data["municipalities"] = list(principal.municipalities)
    return data


def principal_from_json(data: dict[str, Any]) -> Principal:
    return Principal(
        **{
            **data,
            "roles": frozenset(data.get("roles", ())),
            "scopes": frozenset(data.get("scopes", ())),
            "municipalities": tuple(data.get("municipalities", ())),
        }
    )


class OidcSignIn:
    """The OpenID Connect client of one issuer the pages sign in with."""

    def __init__(
        self, config: IssuerConfig, settings: ServiceSettings, codec: SessionCodec
    ) -> None:
        if not config.client_id:
            raise ValueError(f"issuer {config.name}: sign_in needs client_id")
        self.config = config
        self.settings = settings
        self.codec = codec
        self.oauth = OAuth()
        self.client = self.oauth.register(
            name=config.name,
            client_id=config.client_id,
            client_secret=(
                config.client_secret.get_secret_value() if config.client_secret else None
            ),
            server_metadata_url=config.resolved_discovery_url,
            client_kwargs={"scope": config.scope, "code_challenge_method": "S256"},
            # ID-porten: ask for the accepted levels (the mapping checks the answer).
            authorize_params=(
                {"acr_values": " ".join(config.claims.acr)} if config.claims.acr else None
            ),
        )
        # The ID token of a refresh is checked like a bearer token, audience = our client.
        self.id_tokens = TokenVerifier(
            DiscoveredJwks(config),
            issuer=config.issuer,
            audience=config.client_id,
            leeway_seconds=config.leeway_seconds,
            algorithms=config.algorithms,
        )

    def principal(self, claims: dict[str, Any]) -> Principal:
        return self.config.claims.principal(claims, issuer=self.config.name)

    def session_cookie(self, token: dict[str, Any], principal: Principal) -> str:
        return self.session_cookies(token, principal)[0]

    def session_cookies(
        self, token: dict[str, Any], principal: Principal
    ) -> tuple[str, str | None]:
        """The session cookie and the access-token cookie (None when the access token
        is missing or too large for a cookie), bound by a fresh random session id."""
        expires_at = int(
            token.get("expires_at") or (time.time() + float(token.get("expires_in", 300)))
        )
        sid = secrets.token_urlsafe(16)
        session = self.codec.encode(
            {
                "i": self.config.name,
                "sid": sid,
                "p": principal_to_json(principal),
                "exp": expires_at,
                "rt": token.get("refresh_token"),
                "idt": token.get("id_token"),
            }
        )
        access_token = token.get("access_token")
        access: str | None = None
        if isinstance(access_token, str) and access_token:
            access = self.codec.encode({"sid": sid, "exp": expires_at, "at": access_token})
            if len(access) > MAX_COOKIE_VALUE:
                log.warning(
                    "session_access_token_too_large",
                    issuer=self.config.name,
                    length=len(access),
                )
                access = None
        return session, access

    async def refresh(self, session: dict[str, Any]) -> tuple[dict[str, Any], Principal] | None:
        """A refreshed session, or None if the provider refuses (the session is over)."""
        refresh_token = session.get("rt")
        if not refresh_token:
            return None
        try:
            token = await self.client.fetch_access_token(
                grant_type="refresh_token", refresh_token=refresh_token
            )
        except Exception as exc:
            log.info("session_refresh_failed", issuer=self.config.name, problem=str(exc))
            return None
        principal = principal_from_json(session["p"])
        id_token = token.get("id_token")
        if id_token:
            try:
                claims = await self.id_tokens.aclaims(id_token)
                principal = self.principal(claims)
            except Exception as exc:
                log.info("session_refresh_refused", issuer=self.config.name, problem=str(exc))
                return None
        token.setdefault("refresh_token", refresh_token)
        token.setdefault("id_token", session.get("idt"))
        return token, principal

    def close(self) -> None:
        self.id_tokens.close()


class PageSignIn:
    """The sign-ins of a service's pages: staff's and participants' (ID-porten), by kind,
    sharing one session cookie key."""

    def __init__(self, issuers: dict[str, IssuerConfig], settings: ServiceSettings) -> None:
        secret = settings.session_secret.get_secret_value() if settings.session_secret else None
        if secret is None:
            if settings.environment == "production":
                raise ValueError("HELHET_SESSION_SECRET is required for page sign-in in production")
            secret = secrets.token_urlsafe(32)
        self.secret = secret
        self.settings = settings
        self.codec = SessionCodec(secret)
        self.refresh_margin_seconds: float = REFRESH_MARGIN_SECONDS
        self.by_kind = {
            kind: OidcSignIn(config, settings, self.codec) for kind, config in issuers.items()
        }
        self._by_name = {client.config.name: client for client in self.by_kind.values()}

    def kind(self, wanted: str | None) -> OidcSignIn | None:
        """The sign-in for ``wanted`` (``participant`` or staff), or staff's."""
        if wanted == "participant" and "participants" in self.by_kind:
            return self.by_kind["participants"]
        return self.by_kind.get("staff") or self.by_kind.get("participants")

    def of_session(self, session: dict[str, Any]) -> OidcSignIn | None:
        name = session.get("i")
        return self._by_name.get(name) if isinstance(name, str) else None

    def close(self) -> None:
        for client in self.by_kind.values():
            client.close()


def _cookie_header(name: str, value: str, *, secure: bool, delete: bool = False) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    morsel = cookie[name]
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "lax"
    if secure:
        morsel["secure"] = True
    if delete:
        morsel["max-age"] = 0
        morsel["expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
    return morsel.OutputString()


def set_session_cookie(
    headers: MutableHeaders, value: str, *, secure: bool, access: str | None = None
) -> None:
    """The session cookie and its access-token cookie (deleted when there is none)."""
    headers.append("set-cookie", _cookie_header(SESSION_COOKIE, value, secure=secure))
    headers.append(
        "set-cookie",
        _cookie_header(ACCESS_COOKIE, access or "", secure=secure, delete=access is None),
    )


def delete_session_cookie(headers: MutableHeaders, *, secure: bool) -> None:
    headers.append("set-cookie", _cookie_header(SESSION_COOKIE, "", secure=secure, delete=True))
    headers.append("set-cookie", _cookie_header(ACCESS_COOKIE, "", secure=secure, delete=True))


def access_token_of(codec: SessionCodec, session: dict[str, Any], raw: str | None) -> str | None:
    """The access token of ``raw`` (the access-token cookie) if it belongs to
    ``session`` (the same session id and expiry), else None."""
    if raw is None or not session.get("sid"):
        return None
    data = codec.decode(raw)
    if data is None or data.get("sid") != session["sid"] or data.get("exp") != session.get("exp"):
        return None
    token = data.get("at")
    return token if isinstance(token, str) and token else None


def _wants_page(scope: Scope) -> bool:
    if scope.get("method") != "GET":
        return False
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            return b"text/html" in value
    return False


class SessionMiddleware:
    """Reads, refreshes or ends the page session of every request (see the module)."""

    def __init__(self, app: ASGIApp, sign_in: PageSignIn) -> None:
        self.app = app
        self.sign_in = sign_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = _read_cookie(scope, SESSION_COOKIE)
        if raw is None:
            await self.app(scope, receive, send)
            return
        secure = cookie_secure(self.sign_in.settings)
        session = self.sign_in.codec.decode(raw)
        new_cookie: str | None = None
        new_access: str | None = None
        access_token: str | None = None
        principal: Principal | None = None
        if session is not None and (
            session.get("exp", 0) - time.time() > self.sign_in.refresh_margin_seconds
        ):
            principal = principal_from_json(session["p"])
            access_token = access_token_of(
                self.sign_in.codec, session, _read_cookie(scope, ACCESS_COOKIE)
            )
        elif session is not None and (client := self.sign_in.of_session(session)) is not None:
            refreshed = await client.refresh(session)
            if refreshed is not None:
                token, principal = refreshed
                new_cookie, new_access = client.session_cookies(token, principal)
                if new_access is not None:
                    access_token = str(token["access_token"])
        if principal is None:
            if session is not None and _wants_page(scope):
                await _expired(scope, send, secure)
                return
            new_cookie = ""
        else:
            state = scope.setdefault("state", {})
            state[SESSION_PRINCIPAL] = principal
            if access_token is not None:
                state[SESSION_ACCESS_TOKEN] = access_token

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and new_cookie is not None:
                headers = MutableHeaders(scope=message)
                # A response that sets or deletes the session itself (sign-out, the
                # callback) has the last word: a refreshed cookie must not revive it.
                if any(
                    value.startswith(f"{SESSION_COOKIE}=")
                    for value in headers.getlist("set-cookie")
                ):
                    await send(message)
                    return
                if new_cookie:
                    set_session_cookie(headers, new_cookie, secure=secure, access=new_access)
                else:
                    delete_session_cookie(headers, secure=secure)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _read_cookie(scope: Scope, name: str) -> str | None:
    for header, value in scope.get("headers", ()):
        if header == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in cookie:
                return cookie[name].value
    return None


async def _expired(scope: Scope, send: Send, secure: bool) -> None:
    path = scope.get("path", "/")
    query = scope.get("query_string", b"").decode("latin-1")
    target = safe_return_path(path + (f"?{query}" if query else ""))
    location = f"/session-expired?next={quote(target, safe='')}"
    headers = MutableHeaders()
    headers["location"] = location
    headers["cache-control"] = "no-store"
    delete_session_cookie(headers, secure=secure)
    await send({"type": "http.response.start", "status": 303, "headers": headers.raw})
    await send({"type": "http.response.body", "body": b""})


def session_principal(scope_state: Any) -> Principal | None:
    principal = getattr(scope_state, SESSION_PRINCIPAL, None)
    return principal if isinstance(principal, Principal) else None


def session_access_token(scope_state: Any) -> str | None:
    """The access token of the request's page session (signed in at an OpenID
    provider), for calling another service as the viewer; None without one."""
    token = getattr(scope_state, SESSION_ACCESS_TOKEN, None)
    return token if isinstance(token, str) else None


__all__ = [
    "ACCESS_COOKIE",
    "SESSION_COOKIE",
    "SIGN_IN_COOKIE",
    "OidcSignIn",
    "PageSignIn",
    "SessionCodec",
    "SessionMiddleware",
    "cookie_secure",
    "safe_return_path",
    "session_access_token",
    "session_principal",
]
