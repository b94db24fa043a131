"""Reads that combine several tables: suggestions for a participant, and singles without
a network for the volunteer coordinator. No commits here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from volunteer_service.domain import consent, suggestions
from volunteer_service.domain.activities import Activity
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.volunteers import Volunteer
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork

# A single who attended nothing in this many days counts as having no activity.
ACTIVITY_WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class VolunteerSuggestion:
    suggestion: suggestions.Suggestion
    volunteer: Volunteer
    consent_in_force: bool


@dataclass(frozen=True)
class ActivitySuggestion:
    suggestion: suggestions.Suggestion
    activity: Activity


@dataclass(frozen=True)
class SuggestionList:
    profile: ParticipantProfile
    volunteers: list[VolunteerSuggestion]
    activities: list[ActivitySuggestion]


async def suggestions_for(
    uow: VolunteerUnitOfWork, participant_id: UUID, municipality: str, *, today: date, limit: int
) -> SuggestionList:
    profile = await uow.participants.get(participant_id, municipality=municipality)
    volunteers = await uow.volunteers.list_in(municipality, active_only=True)
    open_counts = await uow.matches.open_counts(municipality)
    matched = {m.volunteer_id for m in await uow.matches.open_of_participant(participant_id)}
    unavailable = matched | {v.id for v in volunteers if open_counts.get(v.id, 0) >= v.max_matches}
    by_id = {v.id: v for v in volunteers}
    consents = await uow.participants.consents(participant_id)
    ranked_volunteers = suggestions.suggest_volunteers(
        profile, volunteers, unavailable=unavailable, limit=limit
    )
    activities = await uow.activities.list_in(municipality, published_only=True)
    activity_by_id = {a.id: a for a in activities}
    ranked_activities = suggestions.suggest_activities(
        profile, activities, today=today, limit=limit
    )
    return SuggestionList(
        profile=profile,
        volunteers=[
            VolunteerSuggestion(
                s,
                by_id[s.id],
                consent.in_force_for(
                    consents,
                    volunteer_id=s.id,
                    organisation_id=by_id[s.id].organisation_id,
                    day=today,
                ),
            )
            for s in ranked_volunteers
        ],
        activities=[ActivitySuggestion(s, activity_by_id[s.id]) for s in ranked_activities],
    )


async def without_network(
    uow: VolunteerUnitOfWork,
    municipality: str,
    *,
    today: date,
    limit: int,
    offset: int,
    only: Sequence[UUID] | None = None,
) -> tuple[int, list[ParticipantProfile]]:
    """``only``: among these participants alone (None: everyone in the municipality)."""
    since = today - ACTIVITY_WINDOW
    total = await uow.participants.count_without_network(municipality, since=since, only=only)
    items = await uow.participants.list_without_network(
        municipality, since=since, limit=limit, offset=offset, only=only
    )
    return total, items
