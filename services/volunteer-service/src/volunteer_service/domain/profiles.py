"""What volunteer-service knows of a participant, folded from plan-service's events.

Events of one participant arrive in any order across topics: each function fills in
what its event says and leaves the rest, so the result does not depend on the order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class ParticipantProfile:
    participant_id: UUID
    municipality: str | None = None
    household_type: str | None = None
    birth_year: int | None = None
    settlement_date: date | None = None
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    mapping_version: int = 0
    # The day the participant moved away from ``municipality``: no longer matched here.
    moved_on: date | None = None
    # The day the participant's programme ended (an exit): no longer matched here.
    exited_on: date | None = None

    @property
    def gone(self) -> bool:
        """Moved away or exited: no longer found for matches, suggestions or lists."""
        return self.moved_on is not None or self.exited_on is not None

    def age_on(self, day: date) -> int | None:
        return None if self.birth_year is None else day.year - self.birth_year

    @property
    def is_single(self) -> bool:
        return self.household_type == "single"


def seen_in(profile: ParticipantProfile, municipality: str | None) -> ParticipantProfile:
    """Any event: the envelope's municipality fills in a profile that has none yet."""
    if profile.municipality is None and municipality:
        return replace(profile, municipality=municipality)
    return profile


def moved(profile: ParticipantProfile, *, moved_on: date) -> ParticipantProfile:
    """The latest move counts."""
    if profile.moved_on is not None and profile.moved_on >= moved_on:
        return profile
    return replace(profile, moved_on=moved_on)


def programme_ended(profile: ParticipantProfile, *, ended_on: date) -> ParticipantProfile:
    """The latest end counts (a repeat changes nothing)."""
    if profile.exited_on is not None and profile.exited_on >= ended_on:
        return profile
    return replace(profile, exited_on=ended_on)


def settled(
    profile: ParticipantProfile,
    *,
    municipality: str,
    household_type: str | None,
    birth_year: int | None,
    settlement_date: date | None,
    languages: tuple[str, ...],
) -> ParticipantProfile:
    return replace(
        profile,
        municipality=municipality,
        household_type=household_type or profile.household_type,
        birth_year=birth_year or profile.birth_year,
        settlement_date=settlement_date or profile.settlement_date,
        languages=languages or profile.languages,
    )


def mapping_recorded(
    profile: ParticipantProfile, *, version: int, interests: tuple[str, ...]
) -> ParticipantProfile:
    """Keeps the highest mapping version (a redelivered older one changes nothing)."""
    if version <= profile.mapping_version:
        return profile
    return replace(profile, mapping_version=version, interests=interests)
