"""Results of the programme: Norwegian and social-studies tests, the participant's
status after the programme (outcomes), and the data of the participation certificate.

Plain Python: no I/O, no framework. The participant applies the rules and records the
events (``participants.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from plan_service.domain.codes import (
    Completion,
    ExitReason,
    LanguageLevel,
    MeasurePoint,
    OutcomeStatus,
    Regime,
    Skill,
    TestKind,
)
from plan_service.domain.plans import Plan
from plan_service.domain.programmes import Leave

# Status "at exit" is measured within this many days of the exit.
AT_EXIT_WINDOW_DAYS = 92
FOLLOW_UP_YEARS = 5  # the follow-up runs up to five years after settlement


@dataclass(frozen=True)
class TestResult:
    """A Norwegian test (a CEFR level per sub-test) or the social-studies test (passed
    or not)."""

    __test__ = False  # not a pytest class

    id: UUID
    test: TestKind
    taken_on: date
    recorded_by_agency: str
    levels: dict[Skill, LanguageLevel] = field(default_factory=dict)
    passed: bool | None = None


@dataclass(frozen=True)
class Outcome:
    measured_at: MeasurePoint
    status: OutcomeStatus
    status_on: date
    recorded_by_agency: str
    recorded_by: str  # the login (``sub``) of who recorded it
    still_in_municipality: bool | None = None  # None: not known


@dataclass(frozen=True)
class Certificate:
    """What the participation certificate (deltakerbevis) states, issued at completion
    or interruption."""

    participant_id: UUID
    regime: Regime
    start_date: date
    end_date: date
    first_expected_end_date: date
    completion: Completion
    exit_reason: ExitReason
    extensions: int
    leaves: tuple[Leave, ...]
    leave_days: int
    plan: Plan | None
    norwegian_tests: tuple[TestResult, ...]
    best_norwegian_levels: dict[Skill, LanguageLevel]
    social_studies_tests: tuple[TestResult, ...]

    @property
    def social_studies_passed(self) -> bool | None:
        """Passed at some attempt; None when never taken."""
        if not self.social_studies_tests:
            return None
        return any(t.passed for t in self.social_studies_tests)
