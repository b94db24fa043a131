"""Competence mapping (kartlegging): what the participant brings and wants.

Every mapping is a new version, tagged with the agency that recorded it and the date,
so that one agency's mapping can be reused by the others instead of mapping again.
Codes only in what is published; a caseworker's free-text notes stay here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from helhet_common.domain_errors import Invalid
from plan_service.domain.codes import EducationLevel, Interest, LanguageLevel, Skill

# NACE Rev. 2 sections (næringshovedområder), A to U.
NACE_SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRSTU")
MAX_SECTORS = 21
MAX_INTERESTS = 20


@dataclass(frozen=True)
class Mapping:
    recorded_by_agency: str
    recorded_on: date
    education_level: EducationLevel
    work_experience_sectors: tuple[str, ...]
    wished_sectors: tuple[str, ...]
    interests: tuple[Interest, ...]
    norwegian_levels: dict[Skill, LanguageLevel]
    has_driving_licence: bool
    childcare_needs: bool
    notes: str | None = None
    version: int = 0  # set by the participant when recorded: 1, 2, ...


def check_mapping(mapping: Mapping, *, settlement_date: date, today: date) -> None:
    """The rules of a mapping on its own (the version is the aggregate's business)."""
    if mapping.recorded_on > today:
        raise Invalid("A mapping cannot be recorded on a future date.", code="mapping-in-future")
    if mapping.recorded_on < settlement_date:
        raise Invalid(
            "A mapping cannot predate the participant's settlement.",
            code="mapping-before-settlement",
        )
    for name, sectors in (
        ("work_experience_sectors", mapping.work_experience_sectors),
        ("wished_sectors", mapping.wished_sectors),
    ):
        unknown = [s for s in sectors if s not in NACE_SECTIONS]
        if unknown:
            raise Invalid(f"{name}: {unknown} are not NACE sections A-U.", code="unknown-sector")
        if len(set(sectors)) != len(sectors):
            raise Invalid(f"{name} names a sector twice.", code="duplicate-sector")
    if len(set(mapping.interests)) != len(mapping.interests):
        raise Invalid("interests names an interest twice.", code="duplicate-interest")
    if set(mapping.norwegian_levels) != set(Skill):
        raise Invalid(
            "norwegian_levels needs a level for each of listening, reading, speaking, writing.",
            code="norwegian-levels-incomplete",
        )
