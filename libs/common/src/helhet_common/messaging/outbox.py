"""The transactional outbox: rows written with the business change, relayed to Kafka.

``OutboxWriter.add`` inserts rows in the caller's session (the unit of work's
transaction). ``OutboxRelay`` publishes unpublished rows in id order, a batch at a time
(every send of a batch is in flight at once, and the next batch is selected and queued
while one is acknowledged), marks them published in the background, and keeps them for
``outbox_retention_hours`` so that a topic can be rebuilt from them.

Ordering: one relay per service (a single writer to Kafka), rows sent in id order, and
aiokafka keeps at most one batch in flight per partition, so events with one key arrive
in the order they were committed. When a send fails, the rows of that key after the
failed one are not marked either (nor in the batch sent with it): they are sent again
after it on the next attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from opentelemetry import context as otel_context
from opentelemetry import trace
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.aio import sleep_or_stop
from helhet_common.db.shared_tables import SharedTables
from helhet_common.messaging.envelope import CONTENT_TYPE, CloudEvent
from helhet_common.messaging.kafka import ensure_topics, make_producer
from helhet_common.observability import metrics
from helhet_common.observability.telemetry import extract_context, tracer
from helhet_common.settings import ServiceSettings

log = structlog.get_logger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


class OutboxWriter:
    """Writes events to the outbox table inside the caller's transaction."""

    def __init__(self, tables: SharedTables) -> None:
        self._table = tables.outbox

    async def add(self, session: AsyncSession, events: Sequence[tuple[str, CloudEvent]]) -> None:
        """Insert ``(topic, envelope)`` pairs. Does not commit."""
        if not events:
            return
        created = now()
        rows = []
        for topic, envelope in events:
            headers: dict[str, str] = {"content-type": CONTENT_TYPE}
            if envelope.traceparent:
                headers["traceparent"] = envelope.traceparent
            rows.append(
                {
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "topic": topic,
                    "key": envelope.subject,
                    "payload": envelope.to_json_bytes(),
                    "headers": headers,
                    "created_at": created,
                }
            )
        await session.execute(insert(self._table), rows)
        if _dialect(session) == "postgresql":
            # Delivered when (and only if) the transaction commits: wakes the relay.
            await session.execute(_NOTIFY)


# The relay of a service LISTENs on this channel of the service's own database; a
# transaction that adds outbox rows NOTIFYs it (PostgreSQL delivers at commit, once per
# transaction and channel).
NOTIFY_CHANNEL = "helhet_outbox"
_NOTIFY = text(f"NOTIFY {NOTIFY_CHANNEL}")


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else ""


# Batches one ``publish`` of ``run`` goes through before it selects from the first
# unpublished row again (a row committed late with a lower id than those in flight
# waits at most this long) and before the housekeeping.
_RUN_BATCHES = 20


class PublishError(RuntimeError):
    pass


def rows_to_mark(
    rows: Sequence[Any],
    outcomes: Sequence[BaseException | None],
    blocked: set[str] | None = None,
) -> list[int]:
    """Ids of rows that may be marked published.

    A row counts only if it and every earlier row of the same key in the batch were
    delivered; keyless rows count on their own. ``blocked`` carries the keys with a
    failed send over from an earlier batch sent with this one (it is updated).
    """
    if blocked is None:
        blocked = set()
    marked: list[int] = []
    for row, outcome in zip(rows, outcomes, strict=True):
        key = row.key
        if outcome is not None:
            if key is not None:
                blocked.add(key)
            continue
        if key is not None and key in blocked:
            continue
        marked.append(row.id)
    return marked


