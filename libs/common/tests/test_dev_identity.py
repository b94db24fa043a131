"""``helhet identity``: the demo provider configuration of ``make dev`` works with the
real provider, and a demo agency system gets a token that maps to its agency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helhet_common.auth.dev_identity import DEMO_SYSTEMS, client_token, write_dev_config
from helhet_common.auth.issuers import IssuerVerifier, load_issuers
from helhet_common.demo import demo_participant_id
from helhet_common.testing.oidc import OidcProvider


def test_dev_config_is_stable_and_complete(tmp_path: Path) -> None:
    directory = write_dev_config(tmp_path, port=8010)
    provider = json.loads((directory / "provider.json").read_text())
    keys_before = {p.name: p.read_bytes() for p in (directory / "clients").iterdir()}
    write_dev_config(tmp_path, port=8010)

    assert keys_before == {p.name: p.read_bytes() for p in (directory / "clients").iterdir()}
    assert set(keys_before) == {f"{client}.pem" for client in DEMO_SYSTEMS}
    assert str(demo_participant_id(1)) in provider["accounts"]
    assert {"hamar-leader", "nav-caseworker", "operator"} <= set(provider["accounts"])
    (issuer,) = load_issuers(directory / "issuers.toml")
    assert (issuer.issuer, issuer.sign_in, issuer.client_id) == (
        "http://127.0.0.1:8010",
        True,
        "helhet-web",
    )


@pytest.mark.parametrize(
    ("client", "agency", "roles"),
    [
        ("nav-system", "nav", {"caseworker"}),
        ("visma-adapter", "refugee-service", {"caseworker", "plan_editor", "operator"}),
    ],
)
async def test_a_demo_system_gets_a_token_for_its_agency(
    tmp_path: Path, client: str, agency: str, roles: set[str]
) -> None:
    directory = write_dev_config(tmp_path, port=0)
    config = json.loads((directory / "provider.json").read_text())
    with OidcProvider(config) as provider:
        port = int(provider.issuer.rsplit(":", 1)[1])
        write_dev_config(tmp_path, port=port)  # the issuers file now names the real port
        verifier = IssuerVerifier(load_issuers(directory / "issuers.toml"))
        try:
            token = await client_token(tmp_path, client, port=port, scope=None)
            principal = await verifier.averify(token)
        finally:
            verifier.close()
    assert (principal.sub, principal.agency, principal.roles) == (client, agency, roles)
    assert principal.client_name == DEMO_SYSTEMS[client][1]
