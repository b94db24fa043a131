"""Who may read a participant's personal data, and on what basis. Plain Python.

The rule of plan-service (``plan_service.domain.sharing``), for the services that hold
data about a participant without owning the participant:

- outside the caller's municipality: never (the service's own scope, before this);
- the integration leader and the programme owner's staff (the refugee service): always,
  on the law that makes the municipality coordinate the programme;
- staff of another public agency (NAV, the learning centre, the county): with a sharing
  basis in force for their agency (else: not found, so the participant's existence is
  not confirmed); the basis must be for a purpose that allows the category of data read,
  and for exactly the purpose the caller names if it names one (else: 403
  ``no-basis-for-purpose``);
- an employer or a volunteer: only with the participant's consent in force to them
  (the service says which consents are to the caller); the consent's purpose must allow
  the category, and be the purpose the caller names if it names a consent purpose
  (else: 403 ``no-basis-for-purpose``). A public authority cannot lean on consent, and an
  employer or volunteer has no legal basis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from helhet_common.auth.principal import (
    CASEWORKER,
    CONTRIBUTOR,
    COUNTY,
    EMPLOYER,
    INTEGRATION_LEADER,
    LEARNING_CENTRE,
    NAV,
    PLAN_EDITOR,
    REFUGEE_SERVICE,
    VOLUNTEER,
)
from helhet_common.consent.model import Consent
from helhet_common.domain_errors import NotAllowed, NotFound

STAFF_ROLES = frozenset({CASEWORKER, PLAN_EDITOR, CONTRIBUTOR})
PUBLIC_AGENCIES = frozenset({LEARNING_CENTRE, NAV, COUNTY})
CONSENT_AGENCIES = frozenset({EMPLOYER, VOLUNTEER})

# The law the municipality coordinates the programme on: the basis of the programme
# owner's and the integration leader's reads.
PROGRAMME_LAW = "integreringsloven"
# The ``legal_basis`` of a read on the participant's consent.
CONSENT = "consent"

# plan-service's sharing purposes (``SharingPurpose``) and consent purposes.
SHARING_PURPOSES = frozenset(
    {
        "programme_coordination",
        "mapping",
        "plan",
        "norwegian_training",
        "work_training",
        "nav_measures",
        "education",
        "transition",
        "follow_up",
    }
)
CONSENT_PURPOSES = frozenset({"placement", "matching", "mentoring", "social_network"})


@dataclass(frozen=True)
class Reader:
    """Who reads, as the rule sees them (from the verified token)."""

    sub: str
    municipality: str
    agency: str
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SharingBasis:
    """A public agency's legal basis for a participant's data, for one purpose (from
    plan-service's ``helhet.sharing_basis.recorded.v1``)."""

    basis_id: UUID
    participant_id: UUID
    agency: str | None = None
    purpose: str | None = None
    legal_basis: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def in_force(self, day: date) -> bool:
        return (
            self.valid_from is not None
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


@dataclass(frozen=True)
class Basis:
    """What a read stands on: a law (its code, and the sharing basis if one was needed)
    or the participant's consent (``legal_basis`` ``consent`` and the consent's id)."""

    legal_basis: str
    basis_id: UUID | None = None
    consent_id: UUID | None = None


@dataclass(frozen=True)
class Category:
    """A category of a participant's data a service holds, and the purposes that allow
    its use: sharing purposes for a public agency, consent purposes for an employer or
    a volunteer."""

    code: str
    sharing_purposes: frozenset[str]
    consent_purposes: frozenset[str] = frozenset()


def needs_basis(reader: Reader) -> bool:
    """Staff of another agency than the programme owner: they read a participant's data
    only on a sharing basis or a consent in force."""
    return (
        INTEGRATION_LEADER not in reader.roles
        and bool(reader.roles & STAFF_ROLES)
        and reader.agency != REFUGEE_SERVICE
    )


def on_consent(reader: Reader) -> bool:
    """An employer's or a volunteer's staff: their basis is the participant's consent."""
    return needs_basis(reader) and reader.agency in CONSENT_AGENCIES


def named(purpose: str | None, purposes: frozenset[str]) -> str | None:
    """The purpose a read names (its ``X-Purpose``), if it is one of ``purposes``."""
    return purpose if purpose in purposes else None


ConsentTo = Callable[[Consent], bool]


def basis_for(
    reader: Reader,
    *,
    category: Category,
    purpose: str | None,
    bases: Iterable[SharingBasis],
    consents: Iterable[Consent],
    consent_to: ConsentTo | None,
    today: date,
    what: str = "participant",
) -> Basis:
    """The basis of ``reader``'s read of one participant's ``category`` of data, given
    the participant's sharing bases and consents; else ``NotFound.of(what)`` (no basis
    for the participant at all) or ``NotAllowed`` ``no-basis-for-purpose`` (a basis, but
    not for this). ``consent_to`` says which consents are to the reader (None: none)."""
    if INTEGRATION_LEADER in reader.roles or (
        reader.roles & STAFF_ROLES and reader.agency == REFUGEE_SERVICE
    ):
        return Basis(legal_basis=PROGRAMME_LAW)
    if not needs_basis(reader):
        raise NotFound.of(what)  # no staff role: not a reader of others' data
    if on_consent(reader):
        return _by_consent(reader, category, purpose, consents, consent_to, today=today, what=what)
    return _by_law(reader, category, purpose, bases, today=today, what=what)


def _by_law(
    reader: Reader,
    category: Category,
    purpose: str | None,
    bases: Iterable[SharingBasis],
    *,
    today: date,
    what: str,
) -> Basis:
    mine = sorted(
        (b for b in bases if b.agency == reader.agency and b.in_force(today)),
        key=lambda b: (str(b.purpose), str(b.basis_id)),
    )
    if not mine:
        raise NotFound.of(what)
    wanted = category.sharing_purposes
    asked = named(purpose, SHARING_PURPOSES)
    if asked is not None:
        wanted = wanted & {asked}
    for b in mine:
        if b.purpose in wanted:
            return Basis(legal_basis=b.legal_basis or PROGRAMME_LAW, basis_id=b.basis_id)
    raise no_basis_for_purpose(reader.agency, category, asked, kind="sharing basis")


def _by_consent(
    reader: Reader,
    category: Category,
    purpose: str | None,
    consents: Iterable[Consent],
    consent_to: ConsentTo | None,
    *,
    today: date,
    what: str,
) -> Basis:
    mine = sorted(
        (c for c in consents if consent_to is not None and c.in_force(today) and consent_to(c)),
        key=lambda c: (str(c.purpose), str(c.consent_id)),
    )
    if not mine:
        raise NotFound.of(what)
    wanted = category.consent_purposes
    asked = named(purpose, CONSENT_PURPOSES)
    if asked is not None:
        wanted = wanted & {asked}
    for c in mine:
        if c.purpose in wanted:
            return Basis(legal_basis=CONSENT, consent_id=c.consent_id)
    raise no_basis_for_purpose(reader.agency, category, asked, kind="consent")


def no_basis_for_purpose(
    agency: str, category: Category, asked: str | None, *, kind: str
) -> NotAllowed:
    return NotAllowed(
        f"{agency} has no {kind} in force that covers the participant's {category.code} "
        "data" + (f" for the purpose {asked}." if asked else "."),
        code="no-basis-for-purpose",
    )
