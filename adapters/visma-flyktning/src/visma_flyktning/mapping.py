"""The declarative per-municipality mapping file (TOML): which column or element holds
which Helhet field, and the code lists that turn the export's codes into Helhet's.

A mapping is validated when it is loaded; a mistake in it (an unknown field, a code
that maps to no Helhet code) stops the run before any row is read.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from helhet_common.municipalities import is_known

# The Helhet fields an export can fill.
FIELDS = (
    "external_id",
    "municipality",
    "settlement_date",
    "birth_date",
    "birth_year",
    "household_type",
    "languages",
    "given_name",
    "family_name",
    "fodselsnummer",
    "d_number",
    "duf_number",
)
IDENTIFIER_FIELDS = ("fodselsnummer", "d_number", "duf_number")
HOUSEHOLD_TYPES = ("single", "family")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_fields(names: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(names) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown Helhet fields: {', '.join(unknown)} (known: {FIELDS})")
    return names


class CsvMapping(_Section):
    delimiter: str = Field(default=";", min_length=1, max_length=1)
    encoding: Literal["windows-1252", "utf-8"] = Field(
        default="windows-1252",
        description="the encoding of a file without a UTF-8 byte order mark",
    )
    date_format: str = "%d.%m.%Y"
    columns: dict[str, str] = Field(description="Helhet field -> column header")
    list_separator: str = ","

    _fields = field_validator("columns")(_known_fields)

    @model_validator(mode="after")
    def _has_an_id(self) -> CsvMapping:
        if "external_id" not in self.columns:
            raise ValueError("columns must name the column of external_id")
        return self


class PifuMapping(_Section):
    date_format: str = "%Y-%m-%d"
    fields: dict[str, str] = Field(
        default_factory=lambda: {
            "given_name": "name/n/given",
            "family_name": "name/n/family",
            "birth_date": "demographics/bday",
        },
        description="Helhet field -> path below <person> (element names, '/' between)",
    )
    userid_types: dict[str, str] = Field(
        default_factory=dict, description="Helhet identifier field -> useridtype"
    )
    unit_municipalities: dict[str, str] = Field(
        default_factory=dict,
        description="a group's sourcedid id -> the kommunenummer of the unit; a person's "
        "memberships of these groups say which municipality they belong to",
    )

    _fields = field_validator("fields")(_known_fields)

    @field_validator("userid_types")
    @classmethod
    def _identifiers(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(IDENTIFIER_FIELDS))
        if unknown:
            raise ValueError(f"not identifier fields: {', '.join(unknown)}")
        return value

    @field_validator("unit_municipalities")
    @classmethod
    def _municipalities(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(m for m in value.values() if not is_known(m))
        if unknown:
            raise ValueError(f"unknown municipalities: {', '.join(unknown)}")
        return value


class Codes(_Section):
    household_type: dict[str, str] = Field(default_factory=dict)
    languages: dict[str, str] = Field(default_factory=dict)

    @field_validator("household_type")
    @classmethod
    def _households(cls, value: dict[str, str]) -> dict[str, str]:
        wrong = sorted(v for v in value.values() if v not in HOUSEHOLD_TYPES)
        if wrong:
            raise ValueError(f"household types must be one of {HOUSEHOLD_TYPES}: {wrong}")
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        wrong = sorted(v for v in value.values() if not (v.isascii() and v.isalpha()))
        if wrong or any(not 2 <= len(v) <= 3 or v != v.lower() for v in value.values()):
            raise ValueError(f"languages must map to ISO 639 codes: {wrong}")
        return value


class Mapping(_Section):
    """One municipality's (or one Visma installation's) mapping."""

    source: str = Field(default="visma-flyktning", pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    municipality: str | None = Field(
        default=None, description="the kommunenummer when the export does not say"
    )
    reason: str = "imported from Visma Flyktning"
    csv: CsvMapping | None = None
    pifu: PifuMapping = Field(default_factory=PifuMapping)
    codes: Codes = Field(default_factory=Codes)

    @field_validator("municipality")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and not is_known(value):
            raise ValueError(f"unknown municipality {value}")
        return value


def load_mapping(path: Path) -> Mapping:
    with path.open("rb") as handle:
        return Mapping.model_validate(tomllib.load(handle))
