"""Gap rules: where a link of the chain is missing, and who should act on it.

Plain Python. Each rule is declared once with an id, a description, a threshold with
the research's default (a municipality's model may override it) and the responsibility
whose owner the alert is routed to. A rule is a pure function of a participant's
``ChainState`` (or of an organisation model) and the day it is evaluated on; it says
which alerts should be open. The projection and the daily clock compare that with the
alerts stored and open or close the difference; a closed alert keeps why.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from reporting_service.domain.chain import NO_NEXT_STEP, ChainState, PlacementLink
from reporting_service.domain.chain.follow_up import invalid_absence
from reporting_service.domain.organisation import OrganisationModel, Responsibility


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class Severity(StrEnum):
    """How soon an alert needs a person: the work queue is ordered by it, then by age."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self)


SEVERITY_ORDER = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)


class Scope(StrEnum):
    PARTICIPANT = "participant"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Finding:
    """An alert that should be open: ``ref`` tells apart alerts of one rule and one
    participant (a placement or action id), ``since`` is when the condition became true.
    ``unit_id`` routes it to a named unit instead of the responsibility's owner."""

    ref: str
    since: date | None
    responsibility: Responsibility
    unit_id: str | None = None


Check = Callable[[ChainState, date, int], list[Finding]]
WhyCleared = Callable[[ChainState, str], str]


@dataclass(frozen=True)
class GapRule:
    id: str
    description: str
    responsibility: Responsibility
    default_threshold: int | None = None
    threshold_unit: str | None = None  # days | months
    source: str = ""
    scope: Scope = Scope.PARTICIPANT
    check: Check | None = None
    why_cleared: WhyCleared | None = None
    default_severity: Severity = Severity.MEDIUM
    # Routed to the programme owner, whoever owns the responsibility (issue 16).
    to_programme_owner: bool = False

    def threshold(self, model: OrganisationModel | None) -> int:
        if model is not None and self.id in model.thresholds:
            return model.thresholds[self.id]
        return self.default_threshold or 0

    def severity(self, model: OrganisationModel | None) -> Severity:
        """The municipality's severity for this rule, else the rule's default."""
        if model is not None and self.id in model.severities:
            return Severity(model.severities[self.id])
        return self.default_severity


# -- the conditions -----------------------------------------------------------------------


def _no_plan(state: ChainState, today: date, days: int) -> list[Finding]:
    if not state.programme_running or state.plan_version or state.programme_start is None:
        return []
    due = state.programme_start + timedelta(days=days)
    return [Finding("", due, Responsibility.PLAN)] if today >= due else []


def _no_plan_cleared(state: ChainState, ref: str) -> str:
    if state.plan_version:
        return "plan_recorded"
    return "programme_ended" if state.programme_end_date else "condition_cleared"


def _not_reviewed(state: ChainState, today: date, months: int) -> list[Finding]:
    """N months since the plan was last reviewed with the participant (a plan review),
    or since the first plan if it was never reviewed. A new plan version alone is not a
    review (docs/decisions/0003)."""
    baseline = state.review_baseline
    if not state.programme_running or not state.plan_version or baseline is None:
        return []
    due = add_months(baseline, months)
    return [Finding("", due, Responsibility.PLAN)] if today >= due else []


def _not_reviewed_cleared(state: ChainState, ref: str) -> str:
    if state.programme_end_date:
        return "programme_ended"
    return "plan_reviewed" if state.reviews else "condition_cleared"


def _ending_without_nav(state: ChainState, today: date, months: int) -> list[Finding]:
    end = state.expected_end
    if not state.programme_running or end is None or state.involves_nav:
        return []
    due = add_months(end, -months)
    return [Finding("", due, Responsibility.TRANSITION)] if today >= due else []


def _nav_cleared(state: ChainState, ref: str) -> str:
    if state.involves_nav:
        return "nav_involved"
    if state.programme_end_date:
        return "programme_ended"
    return "programme_extended" if state.programme_extended_to else "condition_cleared"


def _next_step_taken(state: ChainState, placement: PlacementLink) -> str | None:
    """Why an ended placement has a next step after all, or None."""
    if placement.next_step not in NO_NEXT_STEP:
        return "next_step_recorded"
    if placement.hired_on is not None:
        return "hired"
    if any(m.role == "continues" for m in placement.nav_measures):
        return "nav_measure_continues"
    assert placement.ended_on is not None
    for other in state.placements:
        if (
            other.placement_id != placement.placement_id
            and other.start_date is not None
            and other.start_date >= placement.ended_on
        ):
            return "next_placement_started"
    if state.programme_end_date is not None:
        return "programme_ended"
    return None


