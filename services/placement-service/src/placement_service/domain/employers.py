"""The employer aggregate: who the municipality places participants with.

Registration checks the organisation number, sector and agreement; contacts come and
go (with the history the research asks for: a person who leaves takes the relationship
with them unless someone else is named); warnings say what is fragile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from helhet_common.organisation_numbers import is_valid_org_number
from placement_service.domain import events
from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    ContactRole,
    GeoPoint,
    HistoryKind,
    Ownership,
    check_sector,
)

# -- organisation numbers ------------------------------------------------------------------

# Nine digits, the last a modulus-11 check digit (Brønnøysund's rule); the HTTP schema
# checks the same (helhet_common.schema_types.OrgNumber), the domain keeps its own rule.
org_number_is_valid = is_valid_org_number


@dataclass(frozen=True)
class Location:
    id: UUID
    name: str
    address: str
    point: GeoPoint | None = None
    public_transport: bool = False


@dataclass(frozen=True)
class ContactPerson:
    id: UUID
    name: str
    role: ContactRole
    phone: str | None = None
    email: str | None = None
    login_sub: str | None = None  # the ``sub`` of this person's employer token, if any
    left_on: date | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True)
class Agreement:
    kind: AgreementKind
    anchored_at: Anchoring
    signed_on: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class MunicipalContact:
    """The one person in the municipality the employer calls."""

    name: str
    unit: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    id: UUID
    occurred_on: date
    kind: HistoryKind
    summary: str
    recorded_by: str
    # The participant the entry is about (placed at the employer), if any.
    participant_id: UUID | None = None


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass
class Employer:
    id: UUID
    municipality: str
    org_number: str
    name: str
    sector: str
    nace_code: str | None
    ownership: Ownership
    capacity_cap: int | None
    agreement: Agreement
    responsible: MunicipalContact | None = None
    locations: list[Location] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        employer_id: UUID,
        municipality: str,
        org_number: str,
        name: str,
        sector: str,
        nace_code: str | None,
        ownership: Ownership,
        capacity_cap: int | None,
        agreement: Agreement,
        responsible: MunicipalContact | None,
        locations: Sequence[Location],
        contacts: Sequence[ContactPerson],
    ) -> Employer:
        if not org_number_is_valid(org_number):
            raise Invalid(
                "The organisation number must be 9 digits with a valid modulus-11 check digit.",
                code="invalid-org-number",
            )
        check_sector(sector, nace_code)
        _check_capacity(capacity_cap)
        _check_agreement(agreement)
        employer = cls(
            id=employer_id,
            municipality=municipality,
            org_number=org_number,
            name=name,
            sector=sector,
            nace_code=nace_code,
            ownership=ownership,
            capacity_cap=capacity_cap,
            agreement=agreement,
            responsible=responsible,
            locations=list(locations),
            contacts=list(contacts),
        )
        employer.events.append(
            events.EmployerRegistered(
                employer_id=employer_id,
                org_number=org_number,
                sector=sector,
                nace_code=nace_code,
                ownership=ownership,
                capacity_cap=capacity_cap,
                agreement_kind=agreement.kind,
                anchored_at=agreement.anchored_at,
            )
        )
        return employer

    @property
    def active_contacts(self) -> list[ContactPerson]:
        return [c for c in self.contacts if c.active]

    def location(self, location_id: UUID) -> Location:
        for location in self.locations:
            if location.id == location_id:
                return location
        raise Invalid("The employer has no such location.", code="unknown-location")

    def contact(self, contact_id: UUID) -> ContactPerson:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise Invalid("The employer has no such contact person.", code="unknown-contact")

    def update(
        self,
        *,
        expected_version: int,
        name: str | None = None,
        capacity_cap: int | None = None,
        clear_capacity_cap: bool = False,
        agreement: Agreement | None = None,
        responsible: MunicipalContact | None = None,
    ) -> None:
        if expected_version != self.version:
            raise StaleVersion(current=self.version, given=expected_version)
        if capacity_cap is not None:
            _check_capacity(capacity_cap)
            self.capacity_cap = capacity_cap
        if clear_capacity_cap:
            self.capacity_cap = None
        if agreement is not None:
            _check_agreement(agreement)
            self.agreement = agreement
        if name is not None:
            self.name = name
        if responsible is not None:
            self.responsible = responsible

    def add_location(self, location: Location) -> None:
        self.locations.append(location)

    def add_contact(
        self, contact: ContactPerson, *, today: date, recorded_by: str, entry_id: UUID
    ) -> None:
        if contact.login_sub and any(
            c.login_sub == contact.login_sub and c.active for c in self.contacts
        ):
            raise Conflict("Another active contact person has this login.", code="login-in-use")
        self.contacts.append(contact)
        self.history.append(
            HistoryEntry(
                entry_id,
                today,
                HistoryKind.CONTACT_ADDED,
                f"{contact.name} ({contact.role.value}) became a contact person.",
                recorded_by,
            )
        )

    def contact_leaves(
        self, contact_id: UUID, *, left_on: date, today: date, recorded_by: str, entry_id: UUID
    ) -> list[Warning]:
        contact = self.contact(contact_id)
        if not contact.active:
            raise Conflict("This contact person has already left.", code="contact-already-left")
        if left_on > today:
            raise Invalid("The leaving date is in the future.", code="date-in-future")
        self.contacts = [
            replace(c, left_on=left_on) if c.id == contact_id else c for c in self.contacts
        ]
        self.history.append(
            HistoryEntry(
                entry_id,
                left_on,
                HistoryKind.CONTACT_LEFT,
                f"{contact.name} ({contact.role.value}) left the employer.",
                recorded_by,
            )
        )
        return [w for w in self.warnings(today) if w.code == "no-active-contact"]

    def log(self, entry: HistoryEntry, *, today: date) -> None:
        if entry.occurred_on > today:
            raise Invalid("A history entry cannot be in the future.", code="date-in-future")
        self.history.append(entry)

    def warnings(self, today: date) -> list[Warning]:
        out: list[Warning] = []
        if not self.active_contacts:
            out.append(
                Warning(
                    "no-active-contact",
                    "The employer has no active contact person: the relationship "
                    "depends on finding a new one.",
                )
            )
        if self.responsible is None:
            out.append(
                Warning(
                    "no-responsible-contact",
                    "No one in the municipality is named as the employer's contact.",
                )
            )
        if self.agreement.valid_to is not None and self.agreement.valid_to < today:
            out.append(Warning("agreement-expired", "The agreement with the employer has expired."))
        if self.agreement.anchored_at is Anchoring.INDIVIDUAL:
            out.append(
                Warning(
                    "agreement-anchored-in-one-person",
                    "The agreement rests on one person; anchor it with management.",
                )
            )
        return out


def _check_capacity(capacity_cap: int | None) -> None:
    if capacity_cap is not None and not 1 <= capacity_cap <= 500:
        raise Invalid("A capacity cap is between 1 and 500 participants.", code="capacity")


def _check_agreement(agreement: Agreement) -> None:
    if agreement.signed_on and agreement.valid_to and agreement.valid_to < agreement.signed_on:
        raise Invalid("The agreement ends before it was signed.", code="dates-out-of-order")
