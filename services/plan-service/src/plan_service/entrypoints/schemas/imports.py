"""Imports from another system: a record keyed by that system's id."""

from __future__ import annotations

from typing import Annotated, Any, Literal
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


EXTERNAL_ID_PATTERN = r"^[!-~]{1,100}$"
MAX_BATCH = 500


class ParticipantImportRecord(ParticipantImport):
    """One record of a batch: the record and the participant's id in that system."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "external_id": "10001",
                    "municipality": "3403",
                    "settlement_date": "2026-08-15",
                    "birth_year": 1994,
                    "household_type": "single",
                    "languages": ["ti"],
                    "identifiers": {"d_number": "41019412345"},
                    "reason": "imported from Visma Flyktning",
                }
            ]
        },
    )

    external_id: Annotated[str, StringConstraints(pattern=EXTERNAL_ID_PATTERN)] = Field(
        description="the participant's id in that system"
    )


class ParticipantImportBatch(Strict):
    """Up to 500 records with distinct external ids, of the caller's municipality."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "records": [
                        {
                            "external_id": "10001",
                            "municipality": "3403",
                            "settlement_date": "2026-08-15",
                            "birth_year": 1994,
                            "household_type": "single",
                            "languages": ["ti"],
                            "reason": "imported from Visma Flyktning",
                        }
                    ]
                }
            ]
        },
    )

    records: list[ParticipantImportRecord] = Field(min_length=1, max_length=MAX_BATCH)


class ParticipantImportItem(BaseModel):
    """One record's answer: what ``PUT .../{external_id}`` would have answered."""

    external_id: str
    status: int = Field(description="the status one call would have had (200, 201, 404, 409, ...)")
    participant_id: UUID | None = None
    outcome: Literal["created", "updated", "unchanged"] | None = Field(
        default=None, description="null when the record was refused (`problem` says why)"
    )
    changed_fields: list[str] = Field(default_factory=list)
    dry_run: bool = False
    problem: dict[str, Any] | None = Field(
        default=None, description="the problem details one call would have answered"
    )


class ParticipantImportBatchPublic(BaseModel):
    items: list[ParticipantImportItem] = Field(description="one per record, in order")