def _ended_without_next_step(state: ChainState, today: date, threshold: int) -> list[Finding]:
    return [
        Finding(p.placement_id, p.ended_on, p.responsibility)
        for p in state.placements
        if p.ended_on is not None and _next_step_taken(state, p) is None
    ]


def _ended_cleared(state: ChainState, ref: str) -> str:
    placement = next((p for p in state.placements if p.placement_id == ref), None)
    if placement is None or placement.ended_on is None:
        return "condition_cleared"
    return _next_step_taken(state, placement) or "condition_cleared"


def _outside_wishes(state: ChainState, today: date, threshold: int) -> list[Finding]:
    return [
        Finding(p.placement_id, p.start_date, p.responsibility)
        for p in state.placements
        if p.outside_wishes and not p.ended
    ]


def _outside_wishes_cleared(state: ChainState, ref: str) -> str:
    placement = next((p for p in state.placements if p.placement_id == ref), None)
    return "placement_ended" if placement is not None and placement.ended else "condition_cleared"


def _lonely(state: ChainState, today: date, months: int) -> list[Finding]:
    if state.household_type != "single" or state.settlement_date is None:
        return []
    if state.has_social_network:
        return []
    due = add_months(state.settlement_date, months)
    return [Finding("", due, Responsibility.SOCIAL_NETWORK)] if today >= due else []


def _lonely_cleared(state: ChainState, ref: str) -> str:
    if any(m.ran for m in state.matches):
        return "match_started"
    if state.sessions_attended:
        return "activity_attended"
    return "condition_cleared"


def _no_nav(state: ChainState, today: date, months: int) -> list[Finding]:
    if not state.programme_running or state.programme_start is None or state.involves_nav:
        return []
    due = add_months(state.programme_start, months)
    return [Finding("", due, Responsibility.NAV_MEASURES)] if today >= due else []


def _action_responsibility(code: str | None) -> Responsibility:
    """The responsibility an action serves, or the plan's when it names none we know."""
    try:
        return Responsibility(code) if code else Responsibility.PLAN
    except ValueError:
        return Responsibility.PLAN


def _past_due(state: ChainState, today: date, grace_days: int) -> list[Finding]:
    """Every open action more than ``grace_days`` past its due date, routed to the unit
    that owns the action (as plan-service names it, known to the model or not)."""
    return [
        Finding(
            a.action_id,
            a.due_date + timedelta(days=grace_days + 1),
            _action_responsibility(a.responsibility),
            unit_id=(a.owner_unit or "")[:60] or None,
        )
        for a in state.actions
        if a.due_date is not None and a.past_due(today, grace_days)
    ]


def _past_due_cleared(state: ChainState, ref: str) -> str:
    action = next((a for a in state.actions if a.action_id == ref), None)
    if action is None or action.completed_on is None:
        return "condition_cleared"
    return "action_cancelled" if action.outcome == "cancelled" else "action_completed"


def _week_below_full_time(state: ChainState, today: date, threshold: int) -> list[Finding]:
    """The latest week of the timetable checked is below full time (37.5 hours, or 30
    with heavy self-study, in proportion to its programme days) while the programme
    runs (plan-service's ``helhet.timetable_week.checked.v1``)."""
    week = state.timetable_week
    if not state.programme_running or week is None or week.full_time:
        return []
    return [Finding("", week.week_start, Responsibility.PLAN)]


def _week_cleared(state: ChainState, ref: str) -> str:
    if state.programme_end_date:
        return "programme_ended"
    week = state.timetable_week
    return "week_full_time" if week is not None and week.full_time else "condition_cleared"


def _hand_over_not_acknowledged(state: ChainState, today: date, days: int) -> list[Finding]:
    """Each hand-over the receiving unit has not acknowledged N days after it was made."""
    return [
        Finding(h.hand_over_id, h.created_on + timedelta(days=days), Responsibility.TRANSITION)
        for h in state.hand_overs
        if h.created_on is not None
        and not h.acknowledged
        and today >= h.created_on + timedelta(days=days)
    ]


def _hand_over_cleared(state: ChainState, ref: str) -> str:
    found = next((h for h in state.hand_overs if h.hand_over_id == ref), None)
    return (
        "hand_over_acknowledged"
        if found is not None and found.acknowledged
        else "condition_cleared"
    )


INVALID_ABSENCE_WINDOW_DAYS = 28  # the last four weeks, today included


