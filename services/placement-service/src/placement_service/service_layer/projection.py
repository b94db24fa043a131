"""The participant-profile and consent projection, fed by plan-service's events.

Two folds on the generic batch fold (``helhet_common.projection``): each batch is
applied in a handful of statements whatever its size, the events folded over the rows
with the pure functions of ``domain/profiles.py``. Order between topics does not
matter: plan and mapping keep their highest version, a withdrawal seen before its grant
stays in force. After the folds, a withdrawal or expiry ends the participant's running placements
that no consent covers any more (``handlers.end_uncovered_placements``), and a move, an
exit and an erasure have their handlers too: each event one command, through the
service's own unit of work inside the consumer's transaction
(``helhet_common.projection_steps``): the same repositories and outbox as the API, the
service's configured source, the event as the cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common import erasure
from helhet_common.access.projection import sharing_basis_fold
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.consent.projection import ConsentEnding, consent_endings
from helhet_common.consent.projection import consent_fold as consent_fold_into
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, apply_folds, dataclass_row
from helhet_common.projection_steps import Step, of, run_steps, uncovered_by
from placement_service.adapters import tables
from placement_service.adapters.repository import profile_from_row
from placement_service.contracts import consumed
from placement_service.domain import profiles
from placement_service.domain.codes import EndReason
from placement_service.domain.profiles import Profile
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


_uncovered = uncovered_by(
    commands.EndUncoveredPlacements,
    withdrawn=EndReason.CONSENT_WITHDRAWN,
    expired=EndReason.CONSENT_EXPIRED,
)


def _moved(event: consumed.ParticipantMoved) -> commands.EndPlacementsOfMoved:
    return commands.EndPlacementsOfMoved(
        participant_id=event.participant_id, moved_on=event.moved_on
    )


def _exited(event: consumed.ProgrammeEnded) -> commands.EndPlacementsOfExited:
    return commands.EndPlacementsOfExited(
        participant_id=event.participant_id, ended_on=event.end_date
    )


def _erased(event: consumed.ParticipantErased) -> commands.EraseParticipant:
    return commands.EraseParticipant(
        participant_id=event.participant_id, erased_on=event.erased_on, reason=event.reason
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

        def uow() -> PlacementUnitOfWork:
            return PlacementUnitOfWork(None, source=settings.source, clock=clock)

        # Each withdrawal or expiry (in order) ends the placements no consent covers any
        # more, judged by the consents as they stood after it; then the moves and exits
        # as configured; last the erasures, so an event of the participant in the same
        # batch is erased with the rest.
        steps: list[Step[Any, Any, PlacementUnitOfWork]] = [
            Step(ConsentEnding, _uncovered, handlers.end_uncovered_placements)
        ]
        if settings.end_placements_on_move:
            steps.append(
                Step(consumed.ParticipantMoved, of(_moved), handlers.end_placements_of_moved)
            )
        if settings.on_exit == "end":
            steps.append(
                Step(consumed.ProgrammeEnded, of(_exited), handlers.end_placements_of_exited)
            )
        steps.append(Step(consumed.ParticipantErased, of(_erased), handlers.erase_participant))
        endings = [(e, e.envelope) for e in consent_endings(folded_items, consents, consent_fold)]
        await run_steps(session, [*endings, *items], steps, unit_of_work=uow)

    return Projection(
        name="participant-profiles",
        registry=consumed.registry,
        apply_many=apply_many,
        tables=tables.READ_MODEL_TABLES,
    )
