"""The unit of work: the only thing that commits.

A service subclasses ``UnitOfWork`` to add its repositories (``open_repositories``).
Aggregates record domain events; repositories record every aggregate they hand out
(get, add, lists) in the unit of work's ``seen`` (``helhet_common.repository``), so no
handler has to remember to. On ``commit`` the unit of work translates every event the
seen aggregates recorded into its published contract and writes it to the outbox in the
same transaction as the change. Leaving the block without ``commit`` rolls back.

A projection that changes aggregates (and so publishes) uses the same unit of work
inside the consumer's transaction: ``async with uow.within(session, cause=envelope)``
opens the repositories on that session and writes the events to the same outbox when
the block ends; the consumer runner commits.

The unit of work also carries the ``clock``: the one source of 'today' for handlers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.db.shared_tables import SharedTables
from helhet_common.idempotency import IdempotencyStore, IdempotentRequest, StoredResponse
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent, wrap
from helhet_common.messaging.outbox import OutboxWriter
from helhet_common.observability import get_correlation_id
from helhet_common.observability.telemetry import current_traceparent


class RecordsEvents(Protocol):
    """An aggregate: it has a municipality and a list of recorded domain events."""

    municipality: str
    events: list[Any]


Translate = Callable[[Any], Iterable[IntegrationEvent]]
T = TypeVar("T")
A = TypeVar("A", bound=RecordsEvents)


class Seen:
    """The aggregates a unit of work handed out, in the order it did (cosmic's ``seen``).

    Order matters: events are collected aggregate by aggregate in this order, so the
    outbox order follows the order the handler touched things in.
    """

    def __init__(self) -> None:
        self._items: list[RecordsEvents] = []

    def add(self, aggregate: A) -> A:
        if all(a is not aggregate for a in self._items):
            self._items.append(aggregate)
        return aggregate

    def __iter__(self) -> Iterator[RecordsEvents]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, aggregate: object) -> bool:
        return any(a is aggregate for a in self._items)

    def clear(self) -> None:
        self._items.clear()

    def collect(self) -> list[tuple[RecordsEvents, Any]]:
        """Take every recorded event off the seen aggregates: ``(aggregate, event)``."""
        out: list[tuple[RecordsEvents, Any]] = []
        for aggregate in self._items:
            while aggregate.events:
                out.append((aggregate, aggregate.events.pop(0)))
        return out


class UnitOfWork:
    """A service's unit of work names its shared tables and its event translation once,
    as class keywords, and adds its repositories in ``open_repositories``::

        class PlanUnitOfWork(UnitOfWork, tables=tables.shared, translate=contracts.translate):
            def open_repositories(self, session): ...

    ``session_factory`` None makes a unit of work only for ``within`` (a projection's).
    """

    _class_tables: SharedTables | None = None
    _class_translate: Translate | None = None

    def __init_subclass__(
        cls,
        *,
        tables: SharedTables | None = None,
        translate: Translate | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if tables is not None:
            cls._class_tables = tables
        if translate is not None:
            cls._class_translate = staticmethod(translate)

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession] | None,
        *,
        source: str,
        clock: Clock = SYSTEM_CLOCK,
        tables: SharedTables | None = None,
        translate: Translate | None = None,
    ) -> None:
        tables = tables or self._class_tables
        translate = translate or self._class_translate
        if tables is None or translate is None:
            raise TypeError(
                f"{type(self).__name__} names no shared tables or translation: "
                "declare them as class keywords (tables=..., translate=...)"
            )
        self._session_factory = session_factory
        self._outbox = OutboxWriter(tables)
        self.tables = tables
        self._source = source
        self._translate = translate
        self.clock = clock
        self.seen = Seen()
        self._session: AsyncSession | None = None
        self._owns_session = True
        self.committed_events: list[CloudEvent] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use 'async with uow:'")
        return self._session

    async def __aenter__(self) -> Self:
        if self._session_factory is None:
            raise RuntimeError("no session factory: this unit of work only works within()")
        self._session = self._session_factory()
        await self._session.begin()
        self._owns_session = True
        self.seen.clear()
        self.committed_events = []
        self.open_repositories(self._session)
        return self

    def open_repositories(self, session: AsyncSession) -> None:
        """Subclasses create their repositories on the session here, each with
        ``self.seen`` (``EmployerRepository(session, self.seen)``)."""

    @asynccontextmanager
    async def within(
        self, session: AsyncSession, *, cause: CloudEvent | None = None
    ) -> AsyncIterator[Self]:
        """Work inside a transaction someone else owns (a projection's, in the consumer
        runner): repositories on ``session``; when the block ends without an error, the
        events the seen aggregates recorded go to this service's outbox in that same
        transaction, enveloped with this unit of work's source and caused by ``cause``.
        The owner of the transaction commits; ``commit`` here is refused. A unit of work
        made only for this needs no session factory (``session_factory=None``)."""
        if self._session is not None:
            raise RuntimeError("the unit of work is already open")
        self._session = session
        self._owns_session = False
        self.seen.clear()
        self.open_repositories(session)
        try:
            yield self
            await self._outbox.add(session, self.collect_events(cause=cause))
        finally:
            self._session = None
            self._owns_session = True
            self.seen.clear()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is None or not self._owns_session:
            return
        try:
            if session.in_transaction():
                await session.rollback()
        finally:
            await session.close()

    def collect_events(self, *, cause: CloudEvent | None = None) -> list[tuple[str, CloudEvent]]:
        """Turn every seen aggregate's domain events into enveloped contracts.

        Correlated with the current request, or with ``cause`` (the consumed event that
        led to them) in a projection.
        """
        if cause is None:
            correlation_id, causation_id, traceparent = (
                get_correlation_id(),
                None,
                current_traceparent(),
            )
        else:
            correlation_id, causation_id, traceparent = (
                cause.correlationid,
                cause.id,
                cause.traceparent,
            )
        out: list[tuple[str, CloudEvent]] = []
        for aggregate, domain_event in self.seen.collect():
            for contract in self._translate(domain_event):
                envelope = wrap(
                    contract,
                    source=self._source,
                    municipality=aggregate.municipality,
                    correlation_id=correlation_id,
                    causation_id=causation_id,
                    traceparent=traceparent,
                )
                out.append((contract.topic, envelope))
        return out

    async def commit(self) -> None:
        if not self._owns_session:
            raise RuntimeError("inside another transaction: its owner commits")
        events = self.collect_events()
        await self._outbox.add(self.session, events)
        await self.session.commit()
        self.committed_events = [envelope for _, envelope in events]

    async def rollback(self) -> None:
        await self.session.rollback()


async def execute(
    uow: UnitOfWork,
    action: Callable[[], Awaitable[StoredResponse]],
    *,
    idempotency: IdempotentRequest | None = None,
) -> tuple[StoredResponse, bool]:
    """Run ``action`` in ``uow`` and commit once: the one commit point of a command.

    With an idempotency key, a repeat of an earlier request returns its stored response
    (and ``True``: replayed) without running the action; the key is stored in the same
    transaction as the change.
    """
    store = IdempotencyStore(uow.tables)
    async with uow:
        if idempotency is not None:
            stored = await store.lookup(
                uow.session,
                scope=idempotency.scope,
                key=idempotency.key,
                fingerprint=idempotency.fingerprint,
            )
            if stored is not None:
                return stored, True
        response = await action()
        try:
            if idempotency is not None:
                await store.save(
                    uow.session,
                    scope=idempotency.scope,
                    key=idempotency.key,
                    fingerprint=idempotency.fingerprint,
                    response=response,
                )
            await uow.commit()
        except IntegrityError:
            if idempotency is None:
                raise
        else:
            return response, False
    # A concurrent request with the same key committed first: answer as it did.
    async with uow:
        stored = await store.lookup(
            uow.session,
            scope=idempotency.scope,
            key=idempotency.key,
            fingerprint=idempotency.fingerprint,
        )
    if stored is None:
        raise RuntimeError("idempotency key conflict without a stored response")
    return stored, True


U = TypeVar("U", bound=UnitOfWork)
C = TypeVar("C")


async def run_in(uow: U, step: Callable[[U], Awaitable[T]]) -> T:
    """One command outside HTTP (a seed, a job): ``step`` in ``uow``, one commit, and
    its result back."""
    results: list[T] = []

    async def action() -> StoredResponse:
        results.append(await step(uow))
        return StoredResponse(200, None)

    await execute(uow, action)
    return results[0]


async def run_handler(uow: U, handler: Callable[[C, U], Awaitable[T]], command: C) -> T:
    """One command outside HTTP (a seed, a job, a CLI): ``handler(command, uow)`` in
    ``uow``, one commit, and its result back."""

    async def step(opened: U) -> T:
        return await handler(command, opened)

    return await run_in(uow, step)