def invalid_absence_share(state: ChainState, today: date) -> tuple[int, int]:
    """(invalid absence minutes, all minutes recorded) over the last four weeks."""
    return invalid_absence(state, today - timedelta(days=INVALID_ABSENCE_WINDOW_DAYS - 1), today)


def _invalid_absence_above_share(state: ChainState, today: date, percent: int) -> list[Finding]:
    """Invalid absence (an absence code that reduces the benefit) is more than
    ``percent`` % of the minutes recorded in the ledger over the last four weeks, while
    the programme runs (plan-service's ``helhet.ledger_entry.recorded.v1`` and the days
    recorded at a placement, ``helhet.placement.attendance_recorded.v1``, one day per
    entry id; a corrected entry counts as its correction)."""
    if not state.programme_running:
        return []
    invalid, total = invalid_absence_share(state, today)
    if not invalid or invalid * 100 <= percent * total:
        return []
    first = today - timedelta(days=INVALID_ABSENCE_WINDOW_DAYS - 1)
    since = min(d.entry_date for d in state.ledger if d.invalid and d.entry_date >= first)
    return [Finding("", since, Responsibility.PLAN)]


def _invalid_absence_cleared(state: ChainState, ref: str) -> str:
    if state.programme_end_date:
        return "programme_ended"
    return "invalid_absence_below_share"


def one_year_date(state: ChainState) -> date | None:
    """When SSB's status one year after is taken: the end of November the year after the
    exit (its reference month)."""
    end = state.programme_end_date
    return date(end.year + 1, 11, 30) if end is not None else None


def _no_status_at_one_year(state: ChainState, today: date, days: int) -> list[Finding]:
    """N days after the end of November the year after the exit (SSB's reference month),
    no status one year after (``one_year_after``) is recorded. A participant who left the
    programme by moving away is the new municipality's."""
    one_year = one_year_date(state)
    if one_year is None or state.outcome_one_year_after is not None:
        return []
    if state.programme_end_reason == "moved":
        return []
    due = one_year + timedelta(days=days)
    return [Finding("", due, Responsibility.FOLLOW_UP)] if today >= due else []


def _status_recorded(state: ChainState, ref: str) -> str:
    return "status_recorded" if state.outcome_one_year_after else "condition_cleared"


# -- the rules ----------------------------------------------------------------------------

NO_PLAN = "no-plan-after-programme-start"
PLAN_NOT_REVIEWED = "plan-not-reviewed"
ENDING_WITHOUT_NAV = "programme-ending-without-nav"
ENDED_WITHOUT_NEXT_STEP = "placement-ended-without-next-step"
OUTSIDE_WISHES = "placement-outside-wishes"
SINGLE_WITHOUT_NETWORK = "single-without-social-network"
NO_NAV_INVOLVEMENT = "no-nav-involvement"
UNOWNED_RESPONSIBILITY = "unowned-responsibility"
ACTION_PAST_DUE = "action-past-due"
WEEK_BELOW_FULL_TIME = "week-below-full-time"
HAND_OVER_NOT_ACKNOWLEDGED = "hand-over-not-acknowledged"
INVALID_ABSENCE = "invalid-absence-above-share"
NO_STATUS_AT_ONE_YEAR = "no-status-at-one-year"


class RuleId(StrEnum):
    NO_PLAN_AFTER_PROGRAMME_START = NO_PLAN
    PLAN_NOT_REVIEWED = PLAN_NOT_REVIEWED
    PROGRAMME_ENDING_WITHOUT_NAV = ENDING_WITHOUT_NAV
    PLACEMENT_ENDED_WITHOUT_NEXT_STEP = ENDED_WITHOUT_NEXT_STEP
    PLACEMENT_OUTSIDE_WISHES = OUTSIDE_WISHES
    SINGLE_WITHOUT_SOCIAL_NETWORK = SINGLE_WITHOUT_NETWORK
    NO_NAV_INVOLVEMENT = NO_NAV_INVOLVEMENT
    UNOWNED_RESPONSIBILITY = UNOWNED_RESPONSIBILITY
    ACTION_PAST_DUE = ACTION_PAST_DUE
    WEEK_BELOW_FULL_TIME = WEEK_BELOW_FULL_TIME
    HAND_OVER_NOT_ACKNOWLEDGED = HAND_OVER_NOT_ACKNOWLEDGED
    INVALID_ABSENCE_ABOVE_SHARE = INVALID_ABSENCE
    NO_STATUS_AT_ONE_YEAR = NO_STATUS_AT_ONE_YEAR


