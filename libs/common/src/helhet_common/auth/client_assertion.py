"""Client authentication of an agency system: ``private_key_jwt`` (RFC 7523) with a
short-lived assertion.

Maskinporten refuses a client assertion whose ``exp`` is more than 120 s after its
``iat``, and so does the test provider (``max_assertion_lifetime`` in
``tests/oidc-provider/server.mjs``). Authlib's ``PrivateKeyJWT`` makes assertions that
live an hour, so Helhet's clients use this one: each assertion lives
``ASSERTION_LIFETIME_SECONDS`` and has its own ``jti``.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import jwt
from authlib.oauth2.rfc7523 import PrivateKeyJWT

# What Maskinporten accepts at most.
MAX_ASSERTION_LIFETIME_SECONDS = 120
ASSERTION_LIFETIME_SECONDS = 60


class ShortLivedPrivateKeyJWT(PrivateKeyJWT):  # type: ignore[misc]
    """``private_key_jwt`` whose assertions live ``lifetime_seconds`` (at most 120)."""

    def __init__(
        self, token_endpoint: str, *, lifetime_seconds: int = ASSERTION_LIFETIME_SECONDS
    ) -> None:
        if not 0 < lifetime_seconds <= MAX_ASSERTION_LIFETIME_SECONDS:
            raise ValueError(
                f"an assertion lives 1 to {MAX_ASSERTION_LIFETIME_SECONDS} s, "
                f"not {lifetime_seconds}"
            )
        super().__init__(token_endpoint)
        self.lifetime_seconds = lifetime_seconds

    def sign(self, auth: Any, token_endpoint: str) -> str:
        """The assertion (RFC 7523 section 3), signed with the client's private key (PEM)."""
        now = int(time.time())
        claims = {
            "iss": auth.client_id,
            "sub": auth.client_id,
            "aud": token_endpoint,
            "iat": now,
            "exp": now + self.lifetime_seconds,
            "jti": secrets.token_urlsafe(24),
        }
        return jwt.encode(claims, auth.client_secret, algorithm=self.alg, headers=self.headers)
