"""The introduction programme, part of the participant aggregate: its regime and period,
extensions, leave and exit, and the rules of their durations.

Plain Python: no I/O, no framework. The participant applies the rules and records the
events (``participants.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from plan_service.domain.codes import (
    Completion,
    ExitReason,
    ExtensionReason,
    LeaveReason,
    ProgrammeStatus,
    Regime,
)

# Duration rules per regime, in months: (minimum, maximum without extension).
DURATION_MONTHS = {
    Regime.INTEGRATION_ACT: (3, 36),
    Regime.INTRODUCTION_ACT: (1, 36),  # two years, a third under special conditions
}


# An extension adds at most this many months to the end set at the start, and the whole
# programme may then last at most (months): integration act 3 years + 1; introduction
# act 2 years and a third by decision, so 3 in all.
EXTENSION_MONTHS = 12
MAX_MONTHS_WITH_EXTENSION = {Regime.INTEGRATION_ACT: 48, Regime.INTRODUCTION_ACT: 36}


def months_between(start: date, end: date) -> float:
    return (end.year - start.year) * 12 + (end.month - start.month) + (end.day - start.day) / 31


@dataclass(frozen=True)
class Extension:
    number: int
    previous_expected_end_date: date
    new_expected_end_date: date
    reason: ExtensionReason
    decided_on: date
    recorded_by: str  # the login (``sub``) of who recorded it


@dataclass(frozen=True)
class Leave:
    id: UUID
    from_date: date
    to_date: date
    reason: LeaveReason
    recorded_by: str  # the login (``sub``) of who recorded it

    def overlaps(self, other: Leave) -> bool:
        return self.from_date <= other.to_date and other.from_date <= self.to_date

    def days_within(self, start: date, end: date) -> int:
        """The leave's days between ``start`` and ``end`` (both included)."""
        first, last = max(self.from_date, start), min(self.to_date, end)
        return max((last - first).days + 1, 0)


@dataclass(frozen=True)
class Exit:
    completion: Completion
    end_date: date
    reason: ExitReason


@dataclass(frozen=True)
class Programme:
    regime: Regime
    start_date: date
    expected_end_date: date
    original_expected_end_date: date | None = None  # None: never extended
    extensions: tuple[Extension, ...] = ()
    leaves: tuple[Leave, ...] = ()
    exit: Exit | None = None
    version: int = 1  # optimistic concurrency for lifecycle changes

    @property
    def first_expected_end_date(self) -> date:
        return self.original_expected_end_date or self.expected_end_date

    def status(self, on: date) -> ProgrammeStatus:
        if self.exit is not None:
            return ProgrammeStatus(self.exit.completion.value)
        if any(leave.from_date <= on <= leave.to_date for leave in self.leaves):
            return ProgrammeStatus.ON_LEAVE
        return ProgrammeStatus.ACTIVE
