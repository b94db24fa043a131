"""The participant-profile and consent projection, fed by plan-service's events.

Two folds on the generic batch fold (``helhet_common.projection``): each batch is
applied in a handful of statements whatever its size, the events folded over the rows
with the pure functions of ``domain/profiles.py``. Order between topics does not
matter: plan and mapping keep their highest version, a withdrawal seen before its grant
stays in force. After the folds, a withdrawal ends the participant's running placements
that no consent covers any more (``end_uncovered_placements``), through the service's own
unit of work inside the consumer's transaction: the same repositories and outbox as the
API, the service's configured source, the withdrawal as the cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.consent.projection import consent_fold as consent_fold_into
from helhet_common.consent.projection import ended_on as consent_ended_on
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, Folded, dataclass_row, fold_projection
from placement_service.adapters import tables
from placement_service.adapters.repository import profile_from_row
from placement_service.contracts import consumed
from placement_service.domain import profiles
from placement_service.domain.codes import EndReason
from placement_service.domain.profiles import Consent, Profile
from placement_service.service_layer import commands, handlers
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork
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


async def end_uncovered_placements(
    session: AsyncSession,
    items: Sequence[Applied],
    consents: Folded[Consent],
    *,
    source: str,
    clock: Clock,
) -> None:
    """Each withdrawal or expiry, in order, ends the running placements no consent covers any more,
    judged by the participant's consents as they stood after that event (the batch's
    consents replayed from where the batch found them), as if the events came one by
    one. The ends are published through the service's unit of work and outbox, with the
    withdrawal as their cause."""
    as_of: dict[UUID, Consent] = dict(consents.before)
    for event, envelope in items:
        if not consent_fold.handles(event):
            continue
        key = consent_fold.key_of(event)
        as_of[key] = consent_fold.transition(as_of[key], event, envelope)
        ended = consent_ended_on(event)
        if ended is None:
            continue
        participant_id = as_of[key].participant_id
        uow = PlacementUnitOfWork(None, source=source, clock=clock)
        async with uow.within(session, cause=envelope):
            stored = await uow.participants.consents(participant_id)
            command = commands.EndUncoveredPlacements(
                participant_id=participant_id,
                withdrawn_on=ended,
                reason=(
                    EndReason.CONSENT_EXPIRED
                    if isinstance(event, consumed.ConsentExpired)
                    else EndReason.CONSENT_WITHDRAWN
                ),
                consents=tuple(as_of.get(c.consent_id, c) for c in stored),
            )
            await handlers.end_uncovered_placements(command, uow)


def make_projection(settings: PlacementSettings, *, clock: Clock = SYSTEM_CLOCK) -> Projection:
    """The consumer's projection: the folds, then the after step, which ends what a
    withdrawn consent no longer covers and publishes with ``settings.source``."""

    async def after(
        session: AsyncSession, items: Sequence[Applied], folded: Sequence[Folded[Any]]
    ) -> None:
        _, consents = folded  # as the folds: the profiles, the consents
        await end_uncovered_placements(
            session, items, consents, source=settings.source, clock=clock
        )

    return fold_projection(
        name="participant-profiles",
        registry=consumed.registry,
        folds=[profile_fold, consent_fold],
        tables=tables.READ_MODEL_TABLES,
        after=after,
        clock=clock,
    )
