"""Who may see a participant: sharing bases, consents, and the access rule.

Public agencies in the programme share on a legal basis, recorded per agency and
purpose; employers, volunteers and mentors only with the participant's explicit
consent (a public authority cannot lean on consent where the law is the basis). The
programme owner and the integration leader always see the participants of their
municipality, and a participant always sees themself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from plan_service.domain import events
from plan_service.domain.errors import Conflict, InvalidRule

# Agencies (the ``agency`` claim of a token) and roles, as plain strings.
REFUGEE_SERVICE = "refugee-service"  # the programme owner
LEARNING_CENTRE = "learning-centre"
NAV = "nav"
COUNTY = "county"
EMPLOYER = "employer"
VOLUNTEER = "volunteer"
PUBLIC_AGENCIES = frozenset({LEARNING_CENTRE, NAV, COUNTY})
CONSENT_AGENCIES = frozenset({EMPLOYER, VOLUNTEER})
INTEGRATION_LEADER = "integration_leader"
PARTICIPANT = "participant"
STAFF_ROLES = frozenset({"caseworker", "plan_editor", "contributor"})


class RecipientKind(StrEnum):
    EMPLOYER = "employer"
    VOLUNTEER = "volunteer"
    MENTOR = "mentor"
    ORGANISATION = "organisation"


class ConsentPurpose(StrEnum):
    PLACEMENT = "placement"
    MATCHING = "matching"
    MENTORING = "mentoring"
    SOCIAL_NETWORK = "social_network"


class SharingPurpose(StrEnum):
    """Why a public agency needs the participant's data."""

    PROGRAMME_COORDINATION = "programme_coordination"
    MAPPING = "mapping"
    PLAN = "plan"
    NORWEGIAN_TRAINING = "norwegian_training"
    WORK_TRAINING = "work_training"
    NAV_MEASURES = "nav_measures"
    EDUCATION = "education"
    TRANSITION = "transition"
    FOLLOW_UP = "follow_up"


class LegalBasis(StrEnum):
    INTEGRATION_ACT = "integreringsloven"
    INTRODUCTION_ACT = "introduksjonsloven"
    NAV_ACT = "nav_loven"
    SOCIAL_SERVICES_ACT = "sosialtjenesteloven"
    EDUCATION_ACT = "opplaeringslova"
    PUBLIC_ADMINISTRATION_ACT = "forvaltningsloven"


class ConsentStatus(StrEnum):
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Caller:
    """Who is asking, as the domain sees it (from the verified token)."""

    sub: str
    municipality: str
    agency: str
    roles: frozenset[str] = frozenset()


@dataclass
class Consent:
    id: UUID
    participant_id: UUID
    municipality: str
    recipient_kind: RecipientKind
    recipient_id: str
    purpose: ConsentPurpose
    granted_on: date
    expires_on: date | None = None
    withdrawn_on: date | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def grant(
        cls,
        *,
        consent_id: UUID,
        participant_id: UUID,
        municipality: str,
        recipient_kind: RecipientKind,
        recipient_id: str,
        purpose: ConsentPurpose,
        granted_on: date,
        expires_on: date | None,
        today: date,
    ) -> Consent:
        if granted_on > today:
            raise InvalidRule("consent-in-future", "A consent cannot be granted on a future date.")
        if expires_on is not None and expires_on <= granted_on:
            raise InvalidRule("dates-out-of-order", "A consent must expire after it is granted.")
        if recipient_kind is RecipientKind.EMPLOYER and not (
            len(recipient_id) == 9 and recipient_id.isdigit()
        ):
            raise InvalidRule(
                "recipient-id", "An employer is named by its nine-digit organisation number."
            )
        consent = cls(
            id=consent_id,
            participant_id=participant_id,
            municipality=municipality,
            recipient_kind=recipient_kind,
            recipient_id=recipient_id,
            purpose=purpose,
            granted_on=granted_on,
            expires_on=expires_on,
        )
        consent.events.append(events.ConsentGranted(consent))
        return consent

    def withdraw(self, *, withdrawn_on: date, today: date) -> None:
        if self.withdrawn_on is not None:
            raise Conflict("consent-already-withdrawn", "The consent was already withdrawn.")
        if withdrawn_on > today:
            raise InvalidRule("withdrawal-in-future", "A withdrawal cannot be dated in the future.")
        if withdrawn_on < self.granted_on:
            raise InvalidRule(
                "dates-out-of-order", "A consent cannot be withdrawn before it was granted."
            )
        self.withdrawn_on = withdrawn_on
        self.events.append(events.ConsentWithdrawn(self))

    def status(self, on: date) -> ConsentStatus:
        """In force on day D: granted on or before D, not withdrawn on or before D, and
        no expiry or one after D (docs/decisions/0001)."""
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return ConsentStatus.WITHDRAWN
        if self.expires_on is not None and self.expires_on <= on:
            return ConsentStatus.EXPIRED
        return ConsentStatus.IN_FORCE


