"""The codes volunteer-service's aggregates and events share, and the small rules every
aggregate keeps alike (optimistic concurrency, partial updates).

Plain Python. ``events.py`` imports only this module, so an event names its codes
without importing an aggregate.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum, StrEnum
from typing import Final, Literal, TypeVar

from helhet_common.domain_errors import Invalid, StaleVersion


class OrganisationKind(StrEnum):
    VOLUNTEER_CENTRE = "volunteer_centre"  # frivillighetssentral
    RED_CROSS = "red_cross"
    SPORTS_CLUB = "sports_club"
    CULTURE = "culture"
    FAITH = "faith"
    IMMIGRANT_ORGANISATION = "immigrant_organisation"
    HUMANITARIAN = "humanitarian"
    MUNICIPAL = "municipal"
    OTHER = "other"


class VolunteerKind(StrEnum):
    VOLUNTEER = "volunteer"
    BRIDGE_BUILDER = "bridge_builder"  # former participants and other bilingual residents


class Engagement(StrEnum):
    """How a bridge-builder is engaged: the research recommends (part-time) paid posts."""

    PAID = "paid"
    PRACTICE = "practice"  # as language or work practice within their own programme
    VOLUNTARY = "voluntary"


class TargetGroup(StrEnum):
    SINGLES = "singles"
    YOUTH = "youth"  # 13-25
    WOMEN = "women"
    FAMILIES = "families"
    EVERYONE = "everyone"


class ActivityKind(StrEnum):
    MEETING_PLACE = "meeting_place"  # café, open house
    LANGUAGE_CAFE = "language_cafe"
    SPORT = "sport"
    OUTDOOR = "outdoor"
    CULTURE = "culture"
    HOMEWORK_HELP = "homework_help"
    COURSE = "course"
    OTHER = "other"


class Recurrence(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class ActivityStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class CancellationReason(StrEnum):
    NO_LONGER_OFFERED = "no_longer_offered"
    TOO_FEW_PARTICIPANTS = "too_few_participants"
    NO_VENUE = "no_venue"
    NO_VOLUNTEERS = "no_volunteers"
    OTHER = "other"


class DeactivationReason(StrEnum):
    """Why a volunteer stopped: codes only, never free text."""

    STOPPED = "stopped"  # no longer volunteers
    MOVED = "moved"
    NOT_SUITABLE = "not_suitable"
    OTHER = "other"
    ERASURE_REQUESTED = "erasure_requested"  # set by an erasure, not chosen by the caller


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ENDED = "ended"


class Party(StrEnum):
    PARTICIPANT = "participant"
    VOLUNTEER = "volunteer"


class EndReason(StrEnum):
    COMPLETED = "completed"
    PARTICIPANT_DECLINED = "participant_declined"
    VOLUNTEER_DECLINED = "volunteer_declined"
    PARTICIPANT_MOVED = "participant_moved"
    VOLUNTEER_UNAVAILABLE = "volunteer_unavailable"
    NOT_A_GOOD_FIT = "not_a_good_fit"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    OTHER = "other"
    CONSENT_EXPIRED = "consent_expired"  # set when plan-service announces the lapse
    VOLUNTEER_LEFT = "volunteer_left"  # set when the volunteer is deactivated or erased
    PROGRAMME_ENDED = "programme_ended"  # set when the participant's programme ends


class Role(StrEnum):
    GUIDE = "guide"  # flyktningguide: knows the local area
    MENTOR = "mentor"
    HOST_FAMILY = "host_family"  # vertsfamilie (housing follow-up)
    FRIEND_FAMILY = "friend_family"  # family and family
    HOMEWORK_HELP = "homework_help"
    LANGUAGE_PRACTICE = "language_practice"  # Norwegian practice with a volunteer
    TRANSPORT = "transport"
    BRIDGE_BUILDER = "bridge_builder"  # brobygger: translates both ways, a role model
    LANGUAGE_SUPPORT = "language_support"  # språkstøtte: bilingual support in teaching


class Setting(StrEnum):
    """Where a match's work happens."""

    EVERYDAY = "everyday"
    LEISURE = "leisure"
    HOME = "home"
    TEACHING = "teaching"
    PUBLIC_SERVICES = "public_services"  # e.g. escorting to the bank or the school
    MAPPING_TALK = "mapping_talk"  # kartleggingssamtale
    HEALTH_CHECK = "health_check"


class Vulnerable(StrEnum):
    """The only grounds on which a police certificate may be required."""

    MINORS = "minors"
    DEVELOPMENTAL_DISABILITIES = "developmental_disabilities"


class _Keep(Enum):
    KEEP = "keep"


# "Leave this as it is" in a partial update (``None`` can be a value: "remove it").
KEEP: Final = _Keep.KEEP
Keep = Literal[_Keep.KEEP]

T = TypeVar("T")


def unique(values: Iterable[T]) -> tuple[T, ...]:
    """The values in their first order, each once."""
    return tuple(dict.fromkeys(values))


def check_version(what: str, current: int, expected: int) -> None:
    """Optimistic concurrency: a change is based on the version the caller has seen."""
    if expected != current:
        raise stale_version(what, current=current)


def stale_version(what: str, *, current: int | None) -> StaleVersion:
    """The change lost to another one (409 ``stale-version``, with ``current_version``)."""
    return StaleVersion(
        f"The {what} was changed by someone else in the meantime: fetch it and try again.",
        current=current,
    )


def check_something_changed(*values: object) -> None:
    """A partial update names at least one field."""
    if all(v is KEEP for v in values):
        raise Invalid("Name at least one field to change.", code="no-changes")
