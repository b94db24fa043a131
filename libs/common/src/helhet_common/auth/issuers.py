"""Trusted issuers, configured not coded: which OpenID providers Helhet accepts tokens
from, and how each one's claims become a Helhet ``Principal``.

An issuers file (TOML, ``HELHET_ISSUERS_FILE``) lists one ``[[issuer]]`` table per
provider: its ``issuer`` identifier, discovery URL, audience, the client Helhet signs in
with (for page sign-in) and a ``[issuer.claims]`` mapping. The mapping says where the
municipalities, the agency and the roles are in that provider's tokens (Entra ID puts
group object ids in ``groups``, Keycloak realm roles in ``realm_access.roles``) and how
its values translate; a machine client (Maskinporten's model) is mapped by its
organisation and its scopes instead. ``docs/identity.md`` has the examples.

A token that is genuine but whose claims map to nothing Helhet knows is a 403 whose
problem names the missing or unmapped claim (never a 500, never a silent default).
"""

from __future__ import annotations

import functools
import threading
import time
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import httpx
import jwt
import structlog
from jwt.api_jwk import PyJWK
from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from helhet_common.auth.principal import AGENCIES, ALL_ROLES, Principal, is_municipality
from helhet_common.auth.verifier import (
    ALLOWED_ALGORITHMS,
    KEYS_UNAVAILABLE,
    MAX_TOKEN_LENGTH,
    JwksUrl,
    KeySource,
    TokenVerifier,
    display_name,
)
from helhet_common.errors import Forbidden, Unauthorized
from helhet_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

_MISSING = object()


class ClaimMappingError(Forbidden):
    """A verified token whose claims give no Helhet municipality, agency or role."""

    code = "claims-not-mapped"
    title = "Your sign-in gives no access to Helhet"

    def __init__(self, detail: str, *, claim: str) -> None:
        super().__init__(detail, claim=claim)
        self.claim = claim


