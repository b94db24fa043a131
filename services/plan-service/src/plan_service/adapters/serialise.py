"""Rows and JSON columns <-> the domain's values, shared by the repositories."""

from __future__ import annotations

from datetime import date
from typing import Any

from helhet_common.db.rows import from_row
from plan_service.domain.codes import ActivityKind, CefrLevel, EndGoal, ParticipantGroup, Section
from plan_service.domain.follow_up import Review
from plan_service.domain.plans import Activity, Contributor, Plan, SectionProposal


def activity_to_json(activity: Activity) -> dict[str, Any]:
    return {
        "kind": activity.kind.value,
        "provider_unit": activity.provider_unit,
        "hours_per_week": activity.hours_per_week,
        "from_date": activity.from_date.isoformat() if activity.from_date else None,
        "to_date": activity.to_date.isoformat() if activity.to_date else None,
        "counts_as_programme_hours": activity.counts_as_programme_hours,
    }


def activity_from_json(data: dict[str, Any]) -> Activity:
    return Activity(
        kind=ActivityKind(data["kind"]),
        provider_unit=data["provider_unit"],
        hours_per_week=float(data["hours_per_week"]),
        from_date=date.fromisoformat(data["from_date"]) if data.get("from_date") else None,
        to_date=date.fromisoformat(data["to_date"]) if data.get("to_date") else None,
        counts_as_programme_hours=bool(data.get("counts_as_programme_hours", True)),
    )


def contributors_to_json(plan: Plan) -> dict[str, list[dict[str, str]]]:
    return {
        section.value: [{"agency": c.agency, "sub": c.sub} for c in contributors]
        for section, contributors in plan.contributors.items()
    }


def contributors_from_json(data: dict[str, Any]) -> dict[Section, tuple[Contributor, ...]]:
    return {
        Section(section): tuple(Contributor(c["agency"], c["sub"]) for c in contributors)
        for section, contributors in (data or {}).items()
    }


def plan_from_row(row: Any, *, started_on: date | None = None) -> Plan:
    """A plan from a ``plans`` or a ``plan_versions`` row."""
    group = row.participant_group
    return Plan(
        version=row.version,
        end_goal=EndGoal(row.end_goal),
        norwegian_goal=CefrLevel(row.norwegian_goal),
        activities=tuple(activity_from_json(a) for a in row.activities),
        participant_group=ParticipantGroup(group) if group else None,
        heavy_self_study=bool(row.heavy_self_study),
        contributors=contributors_from_json(row.contributors),
        started_on=started_on,
    )


def proposal_to_json(proposal: SectionProposal) -> dict[str, Any]:
    return {
        "section": proposal.section.value,
        "end_goal": proposal.end_goal.value if proposal.end_goal else None,
        "participant_group": proposal.participant_group.value
        if proposal.participant_group
        else None,
        "norwegian_goal": proposal.norwegian_goal.value if proposal.norwegian_goal else None,
        "activities": [activity_to_json(a) for a in proposal.activities],
    }


def proposal_from_json(data: dict[str, Any]) -> SectionProposal:
    return SectionProposal(
        section=Section(data["section"]),
        end_goal=EndGoal(data["end_goal"]) if data.get("end_goal") else None,
        participant_group=ParticipantGroup(data["participant_group"])
        if data.get("participant_group")
        else None,
        norwegian_goal=CefrLevel(data["norwegian_goal"]) if data.get("norwegian_goal") else None,
        activities=tuple(activity_from_json(a) for a in data.get("activities") or ()),
    )


def review_from_row(row: Any) -> Review:
    return from_row(
        Review,
        row,
        agencies_present=tuple(row.agencies_present),
    )
