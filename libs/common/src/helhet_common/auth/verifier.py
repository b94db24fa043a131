"""Verifying bearer tokens against a JWKS and turning their claims into a ``Principal``.

The keys come from a JWKS URL (production) or a JWKS file (development, written by
``helhet token``). Only asymmetric algorithms are accepted (ES256, RS256): a token whose
header names ``none``, an HMAC algorithm or anything else is rejected before a key is
even looked up, and the algorithm must match the key that the ``kid`` selects.

Every failure raises ``Unauthorized`` with a short detail that says what is wrong with
the token but nothing about the server (no paths, URLs or key material). Problems with
the key source itself are logged once per change, with the details an operator needs.

``verify`` is synchronous and cheap (a JWKS file is re-read only when its modification
time changes; one ECDSA verification). ``averify`` is what request handlers use: when
the JWKS URL cache is cold, stale or lacks the token's ``kid`` it fetches in a worker
thread, so the event loop never waits on the network; otherwise it verifies inline.
"""

from __future__ import annotations

import json
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
import jwt
import structlog
from jwt.api_jwk import PyJWK

from helhet_common.auth.principal import Principal, is_municipality
from helhet_common.errors import Unauthorized
from helhet_common.settings import ServiceSettings

ALLOWED_ALGORITHMS: tuple[str, ...] = ("ES256", "RS256")
DEFAULT_LEEWAY_SECONDS = 30.0
MAX_TOKEN_LENGTH = 8192
REQUIRED_CLAIMS: tuple[str, ...] = ("sub", "municipality", "agency", "roles")

log = structlog.get_logger(__name__)

KEYS_UNAVAILABLE = "signing keys unavailable"


class KeySetError(ValueError):
    """A JWKS document is malformed or holds no usable signing key."""


class KeySet:
    """The usable signing keys of a JWKS document, by ``kid``."""

    def __init__(self, keys: Iterable[PyJWK]) -> None:
        self.keys: list[PyJWK] = list(keys)
        self._by_kid: dict[str, PyJWK] = {}
        for key in self.keys:
            if key.key_id is not None:
                self._by_kid.setdefault(key.key_id, key)

    @classmethod
    def parse(cls, document: object, algorithms: Iterable[str] = ALLOWED_ALGORITHMS) -> KeySet:
        """Keep the signature keys of ``document`` that use one of ``algorithms``.

        Keys for encryption, symmetric keys and keys of other algorithms are skipped, so
        a JWKS can never make an HMAC secret out of a public key.
        """
        allowed = set(algorithms)
        if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
            raise KeySetError("not a JWKS document (expected an object with a 'keys' list)")
        usable: list[PyJWK] = []
        for entry in document["keys"]:
            if not isinstance(entry, dict):
                continue
            if entry.get("use", "sig") != "sig" or entry.get("kty") == "oct":
                continue
            try:
                key = PyJWK.from_dict(entry)
            except jwt.PyJWTError:
                continue
            if key.algorithm_name in allowed:
                usable.append(key)
        if not usable:
            raise KeySetError("the JWKS holds no usable signing key")
        return cls(usable)

    def find(self, kid: str | None) -> PyJWK | None:
        """The key for ``kid``; without a ``kid`` only an unambiguous single key matches."""
        if kid is not None:
            return self._by_kid.get(kid)
        return self.keys[0] if len(self.keys) == 1 else None

    def __len__(self) -> int:
        return len(self.keys)


class KeySource(ABC):
    """Where a verifier gets its signing keys."""

    def needs_fetch(self, kid: str | None) -> bool:
        """True if finding the key for ``kid`` would block on I/O (a network fetch)."""
        return False

    def refresh_if_needed(self, kid: str | None) -> None:  # noqa: B027
        """Do the blocking I/O that ``needs_fetch`` announced. Safe from any thread."""

    @abstractmethod
    def signing_key(self, kid: str | None) -> PyJWK:
        """The key for ``kid``, or ``Unauthorized``."""

    def close(self) -> None:  # noqa: B027
        """Release resources (HTTP connections)."""


class _ErrorLog:
    """Logs a key-source problem when it first appears, not on every request."""

    def __init__(self) -> None:
        self._last: str | None = None

    def problem(self, event: str, message: str, **fields: Any) -> None:
        if message != self._last:
            self._last = message
            log.warning(event, problem=message, **fields)

    def ok(self) -> None:
        self._last = None


