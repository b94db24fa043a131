"""Fakes for the handler test tier (cosmic's middle tier): a unit of work and
repositories in memory, and a clock that stands still.

A service's handler tests subclass them with its own repositories and queries::

    class FakeEmployers(FakeRepository[Employer]):
        what = "employer"

    class FakePlacementUoW(FakeUnitOfWork):
        def __init__(self, **kwargs):
            super().__init__(translate=contracts.translate, **kwargs)
            self.employers = FakeEmployers(self.seen)

    uow = FakePlacementUoW(clock=FixedClock(date(2026, 11, 23)))
    employer = await uow.run(handlers.register_employer, command)
    assert uow.events == [events.EmployerRegistered(employer_id=employer.id, ...)]

The fakes keep the real ones' promises: ``get`` scopes to the municipality, hands out a
copy and records it as seen; ``save`` checks the version (``StaleVersion``) and bumps
it; ``add`` refuses a duplicate of a unique key with the service's ``Conflict``; events
reach the (pretend) outbox only on ``commit``, and a block left without commit rolls
back what was recorded.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Hashable, Iterable
from datetime import date
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar

from helhet_common.clock import Clock, FixedClock
from helhet_common.domain_errors import Conflict, NotFound, StaleVersion
from helhet_common.messaging.envelope import IntegrationEvent
from helhet_common.repository import Aggregate
from helhet_common.unit_of_work import Seen, Translate

__all__ = ["FakeRepository", "FakeUnitOfWork", "FixedClock"]

A = TypeVar("A", bound=Aggregate)
C = TypeVar("C")
R = TypeVar("R")
U = TypeVar("U", bound="FakeUnitOfWork")

DEFAULT_TODAY = date(2026, 11, 23)


class FakeRepository(Generic[A]):
    """Aggregates by id in a dict. ``unique`` gives an aggregate's unique key (or None)
    and ``duplicate`` the ``Conflict`` a second one raises."""

    what: ClassVar[str] = "resource"

    def __init__(
        self,
        seen: Seen,
        items: Iterable[A] = (),
        *,
        unique: Callable[[A], Hashable] | None = None,
        duplicate: Callable[[], Conflict] | None = None,
    ) -> None:
        self.seen = seen
        self._items: dict[Any, A] = {}
        self._unique = unique
        self._duplicate = duplicate or (lambda: Conflict(f"The {self.what} exists."))
        self.saved: list[Any] = []
        for item in items:
            self.put(item)

    # -- the real repository's promises ----------------------------------------------

    async def get(self, aggregate_id: Any, *, municipality: str, lock: bool = False) -> A:
        found = self._items.get(aggregate_id)
        if found is None or found.municipality != municipality:
            raise NotFound.of(self.what)
        return self._seen(self._copy(found))

    async def add(self, aggregate: A) -> None:
        self._seen(aggregate)
        if aggregate.id in self._items:
            raise self._duplicate()
        if self._unique is not None:
            key = self._unique(aggregate)
            if key is not None and any(self._unique(a) == key for a in self._items.values()):
                raise self._duplicate()
        self._items[aggregate.id] = self._copy(aggregate)

    async def save(self, aggregate: A) -> None:
        self._seen(aggregate)
        stored = self._items.get(aggregate.id)
        if stored is None:
            raise NotFound.of(self.what)
        version = getattr(aggregate, "version", None)
        if version is not None:
            if stored.version != version:  # type: ignore[attr-defined]
                raise StaleVersion(current=stored.version, given=version)  # type: ignore[attr-defined]
            aggregate.version = version + 1  # type: ignore[attr-defined]
        self._items[aggregate.id] = self._copy(aggregate)
        self.saved.append(aggregate.id)

    # -- for tests and the service's fake queries ------------------------------------

    def put(self, aggregate: A) -> A:
        """Arrange: store an aggregate as if it had been committed before the test."""
        self._items[aggregate.id] = self._copy(aggregate)
        return aggregate

    def stored(self, aggregate_id: Any) -> A:
        """Assert: the aggregate as last stored (a copy)."""
        return self._copy(self._items[aggregate_id])

    def all(self) -> list[A]:
        """Every stored aggregate (copies, not recorded as seen)."""
        return [self._copy(a) for a in self._items.values()]

    def _handed_out(self, predicate: Callable[[A], bool]) -> list[A]:
        """Copies of the stored aggregates matching ``predicate``, recorded as seen."""
        return [self._seen(self._copy(a)) for a in self._items.values() if predicate(a)]

    def _seen(self, aggregate: A) -> A:
        return self.seen.add(aggregate)

    @staticmethod
    def _copy(aggregate: A) -> A:
        events, aggregate.events = aggregate.events, []
        try:
            return copy.deepcopy(aggregate)
        finally:
            aggregate.events = events


class FakeUnitOfWork:
    """A unit of work without a database. Subclasses add fake repositories on
    ``self.seen``. ``events`` are the domain events committed so far, ``published``
    their contracts (with ``translate``)."""

    def __init__(self, *, clock: Clock | None = None, translate: Translate | None = None) -> None:
        self.clock: Clock = clock or FixedClock(DEFAULT_TODAY)
        self.seen = Seen()
        self._translate = translate
        self.events: list[Any] = []
        self.published: list[IntegrationEvent] = []
        self.commits = 0
        self.rollbacks = 0
        self._open = False
        self._snapshots: list[tuple[FakeRepository[Any], dict[Any, Any]]] = []

    def _repositories(self) -> list[FakeRepository[Any]]:
        return [r for r in vars(self).values() if isinstance(r, FakeRepository)]

    async def __aenter__(self) -> Self:
        if self._open:
            raise RuntimeError("the unit of work is already open")
        self._open = True
        self.seen.clear()
        self._snapshots = [(r, dict(r._items)) for r in self._repositories()]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._open = False
        await self.rollback()

    async def commit(self) -> None:
        for _, event in self.seen.collect():
            self.events.append(event)
            if self._translate is not None:
                self.published.extend(self._translate(event))
        self._snapshots = [(r, dict(r._items)) for r in self._repositories()]
        self.commits += 1

    async def rollback(self) -> None:
        """Undo what was stored since the last commit and drop the events recorded."""
        changed = any(r._items != items for r, items in self._snapshots)
        if changed or any(a.events for a in self.seen):
            self.rollbacks += 1
        for repository, items in self._snapshots:
            repository._items = dict(items)
        for aggregate in self.seen:
            aggregate.events.clear()
        self.seen.clear()

    async def run(self: U, handler: Callable[[C, U], Awaitable[R]], command: C) -> R:
        """``handler(command, uow)`` in this unit of work and commit, as the command
        runner does."""
        async with self:
            result = await handler(command, self)
            await self.commit()
        return result
