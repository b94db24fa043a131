"""The integration plan as a living document: versions of the whole plan with their
sections, activities and contributors (part of the participant aggregate), and the
contributions other units propose, which the plan's editor accepts or rejects (an
aggregate of their own).

Plain Python: no I/O, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from plan_service.domain.codes import (
    ActivityKind,
    CefrLevel,
    ContributionStatus,
    EndGoal,
    ParticipantGroup,
    Section,
)
from plan_service.domain.sharing import REFUGEE_SERVICE

# Full time and full year: 37.5 hours a week, or 30 where self-study is heavy.
FULL_TIME_HOURS_PER_WEEK = 37.5
HEAVY_SELF_STUDY_HOURS_PER_WEEK = 30.0
# The reason of a first plan whose author gave none (every later change needs one).
FIRST_PLAN_REASON = "first plan"


def stale_plan(*, current: int, given: int) -> StaleVersion:
    """The plan is at ``current``; the update was based on ``given`` (409)."""
    return StaleVersion(
        f"The plan is at version {current}; the update was based on version {given}.",
        current=current,
        given=given,
    )


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind
    provider_unit: str
    hours_per_week: float
    from_date: date | None = None
    to_date: date | None = None
    counts_as_programme_hours: bool = True


@dataclass(frozen=True)
class Contributor:
    """Who wrote a part of the plan: an agency and the person's login (``sub``)."""

    agency: str
    sub: str


SYSTEM = Contributor(REFUGEE_SERVICE, "system")  # an internal change (the demo seed)


def unique_contributors(contributors: Iterable[Contributor]) -> tuple[Contributor, ...]:
    return tuple(dict.fromkeys(contributors))


@dataclass(frozen=True)
class Plan:
    """One version of the integration plan. Every change is a new version with a
    reason, the person who made it and, when it came from a contribution, its id."""

    version: int
    end_goal: EndGoal
    norwegian_goal: CefrLevel
    activities: tuple[Activity, ...]
    participant_group: ParticipantGroup | None = None
    heavy_self_study: bool = False  # full time is then 30 hours a week
    contributors: dict[Section, tuple[Contributor, ...]] = field(default_factory=dict)
    started_on: date | None = None  # the day version 1 was made
    reason: str = ""
    changed_by: Contributor | None = None
    contribution_id: UUID | None = None

    @property
    def programme_hours_per_week(self) -> float:
        # Rounded: hours entered in tenths must not add up to 37.50000000000001.
        total = sum(a.hours_per_week for a in self.activities if a.counts_as_programme_hours)
        return round(total, 6)

    @property
    def required_hours_per_week(self) -> float:
        """Full time: 37.5 hours a week, or 30 where the plan marks self-study heavy."""
        return (
            HEAVY_SELF_STUDY_HOURS_PER_WEEK if self.heavy_self_study else (FULL_TIME_HOURS_PER_WEEK)
        )

    @property
    def full_time(self) -> bool:
        """The law asks for full time; a plan below it is accepted but flagged."""
        return self.programme_hours_per_week >= self.required_hours_per_week

    def contributors_of(self, section: Section) -> tuple[Contributor, ...]:
        return self.contributors.get(section, ())

    def changed_sections(self, other: Plan | None) -> list[Section]:
        """The sections whose content differs from ``other`` (all, without one)."""
        if other is None:
            return list(Section)
        changed = []
        if (self.end_goal, self.participant_group) != (other.end_goal, other.participant_group):
            changed.append(Section.END_GOAL)
        if self.norwegian_goal != other.norwegian_goal:
            changed.append(Section.NORWEGIAN_GOAL)
        if (self.activities, self.heavy_self_study) != (other.activities, other.heavy_self_study):
            changed.append(Section.ACTIVITIES)
        return changed


def check_activities(activities: tuple[Activity, ...]) -> None:
    for activity in activities:
        if activity.hours_per_week <= 0:
            raise Invalid("Hours per week must be more than zero.", code="hours")
        if activity.from_date and activity.to_date and activity.to_date < activity.from_date:
            raise Invalid("An activity ends before it starts.", code="dates-out-of-order")


@dataclass(frozen=True)
class SectionProposal:
    """What a contribution proposes for one section: a new end goal (and group), a new
    Norwegian goal, or activities to add."""

    section: Section
    end_goal: EndGoal | None = None
    participant_group: ParticipantGroup | None = None
    norwegian_goal: CefrLevel | None = None
    activities: tuple[Activity, ...] = ()

    def check(self) -> None:
        shape = {
            Section.END_GOAL: self.end_goal is not None
            and self.norwegian_goal is None
            and not self.activities,
            Section.NORWEGIAN_GOAL: self.norwegian_goal is not None
            and self.end_goal is None
            and self.participant_group is None
            and not self.activities,
            Section.ACTIVITIES: bool(self.activities)
            and self.end_goal is None
            and self.participant_group is None
            and self.norwegian_goal is None,
        }
        if not shape[self.section]:
            raise Invalid(
                "A contribution to end_goal has end_goal (and participant_group); to "
                "norwegian_goal, norwegian_goal; to activities, the activities to add; "
                "and nothing else.",
                code="contribution-shape",
            )
        check_activities(self.activities)


@dataclass
class Contribution:
    """Another unit's proposal for a section of the plan. The plan's editor accepts it
    (a new plan version, published as such) or rejects it with a reason. Nothing of the
    contribution itself is published: ``reason`` and the decision's reason are free
    text and stay here."""

    id: UUID
    participant_id: UUID
    municipality: str
    proposal: SectionProposal
    reason: str
    proposed_by: Contributor
    proposed_on: date
    based_on_version: int
    status: ContributionStatus = ContributionStatus.PROPOSED
    decided_by: Contributor | None = None
    decided_on: date | None = None
    decision_reason: str | None = None
    resulting_version: int | None = None
    events: list[Any] = field(default_factory=list, repr=False)  # it records none

    def _undecided(self) -> None:
        if self.status is not ContributionStatus.PROPOSED:
            raise Conflict(
                f"The contribution is already {self.status.value}.", code="contribution-decided"
            )

    def reject(self, *, editor: Contributor, reason: str, today: date) -> None:
        self._undecided()
        if not reason.strip():
            raise Invalid("A rejection gives its reason.", code="reason-required")
        self.status = ContributionStatus.REJECTED
        self.decided_by = editor
        self.decided_on = today
        self.decision_reason = reason
