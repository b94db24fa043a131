"""The issuers file and claim mappings: the shipped examples, and claims that map to
nothing (a 403 naming the claim)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helhet_common.auth.issuers import (
    ClaimMapping,
    ClaimMappingError,
    IssuerConfig,
    claim_at,
    load_issuers,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "deploy" / "identity" / "issuers.example.toml"


@pytest.fixture(scope="module")
def examples() -> dict[str, IssuerConfig]:
    return {config.name: config for config in load_issuers(EXAMPLES)}


def test_the_examples_load(examples: dict[str, IssuerConfig]) -> None:
    assert set(examples) == {"entra-hamar", "keycloak", "generic", "maskinporten", "idporten"}
    sign_in = {name: config.sign_in_for for name, config in examples.items() if config.sign_in}
    assert sign_in == {"entra-hamar": "staff", "idporten": "participants"}
    assert examples["keycloak"].resolved_discovery_url == (
        "https://keycloak.example.org/realms/helhet/.well-known/openid-configuration"
    )


def test_entra_groups_become_roles_and_agency(examples: dict[str, IssuerConfig]) -> None:
    claims = {
        "oid": "5f1c-oid",
        "sub": "pairwise",
        "groups": ["<group-object-id-plan-editors>", "some-other-group",
                   "<group-object-id-refugee-service>"],
    }  # fmt: skip
    principal = examples["entra-hamar"].claims.principal(claims, issuer="entra-hamar")
    assert principal.sub == "5f1c-oid"
    assert principal.municipalities == ("3403",)
    assert principal.agency == "refugee-service"
    assert principal.roles == {"caseworker", "plan_editor"}
    assert principal.issuer == "entra-hamar"


def test_entra_without_a_mapped_group_names_the_claim(examples: dict[str, IssuerConfig]) -> None:
    mapping = examples["entra-hamar"].claims
    with pytest.raises(ClaimMappingError) as refused:
        mapping.principal({"oid": "x", "groups": ["unrelated"]}, issuer="entra-hamar")
    assert refused.value.status == 403
    assert refused.value.claim == "groups"
    assert "claim 'groups'" in str(refused.value.detail)


def test_keycloak_realm_roles(examples: dict[str, IssuerConfig]) -> None:
    claims = {
        "sub": "kc-1",
        "municipality": ["3405", "3403"],
        "agency": "learning-centre",
        "realm_access": {"roles": ["offline_access", "helhet-caseworker"]},
    }
    principal = examples["keycloak"].claims.principal(claims, issuer="keycloak")
    assert (principal.municipality, principal.municipalities) == ("3405", ("3405", "3403"))
    assert principal.roles == {"caseworker"}


@pytest.mark.parametrize(
    ("claims", "claim"),
    [
        ({"agency": "nav", "roles": ["caseworker"]}, "municipality"),
        ({"municipality": "Hamar", "agency": "nav", "roles": ["caseworker"]}, "municipality"),
        ({"municipality": "3403", "roles": ["caseworker"]}, "agency"),
        ({"municipality": "3403", "agency": "the-bank", "roles": ["caseworker"]}, "agency"),
        ({"municipality": "3403", "agency": "nav"}, "roles"),
        ({"municipality": "3403", "agency": "nav", "roles": ["king"]}, "roles"),
        ({"municipality": "3403", "agency": "nav", "roles": "caseworker", "sub": ""}, "sub"),
        ({"municipality": 3403, "agency": "nav", "roles": ["caseworker"]}, "municipality"),
    ],
)
def test_generic_claims_that_map_to_nothing(
    examples: dict[str, IssuerConfig], claims: dict[str, Any], claim: str
) -> None:
    with pytest.raises(ClaimMappingError) as refused:
        examples["generic"].claims.principal({"sub": "u", **claims}, issuer="generic")
    assert refused.value.claim == claim


def test_maskinporten_organisation_and_scopes(examples: dict[str, IssuerConfig]) -> None:
    claims = {
        "sub": "client-123",
        "client_id": "client-123",
        "consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:889640782"},
        "scope": "helhet:participants.read other:scope",
    }
    principal = examples["maskinporten"].claims.principal(claims, issuer="maskinporten")
    assert principal.is_machine
    assert (principal.agency, principal.municipalities) == ("nav", ("3403", "3405"))
    assert principal.roles == {"caseworker"}
    assert principal.scopes == {"helhet:participants.read"}
    assert (principal.client, principal.client_name, principal.purpose) == (
        "client-123",
        "NAV",
        "nav_measures",
    )


def test_idporten_gives_a_participant_with_a_national_id(
    examples: dict[str, IssuerConfig],
) -> None:
    mapping = examples["idporten"].claims
    claims = {"sub": "pairwise-sub", "pid": "01819012345", "acr": "idporten-loa-substantial"}
    principal = mapping.principal(claims, issuer="idporten")
    assert (principal.sub, principal.national_id) == ("pairwise-sub", "01819012345")
    assert (principal.roles, principal.agency, principal.municipality) == (
        {"participant"},
        "refugee-service",
        "",
    )
    assert "01819012345" not in repr(principal)


@pytest.mark.parametrize(
    ("claims", "claim"),
    [
        ({"acr": "idporten-loa-substantial"}, "pid"),
        ({"pid": "0181901234", "acr": "idporten-loa-substantial"}, "pid"),
        ({"pid": "0181901234x", "acr": "idporten-loa-substantial"}, "pid"),
        ({"pid": "01819012345", "acr": "idporten-loa-low"}, "acr"),
        ({"pid": "01819012345"}, "acr"),
    ],
)
def test_idporten_without_a_number_or_below_substantial(
    examples: dict[str, IssuerConfig], claims: dict[str, Any], claim: str
) -> None:
    with pytest.raises(ClaimMappingError) as refused:
        examples["idporten"].claims.principal({"sub": "s", **claims}, issuer="idporten")
    assert refused.value.claim == claim


def test_claim_paths() -> None:
    claims = {"a": {"b": ["x"]}, "https://example.org/claims/role": "r"}
    assert claim_at(claims, "a.b") == ["x"]
    assert claim_at(claims, "https://example.org/claims/role") == "r"
    assert claim_at(claims, "a.c") is not None


@pytest.mark.parametrize(
    "mapping",
    [
        {},  # no rules at all
        {"municipalities": {"claim": "m"}, "agency": {"claim": "a"}},  # no roles
        {"municipalities": {"claim": "m", "value": "3403"}, "agency": {"claim": "a"},
         "roles": {"claim": "r"}},  # both a claim and a value
        {"organisation": "consumer.ID", "scopes": {"s": ["king"]}},  # unknown role
    ],
)  # fmt: skip
def test_invalid_mappings_fail_at_start_up(mapping: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="validation error"):
        ClaimMapping.model_validate(mapping)


def test_a_file_with_two_sign_in_issuers_is_refused(tmp_path: Path) -> None:
    entry = """
[[issuer]]
name = "{name}"
issuer = "https://{name}.example"
audience = "helhet"
sign_in = true
client_id = "c"
[issuer.claims]
municipalities = {{ value = "3403" }}
agency = {{ value = "nav" }}
roles = {{ value = "caseworker" }}
"""
    path = tmp_path / "issuers.toml"
    path.write_text(entry.format(name="one") + entry.format(name="two"), encoding="utf-8")
    with pytest.raises(ValueError, match="only one issuer may be used for page sign-in of staff"):
        load_issuers(path)