class OutboxRelay:
    def __init__(
        self,
        *,
        settings: ServiceSettings,
        session_factory: async_sessionmaker[AsyncSession],
        tables: SharedTables,
        topics: Sequence[str] = (),
        producer_factory: Callable[[], AIOKafkaProducer] | None = None,
    ) -> None:
        self._settings = settings
        self._sessions = session_factory
        self._table = tables.outbox
        self._topics = list(topics)
        self._producer_factory = producer_factory or (lambda: make_producer(settings))
        self._producer: AIOKafkaProducer | None = None
        self._last_purge: datetime | None = None
        self._last_gauge: datetime | None = None
        self._service = settings.service_name
        self._tracer = tracer("helhet.outbox")
        # The connection that LISTENs for new rows (PostgreSQL) and the event it sets.
        self._listener: tuple[AsyncConnection, asyncio.Event] | None = None

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            if self._topics:
                await ensure_topics(self._settings, self._topics)
            producer = self._producer_factory()
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
            log.info("outbox_relay_connected", bootstrap=self._settings.kafka_bootstrap_servers)
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), timeout=5)
            except Exception:  # the broker is gone anyway
                log.debug("outbox_producer_stop_failed", exc_info=True)

    async def backlog(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(self._table)
                .where(self._table.c.published_at.is_(None))
            )
        return int(count or 0)

    async def publish_once(self) -> int:
        """Publish one batch. Returns how many rows were marked published.

        Raises ``PublishError`` (after marking what was delivered) if any send failed.
        """
        return await self.publish(max_batches=1)

    async def publish(self, *, max_batches: int | None = None) -> int:
        """Publish the backlog, up to ``max_batches`` batches (``None``: until a select
        finds nothing after the rows in flight, so rows committed while a batch is on
        its way go in the next one). Returns how many rows were marked published.

        Pipelined: while one batch's deliveries are awaited, the next batch is selected
        (rows after the last id in flight) and queued, and a delivered batch is marked
        published while the next one is on its way, so the database and the broker work
        at the same time. At most two batches are in flight; they count as one for the
        ordering rule of ``rows_to_mark``: a key with a failed send in the first is not
        marked in the second either, so its rows are sent again, in id order, on the
        next attempt. A failure stops the pipeline; ``PublishError`` is raised after
        the batches in flight are settled and marked.
        """
        rows = await self._select(after=None)
        if not rows:
            return 0
        producer = await self._ensure_producer()
        total = 0
        batches = 1
        blocked: set[str] = set()
        failures: list[BaseException] = []
        failed_rows = 0
        # Delivered batches wait here while an earlier mark runs, and are then marked
        # together: the marks never hold up the sends, and a backlog costs a few
        # statements rather than one per batch.
        waiting = _Marks()
        marking: asyncio.Task[None] | None = None
        flight: tuple[Sequence[Any], list[asyncio.Future[Any] | BaseException]] | None = (
            rows,
            await self._queue(producer, rows),
        )
        try:
            while flight is not None:
                rows, deliveries = flight
                flight = None
                if not failures and (max_batches is None or batches < max_batches):
                    following = await self._select(after=rows[-1].id)
                    if following:
                        batches += 1
                        flight = (following, await self._queue(producer, following))
                outcomes = await _settled(deliveries)
                marked = rows_to_mark(rows, outcomes, blocked)
                waiting.add(rows, outcomes, marked)
                failures.extend(o for o in outcomes if o is not None)
                failed_rows += len(rows) - len(marked)
                total += len(marked)
                if marking is None or marking.done():
                    if marking is not None:
                        await marking  # its error, if any
                    marking = asyncio.create_task(self._mark(waiting))
                    waiting = _Marks()
        finally:
            if marking is not None:
                await marking
        if waiting:
            await self._mark(waiting)
        if failures:
            metrics.outbox_publish_failures_total.labels(self._service).inc(len(failures))
            raise PublishError(
                f"{len(failures)} sends failed, {failed_rows} rows left unpublished: "
                f"{failures[0]!r}"
            )
        return total

    async def _select(self, *, after: int | None) -> Sequence[Any]:
        """The next batch of unpublished rows in id order (after ``after``, the last id in
        flight, when given)."""
        table = self._table
        query = (
            select(
                table.c.id,
                table.c.event_id,
                table.c.topic,
                table.c.key,
                table.c.payload,
                table.c.headers,
            )
            .where(table.c.published_at.is_(None))
            .order_by(table.c.id)
            .limit(self._settings.outbox_batch_size)
        )
        if after is not None:
            query = query.where(table.c.id > after)
        async with self._sessions() as session:
            return (await session.execute(query)).all()

    async def _mark(self, marks: _Marks) -> None:
        """Mark the delivered rows published, count the failed ones' attempts."""
        async with self._sessions() as session, session.begin():
            if marks.published and _dialect(session) == "postgresql":
                # One array parameter instead of a bound parameter per id: the statement
                # text is the same for every batch (prepared once) and nothing is
                # rendered per row.
                await session.execute(
                    text(
                        f"UPDATE {self._table.name} SET published_at = :now, "
                        "attempts = attempts + 1 WHERE id = ANY(CAST(:ids AS bigint[]))"
                    ),
                    {"now": now(), "ids": marks.published},
                )
            elif marks.published:
                await session.execute(
                    update(self._table)
                    .where(self._table.c.id.in_(marks.published))
                    .values(published_at=now(), attempts=self._table.c.attempts + 1)
                )
            if marks.failed:
                await session.execute(
                    update(self._table)
                    .where(self._table.c.id.in_(marks.failed))
                    .values(attempts=self._table.c.attempts + 1, last_error=marks.error)
                )
        for topic, count in marks.per_topic.items():
            metrics.events_published_total.labels(self._service, topic).inc(count)

    async def _queue(
        self, producer: AIOKafkaProducer, rows: Sequence[Any]
    ) -> list[asyncio.Future[Any] | BaseException]:
        """Queue every row's send; the deliveries (or the send's own error) in row order.

        One span per batch. While it records (telemetry set up), each send runs in the
        trace context stored with its row, so aiokafka's instrumentation makes the
        send's span a child of the request that wrote the row and carries it on in
        the record's headers; without telemetry nothing is done per row."""
        deliveries: list[asyncio.Future[Any] | BaseException] = []
        with self._tracer.start_as_current_span(
            "outbox publish",
            kind=trace.SpanKind.PRODUCER,
            attributes={"messaging.batch.message_count": len(rows)},
        ) as span:
            traced = span.is_recording()
            for row in rows:
                row_headers = row.headers
                headers = [(k, v.encode()) for k, v in row_headers.items() if k != "traceparent"]
                token = None
                if traced and "traceparent" in row_headers:
                    token = otel_context.attach(
                        extract_context([("traceparent", row_headers["traceparent"].encode())])
                    )
                try:
                    deliveries.append(
                        await producer.send(
                            row.topic,
                            value=row.payload,
                            key=row.key.encode() if row.key else None,
                            headers=headers,
                        )
                    )
                except Exception as exc:
                    deliveries.append(exc)
                finally:
                    if token is not None:
                        otel_context.detach(token)
        return deliveries

    async def purge(self, *, retention: timedelta | None = None) -> int:
        """Delete rows published longer ago than the retention period."""
        keep = retention or timedelta(hours=self._settings.outbox_retention_hours)
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(self._table).where(
                    self._table.c.published_at.is_not(None),
                    self._table.c.published_at < now() - keep,
                )
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def republish_all(self) -> int:
        """Mark every retained row unpublished, so the relay sends them again (rebuild)."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(update(self._table).values(published_at=None))
        return int(getattr(result, "rowcount", 0) or 0)

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until ``stop`` is set, backing off (with jitter) while the broker is down.

        While there is nothing to send the relay waits: on PostgreSQL until a
        transaction that added rows notifies it (``LISTEN``), on SQLite for the poll
        interval. Either way it also polls, at ``outbox_poll_interval_s`` after rows
        were sent and then less often, doubling up to ``outbox_idle_poll_max_s``, so an
        idle relay costs next to nothing and a missed notification (the listening
        connection lost) delays rows by at most that long."""
        backoff = 0.0
        idle = self._settings.outbox_poll_interval_s
        log.info("outbox_relay_started", service=self._service)
        try:
            while not stop.is_set():
                woken = await self._listening()
                if woken is not None:
                    woken.clear()  # a commit from now on wakes the wait below
                try:
                    published = await self.publish(max_batches=_RUN_BATCHES)
                    backoff = 0.0
                    await self._housekeeping()
                except Exception as exc:
                    backoff = min(max(backoff * 2, 0.2), self._settings.outbox_max_backoff_s)
                    log.warning(
                        "outbox_publish_failed",
                        error=repr(exc),
                        retry_in_s=round(backoff, 2),
                    )
                    await self._drop_producer()
                    await sleep_or_stop(stop, backoff * (0.5 + random.random() / 2))
                    continue
                if published >= self._settings.outbox_batch_size:
                    continue
                if published:
                    idle = self._settings.outbox_poll_interval_s
                else:
                    idle = min(idle * 2, max(self._settings.outbox_idle_poll_max_s, idle))
                if woken is None:
                    await sleep_or_stop(
                        stop, self._settings.outbox_poll_interval_s if published else idle
                    )
                elif await _first_of(stop, woken, seconds=idle) is woken:
                    idle = self._settings.outbox_poll_interval_s
        finally:
            await self._unlisten()
            await self._drop_producer()
            log.info("outbox_relay_stopped", service=self._service)

    async def _listening(self) -> asyncio.Event | None:
        """The event a notification sets, listening first if need be; None on other
        databases than PostgreSQL (asyncpg), or while listening fails (the relay then
        polls, and tries again on its next round)."""
        if self._listener is not None:
            listening, woken = self._listener
            driver = (await listening.get_raw_connection()).driver_connection
            if driver is not None and not driver.is_closed():
                return woken
            await self._unlisten()
        bind = self._sessions.kw.get("bind")
        dialect = getattr(bind, "dialect", None)
        if (
            not isinstance(bind, AsyncEngine)
            or dialect is None
            or dialect.name != "postgresql"
            or dialect.driver != "asyncpg"
        ):
            return None
        event = asyncio.Event()
        connection: AsyncConnection | None = None
        try:
            connection = await bind.connect()
            listener = (await connection.get_raw_connection()).driver_connection
            assert listener is not None
            await listener.add_listener(NOTIFY_CHANNEL, lambda *_: event.set())
        except Exception as exc:
            log.warning("outbox_listen_failed", error=repr(exc))
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()
            return None
        self._listener = (connection, event)
        event.set()  # rows may have been committed before the LISTEN
        return event

    async def _unlisten(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(Exception):
                await listener[0].invalidate()
                await listener[0].close()

    async def _housekeeping(self) -> None:
        """Every few seconds the backlog gauge; every five minutes the retention purge."""
        current = now()
        if self._last_gauge is None or current - self._last_gauge > timedelta(seconds=5):
            self._last_gauge = current
            metrics.outbox_backlog.labels(self._service).set(await self.backlog())
        if self._last_purge is None or current - self._last_purge > timedelta(minutes=5):
            self._last_purge = current
            purged = await self.purge()
            if purged:
                log.info("outbox_purged", rows=purged)


class _Marks:
    """Rows of delivered batches waiting to be marked: the published ids, the ids of
    rows whose send failed, the first error, and the published count per topic."""

    def __init__(self) -> None:
        self.published: list[int] = []
        self.failed: list[int] = []
        self.error: str | None = None
        self.per_topic: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self.published or self.failed)

    def add(
        self,
        rows: Sequence[Any],
        outcomes: Sequence[BaseException | None],
        marked: Sequence[int],
    ) -> None:
        self.published.extend(marked)
        marked_set = set(marked)
        for row, outcome in zip(rows, outcomes, strict=True):
            if outcome is not None:
                self.failed.append(row.id)
                if self.error is None:
                    self.error = repr(outcome)
            elif row.id in marked_set:
                self.per_topic[row.topic] = self.per_topic.get(row.topic, 0) + 1


async def _settled(
    deliveries: Sequence[asyncio.Future[Any] | BaseException],
) -> list[BaseException | None]:
    """Wait for every delivery; each one's error, or None when it was delivered."""
    pending = [d for d in deliveries if isinstance(d, asyncio.Future)]
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
    return [d if isinstance(d, BaseException) else d.exception() for d in deliveries]


async def _first_of(*events: asyncio.Event, seconds: float) -> asyncio.Event | None:
    """Wait until one of ``events`` is set (returned, the first in order if several
    are) or ``seconds`` pass (None)."""
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    return next((e for e in events if e.is_set()), None)