class JwksFile(KeySource):
    """A JWKS in a local file, re-read whenever the file changes.

    A missing or broken file is not an error at startup: requests fail with 401
    until the file appears (``helhet token`` creates it in development).
    """

    def __init__(self, path: Path | str, algorithms: Iterable[str] = ALLOWED_ALGORITHMS) -> None:
        self.path = Path(path)
        self._algorithms = tuple(algorithms)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._keyset: KeySet | None = None
        self._errors = _ErrorLog()

    def _load(self) -> KeySet:
        try:
            stat = os.stat(self.path)
        except OSError as exc:
            self._errors.problem(
                "jwks_file_unavailable",
                f"cannot read the JWKS file: {exc.strerror}",
                path=str(self.path),
                hint="run `helhet token ...` once to create development keys, "
                "or set HELHET_JWKS_FILE or HELHET_JWKS_URL",
            )
            raise Unauthorized(KEYS_UNAVAILABLE) from None
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        with self._lock:
            if self._keyset is not None and stamp == self._stamp:
                return self._keyset
            try:
                document = json.loads(self.path.read_text(encoding="utf-8"))
                keyset = KeySet.parse(document, self._algorithms)
            except (OSError, ValueError) as exc:
                self._errors.problem("jwks_file_invalid", str(exc), path=str(self.path))
                raise Unauthorized(KEYS_UNAVAILABLE) from None
            self._errors.ok()
            self._keyset = keyset
            self._stamp = stamp
            return keyset

    def signing_key(self, kid: str | None) -> PyJWK:
        key = self._load().find(kid)
        if key is None:
            raise Unauthorized("unknown signing key")
        return key


class JwksUrl(KeySource):
    """A JWKS fetched over HTTP(S) and cached.

    The set is refetched when it is older than ``cache_seconds`` or when a token names a
    ``kid`` it does not hold (key rotation), but never more often than once every
    ``min_refetch_seconds``, so tokens with made-up ``kid`` values cannot turn into a
    flood of requests. If a refetch fails the previous set stays in use.
    """

    def __init__(
        self,
        url: str,
        *,
        cache_seconds: float = 300.0,
        min_refetch_seconds: float = 10.0,
        timeout_seconds: float = 5.0,
        algorithms: Iterable[str] = ALLOWED_ALGORITHMS,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        scheme = httpx.URL(url).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"JWKS URL must be http or https, not {scheme!r}")
        self.url = url
        self.cache_seconds = cache_seconds
        self.min_refetch_seconds = min_refetch_seconds
        self._algorithms = tuple(algorithms)
        self._client = client
        self._owns_client = client is None
        self._timeout = timeout_seconds
        self._lock = threading.Lock()
        self._keyset: KeySet | None = None
        self._fetched_at = 0.0
        self._attempted_at: float | None = None
        self._errors = _ErrorLog()
        self.fetch_count = 0
        # Seconds on a monotonic clock; a test can move it to get past the throttle.
        self.clock = clock

    def needs_fetch(self, kid: str | None) -> bool:
        if self._attempted_at is None:
            return True
        now = self.clock()
        if now - self._attempted_at < self.min_refetch_seconds:
            return False
        keyset = self._keyset
        return (
            keyset is None
            or now - self._fetched_at >= self.cache_seconds
            or keyset.find(kid) is None
        )

    def refresh_if_needed(self, kid: str | None) -> None:
        with self._lock:
            if self.needs_fetch(kid):
                self._fetch()

    def _fetch(self) -> None:
        self._attempted_at = self.clock()
        self.fetch_count += 1
        if self._client is None:
            self._client = httpx.Client(timeout=self._timeout, follow_redirects=False)
        try:
            response = self._client.get(self.url, headers={"Accept": "application/json"})
            response.raise_for_status()
            keyset = KeySet.parse(response.json(), self._algorithms)
        except (httpx.HTTPError, ValueError) as exc:
            self._errors.problem(
                "jwks_fetch_failed",
                f"{type(exc).__name__}: {exc}",
                url=self.url,
                using_cached=self._keyset is not None,
            )
            return
        self._errors.ok()
        self._keyset = keyset
        self._fetched_at = self._attempted_at

    def signing_key(self, kid: str | None) -> PyJWK:
        self.refresh_if_needed(kid)
        keyset = self._keyset
        if keyset is None:
            raise Unauthorized(KEYS_UNAVAILABLE)
        key = keyset.find(kid)
        if key is None:
            raise Unauthorized("unknown signing key")
        return key

    def close(self) -> None:
        if self._client is not None and self._owns_client:
            self._client.close()
            self._client = None


