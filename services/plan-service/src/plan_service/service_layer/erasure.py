"""Erasure of a participant: after the retention period (the daily ``erase-due`` job) or
at the participant's request (``POST /participants/{id}/erasure``, the programme
owner's integration leader or an admin). One transaction: the personal data removed
(``adapters/repositories/erasure``) and ``helhet.participant.erased.v1`` in the outbox,
so that every service drops or anonymises the participant. docs/retention.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.access.retention import years_before
from helhet_common.domain_errors import Conflict, NotFound
from plan_service.domain import events
from plan_service.service_layer.unit_of_work import PlanUnitOfWork


class ErasureReason(StrEnum):
    RETENTION_EXPIRED = "retention_expired"
    REQUEST = "request"


@dataclass(frozen=True, kw_only=True)
class EraseParticipant:
    participant_id: UUID
    municipality: str
    reason: ErasureReason


@dataclass(frozen=True, kw_only=True)
class EraseDue:
    years: int
    limit: int = 500


@dataclass(frozen=True)
class Erased:
    participant_id: UUID
    erased_on: date
    reason: ErasureReason


@dataclass
class _Erasure:
    """Records the erasure's event like an aggregate, so the outbox gets it."""

    municipality: str
    events: list[Any] = field(default_factory=list)


def already_erased(on: date) -> Conflict:
    return Conflict(
        f"The participant's personal data was already erased on {on.isoformat()}.",
        code="participant-already-erased",
    )


async def _erase(
    uow: PlanUnitOfWork, participant_id: UUID, municipality: str, reason: ErasureReason
) -> Erased:
    today = uow.clock.today()
    await uow.erasure.erase(participant_id, on=today, reason=reason.value)
    uow.seen.add(
        _Erasure(
            municipality=municipality,
            events=[
                events.ParticipantErased(
                    participant_id=participant_id, erased_on=today, reason=reason.value
                )
            ],
        )
    )
    return Erased(participant_id, today, reason)


async def erase_participant(command: EraseParticipant, uow: PlanUnitOfWork) -> Erased:
    """Erase one participant of the caller's municipality (not found in another); a
    second erasure is a 409 ``participant-already-erased`` and changes nothing."""
    state = await uow.erasure.state(command.participant_id, lock=True)
    if state is None or state.municipality != command.municipality:
        raise NotFound.of("participant")
    if state.erased_on is not None:
        raise already_erased(state.erased_on)
    return await _erase(uow, state.participant_id, state.municipality, command.reason)


async def erase_due(command: EraseDue, uow: PlanUnitOfWork) -> list[Erased]:
    """Erase up to ``limit`` participants whose programme ended (or who moved away) more
    than ``years`` ago; the erased."""
    cutoff = years_before(uow.clock.today(), command.years)
    due = await uow.erasure.due(ended_before=cutoff, limit=command.limit)
    return [
        await _erase(uow, s.participant_id, s.municipality, ErasureReason.RETENTION_EXPIRED)
        for s in due
    ]