@dataclass
class SharingBasis:
    id: UUID
    participant_id: UUID
    municipality: str
    agency: str
    purpose: SharingPurpose
    legal_basis: LegalBasis
    valid_from: date
    valid_to: date | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def record(
        cls,
        *,
        basis_id: UUID,
        participant_id: UUID,
        municipality: str,
        agency: str,
        purpose: SharingPurpose,
        legal_basis: LegalBasis,
        valid_from: date,
        valid_to: date | None,
        existing: Iterable[SharingBasis],
    ) -> SharingBasis:
        if agency == REFUGEE_SERVICE:
            raise InvalidRule(
                "basis-not-needed",
                "The refugee service owns the programme and always has access.",
            )
        if agency in CONSENT_AGENCIES:
            raise InvalidRule(
                "agency-needs-consent",
                "Employers and volunteers see a participant's data only with the "
                "participant's consent, not on a legal basis.",
            )
        if agency not in PUBLIC_AGENCIES:
            raise InvalidRule(
                "unknown-agency", f"{agency} is not a public agency of the programme."
            )
        if valid_to is not None and valid_to < valid_from:
            raise InvalidRule("dates-out-of-order", "valid_to comes before valid_from.")
        basis = cls(
            id=basis_id,
            participant_id=participant_id,
            municipality=municipality,
            agency=agency,
            purpose=purpose,
            legal_basis=legal_basis,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for other in existing:
            if other.agency == agency and other.purpose == purpose and other.overlaps(basis):
                raise Conflict(
                    "sharing-basis-exists",
                    f"{agency} already has a sharing basis for {purpose.value} in that period.",
                )
        basis.events.append(events.SharingBasisRecorded(basis))
        return basis

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def overlaps(self, other: SharingBasis) -> bool:
        far = date.max
        return self.valid_from <= (other.valid_to or far) and other.valid_from <= (
            self.valid_to or far
        )


def is_the_participant(caller: Caller, person_sub: str | None) -> bool:
    return PARTICIPANT in caller.roles and person_sub is not None and caller.sub == person_sub


def may_see(
    caller: Caller,
    *,
    municipality: str,
    person_sub: str | None,
    bases: Iterable[SharingBasis],
    today: date,
) -> bool:
    """The access rule. Outside the caller's municipality: never. Inside: the
    integration leader and the programme owner's staff always; the participant
    themself; another agency's staff only with a sharing basis in force today (any
    purpose). A role without staff rights (e.g. a participant's token, whatever its
    agency claim) sees only its own person."""
    if caller.municipality != municipality:
        return False
    if INTEGRATION_LEADER in caller.roles:
        return True
    if caller.roles & STAFF_ROLES:
        if caller.agency == REFUGEE_SERVICE:
            return True
        if any(b.agency == caller.agency and b.in_force(today) for b in bases):
            return True
    return is_the_participant(caller, person_sub)
