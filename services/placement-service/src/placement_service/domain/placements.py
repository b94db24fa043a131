"""The placement aggregate: a participant in an opening, from start to end.

Capacity is checked here from counts the handler reads under a lock on the employer, so
two concurrent starts cannot both take the last seat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from helhet_common.absence_codes import CodeList
from helhet_common.domain_errors import Conflict, Invalid
from placement_service.domain import events
from placement_service.domain.codes import (
    FLAG_SUBSIDY_DRIVEN_EXTENSION,
    AssessmentMethod,
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    OpeningStatus,
    PlacementStatus,
    Purpose,
    Skill,
    cefr_rank,
)
from placement_service.domain.employers import Employer
from placement_service.domain.openings import Opening

MAX_HOURS_PER_DAY = 12.0
MAX_ATTENDANCE_MINUTES = 24 * 60
ATTENDANCE = "attendance"
ABSENCE = "absence"
SUBSIDY_ALIGNMENT_DAYS = 14
FOLLOW_UP_LOOKBACK_DAYS = 60


@dataclass(frozen=True)
class LanguageAgreement:
    """The Norwegian level agreed with the employer, and how it is assessed."""

    levels: dict[Skill, str]
    assessment: AssessmentMethod


@dataclass(frozen=True)
class FollowUpPlan:
    every_days: int
    by_unit: str
    employer_contact_id: UUID | None = None


@dataclass(frozen=True)
class KindChange:
    id: UUID
    from_kind: OpeningKind
    to_kind: OpeningKind
    effective_date: date
    reason: str | None


@dataclass(frozen=True)
class FollowUp:
    id: UUID
    visited_on: date
    kind: FollowUpKind
    by_unit: str
    outcome: FollowUpOutcome
    note: str | None = None


@dataclass(frozen=True)
class Extension:
    id: UUID
    previous_end: date
    new_end: date
    reason: ExtensionReason
    flags: tuple[str, ...]


@dataclass(frozen=True)
class HoursEntry:
    id: UUID
    worked_on: date
    hours: float
    confirmed_by_employer: bool = False


@dataclass(frozen=True)
class AttendanceEntry:
    """Attendance or absence on one day of the placement, recorded by the employer's
    contact person or the placement's follow-up staff for the participant's one ledger
    (plan-service's, fed by ``helhet.placement.attendance_recorded.v1``)."""

    id: UUID
    on: date
    kind: str  # attendance | absence
    minutes: int
    code: str | None  # an absence's code from the municipality's list
    effect: str | None  # the code's effect on the benefit when recorded
    recorded_by: str  # the login (``sub``) of who recorded it; never in an event
    recorded_by_agency: str
    recorded_at: datetime


@dataclass(frozen=True)
class NavMeasure:
    id: UUID
    type: NavMeasureType
    role: NavMeasureRole
    period_from: date
    period_to: date
    rate_percent: float | None = None


@dataclass(frozen=True)
class Ledger:
    total_hours: float
    confirmed_hours: float
    by_kind: dict[str, float]
    by_month: dict[str, float]


@dataclass
class Placement:
    id: UUID
    municipality: str
    participant_id: UUID
    opening_id: UUID
    employer_id: UUID
    kind: OpeningKind
    sector: str
    purpose: Purpose
    learning_goals: tuple[str, ...]
    plan_end_goal: str | None
    plan_version: int | None
    language_agreement: LanguageAgreement
    follow_up_plan: FollowUpPlan
    start_date: date
    planned_end: date
    flags: tuple[str, ...] = ()
    created_by_municipality: bool = False
    actual_end: date | None = None
    end_reason: EndReason | None = None
    next_step: NextStep | None = None
    kind_changes: list[KindChange] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    hours: list[HoursEntry] = field(default_factory=list)
    attendance: list[AttendanceEntry] = field(default_factory=list)
    nav_measures: list[NavMeasure] = field(default_factory=list)
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def start(
        cls,
        *,
        placement_id: UUID,
        participant_id: UUID,
        opening: Opening,
        employer: Employer,
        active_in_opening: int,
        active_at_employer: int,
        purpose: Purpose,
        learning_goals: Sequence[str],
        plan_end_goal: str | None,
        plan_version: int | None,
        language_agreement: LanguageAgreement,
        follow_up_plan: FollowUpPlan,
        start_date: date,
        planned_end: date,
        flags: Sequence[str],
    ) -> Placement:
        if opening.status is not OpeningStatus.OPEN:
            raise Conflict(f"The opening is {opening.status.value}.", code="opening-not-open")
        if active_in_opening >= opening.capacity:
            raise Conflict("Every seat of the opening is taken.", code="opening-full")
        if employer.capacity_cap is not None and active_at_employer >= employer.capacity_cap:
            raise Conflict(
                f"The employer follows up at most {employer.capacity_cap} participants at once.",
                code="employer-capacity-reached",
            )
        if planned_end <= start_date:
            raise Invalid("The planned end must come after the start.", code="dates-out-of-order")
        if planned_end - start_date > timedelta(days=3 * 366):
            raise Invalid("A placement is planned for at most three years.", code="too-long")
        if not learning_goals:
            raise Invalid("A placement needs at least one learning goal.", code="learning-goals")
        for level in language_agreement.levels.values():
            cefr_rank(level)
        _check_follow_up_plan(follow_up_plan, employer)
        placement = cls(
            id=placement_id,
            municipality=opening.municipality,
            participant_id=participant_id,
            opening_id=opening.id,
            employer_id=employer.id,
            kind=opening.kind,
            sector=opening.sector,
            purpose=purpose,
            learning_goals=tuple(learning_goals),
            plan_end_goal=plan_end_goal,
            plan_version=plan_version,
            language_agreement=language_agreement,
            follow_up_plan=follow_up_plan,
            start_date=start_date,
            planned_end=planned_end,
            flags=tuple(flags),
            created_by_municipality=opening.created_by_municipality,
        )
        placement.events.append(
            events.PlacementStarted(
                participant_id=participant_id,
                placement_id=placement_id,
                opening_id=opening.id,
                employer_id=employer.id,
                kind=placement.kind,
                sector=placement.sector,
                purpose=purpose,
                created_by_municipality=placement.created_by_municipality,
                plan_version=plan_version,
                start_date=start_date,
                planned_end=planned_end,
                flags=placement.flags,
            )
        )
        opening.seat_taken(active_after=active_in_opening + 1)
        return placement

    # -- reading ---------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.actual_end is not None

    def status(self, today: date) -> PlacementStatus:
        if self.ended:
            return PlacementStatus.ENDED
        return PlacementStatus.PLANNED if self.start_date > today else PlacementStatus.ACTIVE

    def kind_on(self, day: date) -> OpeningKind:
        """The kind of the placement on ``day``, from its history of changes."""
        changes = sorted(self.kind_changes, key=lambda c: c.effective_date)
        kind = changes[0].from_kind if changes else self.kind
        for change in changes:
            if change.effective_date <= day:
                kind = change.to_kind
        return kind

    def next_follow_up_due(self) -> date | None:
        if self.ended:
            return None
        visits = [f.visited_on for f in self.follow_ups]
        last = max(visits) if visits else self.start_date
        return last + timedelta(days=self.follow_up_plan.every_days)

    def ledger(self) -> Ledger:
        total = confirmed = 0.0
        by_kind: dict[str, float] = {}
        by_month: dict[str, float] = {}
        for entry in self.hours:
            total += entry.hours
            if entry.confirmed_by_employer:
                confirmed += entry.hours
            kind = self.kind_on(entry.worked_on).value
            by_kind[kind] = round(by_kind.get(kind, 0.0) + entry.hours, 2)
            month = entry.worked_on.strftime("%Y-%m")
            by_month[month] = round(by_month.get(month, 0.0) + entry.hours, 2)
        return Ledger(round(total, 2), round(confirmed, 2), by_kind, dict(sorted(by_month.items())))

    def funding_after(self, programme_end: date) -> NavMeasure | None:
        """The NAV measure that carries the placement past the programme's end, if any."""
        after = [m for m in self.nav_measures if m.period_to > programme_end]
        return max(after, key=lambda m: m.period_to) if after else None

    # -- changing --------------------------------------------------------------------------

    def _require_running(self) -> None:
        if self.ended:
            raise Conflict("The placement has ended.", code="placement-ended")

    def change_kind(
        self,
        *,
        change_id: UUID,
        to_kind: OpeningKind,
        effective_date: date,
        reason: str | None,
        follow_up_by_unit: str | None,
    ) -> None:
        self._require_running()
        if to_kind is self.kind:
            raise Invalid(f"The placement already is {to_kind.value}.", code="same-kind")
        if effective_date < self.start_date or effective_date > self.planned_end:
            raise Invalid(
                "The change must take effect within the placement.", code="date-outside-placement"
            )
        if self.kind_changes and effective_date < max(c.effective_date for c in self.kind_changes):
            raise Invalid(
                "A kind change cannot take effect before an earlier one.", code="dates-out-of-order"
            )
        previous = self.kind
        self.kind_changes.append(KindChange(change_id, previous, to_kind, effective_date, reason))
        self.kind = to_kind
        if follow_up_by_unit:
            self.follow_up_plan = replace(self.follow_up_plan, by_unit=follow_up_by_unit)
        self.events.append(
            events.KindChanged(
                participant_id=self.participant_id,
                placement_id=self.id,
                from_kind=previous,
                to_kind=to_kind,
                effective_date=effective_date,
            )
        )

    def log_follow_up(self, follow_up: FollowUp, *, today: date) -> None:
        if follow_up.visited_on > today:
            raise Invalid("A follow-up cannot be logged ahead of time.", code="date-in-future")
        if follow_up.visited_on < self.start_date - timedelta(days=30):
            raise Invalid(
                "A follow-up is at most 30 days before the start.", code="date-outside-placement"
            )
        self.follow_ups.append(follow_up)
        self.events.append(
            events.FollowUpLogged(
                participant_id=self.participant_id,
                placement_id=self.id,
                visited_on=follow_up.visited_on,
                kind=follow_up.kind,
                outcome=follow_up.outcome,
            )
        )

    def log_hours(self, entries: Sequence[HoursEntry], *, today: date) -> None:
        # Hours may be logged after the end too, for the days the placement ran.
        if not entries:
            raise Invalid("Give at least one day of hours.", code="hours")
        last_day = min(self.actual_end or self.planned_end, today)
        logged = {e.worked_on for e in self.hours}
        for entry in entries:
            if not 0 < entry.hours <= MAX_HOURS_PER_DAY:
                raise Invalid(
                    f"Hours in a day are more than 0 and at most {MAX_HOURS_PER_DAY:g}.",
                    code="hours",
                )
            if entry.worked_on < self.start_date or entry.worked_on > last_day:
                raise Invalid(
                    f"{entry.worked_on} is outside the placement's days so far "
                    f"({self.start_date} to {last_day}).",
                    code="date-outside-placement",
                )
            if entry.worked_on in logged:
                raise Conflict(
                    f"Hours for {entry.worked_on} are already logged.", code="hours-already-logged"
                )
            logged.add(entry.worked_on)
        self.hours.extend(entries)

    def record_attendance(
        self,
        *,
        entry_id: UUID,
        on: date,
        kind: str,
        minutes: int,
        code: str | None,
        codes: CodeList,
        exited_on: date | None,
        recorded_by: str,
        recorded_by_agency: str,
        recorded_at: datetime,
        today: date,
    ) -> AttendanceEntry:
        """A day of the placement: within its period (start to its end, or the planned
        end while it runs), not after the participant's exit nor ahead of today, an
        absence with a code of the municipality's list (none on attendance), one entry
        per day."""
        if kind not in (ATTENDANCE, ABSENCE):
            raise Invalid("Record attendance or absence.", code="attendance-kind")
        if not 0 < minutes <= MAX_ATTENDANCE_MINUTES:
            raise Invalid("Hours must be more than 0 and at most 24.", code="hours-out-of-range")
        last_day = self.actual_end or self.planned_end
        if not self.start_date <= on <= last_day:
            raise Invalid(
                f"{on.isoformat()} is outside the placement ({self.start_date.isoformat()} "
                f"to {last_day.isoformat()}).",
                code="date-outside-placement",
                placement_start=self.start_date.isoformat(),
                placement_end=last_day.isoformat(),
            )
        if exited_on is not None and on > exited_on:
            raise Invalid(
                f"The participant left the programme on {exited_on.isoformat()}.",
                code="date-after-exit",
                exited_on=exited_on.isoformat(),
            )
        if on > today:
            raise Invalid("Attendance is recorded when the day has come.", code="date-in-future")
        effect: str | None = None
        if kind == ABSENCE:
            if code is None:
                raise Invalid("An absence needs a code.", code="absence-code-required")
            effect = codes.get(code).effect.value
        elif code is not None:
            raise Invalid("Attendance takes no absence code.", code="code-on-attendance")
        if any(e.on == on for e in self.attendance):
            raise attendance_already_recorded(on)
        entry = AttendanceEntry(
            entry_id, on, kind, minutes, code, effect, recorded_by, recorded_by_agency, recorded_at
        )
        self.attendance.append(entry)
        self.events.append(
            events.AttendanceRecorded(
                participant_id=self.participant_id,
                placement_id=self.id,
                employer_id=self.employer_id,
                entry_id=entry_id,
                on=on,
                kind=kind,
                minutes=minutes,
                code=code,
                effect=effect,
                recorded_by_agency=recorded_by_agency,
            )
        )
        return entry

    def extend(
        self, *, extension_id: UUID, new_end: date, reason: ExtensionReason, today: date
    ) -> Extension:
        self._require_running()
        if new_end <= self.planned_end:
            raise Invalid("The new end must come after the planned end.", code="not-an-extension")
        if new_end - self.start_date > timedelta(days=3 * 366):
            raise Invalid("A placement is planned for at most three years.", code="too-long")
        flags = subsidy_extension_flags(self, new_end=new_end, reason=reason, today=today)
        extension = Extension(extension_id, self.planned_end, new_end, reason, flags)
        self.extensions.append(extension)
        self.planned_end = new_end
        self.flags = tuple(dict.fromkeys([*self.flags, *flags]))
        self.events.append(
            events.PlacementExtended(
                participant_id=self.participant_id,
                placement_id=self.id,
                previous_end=extension.previous_end,
                new_end=new_end,
                reason=reason,
                flags=flags,
            )
        )
        return extension

    def link_nav_measure(self, measure: NavMeasure) -> None:
        if measure.period_to < measure.period_from:
            raise Invalid("The measure's period ends before it starts.", code="dates-out-of-order")
        if measure.rate_percent is not None and not 0 <= measure.rate_percent <= 100:
            raise Invalid("A subsidy rate is a percentage from 0 to 100.", code="rate")
        if measure.period_to < self.start_date:
            raise Invalid(
                "The measure ends before the placement starts.", code="date-outside-placement"
            )
        if any(
            m.type is measure.type and m.period_from == measure.period_from
            for m in self.nav_measures
        ):
            raise Conflict("This measure is already linked.", code="measure-already-linked")
        self.nav_measures.append(measure)
        self.events.append(
            events.NavMeasureLinked(
                participant_id=self.participant_id,
                placement_id=self.id,
                measure_type=measure.type,
                role=measure.role,
                period_from=measure.period_from,
                period_to=measure.period_to,
                rate_percent=measure.rate_percent,
            )
        )

    def end(self, *, actual_end: date, reason: EndReason, next_step: NextStep, today: date) -> None:
        self._require_running()
        if actual_end < self.start_date:
            raise Invalid("A placement cannot end before it starts.", code="dates-out-of-order")
        if actual_end > today:
            raise Invalid("Record the end when it has happened.", code="date-in-future")
        if reason is EndReason.HIRED and next_step is not NextStep.WORK:
            raise Invalid("A participant who is hired goes on to work.", code="next-step")
        self._close(actual_end, reason, next_step)

    def ended_by(self, *, on: date, reason: EndReason) -> None:
        """Something outside the placement ended it on ``on``: the participant's consent
        to this employer was withdrawn or lapsed, or the participant moved away
        (``reason`` says which). It ends that day, the next step undecided; one that had
        not started yet ends on its start date, never having run."""
        self._require_running()
        self._close(max(on, self.start_date), reason, NextStep.UNDECIDED)

    def _close(self, actual_end: date, reason: EndReason, next_step: NextStep) -> None:
        self.actual_end = actual_end
        self.end_reason = reason
        self.next_step = next_step
        self.events.append(
            events.PlacementEnded(
                participant_id=self.participant_id,
                placement_id=self.id,
                employer_id=self.employer_id,
                kind=self.kind,
                sector=self.sector,
                actual_end=actual_end,
                reason=reason,
                next_step=next_step,
                hours_logged=self.ledger().total_hours,
            )
        )
        if reason is EndReason.HIRED:
            self.events.append(
                events.ParticipantHired(
                    participant_id=self.participant_id,
                    placement_id=self.id,
                    employer_id=self.employer_id,
                    sector=self.sector,
                    via_kind=self.kind,
                    hired_on=actual_end,
                )
            )


def attendance_already_recorded(on: date | None = None) -> Conflict:
    day = f" for {on.isoformat()}" if on is not None else " for that day"
    return Conflict(
        f"Attendance or absence{day} is already recorded for this placement.",
        code="attendance-already-recorded",
    )


def _check_follow_up_plan(plan: FollowUpPlan, employer: Employer) -> None:
    if not 1 <= plan.every_days <= 92:
        raise Invalid(
            "Follow up at least every 92 days (and at most daily).", code="follow-up-plan"
        )
    if plan.employer_contact_id is not None:
        contact = employer.contact(plan.employer_contact_id)
        if not contact.active:
            raise Invalid("That contact person has left the employer.", code="contact-left")


def subsidy_extension_flags(
    placement: Placement, *, new_end: date, reason: ExtensionReason, today: date
) -> tuple[str, ...]:
    """Flag an extension that only keeps a subsidy running.

    Either the reason says so, or the new end lines up with the end of a linked NAV
    measure while nobody has followed the placement up lately and no hire is in view.
    """
    if reason is ExtensionReason.SUBSIDY_CONTINUES:
        return (FLAG_SUBSIDY_DRIVEN_EXTENSION,)
    if reason is ExtensionReason.HIRING_PROSPECT:
        return ()
    window = timedelta(days=SUBSIDY_ALIGNMENT_DAYS)
    aligned = any(abs(m.period_to - new_end) <= window for m in placement.nav_measures)
    recent = today - timedelta(days=FOLLOW_UP_LOOKBACK_DAYS)
    followed_up = any(f.visited_on >= recent for f in placement.follow_ups)
    if aligned and not followed_up:
        return (FLAG_SUBSIDY_DRIVEN_EXTENSION,)
    return ()
