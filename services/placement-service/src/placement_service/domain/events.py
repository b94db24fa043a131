"""Domain events the aggregates record (past tense, plain Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from placement_service.domain.model import (
        Employer,
        EndReason,
        NavMeasure,
        NextStep,
        Opening,
        OpeningKind,
        Placement,
    )


@dataclass(frozen=True)
class EmployerRegistered:
    employer: Employer


@dataclass(frozen=True)
class OpeningPublished:
    opening: Opening


@dataclass(frozen=True)
class OpeningFilled:
    opening: Opening


@dataclass(frozen=True)
class OpeningReopened:
    opening: Opening


@dataclass(frozen=True)
class OpeningClosed:
    opening: Opening


@dataclass(frozen=True)
class PlacementStarted:
    placement: Placement


@dataclass(frozen=True)
class KindChanged:
    placement: Placement
    from_kind: OpeningKind
    to_kind: OpeningKind
    effective_date: date


@dataclass(frozen=True)
class FollowUpLogged:
    placement: Placement
    visited_on: date
    kind: str
    outcome: str


@dataclass(frozen=True)
class PlacementExtended:
    placement: Placement
    previous_end: date
    new_end: date
    reason: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class NavMeasureLinked:
    placement: Placement
    measure: NavMeasure


@dataclass(frozen=True)
class PlacementEnded:
    placement: Placement
    reason: EndReason
    next_step: NextStep


@dataclass(frozen=True)
class ParticipantHired:
    placement: Placement