# Checked in this order: subclasses before their bases.
_FAILURES: tuple[tuple[type[Exception], str], ...] = (
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.ImmatureSignatureError, "token not yet valid"),
    (jwt.InvalidIssuerError, "invalid issuer"),
    (jwt.InvalidAudienceError, "invalid audience"),
    (jwt.InvalidIssuedAtError, "invalid claim: iat"),
    (jwt.InvalidSignatureError, "invalid signature"),
    (jwt.InvalidAlgorithmError, "unsupported algorithm"),
    (jwt.DecodeError, "malformed token"),
)


def _failure_detail(exc: jwt.PyJWTError) -> str:
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"missing claim: {exc.claim}"
    for kind, detail in _FAILURES:
        if isinstance(exc, kind):
            return detail
    return "invalid token"


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """Build a ``Principal`` from verified claims, or raise ``Unauthorized``."""
    for name in REQUIRED_CLAIMS:
        if claims.get(name) is None:
            raise Unauthorized(f"missing claim: {name}")
    sub, municipality, agency, roles = (claims[name] for name in REQUIRED_CLAIMS)
    if not isinstance(sub, str) or not sub.strip():
        raise Unauthorized("invalid claim: sub")
    if not is_municipality(municipality):
        raise Unauthorized("invalid claim: municipality (expected 4 digits)")
    if not isinstance(agency, str) or not agency.strip():
        raise Unauthorized("invalid claim: agency")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise Unauthorized("invalid claim: roles (expected a list of strings)")
    return Principal(
        sub=sub,
        municipality=municipality,
        agency=agency,
        roles=frozenset(roles),
        name=display_name(claims),
    )


def display_name(claims: Mapping[str, Any]) -> str | None:
    """The token's ``name`` claim (OpenID Connect's), trimmed to 200 characters, if any."""
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    return name.strip()[:200]


class TokenVerifier:
    """Verifies bearer tokens: signature, expiry, issuer, audience and Helhet's claims."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str,
        audience: str | list[str],
        leeway_seconds: float = DEFAULT_LEEWAY_SECONDS,
        algorithms: Iterable[str] = ALLOWED_ALGORITHMS,
        to_principal: Callable[[Mapping[str, Any]], Principal] = principal_from_claims,
    ) -> None:
        self.algorithms = tuple(algorithms)
        unsupported = set(self.algorithms) - set(ALLOWED_ALGORITHMS)
        if unsupported or not self.algorithms:
            raise ValueError(
                f"algorithms must be a non-empty subset of {ALLOWED_ALGORITHMS}, "
                f"got {sorted(unsupported) or 'nothing'}"
            )
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway_seconds = leeway_seconds
        self.to_principal = to_principal

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        """The JWKS URL if configured, otherwise the JWKS file (dev keys by default)."""
        keys: KeySource
        if settings.jwks_url:
            keys = JwksUrl(settings.jwks_url)
        else:
            keys = JwksFile(settings.resolved_jwks_file)
        return cls(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)

    def _header(self, token: str) -> tuple[str, str | None]:
        """The token's ``alg`` and ``kid``, both checked but not yet trusted."""
        if not isinstance(token, str) or not token:
            raise Unauthorized("malformed token")
        if len(token) > MAX_TOKEN_LENGTH:
            raise Unauthorized("token too large")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthorized("malformed token") from None
        alg = header.get("alg")
        if alg not in self.algorithms:
            raise Unauthorized("unsupported algorithm")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise Unauthorized("malformed token")
        return alg, kid

    def _verify(self, token: str, alg: str, kid: str | None) -> Principal:
        return self.to_principal(self._claims(token, alg, kid))

    def _claims(self, token: str, alg: str, kid: str | None) -> dict[str, Any]:
        key = self.keys.signing_key(kid)
        if key.algorithm_name != alg:
            raise Unauthorized("algorithm does not match the signing key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(_failure_detail(exc)) from None
        return claims

    def verify(self, token: str) -> Principal:
        """Verify ``token``; may block briefly if a JWKS URL must be fetched."""
        alg, kid = self._header(token)
        return self._verify(token, alg, kid)

    async def averify(self, token: str) -> Principal:
        """Verify ``token`` without blocking the event loop on a JWKS fetch."""
        alg, kid = self._header(token)
        if self.keys.needs_fetch(kid):
            await anyio.to_thread.run_sync(self.keys.refresh_if_needed, kid)
        return self._verify(token, alg, kid)

    async def aclaims(self, token: str) -> dict[str, Any]:
        """The verified claims of ``token`` (signature, expiry, issuer, audience)."""
        alg, kid = self._header(token)
        if self.keys.needs_fetch(kid):
            await anyio.to_thread.run_sync(self.keys.refresh_if_needed, kid)
        return self._claims(token, alg, kid)

    def close(self) -> None:
        self.keys.close()
