"""Imports from another system: a record keyed by that system's id."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import (
    HouseholdType,
    LanguageCode,
    Municipality,
    Name,
    ShortText,
    Strict,
)

ElevenDigits = Annotated[str, StringConstraints(pattern=r"^\d{11}$")]
TwelveDigits = Annotated[str, StringConstraints(pattern=r"^\d{12}$")]


class PersonIdentifiers(Strict):
    """Identity numbers: kept in plan-service, never published."""

    model_config = ConfigDict(extra="forbid")

    fodselsnummer: ElevenDigits | None = Field(default=None, description="fødselsnummer")
    d_number: ElevenDigits | None = Field(default=None, description="D-nummer")
    duf_number: TwelveDigits | None = Field(
        default=None, description="DUF-nummer (the immigration authorities' case number)"
    )


class ParticipantImport(Strict):
    """A participant as another system has them. The first time: settled and linked to
    the external id; afterwards, the same record changes nothing and a change of names
    or identity numbers corrects them (with ``reason``). Settlement facts that differ
    from what was published are refused (409 ``published-fields-differ``)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "municipality": "3403",
                    "settlement_date": "2026-08-15",
                    "birth_year": 1994,
                    "household_type": "single",
                    "languages": ["ti"],
                    "given_name": "Ruta",
                    "family_name": "Haile",
                    "identifiers": {"d_number": "41019412345"},
                    "reason": "imported from Visma Flyktning",
                }
            ]
        },
    )

    municipality: Municipality = Field(description="kommunenummer (the caller's own)")
    settlement_date: Day
    birth_year: int = Field(ge=1900, le=2100)
    household_type: HouseholdType
    languages: list[LanguageCode] = Field(min_length=1, max_length=20, description="ISO 639")
    given_name: Name | None = None
    family_name: Name | None = None
    identifiers: PersonIdentifiers = Field(default_factory=PersonIdentifiers)
    reason: ShortText = Field(description="why a change is made, kept with the link")


class ParticipantImportPublic(BaseModel):
    participant_id: UUID | None = Field(description="null: a dry run that would create")
    outcome: Literal["created", "updated", "unchanged"]
    changed_fields: list[str] = Field(description="with `updated`: what changed")
    dry_run: bool
