"""A projection's steps after its folds: what an event asks of the service's own
aggregates, run by the service's command handlers.

placement- and volunteer-service end placements and matches when a consent is withdrawn
or lapses, when a participant moves away or exits, and forget a participant who was
erased. Each such event, in the batch's order, becomes one command for one handler, run
in its own unit of work *within* the consumer's transaction (``UnitOfWork.within``): the
same repositories and outbox as the API, and what the handler changes is published with
the event as its cause.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.consent.model import Consent
from helhet_common.consent.projection import ConsentEnding
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.unit_of_work import UnitOfWork

E = TypeVar("E")
C = TypeVar("C")
U = TypeVar("U", bound=UnitOfWork)
R = TypeVar("R")


async def handle_each(
    session: AsyncSession,
    items: Iterable[tuple[object, CloudEvent]],
    event_type: type[E],
    command: Callable[[E, U], Awaitable[C]],
    handler: Callable[[C, U], Awaitable[Any]],
    *,
    unit_of_work: Callable[[], U],
) -> None:
    """For each item of ``event_type`` in ``items`` (in order): a fresh unit of work from
    ``unit_of_work`` within ``session``, caused by the item's envelope; the ``command``
    made of the item (it may read through the unit of work), then ``handler`` with it."""
    for event, envelope in items:
        if not isinstance(event, event_type):
            continue
        uow = unit_of_work()
        async with uow.within(session, cause=envelope):
            await handler(await command(event, uow), uow)


@dataclass(frozen=True)
class Step(Generic[E, C, U]):
    """``handle_each``'s event type, command and handler, for ``run_steps``."""

    event_type: type[E]
    command: Callable[[E, U], Awaitable[C]]
    handler: Callable[[C, U], Awaitable[Any]]


async def run_steps(
    session: AsyncSession,
    items: Sequence[tuple[object, CloudEvent]],
    steps: Iterable[Step[Any, Any, U]],
    *,
    unit_of_work: Callable[[], U],
) -> None:
    """Each step in turn over the whole of ``items`` (``handle_each``): all the items of
    the first step's type, in order, then those of the second, and so on."""
    for step in steps:
        await handle_each(
            session, items, step.event_type, step.command, step.handler, unit_of_work=unit_of_work
        )


def of(build: Callable[[E], C]) -> Callable[[E, Any], Awaitable[C]]:
    """A ``command`` for ``handle_each`` made from the event alone."""

    async def command(event: E, _: Any) -> C:
        return build(event)

    return command


class _StoredConsents(Protocol):
    async def consents(self, participant_id: UUID) -> Sequence[Consent]: ...


class _WithParticipants(Protocol):
    @property
    def participants(self) -> _StoredConsents: ...


def uncovered_by(
    make: Callable[..., C], *, withdrawn: R, expired: R
) -> Callable[[ConsentEnding, _WithParticipants], Awaitable[C]]:
    """A ``command`` for ``handle_each`` over a batch's consent endings: ``make`` (the
    service's "end what no consent covers" command) with the participant, the day, the
    reason (``withdrawn`` or ``expired``) and the participant's stored consents as they
    stood right after the ending (``ConsentEnding.consents``)."""

    async def command(ending: ConsentEnding, uow: _WithParticipants) -> C:
        stored = await uow.participants.consents(ending.participant_id)
        return make(
            participant_id=ending.participant_id,
            withdrawn_on=ending.on,
            reason=expired if ending.expired else withdrawn,
            consents=ending.consents(stored),
        )

    return command
