"""Organisations: the volunteer centre, the Red Cross, clubs; their offers and contact
persons (personal data, kept here). Plain Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from volunteer_service.domain.codes import (
    KEEP,
    Keep,
    OrganisationKind,
    Role,
    check_something_changed,
    check_version,
    unique,
)


@dataclass
class Organisation:
    id: UUID
    municipality: str
    name: str
    kind: OrganisationKind
    offers: tuple[Role, ...]
    contacts: tuple[dict[str, str], ...]  # contact persons: personal data, kept here
    description: str = ""
    version: int = 1
    deactivated_on: date | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        organisation_id: UUID,
        municipality: str,
        name: str,
        kind: OrganisationKind,
        offers: Sequence[Role],
        contacts: Sequence[dict[str, str]],
        description: str = "",
    ) -> Organisation:
        _check_contacts(contacts)
        return cls(
            id=organisation_id,
            municipality=municipality,
            name=name,
            kind=kind,
            offers=unique(offers),
            contacts=tuple(dict(c) for c in contacts),
            description=description,
        )

    @property
    def active(self) -> bool:
        return self.deactivated_on is None

    def update(
        self,
        *,
        expected_version: int,
        name: str | Keep = KEEP,
        offers: Sequence[Role] | Keep = KEEP,
        contacts: Sequence[dict[str, str]] | Keep = KEEP,
        description: str | Keep = KEEP,
    ) -> None:
        """Change what the coordinator keeps up to date; a deactivated one stays as it was."""
        check_version("organisation", self.version, expected_version)
        check_something_changed(name, offers, contacts, description)
        if not self.active:
            raise Conflict(
                "The organisation is deactivated: it is not changed.",
                code="organisation-deactivated",
            )
        if contacts is not KEEP:
            _check_contacts(contacts)
            self.contacts = tuple(dict(c) for c in contacts)
        if name is not KEEP:
            self.name = name
        if offers is not KEEP:
            self.offers = unique(offers)
        if description is not KEEP:
            self.description = description
        self.version += 1

    def deactivate(self, *, expected_version: int, today: date) -> None:
        """It takes no new volunteers or activities; those it has are kept as they are."""
        check_version("organisation", self.version, expected_version)
        if not self.active:
            raise Conflict(
                "The organisation is already deactivated.", code="organisation-already-deactivated"
            )
        self.deactivated_on = today
        self.version += 1


def _check_contacts(contacts: Sequence[dict[str, str]]) -> None:
    if not contacts:
        raise Invalid(
            "An organisation needs at least one contact person.", code="contact-person-required"
        )