def claim_at(claims: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` (``realm_access.roles``), or ``_MISSING``.

    A claim whose own name contains dots (Entra's or a URL-named claim) is found too:
    the whole path is tried as one name first."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def is_read_only(scope: str) -> bool:
    """A scope named ``*.read`` gives its roles for reading only (GET, HEAD, OPTIONS)."""
    return scope.endswith(".read")


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


class ClaimRule(BaseModel):
    """Where one part of the principal comes from: a claim (``claim``, a dotted path),
    optionally translated (``map``: claim value -> Helhet value or values; values not in
    the map are ignored), or a fixed ``value`` for an issuer that serves one
    organisation."""

    model_config = ConfigDict(extra="forbid")

    claim: str | None = None
    value: str | list[str] | None = None
    map: dict[str, str | list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_source(self) -> ClaimRule:
        if (self.claim is None) == (self.value is None):
            raise ValueError("give exactly one of 'claim' and 'value'")
        return self

    def resolve(self, claims: Mapping[str, Any], what: str) -> tuple[list[str], str]:
        """The Helhet values and the claim they came from (for messages)."""
        if self.value is not None:
            return ([self.value] if isinstance(self.value, str) else list(self.value)), "value"
        assert self.claim is not None
        raw = claim_at(claims, self.claim)
        if raw is _MISSING or raw is None:
            raise ClaimMappingError(
                f"no {what}: the token has no claim '{self.claim}'", claim=self.claim
            )
        values = _strings(raw)
        if values is None:
            raise ClaimMappingError(
                f"no {what}: claim '{self.claim}' is not a string or a list of strings",
                claim=self.claim,
            )
        if self.map:
            mapped: list[str] = []
            for item in values:
                target = self.map.get(item)
                if target is not None:
                    mapped.extend([target] if isinstance(target, str) else target)
            values = mapped
        if not values:
            raise ClaimMappingError(
                f"no {what}: claim '{self.claim}' holds no value that maps to a Helhet {what}",
                claim=self.claim,
            )
        return list(dict.fromkeys(values)), self.claim


class Organisation(BaseModel):
    """An organisation whose systems call Helhet as machine clients."""

    model_config = ConfigDict(extra="forbid")

    name: str
    agency: str
    municipalities: list[str] = Field(min_length=1)
    # The purpose code its reads are logged under (the participant's access log).
    purpose: str = Field("", pattern=r"^([a-z][a-z0-9_]{0,39})?$")

    @model_validator(mode="after")
    def _known(self) -> Organisation:
        if self.agency not in AGENCIES:
            raise ValueError(f"unknown agency {self.agency!r} (one of: {', '.join(AGENCIES)})")
        bad = [m for m in self.municipalities if not is_municipality(m)]
        if bad:
            raise ValueError(f"municipalities must be 4 digits, got {bad}")
        return self


class ClaimMapping(BaseModel):
    """How an issuer's claims become a ``Principal``.

    People: ``municipalities``, ``agency`` and ``roles`` rules. Machine clients:
    ``organisation`` (the claim naming the client's organisation, ``consumer.ID`` in
    Maskinporten), ``organisations`` (organisation number -> agency and municipalities)
    and ``scopes`` (scope -> Helhet roles). A token is a machine client's when it
    carries the organisation claim and no person's subject claim rules apply."""

    model_config = ConfigDict(extra="forbid")

    subject: str = "sub"
    municipalities: ClaimRule | None = None
    agency: ClaimRule | None = None
    roles: ClaimRule | None = None
    organisation: str | None = None
    organisations: dict[str, Organisation] = Field(default_factory=dict)
    scope_claim: str = "scope"
    scopes: dict[str, list[str]] = Field(default_factory=dict)
    client_claim: str = "client_id"
    # Participants through ID-porten: the claim with the national identity number
    # (``pid``) and the accepted authentication levels (``acr``); no municipality rule
    # is needed (plan-service finds the participant by the number).
    national_id: str | None = None
    acr_claim: str = "acr"
    acr: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> ClaimMapping:
        person = (
            self.municipalities if self.national_id is None else True,
            self.agency,
            self.roles,
        )
        if self.organisation is None and any(rule is None for rule in person):
            raise ValueError(
                "a mapping needs 'municipalities', 'agency' and 'roles' rules, "
                "or 'organisation' with 'organisations' and 'scopes' for machine clients"
            )
        unknown = sorted(
            {role for roles in self.scopes.values() for role in roles} - set(ALL_ROLES)
        )
        if unknown:
            raise ValueError(f"scopes map to unknown roles: {unknown}")
        return self

    def is_machine(self, claims: Mapping[str, Any]) -> bool:
        if self.organisation is None:
            return False
        if self.municipalities is None:
            return True
        return claim_at(claims, self.organisation) is not _MISSING

    def principal(self, claims: Mapping[str, Any], *, issuer: str) -> Principal:
        """The principal for verified ``claims``; ``ClaimMappingError`` (403) if they
        map to no municipality, agency or role."""
        sub = claim_at(claims, self.subject)
        if not isinstance(sub, str) or not sub.strip():
            raise ClaimMappingError(
                f"no subject: the token has no claim '{self.subject}'", claim=self.subject
            )
        if self.is_machine(claims):
            return self._machine(claims, sub, issuer)
        assert self.agency is not None
        assert self.roles is not None
        national_id = self._national_id(claims)
        if self.municipalities is None:
            municipalities, m_claim = [""], "value"
        else:
            municipalities, m_claim = self.municipalities.resolve(claims, "municipality")
        bad = [m for m in municipalities if not is_municipality(m)]
        if bad and self.municipalities is not None:
            raise ClaimMappingError(
                f"no municipality: claim '{m_claim}' holds {bad[0]!r}, not a 4-digit "
                "municipality number",
                claim=m_claim,
            )
        agencies, a_claim = self.agency.resolve(claims, "agency")
        if agencies[0] not in AGENCIES:
            raise ClaimMappingError(
                f"no agency: claim '{a_claim}' holds {agencies[0]!r}, not a Helhet agency",
                claim=a_claim,
            )
        roles, r_claim = self.roles.resolve(claims, "role")
        known = [role for role in roles if role in ALL_ROLES]
        if not known:
            raise ClaimMappingError(
                f"no role: claim '{r_claim}' holds no Helhet role", claim=r_claim
            )
        return Principal(
            sub=sub,
            municipality=municipalities[0],
            agency=agencies[0],
            roles=frozenset(known),
            municipalities=tuple(municipalities),
            issuer=issuer,
            national_id=national_id,
            name=display_name(claims),
        )

    def _national_id(self, claims: Mapping[str, Any]) -> str | None:
        """The national identity number, at the required level; None if not mapped."""
        if self.national_id is None:
            return None
        number = claim_at(claims, self.national_id)
        if not isinstance(number, str) or not (len(number) == 11 and number.isascii()):
            raise ClaimMappingError(
                f"no person: the token has no national identity number in claim "
                f"'{self.national_id}'",
                claim=self.national_id,
            )
        if not number.isdigit():
            raise ClaimMappingError(
                f"no person: claim '{self.national_id}' is not 11 digits", claim=self.national_id
            )
        if self.acr:
            level = claim_at(claims, self.acr_claim)
            if level not in self.acr:
                raise ClaimMappingError(
                    f"sign-in level too low: claim '{self.acr_claim}' must be one of "
                    f"{', '.join(self.acr)}",
                    claim=self.acr_claim,
                )
        return number

    def _machine(self, claims: Mapping[str, Any], sub: str, issuer: str) -> Principal:
        assert self.organisation is not None
        org_id = claim_at(claims, self.organisation)
        if not isinstance(org_id, str):
            raise ClaimMappingError(
                f"no organisation: the token has no claim '{self.organisation}'",
                claim=self.organisation,
            )
        organisation = self.organisations.get(org_id)
        if organisation is None:
            raise ClaimMappingError(
                f"no agency: organisation {org_id!r} (claim '{self.organisation}') is not "
                "connected to Helhet",
                claim=self.organisation,
            )
        raw_scope = claim_at(claims, self.scope_claim)
        granted = raw_scope.split() if isinstance(raw_scope, str) else (_strings(raw_scope) or [])
        scopes = frozenset(scope for scope in granted if scope in self.scopes)
        roles = frozenset(role for scope in scopes for role in self.scopes[scope])
        write_roles = frozenset(
            role for scope in scopes if not is_read_only(scope) for role in self.scopes[scope]
        )
        if not roles:
            raise ClaimMappingError(
                f"no role: claim '{self.scope_claim}' holds no Helhet scope "
                f"(known: {', '.join(sorted(self.scopes))})",
                claim=self.scope_claim,
            )
        client = claim_at(claims, self.client_claim)
        return Principal(
            sub=sub,
            municipality=organisation.municipalities[0],
            agency=organisation.agency,
            roles=roles,
            write_roles=write_roles,
            municipalities=tuple(organisation.municipalities),
            scopes=scopes,
            client=client if isinstance(client, str) else sub,
            client_name=organisation.name,
            purpose=organisation.purpose,
            issuer=issuer,
        )


class IssuerConfig(BaseModel):
    """One trusted OpenID provider."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    issuer: str
    discovery_url: str | None = None
    jwks_uri: str | None = None
    # The token endpoint, for the OpenAPI document (default: <issuer>/token).
    token_url: str | None = None
    audience: str | list[str]
    # Page sign-in (authorization code + PKCE) with this issuer: staff's (the default)
    # or participants' (ID-porten); at most one issuer for each.
    sign_in: bool = False
    sign_in_for: Literal["staff", "participants"] = "staff"
    client_id: str | None = None
    client_secret: SecretStr | None = None
    scope: str = "openid profile"
    algorithms: list[str] = Field(default_factory=lambda: list(ALLOWED_ALGORITHMS))
    leeway_seconds: float = Field(30.0, ge=0, le=300)
    claims: ClaimMapping

    @model_validator(mode="after")
    def _valid(self) -> IssuerConfig:
        unsupported = set(self.algorithms) - set(ALLOWED_ALGORITHMS)
        if unsupported or not self.algorithms:
            raise ValueError(f"algorithms must be a non-empty subset of {ALLOWED_ALGORITHMS}")
        if self.sign_in and not self.client_id:
            raise ValueError("sign_in needs client_id")
        return self

    @property
    def resolved_discovery_url(self) -> str:
        return self.discovery_url or (self.issuer.rstrip("/") + "/.well-known/openid-configuration")

    @property
    def audiences(self) -> list[str]:
        return [self.audience] if isinstance(self.audience, str) else list(self.audience)


class IssuersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: list[IssuerConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> IssuersFile:
        for attribute in ("name", "issuer"):
            values = [getattr(entry, attribute) for entry in self.issuer]
            if len(values) != len(set(values)):
                raise ValueError(f"two issuers have the same {attribute}")
        for kind in ("staff", "participants"):
            if sum(entry.sign_in and entry.sign_in_for == kind for entry in self.issuer) > 1:
                raise ValueError(
                    f"only one issuer may be used for page sign-in of {kind} (sign_in = true)"
                )
        return self


def load_issuers(path: Path | str) -> list[IssuerConfig]:
    """The issuers of a TOML file; ``ValueError`` naming the problem if it is invalid."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return IssuersFile.model_validate(data).issuer


class DiscoveredJwks(KeySource):
    """The signing keys of an OpenID provider, found through its discovery document.

    The discovery document is fetched once (again after a failure, throttled like the
    JWKS), then the JWKS it names is used like a ``JwksUrl`` (cached, refetched for an
    unknown ``kid`` at most every ``min_refetch_seconds``)."""

    def __init__(
        self,
        config: IssuerConfig,
        *,
        min_refetch_seconds: float = 10.0,
        timeout_seconds: float = 5.0,
    ) -> None:
        self.config = config
        self.min_refetch_seconds = min_refetch_seconds
        self._timeout = timeout_seconds
        self._lock = threading.Lock()
        self._attempted_at: float | None = None
        self._metadata: dict[str, Any] | None = None
        self._jwks: JwksUrl | None = None
        if config.jwks_uri:
            self._jwks = self._jwks_for(config.jwks_uri)

    def _jwks_for(self, url: str) -> JwksUrl:
        return JwksUrl(
            url,
            min_refetch_seconds=self.min_refetch_seconds,
            timeout_seconds=self._timeout,
            algorithms=self.config.algorithms,
        )

    @property
    def metadata(self) -> dict[str, Any] | None:
        return self._metadata

    @property
    def jwks(self) -> JwksUrl | None:
        """The provider's JWKS, once discovered."""
        return self._jwks

    def _discover(self) -> None:
        now = time.monotonic()
        if self._attempted_at is not None and now - self._attempted_at < self.min_refetch_seconds:
            return
        self._attempted_at = now
        try:
            response = httpx.get(
                self.config.resolved_discovery_url,
                timeout=self._timeout,
                headers={"Accept": "application/json"},
            )
            response.raise_for_status()
            metadata = response.json()
            if not isinstance(metadata, dict) or metadata.get("issuer") != self.config.issuer:
                raise ValueError("the discovery document names another issuer")
            jwks_uri = metadata.get("jwks_uri")
            if not isinstance(jwks_uri, str):
                raise ValueError("the discovery document has no jwks_uri")
        except (httpx.HTTPError, ValueError) as exc:
            log.warning(
                "oidc_discovery_failed",
                issuer=self.config.name,
                url=self.config.resolved_discovery_url,
                problem=f"{type(exc).__name__}: {exc}",
            )
            return
        self._metadata = metadata
        if self._jwks is None:
            self._jwks = self._jwks_for(jwks_uri)

    def needs_fetch(self, kid: str | None) -> bool:
        if self._jwks is None:
            return True
        return self._jwks.needs_fetch(kid)

    def refresh_if_needed(self, kid: str | None) -> None:
        with self._lock:
            if self._jwks is None:
                self._discover()
        if self._jwks is not None:
            self._jwks.refresh_if_needed(kid)

    def signing_key(self, kid: str | None) -> PyJWK:
        self.refresh_if_needed(kid)
        if self._jwks is None:
            raise Unauthorized(KEYS_UNAVAILABLE)
        return self._jwks.signing_key(kid)

    def close(self) -> None:
        if self._jwks is not None:
            self._jwks.close()


class IssuerVerifier:
    """Verifies bearer tokens of several trusted issuers: the token's (unverified)
    ``iss`` picks the issuer, whose keys, audience and claim mapping then decide. A
    token of any other issuer is a 401 ``unknown issuer``. ``development`` is the
    development issuer's verifier (``helhet token``), kept beside the configured ones
    outside production."""

    def __init__(
        self, issuers: Sequence[IssuerConfig], *, development: TokenVerifier | None = None
    ) -> None:
        self.configs: dict[str, IssuerConfig] = {config.name: config for config in issuers}
        self.verifiers: dict[str, TokenVerifier] = {}
        for config in issuers:
            self.verifiers[config.issuer] = TokenVerifier(
                DiscoveredJwks(config),
                issuer=config.issuer,
                audience=config.audiences,
                leeway_seconds=config.leeway_seconds,
                algorithms=config.algorithms,
                to_principal=functools.partial(config.claims.principal, issuer=config.name),
            )
        self.development = development
        if development is not None:
            self.verifiers.setdefault(development.issuer, development)

    @property
    def sign_in_issuers(self) -> dict[str, IssuerConfig]:
        """The issuers pages sign in with, by whom they sign in (staff, participants)."""
        return {config.sign_in_for: config for config in self.configs.values() if config.sign_in}

    def verifier_of(self, config: IssuerConfig) -> TokenVerifier:
        return self.verifiers[config.issuer]

    def _pick(self, token: str) -> TokenVerifier:
        if not isinstance(token, str) or not token:
            raise Unauthorized("malformed token")
        if len(token) > MAX_TOKEN_LENGTH:
            raise Unauthorized("token too large")
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise Unauthorized("malformed token") from None
        issuer = claims.get("iss")
        verifier = self.verifiers.get(issuer) if isinstance(issuer, str) else None
        if verifier is None:
            raise Unauthorized("unknown issuer")
        return verifier

    def verify(self, token: str) -> Principal:
        return self._pick(token).verify(token)

    async def averify(self, token: str) -> Principal:
        return await self._pick(token).averify(token)

    def close(self) -> None:
        for verifier in self.verifiers.values():
            verifier.close()


Verifier = TokenVerifier | IssuerVerifier


def verifier_from_settings(settings: ServiceSettings) -> Verifier:
    """The issuers of ``HELHET_ISSUERS_FILE`` and, outside production (or where a JWKS
    is configured), the development issuer; only the latter without an issuers file."""
    issuers = load_issuers(settings.issuers_file) if settings.issuers_file else []
    development: TokenVerifier | None = None
    if (
        not issuers
        or settings.environment != "production"
        or settings.jwks_url
        or (settings.jwks_file)
    ):
        development = TokenVerifier.from_settings(settings)
    if not issuers:
        assert development is not None
        return development
    return IssuerVerifier(issuers, development=development)
