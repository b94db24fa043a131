"""The repository every service's aggregates are loaded and stored through.

One shape everywhere: ``get(id, municipality=..., lock=...)`` (another municipality's
aggregate is simply not found), ``add(aggregate)`` and ``save(aggregate)``; queries of
the service's own beside them. Whatever a repository hands out or takes in is recorded
in the unit of work's ``seen`` (``_seen`` / ``_seen_all`` in queries), so the events the
aggregates record reach the outbox without a handler tracking anything. A unique
violation is the repository's to translate into a domain ``Conflict``: handlers never
catch database errors.

A service implements ``_load``, ``_insert`` and ``_update``; ``what`` names the
aggregate in ``NotFound`` ("employer" gives ``employer-not-found``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.domain_errors import NotFound
from helhet_common.unit_of_work import Seen


class Aggregate(Protocol):
    id: Any
    municipality: str
    events: list[Any]


A = TypeVar("A", bound=Aggregate)


class Repository(Generic[A]):
    what: ClassVar[str] = "resource"

    def __init__(self, session: AsyncSession, seen: Seen) -> None:
        self.session = session
        self.seen = seen

    async def get(self, aggregate_id: Any, *, municipality: str, lock: bool = False) -> A:
        """The aggregate, if it is in ``municipality``; else ``NotFound``. ``lock`` holds
        it (``SELECT ... FOR UPDATE``) until the unit of work ends."""
        found = await self._load(aggregate_id, lock=lock)
        if found is None or found.municipality != municipality:
            raise NotFound.of(self.what)
        return self._seen(found)

    async def add(self, aggregate: A) -> None:
        self._seen(aggregate)
        await self._insert(aggregate)

    async def save(self, aggregate: A) -> None:
        self._seen(aggregate)
        await self._update(aggregate)

    # -- what a service's repository implements ----------------------------------------

    async def _load(self, aggregate_id: Any, *, lock: bool) -> A | None:
        raise NotImplementedError

    async def _insert(self, aggregate: A) -> None:
        raise NotImplementedError

    async def _update(self, aggregate: A) -> None:
        raise NotImplementedError

    # -- for the service's queries -------------------------------------------------------

    def _seen(self, aggregate: A) -> A:
        return self.seen.add(aggregate)

    def _seen_all(self, aggregates: Iterable[A]) -> list[A]:
        return [self.seen.add(a) for a in aggregates]
