"""The participant-profile and consent projection, fed by plan-service's events.

Two folds on the generic batch fold (``helhet_common.projection``): each batch is
applied in a handful of statements whatever its size, the events folded over the rows
with the pure functions of ``domain/profiles.py``. Order between topics does not
matter: plan and mapping keep their highest version, a withdrawal seen before its grant
stays in force. It publishes nothing.
"""

from __future__ import annotations

from typing import Any

from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.consent.projection import consent_fold as consent_fold_into
from helhet_common.messaging.consumer import Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, dataclass_row, fold_projection
from placement_service.adapters import tables
from placement_service.adapters.repository import profile_from_row
from placement_service.contracts import consumed
from placement_service.domain import profiles
from placement_service.domain.profiles import Profile
from placement_service.settings import PlacementSettings

PROFILE_EVENTS = (
    consumed.ParticipantSettled,
    consumed.ProgrammeStarted,
    consumed.PlanUpdated,
    consumed.MappingRecorded,
)


def profile_transition(state: Profile, event: IntegrationEvent, envelope: CloudEvent) -> Profile:
    """What one plan-service event does to a participant's profile."""
    match event:
        case consumed.ParticipantSettled():
            return profiles.settled(
                state,
                municipality=event.municipality,
                settlement_date=event.settlement_date,
                household_type=event.household_type,
                languages=tuple(event.languages),
            )
        case consumed.ProgrammeStarted():
            return profiles.programme_started(
                state, municipality=envelope.municipality, expected_end=event.expected_end_date
            )
        case consumed.PlanUpdated():
            return profiles.plan_updated(
                state,
                municipality=envelope.municipality,
                version=event.plan_version,
                end_goal=event.end_goal,
            )
        case consumed.MappingRecorded():
            return profiles.mapping_recorded(
                state,
                municipality=envelope.municipality,
                version=event.mapping_version,
                education_level=event.education_level,
                work_experience_sectors=tuple(event.work_experience_sectors),
                wished_sectors=tuple(event.wished_sectors),
                interests=tuple(event.interests),
                norwegian_levels=dict(event.norwegian_levels),
                has_driving_licence=event.has_driving_licence,
                childcare_needs=event.childcare_needs,
            )
    raise TypeError(f"no profile transition for {type(event).__name__}")


def _blank_profile(_: IntegrationEvent) -> dict[str, Any]:
    return {
        "languages": [],
        "work_experience_sectors": [],
        "wished_sectors": [],
        "interests": [],
        "norwegian_levels": {},
    }


profile_fold: Fold[Profile] = Fold(
    table=tables.participant_profiles,
    key="participant_id",
    events=PROFILE_EVENTS,
    key_of=lambda event: event.participant_id,  # type: ignore[attr-defined]
    transition=profile_transition,
    from_row=profile_from_row,
    to_row=lambda state: dataclass_row(state, key="participant_id"),
    blank=_blank_profile,
)
consent_fold = consent_fold_into(tables.participant_consents)


def make_projection(settings: PlacementSettings, *, clock: Clock = SYSTEM_CLOCK) -> Projection:
    """The consumer's projection. It needs no setting of its own; it takes the service's
    settings like every projection does."""
    return fold_projection(
        name="participant-profiles",
        registry=consumed.registry,
        folds=[profile_fold, consent_fold],
        tables=tables.READ_MODEL_TABLES,
        clock=clock,
    )
