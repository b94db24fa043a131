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

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.access.projection import sharing_basis_fold
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.consent.projection import consent_endings
from helhet_common.consent.projection import consent_fold as consent_fold_into
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
    consumed.ParticipantMoved,
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
        case consumed.ParticipantMoved():
            return profiles.moved(state, moved_on=event.moved_on)
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
basis_fold = sharing_basis_fold(tables.sharing_bases)


async def end_uncovered_placements(
    session: AsyncSession,
    items: Sequence[Applied],
    consents: Folded[Consent],
    *,
    source: str,
    clock: Clock,
) -> None:
    """Each withdrawal or expiry, in order, ends the running placements no consent covers
    any more, judged by the participant's consents as they stood after that event
    (``consent_endings``). The ends are published through the service's unit of work and
    outbox, with the withdrawal or expiry as their cause."""
    for ending in consent_endings(items, consents, consent_fold):
        uow = PlacementUnitOfWork(None, source=source, clock=clock)
        async with uow.within(session, cause=ending.envelope):
            stored = await uow.participants.consents(ending.participant_id)
            command = commands.EndUncoveredPlacements(
                participant_id=ending.participant_id,
                withdrawn_on=ending.on,
                reason=EndReason.CONSENT_EXPIRED if ending.expired else EndReason.CONSENT_WITHDRAWN,
                consents=ending.consents(stored),
            )
            await handlers.end_uncovered_placements(command, uow)


async def end_placements_of_moved(
    session: AsyncSession, items: Sequence[Applied], *, source: str, clock: Clock
) -> None:
    """Each move, in order, ends the participant's running placements, published through
    the service's unit of work and outbox with the move as their cause."""
    for event, envelope in items:
        if not isinstance(event, consumed.ParticipantMoved):
            continue
        uow = PlacementUnitOfWork(None, source=source, clock=clock)
        async with uow.within(session, cause=envelope):
            await handlers.end_placements_of_moved(
                commands.EndPlacementsOfMoved(
                    participant_id=event.participant_id, moved_on=event.moved_on
                ),
                uow,
            )


def make_projection(settings: PlacementSettings, *, clock: Clock = SYSTEM_CLOCK) -> Projection:
    """The consumer's projection: the folds, then the after step, which ends what a
    withdrawn or lapsed consent no longer covers and (``end_placements_on_move``) the
    placements of a participant who moved away, publishing with ``settings.source``."""

    async def after(
        session: AsyncSession, items: Sequence[Applied], folded: Sequence[Folded[Any]]
    ) -> None:
        _, consents, _ = folded  # as the folds: the profiles, the consents, the bases
        await end_uncovered_placements(
            session, items, consents, source=settings.source, clock=clock
        )
        if settings.end_placements_on_move:
            await end_placements_of_moved(session, items, source=settings.source, clock=clock)

    return fold_projection(
        name="participant-profiles",
        registry=consumed.registry,
        folds=[profile_fold, consent_fold, basis_fold],
        tables=tables.READ_MODEL_TABLES,
        after=after,
        clock=clock,
    )
