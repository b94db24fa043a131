"""Competence mapping (kartlegging): what the participant brings and wants.

Every mapping is a new version, tagged with the agency that recorded it and the date,
so that one agency's mapping can be reused by the others instead of mapping again.
Codes only in what is published; a caseworker's free-text notes stay here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from helhet_common.domain_errors import Invalid

# NACE Rev. 2 sections (næringshovedområder), A to U.
NACE_SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRSTU")
MAX_SECTORS = 21
MAX_INTERESTS = 20


class EducationLevel(StrEnum):
    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    VOCATIONAL = "vocational"
    BACHELOR = "bachelor"
    MASTER_OR_HIGHER = "master_or_higher"


class Skill(StrEnum):
    """The four Norwegian skills, as the Norwegian test reports them."""

    LISTENING = "listening"
    READING = "reading"
    SPEAKING = "speaking"
    WRITING = "writing"


class LanguageLevel(StrEnum):
    """CEFR, with A0 for 'below A1'."""

    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"


class Interest(StrEnum):
    """A closed list, so that a code can never carry free text about a person.

    Add codes in a reviewed change; ``other`` plus a note covers the rest. Religion,
    health and politics are deliberately absent (special categories of personal data).
    """

    FOOTBALL = "football"
    OTHER_SPORTS = "other_sports"
    SWIMMING = "swimming"
    CYCLING = "cycling"
    HIKING = "hiking"
    FISHING = "fishing"
    COOKING = "cooking"
    MUSIC = "music"
    DANCE = "dance"
    ART = "art"
    CRAFTS = "crafts"
    SEWING = "sewing"
    THEATRE = "theatre"
    PHOTOGRAPHY = "photography"
    READING = "reading"
    GAMES = "games"
    TECHNOLOGY = "technology"
    GARDENING = "gardening"
    ANIMALS = "animals"
    CHILDREN_AND_YOUTH = "children_and_youth"
    VOLUNTEERING = "volunteering"
    OTHER = "other"


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
