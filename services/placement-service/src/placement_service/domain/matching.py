"""Matching: rank open openings for one participant, and say why.

A pure function of the participant's profile (wishes, end goal, Norwegian levels,
driving licence, childcare), the openings on offer and the participant's earlier
placements. Each factor gives a score from 0 to 1, a reason code and a sentence; the
total is the weighted sum (out of 100). Flags mark proposals the research calls
failures of the chain: outside the participant's wishes, or a third placement in a
sector unrelated to anything before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from placement_service.domain.codes import (
    CEFR_LEVELS,
    FLAG_OUTSIDE_WISHES,
    FLAG_THIRD_UNRELATED_SECTOR,
    SECTORS,
    GeoPoint,
    OpeningKind,
    Skill,
    cefr_rank,
)
from placement_service.domain.openings import Schedule

WEIGHTS: dict[str, int] = {
    "wishes": 30,
    "language": 20,
    "end_goal": 15,
    "transport": 15,
    "childcare": 10,
    "capacity": 10,
}

FLAG_EMPLOYER_AT_CAPACITY = "employer-at-capacity"
FLAG_CHILDCARE_CONFLICT = "childcare-conflict"
FLAG_LANGUAGE_GAP = "language-gap"

# How well each kind of opening serves each end goal (sluttmål).
END_GOAL_FIT: dict[str, dict[OpeningKind, float]] = {
    "work": {
        OpeningKind.ORDINARY_JOB: 1.0,
        OpeningKind.WAGE_SUBSIDY: 1.0,
        OpeningKind.MUNICIPAL_JOB: 0.9,
        OpeningKind.WORK_PRACTICE: 0.8,
        OpeningKind.NAV_WORK_TRAINING: 0.7,
        OpeningKind.LANGUAGE_PRACTICE: 0.5,
    },
    "education": {
        OpeningKind.LANGUAGE_PRACTICE: 0.9,
        OpeningKind.WORK_PRACTICE: 0.7,
        OpeningKind.MUNICIPAL_JOB: 0.6,
        OpeningKind.NAV_WORK_TRAINING: 0.5,
        OpeningKind.WAGE_SUBSIDY: 0.5,
        OpeningKind.ORDINARY_JOB: 0.5,
    },
    "qualification": {
        OpeningKind.WORK_PRACTICE: 1.0,
        OpeningKind.NAV_WORK_TRAINING: 0.9,
        OpeningKind.WAGE_SUBSIDY: 0.8,
        OpeningKind.MUNICIPAL_JOB: 0.8,
        OpeningKind.LANGUAGE_PRACTICE: 0.7,
        OpeningKind.ORDINARY_JOB: 0.7,
    },
}

WALKING_KM = 3.0
CYCLING_KM = 6.0
SHORT_KM = 15.0
LONG_KM = 40.0
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


@dataclass(frozen=True)
class PastPlacement:
    sector: str
    kind: OpeningKind


@dataclass(frozen=True)
class Candidate:
    participant_id: UUID
    wished_sectors: tuple[str, ...] = ()
    work_experience_sectors: tuple[str, ...] = ()
    end_goal: str | None = None
    norwegian_levels: Mapping[str, str] | None = None
    has_driving_licence: bool | None = None
    childcare_needs: bool | None = None
    home: GeoPoint | None = None
    past_placements: tuple[PastPlacement, ...] = ()


@dataclass(frozen=True)
class Offer:
    opening_id: UUID
    employer_id: UUID
    kind: OpeningKind
    sector: str
    schedule: Schedule
    requirements: Mapping[Skill, str]
    capacity: int
    free_seats: int
    employer_free_seats: int | None = None  # None: the employer has no cap
    point: GeoPoint | None = None
    public_transport: bool = False


@dataclass(frozen=True)
class Factor:
    name: str
    score: float
    reason: str
    explanation: str
    flags: tuple[str, ...] = ()

    @property
    def weight(self) -> int:
        return WEIGHTS[self.name]

    @property
    def points(self) -> float:
        return round(self.weight * self.score, 1)


@dataclass(frozen=True)
class Match:
    opening_id: UUID
    employer_id: UUID
    score: float
    factors: tuple[Factor, ...]
    flags: tuple[str, ...]


def sector_name(sector: str) -> str:
    return f"{sector} ({SECTORS.get(sector, 'unknown sector')})"


# -- the factors ---------------------------------------------------------------------------


def wishes_factor(candidate: Candidate, sector: str) -> Factor:
    wished = candidate.wished_sectors
    if not wished:
        return Factor(
            "wishes", 0.5, "no-wishes-recorded", "The participant's wishes are not mapped yet."
        )
    if sector in wished:
        place = wished.index(sector) + 1
        score = {1: 1.0, 2: 0.85}.get(place, 0.7)
        return Factor(
            "wishes",
            score,
            "wished-sector",
            f"Sector {sector_name(sector)} is the participant's "
            f"{ORDINALS.get(place, f'{place}th')} wish.",
        )
    if sector in candidate.work_experience_sectors:
        return Factor(
            "wishes",
            0.3,
            "experience-not-wish",
            f"Sector {sector_name(sector)} is not among the participant's wishes "
            f"({', '.join(wished)}), though they have worked in it.",
            (FLAG_OUTSIDE_WISHES,),
        )
    return Factor(
        "wishes",
        0.0,
        "outside-wishes",
        f"Sector {sector_name(sector)} is outside the participant's wishes ({', '.join(wished)}).",
        (FLAG_OUTSIDE_WISHES,),
    )


def end_goal_factor(end_goal: str | None, kind: OpeningKind) -> Factor:
    fit = END_GOAL_FIT.get(end_goal or "")
    if fit is None:
        return Factor("end_goal", 0.5, "no-end-goal", "The plan has no end goal yet.")
    score = fit[kind]
    reason = "serves-end-goal" if score >= 0.8 else "partly-serves-end-goal"
    verb = "leads towards" if score >= 0.8 else "is a step at most towards"
    return Factor(
        "end_goal",
        score,
        reason,
        f"A {kind.value.replace('_', ' ')} {verb} the end goal '{end_goal}'.",
    )


def language_factor(levels: Mapping[str, str] | None, requirements: Mapping[Skill, str]) -> Factor:
    if not requirements:
        return Factor("language", 1.0, "no-requirement", "The opening sets no Norwegian level.")
    if not levels:
        return Factor(
            "language", 0.5, "levels-unknown", "The participant's Norwegian levels are not mapped."
        )
    shortfalls: list[tuple[Skill, str, str, int]] = []
    for skill, required in sorted(requirements.items()):
        has = levels.get(skill.value, CEFR_LEVELS[0])
        gap = cefr_rank(required) - cefr_rank(has)
        if gap > 0:
            shortfalls.append((skill, has, required, gap))
    if not shortfalls:
        wanted = ", ".join(f"{s.value} {lvl}" for s, lvl in sorted(requirements.items()))
        return Factor("language", 1.0, "meets-requirement", f"Meets the required {wanted}.")
    detail = ", ".join(f"{s.value} {has} < {req}" for s, has, req, _ in shortfalls)
    if max(gap for *_, gap in shortfalls) == 1:
        return Factor(
            "language",
            0.5,
            "one-level-below",
            f"One level below the requirement ({detail}): workable with teaching on site.",
            (FLAG_LANGUAGE_GAP,),
        )
    return Factor(
        "language",
        0.0,
        "far-below",
        f"More than one level below the requirement ({detail}).",
        (FLAG_LANGUAGE_GAP,),
    )


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance (haversine), in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def transport_factor(
    home: GeoPoint | None,
    point: GeoPoint | None,
    *,
    public_transport: bool,
    has_driving_licence: bool | None,
) -> Factor:
    if home is None or point is None:
        return Factor("transport", 0.5, "distance-unknown", "The distance is not known.")
    km = distance_km(home, point)
    where = f"{km:.1f} km away"
    if km <= WALKING_KM:
        return Factor("transport", 1.0, "walking-distance", f"{where}: within walking distance.")
    if has_driving_licence:
        if km <= SHORT_KM:
            return Factor("transport", 1.0, "short-drive", f"{where}: a short drive.")
        if km <= LONG_KM:
            return Factor("transport", 0.7, "drive", f"{where}: the participant can drive.")
        return Factor("transport", 0.2, "long-drive", f"{where}: a long daily drive.")
    if public_transport:
        if km <= SHORT_KM:
            return Factor(
                "transport", 0.8, "public-transport", f"{where}, reachable by public transport."
            )
        if km <= LONG_KM:
            return Factor(
                "transport", 0.5, "long-public-transport", f"{where}: a long trip by bus or train."
            )
        return Factor("transport", 0.1, "too-far", f"{where}: too far without a car.")
    if km <= CYCLING_KM:
        return Factor("transport", 0.6, "cycling-distance", f"{where}: by bicycle, no bus.")
    return Factor(
        "transport", 0.0, "no-transport", f"{where} with no public transport and no licence."
    )


def childcare_factor(childcare_needs: bool | None, schedule: Schedule) -> Factor:
    hours = f"{schedule.starts_at:%H:%M}-{schedule.ends_at:%H:%M}"
    if childcare_needs is False:
        return Factor("childcare", 1.0, "no-childcare-needs", "No childcare to fit around.")
    if childcare_needs is None:
        return Factor("childcare", 0.7, "childcare-unknown", "Childcare needs are not mapped.")
    if schedule.fits_kindergarten():
        return Factor(
            "childcare",
            1.0,
            "within-kindergarten-hours",
            f"Weekdays {hours} fit the kindergarten's opening hours.",
        )
    days = ", ".join(d.value for d in schedule.days)
    return Factor(
        "childcare",
        0.0,
        "outside-kindergarten-hours",
        f"The schedule ({days} {hours}) does not fit the kindergarten's opening hours.",
        (FLAG_CHILDCARE_CONFLICT,),
    )


def capacity_factor(free_seats: int, capacity: int, employer_free_seats: int | None) -> Factor:
    if employer_free_seats is not None and employer_free_seats <= 0:
        return Factor(
            "capacity",
            0.0,
            "employer-at-capacity",
            "The employer already follows up as many participants as it has agreed to.",
            (FLAG_EMPLOYER_AT_CAPACITY,),
        )
    if free_seats <= 0:
        return Factor("capacity", 0.0, "opening-full", "No seat is free.")
    return Factor(
        "capacity",
        round(0.5 + 0.5 * free_seats / capacity, 3),
        "seats-free",
        f"{free_seats} of {capacity} seats free.",
    )


def history_flags(candidate: Candidate, sector: str) -> tuple[str, ...]:
    """A third placement (or later) in a sector unrelated to the earlier ones, the
    participant's wishes and their work experience: 'placed', not planned."""
    if len(candidate.past_placements) < 2:
        return ()
    related = {p.sector for p in candidate.past_placements}
    related |= set(candidate.wished_sectors) | set(candidate.work_experience_sectors)
    return () if sector in related else (FLAG_THIRD_UNRELATED_SECTOR,)


