"""Who is calling: the authenticated principal, and the known roles and agencies.

A token's claims become a ``Principal``. Roles decide what an endpoint allows; the
municipality (a four-digit kommunenummer such as ``"3403"`` for Hamar) scopes every
query. The agency says which organisation the person works for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    """The authenticated caller, taken from a verified token."""

    sub: str
    municipality: str
    agency: str
    roles: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Accept any iterable of role names, keep the value hashable and immutable.
        if not isinstance(self.roles, frozenset):
            object.__setattr__(self, "roles", frozenset(self.roles))

    def has_role(self, *roles: str) -> bool:
        """True if the principal has at least one of ``roles``."""
        return any(role in self.roles for role in roles)
