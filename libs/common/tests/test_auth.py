"""Principal, development keys and token verification against a JWKS file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from helhet_common.auth import (
    AGENCIES,
    ALL_ROLES,
    CASEWORKER,
    PLAN_EDITOR,
    DevKeys,
    JwksFile,
    KeySet,
    Principal,
    TokenVerifier,
    is_municipality,
    jwk_thumbprint,
    mint_token,
)
from helhet_common.errors import Unauthorized
from helhet_common.settings import ServiceSettings

ISSUER = "helhet-test"
AUDIENCE = "helhet"


@pytest.fixture
def keys(tmp_path: Path) -> DevKeys:
    return DevKeys(tmp_path / "dev-keys").ensure()


@pytest.fixture
def verifier(keys: DevKeys) -> TokenVerifier:
    return TokenVerifier(JwksFile(keys.jwks_path), issuer=ISSUER, audience=AUDIENCE)


def token_for(keys: DevKeys, **overrides: Any) -> str:
    claims: dict[str, Any] = {
        "sub": "user-1",
        "municipality": "3403",
        "agency": "refugee-service",
        "roles": [CASEWORKER],
        "issuer": ISSUER,
        "audience": AUDIENCE,
    }
    extra = overrides.pop("extra_claims", None)
    claims.update(overrides)
    return mint_token(keys, extra_claims=extra, **claims)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def raw_token(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64url(signature)}"


def valid_claims() -> dict[str, Any]:
    now = int(time.time())
    return {
        "sub": "user-1",
        "municipality": "3403",
        "agency": "nav",
        "roles": [CASEWORKER],
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
    }


def assert_rejected(verifier: TokenVerifier, token: str, detail: str) -> Unauthorized:
    with pytest.raises(Unauthorized) as caught:
        verifier.verify(token)
    assert caught.value.status == 401
    assert caught.value.detail == detail
    assert caught.value.headers == {"WWW-Authenticate": "Bearer"}
    return caught.value


# Principal and constants.


def test_principal_has_role_is_any_of() -> None:
    principal = Principal("u", "3403", "nav", frozenset({CASEWORKER}))
    assert principal.has_role(CASEWORKER)
    assert principal.has_role(PLAN_EDITOR, CASEWORKER)
    assert not principal.has_role(PLAN_EDITOR)
    assert not principal.has_role()


def test_principal_is_frozen_and_hashable() -> None:
    principal = Principal("u", "3403", "nav", {CASEWORKER})  # type: ignore[arg-type]
    assert principal.roles == frozenset({CASEWORKER})
    assert hash(principal) == hash(Principal("u", "3403", "nav", frozenset({CASEWORKER})))
    with pytest.raises(AttributeError):
        principal.sub = "other"  # type: ignore[misc]


def test_known_roles_and_agencies() -> None:
    assert set(ALL_ROLES) == {
        "caseworker",
        "plan_editor",
        "contributor",
        "integration_leader",
        "participant",
        "operator",
        "admin",
    }
    assert set(AGENCIES) == {
        "refugee-service",
        "learning-centre",
        "nav",
        "county",
        "employer",
        "volunteer",
        "platform",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3403", True), ("0301", True), ("340", False), ("34031", False), ("34a3", False),
     ("٣٤٠٣", False), (3403, False), (None, False), ("3403\n", False)],
)  # fmt: skip
def test_is_municipality(value: object, expected: bool) -> None:
    assert is_municipality(value) is expected


# Development keys.


def test_ensure_creates_key_pair(tmp_path: Path) -> None:
    keys = DevKeys(tmp_path / "home" / "dev-keys").ensure()
    assert stat.S_IMODE(keys.private_key_path.stat().st_mode) == 0o600
    document = json.loads(keys.jwks_path.read_text())
    [jwk] = document["keys"]
    assert jwk["kty"] == "EC"
    assert jwk["crv"] == "P-256"
    assert jwk["alg"] == "ES256"
    assert jwk["use"] == "sig"
    assert jwk["kid"] == keys.kid == jwk_thumbprint(jwk)
    assert "d" not in jwk
    assert isinstance(keys.private_key, ec.EllipticCurvePrivateKey)


def test_ensure_is_idempotent_and_reuses_the_key(tmp_path: Path) -> None:
    directory = tmp_path / "dev-keys"
    first = DevKeys(directory).ensure()
    pem, jwks = first.private_key_path.read_bytes(), first.jwks_path.read_bytes()
    jwks_mtime = first.jwks_path.stat().st_mtime_ns

    second = DevKeys(directory).ensure()
    second.ensure()
    assert second.private_key_path.read_bytes() == pem
    assert second.jwks_path.read_bytes() == jwks
    assert second.jwks_path.stat().st_mtime_ns == jwks_mtime
    assert second.kid == first.kid


def test_missing_jwks_is_rebuilt_from_the_existing_key(tmp_path: Path) -> None:
    keys = DevKeys(tmp_path).ensure()
    kid = keys.kid
    keys.jwks_path.unlink()
    again = DevKeys(tmp_path).ensure()
    assert again.kid == kid
    assert json.loads(again.jwks_path.read_text())["keys"][0]["kid"] == kid


def test_concurrent_ensure_agrees_on_one_key(tmp_path: Path) -> None:
    kids: list[str] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        barrier.wait()
        kids.append(DevKeys(tmp_path / "dev-keys").ensure().kid)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(kids)) == 1
    assert sorted(p.name for p in (tmp_path / "dev-keys").iterdir()) == [
        "jwks.json",
        "private.pem",
    ]


def test_private_key_property_creates_keys_on_first_use(tmp_path: Path) -> None:
    keys = DevKeys(tmp_path / "lazy")
    assert isinstance(keys.private_key, ec.EllipticCurvePrivateKey)
    assert keys.jwks_path.exists()


def test_minted_token_claims_and_header(keys: DevKeys) -> None:
    token = mint_token(
        keys,
        sub="user-1",
        municipality="3403",
        agency="nav",
        roles=[CASEWORKER, PLAN_EDITOR],
        issuer=ISSUER,
        audience=AUDIENCE,
        ttl_seconds=60,
    )
    header = jwt.get_unverified_header(token)
    assert header["kid"] == keys.kid
    assert header["alg"] == "ES256"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["roles"] == [CASEWORKER, PLAN_EDITOR]
    assert claims["iss"] == ISSUER
    assert claims["aud"] == AUDIENCE
    assert claims["nbf"] == claims["iat"]
    assert claims["exp"] - claims["iat"] == 60


# Verification.


def test_minted_token_verifies_to_principal(keys: DevKeys, verifier: TokenVerifier) -> None:
    token = token_for(keys, roles=[CASEWORKER, PLAN_EDITOR], agency="learning-centre")
    assert verifier.verify(token) == Principal(
        sub="user-1",
        municipality="3403",
        agency="learning-centre",
        roles=frozenset({CASEWORKER, PLAN_EDITOR}),
    )


@pytest.mark.parametrize(
    ("claim", "name"),
    [("Kari Nordmann", "Kari Nordmann"), ("  Kari  ", "Kari"), ("   ", None), (42, None)],
)
def test_the_name_claim_is_the_display_name(
    keys: DevKeys, verifier: TokenVerifier, claim: object, name: str | None
) -> None:
    principal = verifier.verify(token_for(keys, extra_claims={"name": claim}))

    assert principal.name == principal.display_name == name


def test_a_token_without_a_name_has_none(keys: DevKeys, verifier: TokenVerifier) -> None:
    assert verifier.verify(token_for(keys)).display_name is None


async def test_averify_from_async_code(keys: DevKeys, verifier: TokenVerifier) -> None:
    principal = await verifier.averify(token_for(keys))
    assert principal.sub == "user-1"


def test_from_settings_uses_the_dev_keys_under_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HELHET_JWKS_URL", "HELHET_JWKS_FILE", "HELHET_JWT_ISSUER", "HELHET_JWT_AUDIENCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELHET_HOME", str(tmp_path))
    settings = ServiceSettings()
    keys = DevKeys(tmp_path / "dev-keys").ensure()
    verifier = TokenVerifier.from_settings(settings)
    assert isinstance(verifier.keys, JwksFile)
    token = token_for(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    assert verifier.verify(token).municipality == "3403"


def test_expired_token(keys: DevKeys, verifier: TokenVerifier) -> None:
    assert_rejected(verifier, token_for(keys, ttl_seconds=-120), "token expired")


def test_small_clock_skew_is_tolerated(keys: DevKeys, verifier: TokenVerifier) -> None:
    now = int(time.time())
    token = token_for(keys, extra_claims={"exp": now - 5, "nbf": now + 5, "iat": now + 5})
    assert verifier.verify(token).sub == "user-1"


def test_not_yet_valid_token(keys: DevKeys, verifier: TokenVerifier) -> None:
    token = token_for(keys, extra_claims={"nbf": int(time.time()) + 3600})
    assert_rejected(verifier, token, "token not yet valid")


def test_wrong_issuer(keys: DevKeys, verifier: TokenVerifier) -> None:
    assert_rejected(verifier, token_for(keys, issuer="someone-else"), "invalid issuer")


def test_wrong_audience(keys: DevKeys, verifier: TokenVerifier) -> None:
    assert_rejected(verifier, token_for(keys, audience="other-system"), "invalid audience")


def test_audience_list_containing_ours(keys: DevKeys, verifier: TokenVerifier) -> None:
    token = token_for(keys, extra_claims={"aud": ["other-system", AUDIENCE]})
    assert verifier.verify(token).sub == "user-1"


def test_tampered_signature(keys: DevKeys, verifier: TokenVerifier) -> None:
    head, body, signature = token_for(keys).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 0x01
    assert_rejected(verifier, f"{head}.{body}.{b64url(bytes(raw))}", "invalid signature")


def test_tampered_payload(keys: DevKeys, verifier: TokenVerifier) -> None:
    head, _, signature = token_for(keys).split(".")
    claims = valid_claims() | {"roles": ["admin"]}
    body = b64url(json.dumps(claims).encode())
    assert_rejected(verifier, f"{head}.{body}.{signature}", "invalid signature")


def test_token_signed_by_another_key_with_same_kid(
    tmp_path: Path, keys: DevKeys, verifier: TokenVerifier
) -> None:
    intruder = DevKeys(tmp_path / "intruder").ensure()
    token = jwt.encode(valid_claims(), intruder.private_key, algorithm="ES256",
                       headers={"kid": keys.kid})  # fmt: skip
    assert_rejected(verifier, token, "invalid signature")


def test_alg_none_is_rejected(keys: DevKeys, verifier: TokenVerifier) -> None:
    token = raw_token({"alg": "none", "typ": "JWT", "kid": keys.kid}, valid_claims())
    assert_rejected(verifier, token, "unsupported algorithm")
    unsigned = jwt.encode(valid_claims(), "", algorithm="none")
    assert_rejected(verifier, unsigned, "unsupported algorithm")


def test_hs256_with_the_public_key_as_secret_is_rejected(
    keys: DevKeys, verifier: TokenVerifier
) -> None:
    header = {"alg": "HS256", "typ": "JWT", "kid": keys.kid}
    secrets = [
        keys.jwks_path.read_bytes(),
        keys.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    ]
    for secret in secrets:
        signing_input = raw_token(header, valid_claims()).rstrip(".")
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        assert_rejected(verifier, f"{signing_input}.{b64url(mac)}", "unsupported algorithm")


@pytest.mark.parametrize("claim", ["sub", "municipality", "agency", "roles"])
def test_missing_claim(keys: DevKeys, verifier: TokenVerifier, claim: str) -> None:
    claims = valid_claims()
    del claims[claim]
    token = jwt.encode(claims, keys.private_key, algorithm="ES256", headers={"kid": keys.kid})
    assert_rejected(verifier, token, f"missing claim: {claim}")


@pytest.mark.parametrize("claim", ["exp", "iss", "aud"])
def test_missing_registered_claim(keys: DevKeys, verifier: TokenVerifier, claim: str) -> None:
    claims = valid_claims()
    del claims[claim]
    token = jwt.encode(claims, keys.private_key, algorithm="ES256", headers={"kid": keys.kid})
    assert_rejected(verifier, token, f"missing claim: {claim}")


@pytest.mark.parametrize("municipality", ["340", "Hamar", "34035", 3403, "34 3"])
def test_bad_municipality(keys: DevKeys, verifier: TokenVerifier, municipality: object) -> None:
    token = token_for(keys, extra_claims={"municipality": municipality})
    assert_rejected(verifier, token, "invalid claim: municipality (expected 4 digits)")


@pytest.mark.parametrize("roles", ["caseworker", [1, 2], [CASEWORKER, None], {"a": 1}])
def test_roles_must_be_a_list_of_strings(
    keys: DevKeys, verifier: TokenVerifier, roles: object
) -> None:
    token = token_for(keys, extra_claims={"roles": roles})
    assert_rejected(verifier, token, "invalid claim: roles (expected a list of strings)")


def test_empty_roles_give_a_principal_without_roles(keys: DevKeys, verifier: TokenVerifier) -> None:
    assert verifier.verify(token_for(keys, roles=[])).roles == frozenset()


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "a.b", "....", "x" * 9000])
def test_malformed_tokens(verifier: TokenVerifier, token: str) -> None:
    with pytest.raises(Unauthorized) as caught:
        verifier.verify(token)
    assert caught.value.detail in {"malformed token", "token too large"}


def test_unknown_kid(keys: DevKeys, verifier: TokenVerifier) -> None:
    token = jwt.encode(valid_claims(), keys.private_key, algorithm="ES256",
                       headers={"kid": "not-a-known-key"})  # fmt: skip
    assert_rejected(verifier, token, "unknown signing key")


def test_token_without_kid_uses_the_only_key(keys: DevKeys, verifier: TokenVerifier) -> None:
    token = jwt.encode(valid_claims(), keys.private_key, algorithm="ES256")
    assert verifier.verify(token).agency == "nav"


def test_details_do_not_leak_paths(tmp_path: Path) -> None:
    verifier = TokenVerifier(
        JwksFile(tmp_path / "nowhere" / "jwks.json"), issuer=ISSUER, audience=AUDIENCE
    )
    keys = DevKeys(tmp_path / "k").ensure()
    error = assert_rejected(verifier, token_for(keys), "signing keys unavailable")
    assert str(tmp_path) not in json.dumps(error.body())


def test_missing_jwks_file_fails_requests_until_it_appears(tmp_path: Path) -> None:
    directory = tmp_path / "dev-keys"
    verifier = TokenVerifier(
        JwksFile(directory / "jwks.json"), issuer=ISSUER, audience=AUDIENCE
    )  # constructing it with no file is fine
    keys = DevKeys(directory)
    token_keys = DevKeys(tmp_path / "elsewhere").ensure()
    assert_rejected(verifier, token_for(token_keys), "signing keys unavailable")
    keys.ensure()
    assert verifier.verify(token_for(keys)).sub == "user-1"


def test_broken_jwks_file_is_an_auth_failure(tmp_path: Path) -> None:
    path = tmp_path / "jwks.json"
    path.write_text("{not json")
    verifier = TokenVerifier(JwksFile(path), issuer=ISSUER, audience=AUDIENCE)
    keys = DevKeys(tmp_path / "k").ensure()
    assert_rejected(verifier, token_for(keys), "signing keys unavailable")
    path.write_text(json.dumps({"keys": []}))
    assert_rejected(verifier, token_for(keys), "signing keys unavailable")


def test_jwks_file_is_reread_when_it_changes(tmp_path: Path, verifier: TokenVerifier) -> None:
    assert isinstance(verifier.keys, JwksFile)
    path = verifier.keys.path
    old = DevKeys(path.parent)
    assert verifier.verify(token_for(old)).sub == "user-1"

    rotated = DevKeys(tmp_path / "rotated").ensure()
    both = {"keys": [old.public_jwk, rotated.public_jwk]}
    path.write_text(json.dumps(both))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert verifier.verify(token_for(rotated)).sub == "user-1"
    assert verifier.verify(token_for(old)).sub == "user-1"

    path.write_text(json.dumps({"keys": [rotated.public_jwk]}))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 2_000_000))
    assert_rejected(verifier, token_for(old), "unknown signing key")


def test_rs256_keys_are_accepted(tmp_path: Path) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk.update(kid="rsa-1", alg="RS256", use="sig")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    verifier = TokenVerifier(JwksFile(path), issuer=ISSUER, audience=AUDIENCE)
    token = jwt.encode(valid_claims(), private, algorithm="RS256", headers={"kid": "rsa-1"})
    assert verifier.verify(token).sub == "user-1"

    # An RS256 key cannot verify a token that claims another algorithm.
    forged = raw_token({"alg": "ES256", "kid": "rsa-1"}, valid_claims(), b"\0" * 64)
    assert_rejected(verifier, forged, "algorithm does not match the signing key")


def test_keyset_skips_symmetric_and_encryption_keys(keys: DevKeys) -> None:
    secret = {"kty": "oct", "k": b64url(b"s" * 32), "kid": "hmac", "alg": "HS256"}
    encryption = dict(keys.public_jwk, kid="enc", use="enc")
    keyset = KeySet.parse({"keys": [secret, encryption, keys.public_jwk, "junk"]})
    assert len(keyset) == 1
    assert keyset.find("hmac") is None
    assert keyset.find("enc") is None
    assert keyset.find(keys.kid) is not None


def test_verifier_refuses_symmetric_algorithms(keys: DevKeys) -> None:
    with pytest.raises(ValueError, match="subset"):
        TokenVerifier(JwksFile(keys.jwks_path), issuer=ISSUER, audience=AUDIENCE,
                      algorithms=["HS256"])  # fmt: skip
