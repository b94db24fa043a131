"""What placement-service knows about a participant and their consents, from
plan-service's events: pure functions over plain state, so the projection is a
deterministic function of its input whatever order the events arrive in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from helhet_common.consent.model import Consent as Consent

__all__ = ["Consent", "Profile", "employer_may_see", "placement_covered"]

EMPLOYER = "employer"
EMPLOYER_PURPOSES = frozenset({"placement", "matching"})
PLACEMENT = "placement"


@dataclass(frozen=True)
class Profile:
    participant_id: UUID
    municipality: str | None = None
    settlement_date: date | None = None
    household_type: str | None = None
    languages: tuple[str, ...] = ()
    programme_expected_end: date | None = None
    plan_version: int | None = None
    end_goal: str | None = None
    mapping_version: int | None = None
    education_level: str | None = None
    work_experience_sectors: tuple[str, ...] = ()
    wished_sectors: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    norwegian_levels: dict[str, str] = field(default_factory=dict)
    has_driving_licence: bool | None = None
    childcare_needs: bool | None = None
    # The day the participant moved away from ``municipality``: no longer placed or
    # matched here (plan-service's helhet.participant.moved.v1).
    moved_on: date | None = None
    # The day the participant's programme ended (plan-service's helhet.programme.ended.v1):
    # an exit, no longer placed or matched here.
    exited_on: date | None = None

    @property
    def gone(self) -> bool:
        """Moved away or exited: no longer found for placements, matching or lists."""
        return self.moved_on is not None or self.exited_on is not None


def settled(
    state: Profile,
    *,
    municipality: str,
    settlement_date: date,
    household_type: str | None,
    languages: tuple[str, ...],
) -> Profile:
    return replace(
        state,
        municipality=municipality,
        settlement_date=settlement_date,
        household_type=household_type,
        languages=languages,
    )


def moved(state: Profile, *, moved_on: date) -> Profile:
    """The latest move counts (a second move is as final as the first)."""
    if state.moved_on is not None and state.moved_on >= moved_on:
        return state
    return replace(state, moved_on=moved_on)


def programme_ended(state: Profile, *, municipality: str | None, ended_on: date) -> Profile:
    """The latest end counts (a repeat changes nothing)."""
    state = replace(state, municipality=state.municipality or municipality)
    if state.exited_on is not None and state.exited_on >= ended_on:
        return state
    return replace(state, exited_on=ended_on)


def programme_started(state: Profile, *, municipality: str | None, expected_end: date) -> Profile:
    return replace(
        state, municipality=state.municipality or municipality, programme_expected_end=expected_end
    )


def plan_updated(
    state: Profile, *, municipality: str | None, version: int, end_goal: str | None
) -> Profile:
    """Keeps the newest plan: an older version arriving late changes nothing."""
    state = replace(state, municipality=state.municipality or municipality)
    if state.plan_version is not None and version <= state.plan_version:
        return state
    return replace(state, plan_version=version, end_goal=end_goal)


def mapping_recorded(
    state: Profile,
    *,
    municipality: str | None,
    version: int,
    education_level: str | None,
    work_experience_sectors: tuple[str, ...],
    wished_sectors: tuple[str, ...],
    interests: tuple[str, ...],
    norwegian_levels: dict[str, str],
    has_driving_licence: bool | None,
    childcare_needs: bool | None,
) -> Profile:
    """Keeps the highest mapping version (decision 0002)."""
    state = replace(state, municipality=state.municipality or municipality)
    if state.mapping_version is not None and version <= state.mapping_version:
        return state
    return replace(
        state,
        mapping_version=version,
        education_level=education_level,
        work_experience_sectors=work_experience_sectors,
        wished_sectors=wished_sectors,
        interests=interests,
        norwegian_levels=dict(norwegian_levels),
        has_driving_licence=has_driving_licence,
        childcare_needs=childcare_needs,
    )


def employer_may_see(consent: Consent, org_number: str, day: date) -> bool:
    """An employer sees a candidate's profile only with a consent in force to it, for
    a placement purpose."""
    return (
        consent.recipient_kind == EMPLOYER
        and consent.recipient_id == org_number
        and consent.purpose in EMPLOYER_PURPOSES
        and consent.in_force(day)
    )


def to_employer(org_number: str) -> Callable[[Consent], bool]:
    """Which consents are to the employer with ``org_number`` (for the access rule)."""

    def is_to(consent: Consent) -> bool:
        return consent.recipient_kind == EMPLOYER and consent.recipient_id == org_number

    return is_to


def placement_covered(consents: Iterable[Consent], org_number: str, day: date) -> bool:
    """A placement at an employer runs on ``day`` only with a consent in force then to
    that employer for a placement: the employer learns who the participant is and how
    they are doing (the participant's consent is the basis, GDPR art. 6(1)(a))."""
    return any(
        c.recipient_kind == EMPLOYER
        and c.recipient_id == org_number
        and c.purpose == PLACEMENT
        and c.in_force(day)
        for c in consents
    )
