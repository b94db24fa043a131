"""The development issuer: a local EC P-256 key pair and a function that mints tokens.

``DevKeys(directory).ensure()`` creates ``private.pem`` (mode 0600) and ``jwks.json``
(the public key as a JWKS) the first time and reuses them afterwards. It never replaces
an existing private key, and it is safe when several processes call it at once: the
first to link its key file into place wins, the others load that key.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

ALGORITHM = "ES256"
PRIVATE_KEY_FILE = "private.pem"
JWKS_FILE = "jwks.json"
DEFAULT_TTL_SECONDS = 8 * 3600


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint of an EC or RSA public JWK, base64url without padding."""
    kty = jwk["kty"]
    members: tuple[str, ...]
    if kty == "EC":
        members = ("crv", "kty", "x", "y")
    elif kty == "RSA":
        members = ("e", "kty", "n")
    else:
        raise ValueError(f"unsupported key type for a thumbprint: {kty}")
    canonical = json.dumps(
        {name: jwk[name] for name in members}, separators=(",", ":"), sort_keys=True
    )
    digest = hashlib.sha256(canonical.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _public_jwk(private_key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    public = {name: jwk[name] for name in ("kty", "crv", "x", "y")}
    public["kid"] = jwk_thumbprint(public)
    public["alg"] = ALGORITHM
    public["use"] = "sig"
    return public


class DevKeys:
    """A development signing key kept in ``directory`` (``<home>/dev-keys`` by convention)."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self._private_key: ec.EllipticCurvePrivateKey | None = None
        self._jwk: dict[str, Any] | None = None

    @property
    def private_key_path(self) -> Path:
        return self.directory / PRIVATE_KEY_FILE

    @property
    def jwks_path(self) -> Path:
        return self.directory / JWKS_FILE

    @property
    def private_key(self) -> ec.EllipticCurvePrivateKey:
        """The signing key; created on first use."""
        if self._private_key is None:
            self.ensure()
        assert self._private_key is not None
        return self._private_key

    @property
    def kid(self) -> str:
        """The key id (the RFC 7638 thumbprint of the public key)."""
        return str(self.public_jwk["kid"])

    @property
    def public_jwk(self) -> dict[str, Any]:
        if self._jwk is None:
            self.ensure()
        assert self._jwk is not None
        return dict(self._jwk)

    def jwks(self) -> dict[str, Any]:
        """The public JWKS document for this key."""
        return {"keys": [self.public_jwk]}

    def ensure(self) -> DevKeys:
        """Create the key pair if it does not exist yet, then load it. Idempotent."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.private_key_path.exists():
            self._create_private_key()
        private_key = self._load_private_key()
        jwk = _public_jwk(private_key)
        self._write_jwks_if_needed(jwk)
        self._private_key = private_key
        self._jwk = jwk
        return self

    def _create_private_key(self) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp_name = tempfile.mkstemp(prefix=".private-", suffix=".tmp", dir=self.directory)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
            # link() fails if the target exists, so a concurrent creator never loses its
            # key to ours and a reader never sees a half-written file.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, self.private_key_path)
        finally:
            tmp.unlink(missing_ok=True)

    def _load_private_key(self) -> ec.EllipticCurvePrivateKey:
        data = self.private_key_path.read_bytes()
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(
            key.curve, ec.SECP256R1
        ):
            raise ValueError(f"{self.private_key_path} is not an EC P-256 private key")
        return key

    def _write_jwks_if_needed(self, jwk: dict[str, Any]) -> None:
        # jwks.json is derived from the private key: rewrite it only when it is missing,
        # unreadable or does not publish this key.
        try:
            existing = json.loads(self.jwks_path.read_text(encoding="utf-8"))
            keys = existing.get("keys", []) if isinstance(existing, dict) else []
            if any(k == jwk for k in keys):
                return
        except (OSError, ValueError):
            pass
        document = json.dumps({"keys": [jwk]}, indent=2) + "\n"
        fd, tmp_name = tempfile.mkstemp(prefix=".jwks-", suffix=".tmp", dir=self.directory)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                os.fchmod(handle.fileno(), 0o644)
                handle.write(document)
            os.replace(tmp, self.jwks_path)
        finally:
            tmp.unlink(missing_ok=True)


def mint_token(
    keys: DevKeys,
    *,
    sub: str,
    municipality: str,
    agency: str,
    roles: Iterable[str],
    issuer: str,
    audience: str,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
    extra_claims: Mapping[str, Any] | None = None,
) -> str:
    """Sign a token with the development key.

    ``extra_claims`` are merged last, so tests can also build deliberately bad tokens.
    """
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "municipality": municipality,
        "agency": agency,
        "roles": list(dict.fromkeys(roles)),
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if extra_claims:
        claims.update(extra_claims)
    return jwt.encode(
        claims,
        keys.private_key,
        algorithm=ALGORITHM,
        headers={"kid": keys.kid, "typ": "JWT"},
    )
