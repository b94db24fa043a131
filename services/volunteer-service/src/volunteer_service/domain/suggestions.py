"""Suggestions: the volunteers and activities that fit a participant, with the reasons.

A transparent points score, not a black box: every point comes with a reason the
coordinator sees. What the research says counts:

- shared languages (a bridge-builder who speaks the participant's language even more);
- shared interests (from the competence mapping);
- the role fits the household (singles are the lonely ones who move away: guides,
  mentors, friends; families: friend families, homework help);
- activities for the participant's target group, where locals take part (meeting
  Norwegians must be a goal), that the participant can afford (free, or fees supported).

Place: every volunteer and activity suggested is in the participant's municipality.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from volunteer_service.domain.activities import Activity
from volunteer_service.domain.codes import ActivityStatus, Role, TargetGroup
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.volunteers import Volunteer

# Norwegian (bokmål, nynorsk): everyone speaks it here, so it is no shared language.
NORWEGIAN = frozenset({"no", "nb", "nn"})

# Points.
SHARED_LANGUAGE = 3
BRIDGE_BUILDER_IN_LANGUAGE = 2
SHARED_INTEREST = 2
ROLE_FITS_HOUSEHOLD = 2
NORWEGIAN_PRACTICE = 1
TARGET_GROUP = 3
OPEN_TO_EVERYONE = 1
LOCALS_TAKE_PART = 2
LANGUAGE_SUPPORT = 1
AFFORDABLE = 1
# At most this many languages and interests count (one long list must not drown the rest).
MAX_COUNTED = 2

YOUTH_AGES = range(13, 26)
SINGLE_ROLES = frozenset({Role.GUIDE, Role.MENTOR, Role.LANGUAGE_PRACTICE, Role.HOST_FAMILY})
FAMILY_ROLES = frozenset({Role.FRIEND_FAMILY, Role.HOMEWORK_HELP, Role.GUIDE, Role.TRANSPORT})


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str
    points: int


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "volunteer" | "activity"
    id: UUID
    score: int
    reasons: tuple[Reason, ...]


def _score(kind: str, id_: UUID, reasons: list[Reason]) -> Suggestion | None:
    score = sum(r.points for r in reasons)
    return Suggestion(kind, id_, score, tuple(reasons)) if score > 0 else None


def _shared(mine: Iterable[str], theirs: Collection[str]) -> list[str]:
    return [x for x in mine if x in theirs]


def score_volunteer(profile: ParticipantProfile, volunteer: Volunteer) -> Suggestion | None:
    reasons: list[Reason] = []
    own_languages = [lang for lang in profile.languages if lang not in NORWEGIAN]
    shared = _shared(own_languages, volunteer.languages)[:MAX_COUNTED]
    for language in shared:
        reasons.append(Reason("shared_language", language, SHARED_LANGUAGE))
    if shared and volunteer.is_bridge_builder:
        reasons.append(Reason("bridge_builder_in_language", shared[0], BRIDGE_BUILDER_IN_LANGUAGE))
    for interest in _shared(profile.interests, volunteer.interests)[:MAX_COUNTED]:
        reasons.append(Reason("shared_interest", interest, SHARED_INTEREST))
    fitting = FAMILY_ROLES if profile.household_type == "family" else SINGLE_ROLES
    roles = [r.value for r in volunteer.roles if r in fitting]
    if roles and profile.household_type is not None:
        reasons.append(
            Reason(
                "role_fits_household",
                f"{profile.household_type}: {', '.join(roles)}",
                ROLE_FITS_HOUSEHOLD,
            )
        )
    if Role.LANGUAGE_PRACTICE in volunteer.roles and NORWEGIAN & set(volunteer.languages):
        reasons.append(Reason("norwegian_practice", "no", NORWEGIAN_PRACTICE))
    return _score("volunteer", volunteer.id, reasons)


def target_groups_of(profile: ParticipantProfile, today: date) -> set[TargetGroup]:
    groups = set()
    if profile.household_type == "single":
        groups.add(TargetGroup.SINGLES)
    if profile.household_type == "family":
        groups.add(TargetGroup.FAMILIES)
    age = profile.age_on(today)
    if age is not None and age in YOUTH_AGES:
        groups.add(TargetGroup.YOUTH)
    # Gender is not in the events volunteer-service reads, so "women" is never inferred.
    return groups


def score_activity(
    profile: ParticipantProfile, activity: Activity, today: date
) -> Suggestion | None:
    if activity.status is not ActivityStatus.PUBLISHED:  # drafts and cancelled ones
        return None
    last = activity.schedule.ends_on
    if last is not None and last < today:
        return None
    reasons: list[Reason] = []
    groups = [g for g in activity.target_groups if g in target_groups_of(profile, today)]
    if groups:
        reasons.append(Reason("target_group", ", ".join(g.value for g in groups), TARGET_GROUP))
    elif TargetGroup.EVERYONE in activity.target_groups:
        reasons.append(Reason("open_to_everyone", "everyone", OPEN_TO_EVERYONE))
    if activity.locals_take_part:
        reasons.append(Reason("locals_take_part", "meets local residents", LOCALS_TAKE_PART))
    for interest in _shared(profile.interests, activity.interests)[:MAX_COUNTED]:
        reasons.append(Reason("shared_interest", interest, SHARED_INTEREST))
    supported = _shared(profile.languages, activity.languages)[:1]
    if supported:
        reasons.append(Reason("language_support", supported[0], LANGUAGE_SUPPORT))
    if activity.cost_nok == 0:
        reasons.append(Reason("affordable", "free", AFFORDABLE))
    elif activity.fee_support_available:
        reasons.append(Reason("affordable", "support for fees available", AFFORDABLE))
    if not (groups or TargetGroup.EVERYONE in activity.target_groups):
        return None  # not for this participant's group at all
    return _score("activity", activity.id, reasons)


def _ranked(suggestions: Iterable[Suggestion | None], limit: int) -> list[Suggestion]:
    kept = [s for s in suggestions if s is not None]
    kept.sort(key=lambda s: (-s.score, str(s.id)))
    return kept[:limit]


def suggest_volunteers(
    profile: ParticipantProfile,
    volunteers: Iterable[Volunteer],
    *,
    unavailable: Collection[UUID] = (),
    limit: int = 5,
) -> list[Suggestion]:
    """Volunteers that fit; ``unavailable`` (already matched, at capacity) and deactivated
    volunteers are left out."""
    return _ranked(
        (score_volunteer(profile, v) for v in volunteers if v.active and v.id not in unavailable),
        limit,
    )


def suggest_activities(
    profile: ParticipantProfile, activities: Iterable[Activity], *, today: date, limit: int = 5
) -> list[Suggestion]:
    return _ranked((score_activity(profile, a, today) for a in activities), limit)


def without_network(profile: ParticipantProfile, *, has_match: bool, has_activity: bool) -> bool:
    """Singles with no activity and no match: listed for the volunteer coordinator."""
    return profile.is_single and not has_match and not has_activity
