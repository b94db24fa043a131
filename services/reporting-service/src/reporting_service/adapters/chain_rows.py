"""A ``ChainState`` to and from its ``participant_chain`` row (JSON for the many-valued
parts: placements, matches, consents, test levels, reviews, meetings, actions, leave)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.consent.model import Consent
from reporting_service.adapters import follow_up_rows, year_rows
from reporting_service.domain.chain import (
    ActionLink,
    ChainState,
    KindChange,
    Leave,
    MatchLink,
    Meeting,
    NavMeasure,
    Outcome,
    PlacementLink,
    PlanReview,
)

SCALARS = [
    "municipality",
    "household_type",
    "settlement_date",
    "programme_regime",
    "programme_start",
    "programme_expected_end",
    "programme_extension_number",
    "programme_extended_to",
    "programme_end_date",
    "programme_completion",
    "programme_end_reason",
    "mapping_version",
    "mapping_recorded_on",
    "plan_version",
    "plan_end_goal",
    "plan_norwegian_goal",
    "plan_updated_at",
    "plan_first_at",
    "last_test_on",
    "social_studies_passed",
    "sessions_attended",
    "first_attended_on",
    "last_attended_on",
    "moved_on",
    "moved_from",
    "moved_to",
]
COLUMNS = [
    *SCALARS,
    "norwegian_levels",
    "outcome_at_exit",
    "outcome_at_exit_on",
    "outcome_one_year_after",
    "outcome_one_year_after_on",
    "consents",
    "placements",
    "matches",
    "reviews",
    "meetings",
    "actions",
    "leaves",
    "stage",
    "next_step",
    *year_rows.COLUMNS,
    *follow_up_rows.COLUMNS,
]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _placement_json(p: PlacementLink) -> dict[str, Any]:
    return {
        "placement_id": p.placement_id,
        "started_kind": p.started_kind,
        "ended_kind": p.ended_kind,
        "sector": p.sector,
        "start_date": _iso(p.start_date),
        "planned_end": _iso(p.planned_end),
        "flags": list(p.flags),
        "kind_changes": [[_iso(c.effective_date), c.from_kind, c.to_kind] for c in p.kind_changes],
        "ended_on": _iso(p.ended_on),
        "end_reason": p.end_reason,
        "next_step": p.next_step,
        "hired_on": _iso(p.hired_on),
        "nav_measures": [
            [m.measure_type, m.role, _iso(m.period_from), _iso(m.period_to)] for m in p.nav_measures
        ],
        "created_by_municipality": p.created_by_municipality,
    }


def _placement(d: Mapping[str, Any]) -> PlacementLink:
    return PlacementLink(
        placement_id=d["placement_id"],
        started_kind=d.get("started_kind"),
        ended_kind=d.get("ended_kind"),
        sector=d.get("sector"),
        start_date=_day(d.get("start_date")),
        planned_end=_day(d.get("planned_end")),
        flags=tuple(d.get("flags", ())),
        kind_changes=tuple(
            KindChange(date.fromisoformat(c[0]), c[1], c[2]) for c in d.get("kind_changes", ())
        ),
        ended_on=_day(d.get("ended_on")),
        end_reason=d.get("end_reason"),
        next_step=d.get("next_step"),
        hired_on=_day(d.get("hired_on")),
        nav_measures=tuple(
            NavMeasure(m[0], m[1], date.fromisoformat(m[2]), date.fromisoformat(m[3]))
            for m in d.get("nav_measures", ())
        ),
        created_by_municipality=d.get("created_by_municipality"),
    )


def _review_json(r: PlanReview) -> dict[str, Any]:
    return {
        "review_id": r.review_id,
        "reviewed_on": _iso(r.reviewed_on),
        "plan_version": r.plan_version,
        "nav_present": r.nav_present,
        "participant_acknowledged": r.participant_acknowledged,
        "disagreement_recorded": r.disagreement_recorded,
        "next_review_due": _iso(r.next_review_due),
    }


def _review(d: Mapping[str, Any]) -> PlanReview:
    return PlanReview(
        review_id=d["review_id"],
        reviewed_on=date.fromisoformat(d["reviewed_on"]),
        plan_version=d["plan_version"],
        nav_present=d.get("nav_present", False),
        participant_acknowledged=d.get("participant_acknowledged"),
        disagreement_recorded=d.get("disagreement_recorded"),
        next_review_due=_day(d.get("next_review_due")),
    )


def _meeting_json(m: Meeting) -> dict[str, Any]:
    return {
        "meeting_id": m.meeting_id,
        "kind": m.kind,
        "held_on": _iso(m.held_on),
        "nav_present": m.nav_present,
    }


def _meeting(d: Mapping[str, Any]) -> Meeting:
    return Meeting(
        meeting_id=d["meeting_id"],
        kind=d["kind"],
        held_on=date.fromisoformat(d["held_on"]),
        nav_present=d.get("nav_present", False),
    )


def _action_json(a: ActionLink) -> dict[str, Any]:
    return {
        "action_id": a.action_id,
        "meeting_id": a.meeting_id,
        "owner_agency": a.owner_agency,
        "owner_unit": a.owner_unit,
        "responsibility": a.responsibility,
        "due_date": _iso(a.due_date),
        "created_on": _iso(a.created_on),
        "completed_on": _iso(a.completed_on),
        "outcome": a.outcome,
    }


def _action(d: Mapping[str, Any]) -> ActionLink:
    return ActionLink(
        action_id=d["action_id"],
        meeting_id=d.get("meeting_id"),
        owner_agency=d.get("owner_agency"),
        owner_unit=d.get("owner_unit"),
        responsibility=d.get("responsibility"),
        due_date=_day(d.get("due_date")),
        created_on=_day(d.get("created_on")),
        completed_on=_day(d.get("completed_on")),
        outcome=d.get("outcome"),
    )


def _leave_json(leave: Leave) -> dict[str, Any]:
    return {
        "leave_id": leave.leave_id,
        "from_date": _iso(leave.from_date),
        "to_date": _iso(leave.to_date),
    }


def _leave(d: Mapping[str, Any]) -> Leave:
    return Leave(
        leave_id=d["leave_id"],
        from_date=date.fromisoformat(d["from_date"]),
        to_date=date.fromisoformat(d["to_date"]),
    )


def _consent_json(c: Consent) -> dict[str, Any]:
    return {
        "consent_id": str(c.consent_id),
        "recipient_kind": c.recipient_kind,
        "recipient_id": c.recipient_id,
        "purpose": c.purpose,
        "granted_on": _iso(c.granted_on),
        "expires_on": _iso(c.expires_on),
        "withdrawn_on": _iso(c.withdrawn_on),
    }


def _consent(d: Mapping[str, Any], participant_id: UUID) -> Consent:
    return Consent(
        consent_id=UUID(d["consent_id"]),
        participant_id=participant_id,
        recipient_kind=d.get("recipient_kind"),
        recipient_id=d.get("recipient_id"),
        purpose=d.get("purpose"),
        granted_on=_day(d.get("granted_on")),
        expires_on=_day(d.get("expires_on")),
        withdrawn_on=_day(d.get("withdrawn_on")),
    )


def to_row(state: ChainState) -> dict[str, Any]:
    exit_, year = state.outcome_at_exit, state.outcome_one_year_after
    next_step = state.next_step
    return {
        **{c: getattr(state, c) for c in SCALARS},
        "norwegian_levels": dict(state.norwegian_levels),
        "outcome_at_exit": exit_.status if exit_ else None,
        "outcome_at_exit_on": exit_.status_on if exit_ else None,
        "outcome_one_year_after": year.status if year else None,
        "outcome_one_year_after_on": year.status_on if year else None,
        "consents": [_consent_json(c) for c in state.consents],
        "placements": [_placement_json(p) for p in state.placements],
        "matches": [
            {
                "match_id": m.match_id,
                "role": m.role,
                "started_on": _iso(m.started_on),
                "ended_on": _iso(m.ended_on),
                "was_started": m.was_started,
            }
            for m in state.matches
        ],
        "reviews": [_review_json(r) for r in state.reviews],
        "meetings": [_meeting_json(m) for m in state.meetings],
        "actions": [_action_json(a) for a in state.actions],
        "leaves": [_leave_json(x) for x in state.leaves],
        "stage": state.stage.value,
        "next_step": next_step.value if next_step else None,
        **year_rows.to_row(state),
        **follow_up_rows.to_row(state),
    }


def from_row(row: Mapping[str, Any]) -> ChainState:
    participant_id: UUID = row["participant_id"]
    exit_on, year_on = row["outcome_at_exit_on"], row["outcome_one_year_after_on"]
    return ChainState(
        participant_id=participant_id,
        **{c: row[c] for c in SCALARS},
        norwegian_levels=tuple(sorted((row["norwegian_levels"] or {}).items())),
        outcome_at_exit=Outcome(row["outcome_at_exit"], exit_on) if exit_on else None,
        outcome_one_year_after=Outcome(row["outcome_one_year_after"], year_on) if year_on else None,
        consents=tuple(_consent(c, participant_id) for c in row["consents"] or ()),
        placements=tuple(_placement(p) for p in row["placements"] or ()),
        matches=tuple(
            MatchLink(
                match_id=m["match_id"],
                role=m.get("role"),
                started_on=_day(m.get("started_on")),
                ended_on=_day(m.get("ended_on")),
                was_started=m.get("was_started"),
            )
            for m in row["matches"] or ()
        ),
        reviews=tuple(_review(r) for r in row.get("reviews") or ()),
        meetings=tuple(_meeting(m) for m in row.get("meetings") or ()),
        actions=tuple(_action(a) for a in row.get("actions") or ()),
        leaves=tuple(_leave(x) for x in row.get("leaves") or ()),
        **year_rows.from_row(row),
        **follow_up_rows.from_row(row),
    )
