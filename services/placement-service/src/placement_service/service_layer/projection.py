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

from helhet_common import erasure
from helhet_common.access.projection import sharing_basis_fold
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.consent.projection import consent_endings
from helhet_common.consent.projection import consent_fold as consent_fold_into
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, Folded, apply_folds, dataclass_row
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
    consumed.ProgrammeEnded,
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
        case consumed.ProgrammeEnded():
            return profiles.programme_ended(
                state, municipality=envelope.municipality, ended_on=event.end_date
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


async def end_placements_of_exited(
    session: AsyncSession, items: Sequence[Applied], *, source: str, clock: Clock
) -> None:
    """Each exit (the programme ended), in order, ends the participant's running
    placements that no NAV measure carries past it, published through the service's unit
    of work and outbox with the exit as their cause."""
    for event, envelope in items:
        if not isinstance(event, consumed.ProgrammeEnded):
            continue
        uow = PlacementUnitOfWork(None, source=source, clock=clock)
        async with uow.within(session, cause=envelope):
            await handlers.end_placements_of_exited(
                commands.EndPlacementsOfExited(
                    participant_id=event.participant_id, ended_on=event.end_date
                ),
                uow,
            )


async def erase_participants(
    session: AsyncSession, items: Sequence[Applied], *, source: str, clock: Clock
) -> None:
    """Each erasure removes what the service holds about the participant, after the
    batch's other events are folded (so an event of theirs in the same batch is erased
    with the rest)."""
    for event, envelope in items:
        if not isinstance(event, consumed.ParticipantErased):
            continue
        uow = PlacementUnitOfWork(None, source=source, clock=clock)
        async with uow.within(session, cause=envelope):
            await handlers.erase_participant(
                commands.EraseParticipant(
                    participant_id=event.participant_id,
                    erased_on=event.erased_on,
                    reason=event.reason,
                ),
                uow,
            )


FOLDS = (profile_fold, consent_fold, basis_fold)


def make_projection(settings: PlacementSettings, *, clock: Clock = SYSTEM_CLOCK) -> Projection:
    """The consumer's projection. A batch loses the events of participants erased before
    it; the rest is folded (profiles, consents, bases), then what a withdrawn or lapsed
    consent no longer covers ends, and (``end_placements_on_move``, ``on_exit``) the
    placements of a participant who moved away or exited; last, the batch's erasures
    remove their participants. Publishes with ``settings.source``."""

    async def apply_many(session: AsyncSession, items: Sequence[Applied]) -> None:
        items = await erasure.without_erased(session, tables.erased_participants, items)
        folded_items = [i for i in items if not isinstance(i[0], consumed.ParticipantErased)]
        _, consents, _ = await apply_folds(session, FOLDS, folded_items, now=clock.now())
        source = settings.source
        await end_uncovered_placements(session, folded_items, consents, source=source, clock=clock)
        if settings.end_placements_on_move:
            await end_placements_of_moved(session, folded_items, source=source, clock=clock)
        if settings.on_exit == "end":
            await end_placements_of_exited(session, folded_items, source=source, clock=clock)
        await erase_participants(session, items, source=source, clock=clock)

    return Projection(
        name="participant-profiles",
        registry=consumed.registry,
        apply_many=apply_many,
        tables=tables.READ_MODEL_TABLES,
    )
