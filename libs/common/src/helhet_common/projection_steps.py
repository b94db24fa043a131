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

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.messaging.envelope import CloudEvent
from helhet_common.unit_of_work import UnitOfWork

E = TypeVar("E")
C = TypeVar("C")
U = TypeVar("U", bound=UnitOfWork)


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


def of(build: Callable[[E], C]) -> Callable[[E, Any], Awaitable[C]]:
    """A ``command`` for ``handle_each`` made from the event alone."""

    async def command(event: E, _: Any) -> C:
        return build(event)

    return command
