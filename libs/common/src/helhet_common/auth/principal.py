"""Who is calling: the authenticated principal, and the known roles and agencies.

A token's claims become a ``Principal``. Roles decide what an endpoint allows; the
municipality (a four-digit kommunenummer such as ``"3403"`` for Hamar) scopes every
query. The agency says which organisation the person works for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# Roles.
CASEWORKER = "caseworker"
PLAN_EDITOR = "plan_editor"
CONTRIBUTOR = "contributor"
INTEGRATION_LEADER = "integration_leader"
PARTICIPANT = "participant"
OPERATOR = "operator"
ADMIN = "admin"

ALL_ROLES: tuple[str, ...] = (
    CASEWORKER,
    PLAN_EDITOR,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    PARTICIPANT,
    OPERATOR,
    ADMIN,
)

# Agencies.
REFUGEE_SERVICE = "refugee-service"
LEARNING_CENTRE = "learning-centre"
NAV = "nav"
COUNTY = "county"
EMPLOYER = "employer"
VOLUNTEER = "volunteer"
PLATFORM = "platform"

AGENCIES: tuple[str, ...] = (
    REFUGEE_SERVICE,
    LEARNING_CENTRE,
    NAV,
    COUNTY,
    EMPLOYER,
    VOLUNTEER,
    PLATFORM,
)

_MUNICIPALITY = re.compile(r"[0-9]{4}")


def is_municipality(value: object) -> bool:
    """True if ``value`` is a kommunenummer: a string of exactly four ASCII digits."""
    return isinstance(value, str) and _MUNICIPALITY.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller, taken from a verified token.

    ``municipality`` is the one the caller acts for in this request (every query is
    scoped to it); ``municipalities`` all those the caller may act for (a county
    employee or an agency system can serve several; the first is the default, a request
    picks another with the ``Helhet-Municipality`` header). A machine client (an agency
    system) has ``client`` (its client id), ``client_name`` (its organisation),
    ``purpose`` and the ``scopes`` it was granted; a person has none of those. A
    participant signed in through ID-porten has ``national_id`` and no municipality
    (``""``) until plan-service finds them."""

    sub: str
    municipality: str
    agency: str
    roles: frozenset[str] = field(default_factory=frozenset)
    municipalities: tuple[str, ...] = ()
    scopes: frozenset[str] = field(default_factory=frozenset)
    client: str | None = None
    client_name: str | None = None
    purpose: str | None = None
    issuer: str | None = None
    # An agency system's roles for changes (from its scopes that are not ``*.read``);
    # None: ``roles`` for every method (a person).
    write_roles: frozenset[str] | None = None
    # A participant signed in through ID-porten: the national identity number (``pid``).
    # Only plan-service uses it (to find the participant); never logged or published.
    national_id: str | None = field(default=None, repr=False)
    # A person's display name from the token's ``name`` claim, if it has one: shown where
    # a person's work is (the alert a caseworker took); never used to decide anything.
    name: str | None = None
    # A person of a host municipality acting for a partner's participants
    # (``helhet_common.cooperation``): their own municipality; None: the caller acts for
    # one of its own.
    home_municipality: str | None = None

    def __post_init__(self) -> None:
        # Accept any iterable of role names, keep the value hashable and immutable.
        if not isinstance(self.roles, frozenset):
            object.__setattr__(self, "roles", frozenset(self.roles))
        if not isinstance(self.scopes, frozenset):
            object.__setattr__(self, "scopes", frozenset(self.scopes))
        if not self.municipalities:
            object.__setattr__(self, "municipalities", (self.municipality,))
        elif self.municipality not in self.municipalities:
            raise ValueError("municipality must be one of municipalities")

    @property
    def display_name(self) -> str | None:
        """The name to show for this caller: a person's ``name``, an agency system's
        organisation."""
        return self.name or self.client_name

    @property
    def is_machine(self) -> bool:
        """True for an agency system calling with client credentials."""
        return self.client is not None

    def acting_for(self, municipality: str) -> Principal:
        """The same caller acting for another of its ``municipalities``."""
        if municipality not in self.municipalities:
            raise ValueError(f"not one of the caller's municipalities: {municipality}")
        return replace(self, municipality=municipality)

    def serving(self, municipality: str) -> Principal:
        """The same person acting for a partner municipality their host serves."""
        return replace(
            self,
            municipality=municipality,
            municipalities=(*self.municipalities, municipality),
            home_municipality=self.municipality,
        )

    def has_role(self, *roles: str) -> bool:
        """True if the principal has at least one of ``roles``."""
        return any(role in self.roles for role in roles)

    def may_change(self, *roles: str) -> bool:
        """True if the principal has one of ``roles`` for a change (a write): an agency
        system only through a scope that is not read-only."""
        granted = self.roles if self.write_roles is None else self.write_roles
        return any(role in granted for role in roles)
