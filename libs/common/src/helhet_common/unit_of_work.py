"""The unit of work: the only thing that commits.

A service subclasses ``UnitOfWork`` to add its repositories. Aggregates record domain
events; repositories ``track`` the aggregates they hand out; on ``commit`` the unit of
work translates every recorded event into its published contract and writes it to the
outbox in the same transaction as the change. Leaving the block without ``commit``
rolls back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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


class UnitOfWork:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        tables: SharedTables,
        source: str,
        translate: Translate,
    ) -> None:
        self._session_factory = session_factory
        self._outbox = OutboxWriter(tables)
        self.tables = tables
        self._source = source
        self._translate = translate
        self._seen: list[RecordsEvents] = []
        self._session: AsyncSession | None = None
        self.committed_events: list[CloudEvent] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use 'async with uow:'")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._session_factory()
        await self._session.begin()
        self._seen = []
        self.committed_events = []
        self.open_repositories(self._session)
        return self

    def open_repositories(self, session: AsyncSession) -> None:
        """Subclasses create their repositories on the session here."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            if session.in_transaction():
                await session.rollback()
        finally:
            await session.close()

    def track(self, aggregate: RecordsEvents) -> None:
        if all(a is not aggregate for a in self._seen):
            self._seen.append(aggregate)

    def collect_events(self) -> list[tuple[str, CloudEvent]]:
        """Turn every tracked aggregate's domain events into enveloped contracts."""
        correlation_id = get_correlation_id()
        traceparent = current_traceparent()
        out: list[tuple[str, CloudEvent]] = []
        for aggregate in self._seen:
            while aggregate.events:
                domain_event = aggregate.events.pop(0)
                for contract in self._translate(domain_event):
                    envelope = wrap(
                        contract,
                        source=self._source,
                        municipality=aggregate.municipality,
                        correlation_id=correlation_id,
                        traceparent=traceparent,
                    )
                    out.append((contract.topic, envelope))
        return out

    async def commit(self) -> None:
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


async def run_in(uow: U, step: Callable[[U], Awaitable[T]]) -> T:
    """One command outside HTTP (a seed, a job): ``step`` in ``uow``, one commit, and
    its result back."""
    results: list[T] = []

    async def action() -> StoredResponse:
        results.append(await step(uow))
        return StoredResponse(200, None)

    await execute(uow, action)
    return results[0]