RULES: tuple[GapRule, ...] = (
    GapRule(
        NO_PLAN,
        "No integration plan N days after the programme started.",
        Responsibility.PLAN,
        90,
        "days",
        "report 000/002: plan and mapping early (Nordre Land: within 6 months)",
        check=_no_plan,
        why_cleared=_no_plan_cleared,
        default_severity=Severity.HIGH,
    ),
    GapRule(
        PLAN_NOT_REVIEWED,
        "The plan has not been reviewed with the participant for N months (the latest "
        "plan review; the first plan when it was never reviewed).",
        Responsibility.PLAN,
        6,
        "months",
        "report 004: three-way talk twice a year",
        check=_not_reviewed,
        why_cleared=_not_reviewed_cleared,
    ),
    GapRule(
        ENDING_WITHOUT_NAV,
        "The programme ends within N months and NAV is not involved (no NAV measure "
        "linked, no NAV-funded placement, no meeting with NAV present, no transition "
        "dialogue).",
        Responsibility.TRANSITION,
        3,
        "months",
        "report 004: Lillehammer agreement, NAV dialogue at least 3 months before the end",
        check=_ending_without_nav,
        why_cleared=_nav_cleared,
        default_severity=Severity.HIGH,
    ),
    GapRule(
        ENDED_WITHOUT_NEXT_STEP,
        "A placement ended with no next step (undecided, and no later placement, hire "
        "or continuing NAV measure).",
        Responsibility.WORK_PRACTICE,
        source="report 000: a placement ending with no next step is a failure of the chain",
        check=_ended_without_next_step,
        why_cleared=_ended_cleared,
        default_severity=Severity.HIGH,
    ),
    GapRule(
        OUTSIDE_WISHES,
        "A running placement is outside the participant's stated wishes "
        "(placement-service's outside-wishes flag).",
        Responsibility.WORK_PRACTICE,
        source="report 000: people placed 'where there is room' feel placed",
        check=_outside_wishes,
        why_cleared=_outside_wishes_cleared,
        default_severity=Severity.LOW,
    ),
    GapRule(
        SINGLE_WITHOUT_NETWORK,
        "A single participant has no volunteer match and has attended no activity "
        "N months after settlement.",
        Responsibility.SOCIAL_NETWORK,
        3,
        "months",
        "report 000: single people stay lonely and move away",
        check=_lonely,
        why_cleared=_lonely_cleared,
    ),
    GapRule(
        NO_NAV_INVOLVEMENT,
        "NAV is not involved N months into the programme (no NAV measure, no meeting "
        "with NAV present, no transition dialogue).",
        Responsibility.NAV_MEASURES,
        6,
        "months",
        "report 002: NAV from the first plan talk (Nordre Land)",
        check=_no_nav,
        why_cleared=_nav_cleared,
    ),
    GapRule(
        ACTION_PAST_DUE,
        "An action decided for the participant is still open N days after its due date "
        "(N: days of grace, 0 by default); routed to the unit that owns the action.",
        Responsibility.PLAN,  # the action's own responsibility when it names one
        0,
        "days",
        "report 000/004: decisions in meetings are not followed up, nobody owns the next "
        "step (docs/decisions/0003)",
        check=_past_due,
        why_cleared=_past_due_cleared,
    ),
    GapRule(
        WEEK_BELOW_FULL_TIME,
        "The latest week of the participant's timetable checked is below full time "
        "(37.5 hours, or 30 with heavy self-study; closures nobody covers count off); "
        "routed to the programme owner.",
        Responsibility.PLAN,
        source="report 002 F17: the programme runs all year and full time; docs/timetable.md",
        check=_week_below_full_time,
        why_cleared=_week_cleared,
        to_programme_owner=True,
    ),
    GapRule(
        HAND_OVER_NOT_ACKNOWLEDGED,
        "A hand-over to a receiving unit (NAV, county school, employer) is not "
        "acknowledged N days after it was made; routed to the programme owner.",
        Responsibility.TRANSITION,
        14,
        "days",
        "report 004 §1.2, §6 item 3: at the end of the programme nobody owns the participant",
        check=_hand_over_not_acknowledged,
        why_cleared=_hand_over_cleared,
        default_severity=Severity.HIGH,
        to_programme_owner=True,
    ),
    GapRule(
        INVALID_ABSENCE,
        "Invalid absence (an absence code that reduces the introduction benefit) is more "
        "than N % of the minutes recorded in the ledger over the last four weeks while the "
        "programme runs; routed to the programme owner.",
        Responsibility.PLAN,
        10,
        "percent",
        "report 002 §6.2.3, F7: absence recorded differently and attendance-duty "
        "disagreements for years; integreringsloven § 21 (docs/benefit.md)",
        check=_invalid_absence_above_share,
        why_cleared=_invalid_absence_cleared,
        to_programme_owner=True,
    ),
    GapRule(
        NO_STATUS_AT_ONE_YEAR,
        "No status one year after the exit (SSB's measure, `one_year_after`) N days after "
        "the end of November the year after the exit (SSB's reference month); routed to "
        "the owner of the follow-up.",
        Responsibility.FOLLOW_UP,
        60,
        "days",
        "report 004 §5.2: the outcome one year after is the national measure (70 % target)",
        check=_no_status_at_one_year,
        why_cleared=_status_recorded,
    ),
    GapRule(
        UNOWNED_RESPONSIBILITY,
        "A responsibility of the chain is owned by no unit in the organisation model.",
        Responsibility.PLAN,  # routed to the programme owner
        source="report 000: nobody was responsible for the whole",
        scope=Scope.ORGANISATION,
    ),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}


