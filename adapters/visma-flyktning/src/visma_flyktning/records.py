"""What the adapter reads out of an export, before and after checking it.

``RawRecord`` is one person as the export has them (the row or element, and its fields
as text); ``ImportRecord`` is that person checked and translated into Helhet's terms;
``Rejection`` says why a row or element was not imported (it goes to the quarantine).
Plain data: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, kw_only=True)
class RawRecord:
    """One person as read from the file: ``location`` is ``row 12`` or
    ``person[3] (sourcedid 10001)``; ``fields`` are Helhet field names -> the text found
    (lists for fields that occur several times, e.g. languages)."""

    file: str
    location: str
    fields: dict[str, str | list[str] | None]
    municipalities: tuple[str, ...] = ()  # where the export places the person, if it does


@dataclass(frozen=True, kw_only=True)
class Identifiers:
    fodselsnummer: str | None = None
    d_number: str | None = None
    duf_number: str | None = None

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True, kw_only=True)
class ImportRecord:
    """A person in Helhet's terms, ready to be sent to plan-service."""

    file: str
    location: str
    external_id: str
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: str
    languages: tuple[str, ...]
    given_name: str | None = None
    family_name: str | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)


@dataclass(frozen=True, kw_only=True)
class Rejection:
    """Why a row or element is not imported: where, which field, the reason."""

    file: str
    location: str
    field: str | None
    reason: str
    external_id: str | None = None
