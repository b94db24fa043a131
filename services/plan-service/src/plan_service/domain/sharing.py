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
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from helhet_common.organisation_numbers import is_valid_org_number
from plan_service.domain import events
from plan_service.domain.codes import (
    ConsentPurpose,
    ConsentStatus,
    DataCategory,
    LegalBasis,
    RecipientKind,
    SharingPurpose,
)

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
CASEWORKER = "caseworker"
PLAN_EDITOR = "plan_editor"
CONTRIBUTOR = "contributor"
STAFF_ROLES = frozenset({CASEWORKER, PLAN_EDITOR, CONTRIBUTOR})


@dataclass(frozen=True)
class Caller:
    """Who is asking, as the domain sees it (from the verified token)."""

    sub: str
    municipality: str
    agency: str
    roles: frozenset[str] = frozenset()
    # The purpose a person's change names (its ``X-Purpose``): checked as a read's is.
    purpose: str | None = None


@dataclass
class Consent:
    id: UUID
    participant_id: UUID
    municipality: str
    recipient_kind: RecipientKind
    recipient_id: str
    purpose: ConsentPurpose
    granted_on: date
    recorded_by: str  # the login (``sub``) of who recorded it
    expires_on: date | None = None
    withdrawn_on: date | None = None
    # The day the consent's lapse was announced (``ConsentExpired``), once.
    lapse_announced_on: date | None = None
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
        recorded_by: str,
        today: date,
    ) -> Consent:
        if granted_on > today:
            raise Invalid("A consent cannot be granted on a future date.", code="consent-in-future")
        if expires_on is not None and expires_on <= granted_on:
            raise Invalid("A consent must expire after it is granted.", code="dates-out-of-order")
        if recipient_kind is RecipientKind.EMPLOYER and not is_valid_org_number(recipient_id):
            raise Invalid(
                "An employer is named by its organisation number: nine digits, the last a "
                "modulus-11 check digit.",
                code="recipient-id",
            )
        consent = cls(
            id=consent_id,
            participant_id=participant_id,
            municipality=municipality,
            recipient_kind=recipient_kind,
            recipient_id=recipient_id,
            purpose=purpose,
            granted_on=granted_on,
            recorded_by=recorded_by,
            expires_on=expires_on,
        )
        consent.events.append(
            events.ConsentGranted(
                participant_id=participant_id,
                consent_id=consent_id,
                recipient_kind=recipient_kind,
                recipient_id=recipient_id,
                purpose=purpose,
                granted_on=granted_on,
                expires_on=expires_on,
            )
        )
        return consent

    def withdraw(self, *, withdrawn_on: date, today: date) -> None:
        if self.withdrawn_on is not None:
            raise Conflict("The consent was already withdrawn.", code="consent-already-withdrawn")
        if withdrawn_on > today:
            raise Invalid(
                "A withdrawal cannot be dated in the future.", code="withdrawal-in-future"
            )
        if withdrawn_on < self.granted_on:
            raise Invalid(
                "A consent cannot be withdrawn before it was granted.", code="dates-out-of-order"
            )
        self.withdrawn_on = withdrawn_on
        self.events.append(
            events.ConsentWithdrawn(
                participant_id=self.participant_id,
                consent_id=self.id,
                withdrawn_on=withdrawn_on,
            )
        )

    def lapsed(self, today: date) -> bool:
        """Expired by ``today`` (the expiry day is no longer in force) without having been
        withdrawn first."""
        return (
            self.withdrawn_on is None and self.expires_on is not None and self.expires_on <= today
        )

    def announce_lapse(self, *, today: date) -> None:
        """Tell every service that holds data on this consent that it lapsed: they end
        what it was the basis for (placements, matches), as for a withdrawal. Once."""
        if not self.lapsed(today):
            raise Conflict("The consent has not lapsed.", code="consent-not-lapsed")
        if self.lapse_announced_on is not None:
            raise Conflict("The consent's lapse was announced.", code="consent-lapse-announced")
        assert self.expires_on is not None  # lapsed
        self.lapse_announced_on = today
        self.events.append(
            events.ConsentExpired(
                participant_id=self.participant_id,
                consent_id=self.id,
                expired_on=self.expires_on,
            )
        )

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
    recorded_by: str  # the login (``sub``) of who recorded it
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
        recorded_by: str,
        existing: Iterable[SharingBasis],
    ) -> SharingBasis:
        if agency == REFUGEE_SERVICE:
            raise Invalid(
                "The refugee service owns the programme and always has access.",
                code="basis-not-needed",
            )
        if agency in CONSENT_AGENCIES:
            raise Invalid(
                "Employers and volunteers see a participant's data only with the "
                "participant's consent, not on a legal basis.",
                code="agency-needs-consent",
            )
        if agency not in PUBLIC_AGENCIES:
            raise Invalid(
                f"{agency} is not a public agency of the programme.", code="unknown-agency"
            )
        if valid_to is not None and valid_to < valid_from:
            raise Invalid("valid_to comes before valid_from.", code="dates-out-of-order")
        basis = cls(
            id=basis_id,
            participant_id=participant_id,
            municipality=municipality,
            agency=agency,
            purpose=purpose,
            legal_basis=legal_basis,
            valid_from=valid_from,
            recorded_by=recorded_by,
            valid_to=valid_to,
        )
        for other in existing:
            if other.agency == agency and other.purpose == purpose and other.overlaps(basis):
                raise Conflict(
                    f"{agency} already has a sharing basis for {purpose.value} in that period.",
                    code="sharing-basis-exists",
                )
        basis.events.append(
            events.SharingBasisRecorded(
                participant_id=participant_id,
                basis_id=basis_id,
                agency=agency,
                purpose=purpose,
                legal_basis=legal_basis,
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
        return basis

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def overlaps(self, other: SharingBasis) -> bool:
        far = date.max
        return self.valid_from <= (other.valid_to or far) and other.valid_from <= (
            self.valid_to or far
        )


_P = SharingPurpose
_WORKING_WITH_THE_PLAN = frozenset(
    {
        _P.PROGRAMME_COORDINATION,
        _P.PLAN,
        _P.NORWEGIAN_TRAINING,
        _P.WORK_TRAINING,
        _P.NAV_MEASURES,
        _P.EDUCATION,
        _P.TRANSITION,
    }
)
# Which sharing purposes justify another public agency's use of each category of data.
# A basis for any purpose lets the agency see that the participant exists, their
# programme and who their contact persons are; the rest is per purpose.
PURPOSES_FOR: dict[DataCategory, frozenset[SharingPurpose]] = {
    DataCategory.PARTICIPANT: frozenset(SharingPurpose),
    DataCategory.CONTACTS: frozenset(SharingPurpose),
    DataCategory.PLAN: _WORKING_WITH_THE_PLAN,
    DataCategory.MEETINGS: _WORKING_WITH_THE_PLAN | {_P.FOLLOW_UP},
    DataCategory.MAPPING: frozenset(
        {
            _P.MAPPING,
            _P.PROGRAMME_COORDINATION,
            _P.PLAN,
            _P.WORK_TRAINING,
            _P.NAV_MEASURES,
            _P.EDUCATION,
        }
    ),
    DataCategory.RESULTS: frozenset(
        {
            _P.PROGRAMME_COORDINATION,
            _P.PLAN,
            _P.NORWEGIAN_TRAINING,
            _P.EDUCATION,
            _P.TRANSITION,
            _P.FOLLOW_UP,
        }
    ),
    DataCategory.CERTIFICATE: frozenset(
        {_P.PROGRAMME_COORDINATION, _P.EDUCATION, _P.NAV_MEASURES, _P.TRANSITION, _P.FOLLOW_UP}
    ),
}


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


def needs_basis(caller: Caller) -> bool:
    """Staff of another public agency than the programme owner: they see a participant
    only on a sharing basis in force."""
    return (
        INTEGRATION_LEADER not in caller.roles
        and bool(caller.roles & STAFF_ROLES)
        and caller.agency != REFUGEE_SERVICE
    )


def sharing_purpose(code: str | None) -> SharingPurpose | None:
    """The sharing purpose a read names (its ``X-Purpose``), if it names one."""
    try:
        return SharingPurpose(code) if code else None
    except ValueError:
        return None


def covers(
    caller: Caller,
    *,
    category: DataCategory,
    purpose: str | None,
    bases: Iterable[SharingBasis],
    today: date,
) -> bool:
    """Whether the caller may use this category of a participant's data (for the
    purpose it names). Call after ``may_see``. The programme owner, the integration
    leader and the participant themself: always. Another agency: a basis in force for
    a purpose that allows the category (``PURPOSES_FOR``); when the caller names a
    sharing purpose, a basis for exactly that purpose."""
    if not needs_basis(caller):
        return True
    allowed = PURPOSES_FOR[category]
    named = sharing_purpose(purpose)
    if named is not None:
        allowed = allowed & {named}
    return any(
        b.agency == caller.agency and b.in_force(today) and b.purpose in allowed for b in bases
    )


def is_plan_editor(caller: Caller) -> bool:
    """The plan's editor (report 002: the "IP-ansvarlig redaktør" who checks what the
    contributors write): a plan editor, or a caseworker of the programme owner."""
    return PLAN_EDITOR in caller.roles or (
        CASEWORKER in caller.roles and caller.agency == REFUGEE_SERVICE
    )
