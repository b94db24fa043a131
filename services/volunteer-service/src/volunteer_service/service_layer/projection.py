"""The participant-profile and consent projection of plan-service's events.

Folds on the generic batch fold (``helhet_common.projection``): each batch is applied in
a handful of statements whatever its size, the events folded over the rows with the pure
functions of ``domain/profiles.py`` and the shared consent rule. Events of one
participant arrive in any order across topics, and the result does not depend on it.

Two folds, then the ``after`` step:

- the profile (settlement, competence mapping) per participant;
- each consent (grant, withdrawal: a withdrawal seen before its grant stays);
- after: a consent event makes its participant known in the envelope's municipality
  too (the profile fold again, over the consent events), and a withdrawal ends the
  participant's open matches that no consent covers any more; a move, an exit and an
  erasure have their handlers too. Each event is one command for one handler, with the
  service's own unit of work inside the consumer's transaction
  (``helhet_common.projection_steps``): the same repositories and outbox as the API,
  the service's configured source, the event as the cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common import erasure
from helhet_common.access.projection import sharing_basis_fold
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.consent.projection import CONSENT_EVENTS, ConsentEnding, consent_endings
from helhet_common.consent.projection import consent_fold as consent_fold_into
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, apply_folds, dataclass_row, fold_batch
from helhet_common.projection_steps import Step, of, run_steps, uncovered_by
from volunteer_service.adapters import tables
from volunteer_service.adapters.repository import profile_from_row
from volunteer_service.contracts import consumed
from volunteer_service.domain import profiles
from volunteer_service.domain.codes import EndReason
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.service_layer import commands, handlers
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork
from volunteer_service.settings import VolunteerSettings

NAME = "participant-profiles"
PROFILE_EVENTS = (
    consumed.ParticipantSettled,
    consumed.MappingRecorded,
    consumed.ParticipantMoved,
    consumed.ProgrammeEnded,
)


def profile_transition(
    state: ParticipantProfile, event: IntegrationEvent, envelope: CloudEvent
) -> ParticipantProfile:
    """What one plan-service event does to what this service knows of a participant."""
    match event:
        case consumed.ParticipantSettled():
            return profiles.settled(
                state,
                municipality=event.municipality,
                household_type=event.household_type,
                birth_year=event.birth_year,
                settlement_date=event.settlement_date,
                languages=tuple(event.languages),
            )
        case consumed.ParticipantMoved():
            return profiles.moved(
                profiles.seen_in(state, envelope.municipality), moved_on=event.moved_on
            )
        case consumed.ProgrammeEnded():
            return profiles.programme_ended(
                profiles.seen_in(state, envelope.municipality), ended_on=event.end_date
            )
        case consumed.MappingRecorded():
            return profiles.mapping_recorded(
                profiles.seen_in(state, envelope.municipality),
                version=event.mapping_version,
                interests=tuple(event.interests),
            )
        case consumed.ConsentGranted() | consumed.ConsentWithdrawn() | consumed.ConsentExpired():
            return profiles.seen_in(state, envelope.municipality)
    raise TypeError(f"no profile transition for {type(event).__name__}")


def _blank_profile(_: IntegrationEvent) -> dict[str, Any]:
    return {"languages": [], "interests": [], "mapping_version": 0}


def _profile_fold(events: tuple[type[IntegrationEvent], ...]) -> Fold[ParticipantProfile]:
    return Fold(
        table=tables.participant_profiles,
        key="participant_id",
        events=events,
        key_of=lambda event: event.participant_id,  # type: ignore[attr-defined]
        transition=profile_transition,
        from_row=profile_from_row,
        to_row=lambda state: dataclass_row(state, key="participant_id"),
        blank=_blank_profile,
    )


profile_fold = _profile_fold(PROFILE_EVENTS)
# A consent event makes its participant known: the profile fold over the consent events
# (in the after step, as the consumer gives each event to one fold).
known_fold = _profile_fold(CONSENT_EVENTS)
consent_fold = consent_fold_into(tables.participant_consents)
basis_fold = sharing_basis_fold(tables.sharing_bases)
FOLDS = (profile_fold, consent_fold, basis_fold)


_uncovered = uncovered_by(
    commands.EndUncoveredMatches,
    withdrawn=EndReason.CONSENT_WITHDRAWN,
    expired=EndReason.CONSENT_EXPIRED,
)


def _moved(event: consumed.ParticipantMoved) -> commands.EndMatchesOfMoved:
    return commands.EndMatchesOfMoved(participant_id=event.participant_id, moved_on=event.moved_on)


def _exited(event: consumed.ProgrammeEnded) -> commands.EndMatchesOfExited:
    return commands.EndMatchesOfExited(participant_id=event.participant_id, ended_on=event.end_date)


def _erased(event: consumed.ParticipantErased) -> commands.EraseParticipant:
    return commands.EraseParticipant(
        participant_id=event.participant_id, erased_on=event.erased_on, reason=event.reason
    )


def make_projection(settings: VolunteerSettings, *, clock: Clock = SYSTEM_CLOCK) -> Projection:
    """The consumer's projection. A batch loses the events of participants erased before
    it; the rest is folded, then the after step (consent events make their participant
    known; what a withdrawn or lapsed consent no longer covers ends, and the matches of a
    participant who moved away or exited, as configured); last, the batch's erasures
    remove their participants. Publishes with ``settings.source``."""

    async def apply_many(session: AsyncSession, items: Sequence[Applied]) -> None:
        items = await erasure.without_erased(session, tables.erased_participants, items)
        folded_items = [i for i in items if not isinstance(i[0], consumed.ParticipantErased)]
        now = clock.now()
        _, consents, _ = await apply_folds(session, FOLDS, folded_items, now=now)
        known = [item for item in folded_items if known_fold.handles(item[0])]
        await fold_batch(session, known_fold, known, now=now)

        def uow() -> VolunteerUnitOfWork:
            return VolunteerUnitOfWork(None, source=settings.source, clock=clock)

        # Each withdrawal or expiry (in order) ends the matches no consent covers any
        # more, judged by the consents as they stood after it; then the moves and exits
        # as configured; last the erasures, so an event of the participant in the same
        # batch is erased with the rest.
        steps: list[Step[Any, Any, VolunteerUnitOfWork]] = [
            Step(ConsentEnding, _uncovered, handlers.end_uncovered_matches)
        ]
        if settings.end_matches_on_move:
            steps.append(Step(consumed.ParticipantMoved, of(_moved), handlers.end_matches_of_moved))
        if settings.on_exit == "end":
            steps.append(Step(consumed.ProgrammeEnded, of(_exited), handlers.end_matches_of_exited))
        steps.append(Step(consumed.ParticipantErased, of(_erased), handlers.erase_participant))
        endings = [(e, e.envelope) for e in consent_endings(folded_items, consents, consent_fold)]
        await run_steps(session, [*endings, *items], steps, unit_of_work=uow)

    return Projection(
        name=NAME,
        registry=consumed.registry,
        apply_many=apply_many,
        tables=tables.READ_MODEL_TABLES,
    )