def proposal_flags(candidate: Candidate, sector: str) -> tuple[str, ...]:
    """The flags a placement in ``sector`` carries from the start."""
    flags = list(wishes_factor(candidate, sector).flags)
    flags.extend(history_flags(candidate, sector))
    return tuple(flags)


# -- the ranking ---------------------------------------------------------------------------


def score_offer(candidate: Candidate, offer: Offer) -> Match:
    factors = (
        wishes_factor(candidate, offer.sector),
        language_factor(candidate.norwegian_levels, offer.requirements),
        end_goal_factor(candidate.end_goal, offer.kind),
        transport_factor(
            candidate.home,
            offer.point,
            public_transport=offer.public_transport,
            has_driving_licence=candidate.has_driving_licence,
        ),
        childcare_factor(candidate.childcare_needs, offer.schedule),
        capacity_factor(offer.free_seats, offer.capacity, offer.employer_free_seats),
    )
    flags = [flag for factor in factors for flag in factor.flags]
    flags.extend(history_flags(candidate, offer.sector))
    score = round(sum(f.weight * f.score for f in factors), 1)
    return Match(offer.opening_id, offer.employer_id, score, factors, tuple(dict.fromkeys(flags)))


def rank(candidate: Candidate, offers: Sequence[Offer]) -> list[Match]:
    """Every offer scored, best first (ties: fewer flags, then by opening id)."""
    matches = [score_offer(candidate, offer) for offer in offers]
    return sorted(matches, key=lambda m: (-m.score, len(m.flags), str(m.opening_id)))
