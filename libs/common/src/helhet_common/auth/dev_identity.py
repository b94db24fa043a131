"""``helhet identity``: the demo identities of ``make dev``.

``helhet identity dev-config`` writes, under ``<home>/identity/``:

- ``provider.json``: the configuration of the local OpenID provider (node-oidc-provider,
  ``tests/oidc-provider/server.mjs``): demo people (the Hamar integration leader,
  caseworkers of each agency, a participant, an operator), the pages' client and the
  demo agency systems (NAV, the learning centre, the Visma Flyktning adapter), each a
  machine client that authenticates with its own key (``private_key_jwt``);
- ``clients/<client>.pem``: those systems' private keys (created once, kept);
- ``issuers.toml``: the issuers file the services trust (``HELHET_ISSUERS_FILE``).

``helhet identity client-token --client nav-system`` then acts as that system: it signs
a client assertion with the system's key, asks the provider for a token with client
credentials and prints the access token (``curl -H "Authorization: Bearer $TOKEN"``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from helhet_common.auth.keys import jwk_thumbprint
from helhet_common.demo import DEMO_MUNICIPALITY, demo_participant_id
from helhet_common.settings import ServiceSettings

PROVIDER_PORT = 8010
RESOURCE = "urn:helhet"
PAGES = {"plan": 8001, "reporting": 8004}
SCOPES: dict[str, list[str]] = {
    "helhet:participants.read": ["caseworker"],
    "helhet:plans.write": ["plan_editor"],
    "helhet:placements.write": ["caseworker"],
    "helhet:events.subscribe": ["operator"],
}


def demo_people() -> dict[str, dict[str, Any]]:
    """The demo people: login -> claims (the login is the subject)."""
    hamar = DEMO_MUNICIPALITY

    def person(name: str, agency: str, *roles: str, municipality: Any = hamar) -> dict[str, Any]:
        return {"name": name, "municipality": municipality, "agency": agency, "roles": list(roles)}

    return {
        "hamar-leader": person("Hamar integration leader", "refugee-service", "integration_leader"),
        "hamar-caseworker": person(
            "Caseworker, Hamar refugee service", "refugee-service", "caseworker", "plan_editor"
        ),
        "nav-caseworker": person("Caseworker, NAV Hamar", "nav", "caseworker"),
        "learning-centre-teacher": person(
            "Teacher, Hamar learning centre", "learning-centre", "caseworker", "contributor"
        ),
        "operator": person("Platform operator", "platform", "admin", "operator"),
        str(demo_participant_id(1)): person("Demo participant 1", "refugee-service", "participant"),
    }


# client id -> (organisation number, name, agency, purpose, scopes)
DEMO_SYSTEMS: dict[str, tuple[str, str, str, str, str]] = {
    "nav-system": (
        "0192:889640782",
        "NAV",
        "nav",
        "nav_measures",
        "helhet:participants.read",
    ),
    "learning-centre-system": (
        "0192:999000001",
        "Hamar learning centre (demo organisation number)",
        "learning-centre",
        "case_work",
        "helhet:participants.read helhet:plans.write",
    ),
    "visma-adapter": (
        "0192:999000002",
        "Visma Flyktning adapter, Hamar refugee service (demo organisation number)",
        "refugee-service",
        "case_work",
        "helhet:participants.read helhet:plans.write helhet:events.subscribe",
    ),
}


def _client_key(path: Path) -> rsa.RSAPrivateKey:
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise ValueError(f"{path} is not an RSA private key")
    return loaded


def _public_jwk(key: rsa.RSAPrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    public = {"kty": jwk["kty"], "n": jwk["n"], "e": jwk["e"]}
    return {**public, "kid": jwk_thumbprint(public), "alg": "RS256", "use": "sig"}


def _toml_string(value: str) -> str:
    return json.dumps(value)


def write_dev_config(home: Path, *, port: int = PROVIDER_PORT) -> Path:
    """Write the demo provider's configuration and the issuers file; their directory."""
    directory = home / "identity"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    issuer = f"http://127.0.0.1:{port}"
    secret_file = directory / "web-client-secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        secret_file.chmod(0o600)
    web_secret = secret_file.read_text(encoding="utf-8").strip()

    clients: list[dict[str, Any]] = [
        {
            "client_id": "helhet-web",
            "client_secret": web_secret,
            "redirect_uris": [f"http://127.0.0.1:{p}/auth/callback" for p in PAGES.values()],
            "post_logout_redirect_uris": [
                f"http://127.0.0.1:{p}/signed-out" for p in PAGES.values()
            ],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        }
    ]
    client_claims: dict[str, Any] = {}
    for client_id, (org, _name, _agency, _purpose, scopes) in DEMO_SYSTEMS.items():
        key = _client_key(directory / "clients" / f"{client_id}.pem")
        clients.append(
            {
                "client_id": client_id,
                "token_endpoint_auth_method": "private_key_jwt",
                "token_endpoint_auth_signing_alg": "RS256",
                "jwks": {"keys": [_public_jwk(key)]},
                "grant_types": ["client_credentials"],
                "response_types": [],
                "redirect_uris": [],
                "scope": scopes,
            }
        )
        client_claims[client_id] = {"consumer": {"authority": "iso6523-actorid-upis", "ID": org}}
    provider = {
        "host": "127.0.0.1",
        "port": port,
        "accounts": demo_people(),
        "clients": clients,
        "resources": {RESOURCE: {"scope": " ".join(SCOPES)}},
        "default_resource": RESOURCE,
        "client_claims": client_claims,
    }
    (directory / "provider.json").write_text(json.dumps(provider, indent=2), encoding="utf-8")

    lines = [
        "# Written by `helhet identity dev-config` for make dev: the local test provider.",
        "[[issuer]]",
        'name = "dev-provider"',
        f"issuer = {_toml_string(issuer)}",
        f"audience = {_toml_string(RESOURCE)}",
        "sign_in = true",
        'client_id = "helhet-web"',
        f"client_secret = {_toml_string(web_secret)}",
        "",
        "[issuer.claims]",
        'municipalities = { claim = "municipality" }',
        'agency = { claim = "agency" }',
        'roles = { claim = "roles" }',
        'organisation = "consumer.ID"',
        "",
        "[issuer.claims.scopes]",
        *(f"{_toml_string(scope)} = {json.dumps(roles)}" for scope, roles in SCOPES.items()),
    ]
    for _client_id, (org, name, agency, purpose, _scopes) in DEMO_SYSTEMS.items():
        lines += [
            "",
            f"[issuer.claims.organisations.{_toml_string(org)}]",
            f"name = {_toml_string(name)}",
            f"agency = {_toml_string(agency)}",
            f"municipalities = [{_toml_string(DEMO_MUNICIPALITY)}]",
            f"purpose = {_toml_string(purpose)}",
        ]
    (directory / "issuers.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


async def client_token(home: Path, client_id: str, *, port: int, scope: str | None) -> str:
    """An access token for demo system ``client_id`` (client credentials, private_key_jwt)."""
    from authlib.integrations.httpx_client import AsyncOAuth2Client

    from helhet_common.auth.client_assertion import ShortLivedPrivateKeyJWT

    key_path = home / "identity" / "clients" / f"{client_id}.pem"
    token_endpoint = f"http://127.0.0.1:{port}/token"
    async with AsyncOAuth2Client(
        client_id,
        key_path.read_text(encoding="utf-8"),
        token_endpoint_auth_method=ShortLivedPrivateKeyJWT(token_endpoint),
        scope=scope or DEMO_SYSTEMS[client_id][4],
    ) as client:
        token = await client.fetch_token(token_endpoint, grant_type="client_credentials")
    return str(token["access_token"])


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "identity",
        help="demo identities for make dev (the local OpenID provider)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True)
    config = actions.add_parser("dev-config", help="write the provider's and issuers' files")
    token = actions.add_parser("client-token", help="print a demo system's access token")
    token.add_argument("--client", required=True, choices=sorted(DEMO_SYSTEMS))
    token.add_argument("--scope", help="the scopes to ask for (default: all it has)")
    for sub in (config, token):
        sub.add_argument("--home", help="Helhet home directory (default: HELHET_HOME or var)")
        sub.add_argument("--port", type=int, default=PROVIDER_PORT, help="provider port")
    parser.set_defaults(handler=handle)
    return parser


def handle(args: argparse.Namespace) -> int:
    settings = ServiceSettings()
    if settings.environment == "production":
        print("helhet identity: not in production", file=sys.stderr)
        return 2
    home = Path(args.home) if args.home else settings.home
    if args.action == "dev-config":
        print(write_dev_config(home, port=args.port))
        return 0
    try:
        print(asyncio.run(client_token(home, args.client, port=args.port, scope=args.scope)))
    except Exception as exc:  # a CLI: say what went wrong, no traceback
        print(f"helhet identity: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0