# -- evaluating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DesiredAlert:
    """An alert that should be open now."""

    key: str
    rule_id: str
    municipality: str
    participant_id: object | None
    ref: str
    responsibility: Responsibility
    unit_id: str | None
    since: date | None
    severity: Severity = Severity.MEDIUM


def participant_key(rule_id: str, participant_id: object, ref: str) -> str:
    return f"{rule_id}:{participant_id}:{ref}"


def organisation_key(municipality: str, responsibility: Responsibility) -> str:
    return f"{UNOWNED_RESPONSIBILITY}:{municipality}:{responsibility.value}"


def evaluate_participant(
    state: ChainState, model: OrganisationModel | None, today: date
) -> list[DesiredAlert]:
    """Every participant rule over one chain: the alerts that should be open."""
    if state.municipality is None or state.moved_away(today):
        return []  # a participant who moved away is the new municipality's
    desired = []
    for rule in RULES:
        if rule.check is None:
            continue
        for finding in rule.check(state, today, rule.threshold(model)):
            routed = finding.unit_id
            if routed is None and model is not None:
                routed = (
                    model.programme_owner
                    if rule.to_programme_owner
                    else model.route(finding.responsibility)
                )
            desired.append(
                DesiredAlert(
                    key=participant_key(rule.id, state.participant_id, finding.ref),
                    rule_id=rule.id,
                    municipality=state.municipality,
                    participant_id=state.participant_id,
                    ref=finding.ref,
                    responsibility=finding.responsibility,
                    unit_id=routed,
                    since=finding.since,
                    severity=rule.severity(model),
                )
            )
    return desired


def evaluate_organisation(municipality: str, model: OrganisationModel | None) -> list[DesiredAlert]:
    """The organisation rule: one alert per responsibility nobody owns."""
    if model is None:
        return []
    return [
        DesiredAlert(
            key=organisation_key(municipality, responsibility),
            rule_id=UNOWNED_RESPONSIBILITY,
            municipality=municipality,
            participant_id=None,
            ref=responsibility.value,
            responsibility=responsibility,
            unit_id=model.programme_owner,
            since=None,
            severity=RULES_BY_ID[UNOWNED_RESPONSIBILITY].severity(model),
        )
        for responsibility in model.unowned()
    ]


def why_cleared(rule_id: str, state: ChainState | None, ref: str) -> str:
    """The reason code a closing alert records."""
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        return "rule_removed"
    if rule.scope is Scope.ORGANISATION:
        return "responsibility_owned"
    if state is None or rule.why_cleared is None:
        return "condition_cleared"
    if state.moved_on is not None:
        return "moved_away"
    return rule.why_cleared(state, ref)


@dataclass(frozen=True)
class Diff:
    to_open: list[DesiredAlert]
    to_close: list[tuple[str, str]]  # (key, reason)


def diff(
    desired: Iterable[DesiredAlert],
    open_keys: Iterable[tuple[str, str, str, object | None]],
    states: dict[object, ChainState],
) -> Diff:
    """What to open and what to close, given the keys of the alerts open now as
    ``(key, rule_id, ref, participant_id)``."""
    wanted = {d.key: d for d in desired}
    open_now = {key: (rule_id, ref, participant) for key, rule_id, ref, participant in open_keys}
    to_open = [d for key, d in sorted(wanted.items()) if key not in open_now]
    to_close = [
        (key, why_cleared(rule_id, states.get(participant), ref))
        for key, (rule_id, ref, participant) in sorted(open_now.items())
        if key not in wanted
    ]
    return Diff(to_open, to_close)
