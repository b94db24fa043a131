"""The consumer runner: a read model fed from Kafka, exactly once in effect.

For each ``getmany`` batch, in ONE database transaction: skip events already in the
processed-events table, apply each new event's handler inside a savepoint (retried up
to ``consumer_max_attempts``), record its id as processed. Events that still fail, or
that cannot be parsed, go to ``<topic>.dlq`` with the error in the headers; the
consumer goes on. Offsets are committed only after the database commit, so a crash in
between redelivers the batch and the processed-events rows make the replay harmless.

Rebalances. The group can move a partition away while a batch is being applied (a
member joins or leaves), or count this consumer as gone when a batch takes longer than
``consumer_max_poll_interval_ms``. The runner notices both before its database commit
(partitions were revoked since the poll, or the poll is too old) and rolls the batch
back: the partition's new owner starts from the last committed offset. It never commits
an offset for a partition it no longer owns, and a commit the broker refuses
(``CommitFailedError`` and kin) is logged, counted and skipped: the records come again,
and a batch whose database commit did happen is skipped there as already processed.
On revocation it drops what it kept for the partitions (positions, lag).

``run_until_caught_up`` is the rebuild: it empties the read model and replays every
topic from its start up to the end offsets it sees when it starts, outside the consumer
group, then returns its counts (the ``rebuild`` command of every consuming service).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import (
    CommitFailedError,
    IllegalGenerationError,
    IllegalStateError,
    RebalanceInProgressError,
    UnknownMemberIdError,
)
from opentelemetry import trace
from pydantic import ValidationError
from sqlalchemy import Table, delete, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.aio import sleep_or_stop
from helhet_common.db.bulk import bulk_insert
from helhet_common.db.shared_tables import SharedTables
from helhet_common.db.upsert import insert_ignoring_conflicts
from helhet_common.heap import collector_paused
from helhet_common.messaging import dead_letters
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.messaging.heartbeat import HeartbeatWriter
from helhet_common.messaging.kafka import (
    dead_letter_topic,
    end_offsets,
    ensure_topics,
    make_admin,
    make_consumer,
    make_producer,
    topic_partitions,
)
from helhet_common.messaging.registry import EventRegistry
from helhet_common.observability import bound, metrics
from helhet_common.observability.telemetry import extract_context, tracer
from helhet_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

Handler = Callable[[AsyncSession, IntegrationEvent, CloudEvent], Awaitable[None]]
Applied = tuple[IntegrationEvent, CloudEvent]
BatchHandler = Callable[[AsyncSession, Sequence[Applied]], Awaitable[None]]
# Asked just before a batch's database commit: a reason to roll it back, or None.
KeepCheck = Callable[[], str | None]

# The longest the live loop waits for records before it looks at its heartbeat again.
# Records end the wait at once, so this costs no latency; it is how often an idle
# consumer's own loop wakes (the fetches go on underneath, every fetch wait).
IDLE_WAIT_MS = 1_000

# The broker's ways of saying that the group has moved on without this member.
_COMMIT_REFUSED = (
    CommitFailedError,
    IllegalGenerationError,
    IllegalStateError,
    RebalanceInProgressError,
    UnknownMemberIdError,
)


class BulkReplay(Protocol):
    """A rebuild's replay held in memory: each event folded as it is read, everything
    written at the end in one transaction (into tables already emptied)."""

    def add(self, event: IntegrationEvent, envelope: CloudEvent) -> None: ...

    async def write(self, session: AsyncSession) -> int: ...


@dataclass
class Projection:
    """What a consumer maintains, and the tables it owns.

    Either ``handlers`` (one function per event type) or ``apply_many`` (one function
    for a whole batch of the registry's events, in order: it can load and write every
    row the batch touches in a few statements). ``tables`` are emptied by a rebuild
    before the topics are replayed.
    """

    name: str
    registry: EventRegistry
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    apply_many: BatchHandler | None = None
    tables: Sequence[Table] = ()
    # Makes a bulk replay for a rebuild (``run_until_caught_up``); None: a rebuild
    # replays batch by batch, as ``run`` applies them.
    bulk_replay: Callable[[], BulkReplay] | None = None

    def __post_init__(self) -> None:
        if bool(self.handlers) == (self.apply_many is not None):
            raise ValueError("a projection has either handlers or apply_many")
        unknown = set(self.handlers) - {m.event_type for m in self.registry}
        if unknown:
            raise ValueError(f"handlers for unregistered event types: {sorted(unknown)}")

    @property
    def handles(self) -> set[str]:
        if self.apply_many is not None:
            return {m.event_type for m in self.registry}
        return set(self.handlers)

    @property
    def topics(self) -> list[str]:
        return sorted({self.registry.model_for(t).topic for t in self.handles})

    async def apply(self, session: AsyncSession, items: Sequence[Applied]) -> None:
        if self.apply_many is not None:
            await self.apply_many(session, items)
            return
        for event, envelope in items:
            await self.handlers[envelope.type](session, event, envelope)


@dataclass
class DeadLetter:
    """A record the runner gives up on (``operations.DeadLetter`` is the same letter as
    read back from the dead-letter topic)."""

    record: ConsumerRecord[bytes, bytes]
    reason: str
    error: str
    attempts: int
    event_id: str = ""
    event_type: str = ""


@dataclass(frozen=True)
class _Pending:
    record: ConsumerRecord[bytes, bytes]
    envelope: CloudEvent
    event: IntegrationEvent


@dataclass
class BatchResult:
    applied: int = 0
    duplicates: int = 0
    ignored: int = 0
    dead_lettered: list[DeadLetter] = field(default_factory=list)
    # Why the batch was rolled back ("revoked", "poll_interval"), or "" when committed.
    rolled_back: str = ""


@dataclass
class _Replay:
    """A bulk rebuild under way: the folded states, the applied event ids (for the
    processed-events rows), the dead letters and the counts by (topic, outcome)."""

    fold: BulkReplay
    seen: set[str] = field(default_factory=set)
    processed: list[tuple[str, str]] = field(default_factory=list)
    letters: list[DeadLetter] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)


class _RolledBack(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CatchUpResult:
    """What ``ConsumerRunner.run_until_caught_up`` did, in records below the end offsets."""

    applied: int = 0
    duplicates: int = 0
    ignored: int = 0
    dead_lettered: int = 0
    seconds: float = 0.0
    # False when ``stop`` was set before every partition reached its end offset.
    complete: bool = True

    @property
    def records(self) -> int:
        return self.applied + self.duplicates + self.ignored + self.dead_lettered

    @property
    def events_per_second(self) -> float:
        return self.applied / self.seconds if self.seconds > 0 else 0.0


class ConsumerRunner:
    def __init__(
        self,
        *,
        settings: ServiceSettings,
        session_factory: async_sessionmaker[AsyncSession],
        tables: SharedTables,
        projection: Projection,
        group_id: str | None = None,
        after_db_commit: Callable[[], Awaitable[None] | None] | None = None,
    ) -> None:
        self._settings = settings
        self._sessions = session_factory
        self._processed = tables.processed_events
        self._heartbeats = tables.consumer_heartbeats
        self._projection = projection
        self.group_id = group_id or settings.resolved_consumer_group
        self._after_db_commit = after_db_commit
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None
        self._service = settings.service_name
        self._tracer = tracer("helhet.consumer")
        # Where the live consumer has got to, per partition: the next offset and the lag.
        self._positions: dict[TopicPartition, int] = {}
        self._lags: dict[TopicPartition, int] = {}
        # Bumped each time partitions are revoked from this consumer: a batch polled in
        # an older generation may hold records of partitions another member now owns.
        self._generation = 0
        self._batch_limit = settings.consumer_max_records
        # The live consumer's heartbeat, which counts its rebalances into the row.
        self._beat: HeartbeatWriter | None = None
        self._max_poll_s = settings.consumer_max_poll_interval_ms / 1000

    # -- the batch: pure database work plus dead letters -------------------------------

    async def apply_batch(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], *, keep: KeepCheck | None = None
    ) -> BatchResult:
        """Apply a batch in one transaction; send dead letters before committing it.

        The whole batch is applied at once in one savepoint. If that fails, it is rolled
        back and each event is applied alone in its own savepoint (retried), so one
        poison event goes to the dead letters and the rest are applied.

        ``keep`` is asked before the dead letters are sent and again just before the
        commit; when it gives a reason, the transaction is rolled back and the result
        says why (``rolled_back``), with nothing counted as applied.
        """
        try:
            return await self._apply_batch(records, keep)
        except _RolledBack as exc:
            return BatchResult(rolled_back=exc.reason)

    async def _apply_batch(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], keep: KeepCheck | None
    ) -> BatchResult:
        result = BatchResult()
        parsed: list[tuple[ConsumerRecord[bytes, bytes], CloudEvent | None, str]] = []
        for record in records:
            if not dead_letters.is_for(record.headers, self.group_id):
                # A dead letter of another group, replayed for that group alone.
                result.ignored += 1
                self._count(record.topic, "ignored")
                log.debug(
                    "replay_for_another_consumer",
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                )
                continue
            try:
                parsed.append((record, CloudEvent.from_json_bytes(record.value or b""), ""))
            except (ValidationError, ValueError) as exc:
                parsed.append((record, None, f"malformed envelope: {exc}"))
        handles = self._projection.handles
        async with self._sessions() as session, session.begin():
            # Claimed before the data is parsed: an event processed before (a
            # redelivery, a group reading from the beginning) costs its envelope and
            # its share of one statement, nothing more.
            candidates: list[tuple[ConsumerRecord[bytes, bytes], CloudEvent]] = []
            seen: set[str] = set()
            duplicates: Counter[str] = Counter()
            for record, envelope, problem in parsed:
                if envelope is None:
                    result.dead_lettered.append(DeadLetter(record, "malformed", problem, 0))
                elif envelope.type not in handles:
                    result.ignored += 1
                    self._count(record.topic, "ignored")
                elif envelope.id in seen:
                    duplicates[record.topic] += 1
                else:
                    seen.add(envelope.id)
                    candidates.append((record, envelope))
            fresh = await self._claim(session, [envelope for _, envelope in candidates])
            pending: list[_Pending] = []
            invalid: list[str] = []
            for record, envelope in candidates:
                if envelope.id not in fresh:
                    duplicates[record.topic] += 1
                    continue
                try:
                    event = self._projection.registry.parse(envelope)
                except ValidationError as exc:
                    result.dead_lettered.append(
                        DeadLetter(
                            record, "invalid-data", _short(exc), 0, envelope.id, envelope.type
                        )
                    )
                    invalid.append(envelope.id)
                    continue
                pending.append(_Pending(record, envelope, event))
            if invalid:
                await self._unclaim(session, invalid)
            for topic, n in duplicates.items():
                result.duplicates += n
                self._count(topic, "duplicate", n)
            applied, letters = await self._apply_all(session, pending)
            if letters:
                await self._unclaim(session, [letter.event_id for letter in letters])
            result.dead_lettered.extend(letters)
            result.applied = len(applied)
            _check(keep)
            if result.dead_lettered:
                await self._send_dead_letters(result.dead_lettered)
            _check(keep)
        if applied:
            per_topic = Counter(item.record.topic for item in applied)
            for topic, n in per_topic.items():
                self._count(topic, "applied", n)
            metrics.observe_projection_delays(
                self._service, [item.envelope.time for item in applied]
            )
        return result

    async def _claim(self, session: AsyncSession, candidates: list[CloudEvent]) -> set[str]:
        """Record the batch's events as processed, in one statement; returns the ids that
        were not recorded before (the others are redeliveries)."""
        if not candidates:
            return set()
        now = datetime.now(UTC)
        if _dialect(session) == "postgresql":
            # One row of two arrays instead of a row of parameters per event: PostgreSQL
            # unnests them, and nothing is processed per event on this side.
            result = await session.execute(
                text(
                    f"INSERT INTO {self._processed.name} "
                    "(consumer, event_id, event_type, processed_at) "
                    "SELECT :consumer, u.event_id, u.event_type, :now "
                    "FROM unnest(CAST(:ids AS varchar[]), CAST(:types AS varchar[])) "
                    "AS u(event_id, event_type) "
                    "ON CONFLICT DO NOTHING RETURNING event_id"
                ),
                {
                    "consumer": self.group_id,
                    "now": now,
                    "ids": [envelope.id for envelope in candidates],
                    "types": [envelope.type for envelope in candidates],
                },
            )
            return set(result.scalars())
        result = await session.execute(
            insert_ignoring_conflicts(session, self._processed).returning(
                self._processed.c.event_id
            ),
            [
                {
                    "consumer": self.group_id,
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "processed_at": now,
                }
                for envelope in candidates
            ],
        )
        return set(result.scalars())

    async def _unclaim(self, session: AsyncSession, event_ids: list[str]) -> None:
        """Dead-lettered events are not processed: a replay after a fix applies them."""
        table = self._processed
        await session.execute(
            delete(table).where(table.c.consumer == self.group_id, table.c.event_id.in_(event_ids))
        )

    async def _apply_all(
        self, session: AsyncSession, pending: list[_Pending]
    ) -> tuple[list[_Pending], list[DeadLetter]]:
        """The fast path: the whole batch in one savepoint, one span linked to each
        event's trace. On failure, the slow path (``_apply_parts``): halves of the
        batch, down to single events where they fail."""
        if not pending:
            return [], []
        links = [
            trace.Link(ctx)
            for ctx in (
                trace.get_current_span(
                    extract_context(list(p.record.headers or ()))
                ).get_span_context()
                for p in pending
            )
            if ctx.is_valid
        ]
        try:
            with self._tracer.start_as_current_span(
                "process batch",
                kind=trace.SpanKind.CONSUMER,
                links=links,
                attributes={"messaging.batch.message_count": len(pending)},
            ):
                async with session.begin_nested():
                    await self._projection.apply(session, [(p.event, p.envelope) for p in pending])
            return pending, []
        except Exception as exc:
            log.warning("batch_apply_failed", events=len(pending), error=repr(exc))
        applied: list[_Pending] = []
        letters: list[DeadLetter] = []
        await self._apply_parts(session, pending, applied, letters)
        return applied, letters

    async def _apply_parts(
        self,
        session: AsyncSession,
        items: list[_Pending],
        applied: list[_Pending],
        letters: list[DeadLetter],
    ) -> None:
        """A part of a batch that failed: each half in its own savepoint, in order, and a
        half that fails split again, down to single events, which are retried and dead
        lettered (``_apply_one``). One poison event among n costs about 2·log2(n)
        savepoints instead of n (batches hold thousands of events)."""
        if len(items) == 1:
            letter = await self._apply_one(session, items[0])
            if letter is None:
                applied.append(items[0])
            else:
                letters.append(letter)
            return
        middle = len(items) // 2
        for half in (items[:middle], items[middle:]):
            if len(half) > 1:
                try:
                    async with session.begin_nested():
                        await self._projection.apply(session, [(p.event, p.envelope) for p in half])
                except Exception as exc:
                    log.warning("batch_part_failed", events=len(half), error=repr(exc))
                else:
                    applied.extend(half)
                    continue
            await self._apply_parts(session, half, applied, letters)

    async def _apply_one(self, session: AsyncSession, item: _Pending) -> DeadLetter | None:
        record, envelope = item.record, item.envelope
        parent = extract_context(list(record.headers or ()))
        attempts = self._settings.consumer_max_attempts
        last_error: BaseException | None = None
        with (
            bound(event_id=envelope.id, correlation_id=envelope.correlationid),
            self._tracer.start_as_current_span(
                f"{record.topic} process",
                context=parent,
                kind=trace.SpanKind.CONSUMER,
                attributes={"messaging.message.id": envelope.id, "cloudevents.type": envelope.type},
            ),
        ):
            for attempt in range(1, attempts + 1):
                try:
                    async with session.begin_nested():
                        await self._projection.apply(session, [(item.event, envelope)])
                    return None
                except Exception as exc:
                    last_error = exc
                    log.warning(
                        "event_handler_failed",
                        event_type=envelope.type,
                        attempt=attempt,
                        error=repr(exc),
                    )
                    if attempt < attempts:
                        await asyncio.sleep(0.01 * 2**attempt)
        return DeadLetter(
            record, "handler-failed", _short(last_error), attempts, envelope.id, envelope.type
        )

    async def _send_dead_letters(self, letters: Iterable[DeadLetter]) -> None:
        producer = await self._dlq_producer()
        failed_at = datetime.now(UTC)
        futures = []
        for letter in letters:
            record = letter.record
            headers = dead_letters.dead_letter_headers(
                record.headers or (),
                reason=letter.reason,
                error=letter.error,
                attempts=letter.attempts,
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                consumer=self.group_id,
                failed_at=failed_at,
                event_id=letter.event_id,
                event_type=letter.event_type,
            )
            futures.append(
                await producer.send(
                    dead_letter_topic(record.topic),
                    value=record.value,
                    key=record.key,
                    headers=headers,
                )
            )
            metrics.dead_letters_total.labels(self._service, record.topic).inc()
            self._count(record.topic, "dead_lettered")
            log.error(
                "event_dead_lettered",
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                event_id=letter.event_id or None,
                reason=letter.reason,
                error=letter.error,
            )
        await asyncio.gather(*futures)

    async def _dlq_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = make_producer(self._settings, client_id=f"{self._service}-dlq")
            await producer.start()
            self._producer = producer
        return self._producer

    def _count(self, topic: str, outcome: str, n: int = 1) -> None:
        metrics.events_consumed_total.labels(self._service, topic, outcome).inc(n)

    async def close(self) -> None:
        """Stop the dead-letter producer (``run`` does this itself when it ends)."""
        producer, self._producer = self._producer, None
        if producer is not None:
            await producer.stop()

    # -- bulk rebuild ------------------------------------------------------------------

    def _replay_add(self, replay: _Replay, records: Iterable[ConsumerRecord[bytes, bytes]]) -> None:
        """Fold records into a bulk replay, sorting out what ``apply_batch`` would not
        apply: another group's dead letters and unhandled types (ignored), redelivered
        event ids (duplicates), malformed envelopes, invalid data and events whose
        transition fails (dead letters; the transition is pure, so a retry would fail
        the same way)."""
        handles = self._projection.handles
        registry = self._projection.registry
        counts = replay.counts
        for record in records:
            if not dead_letters.is_for(record.headers, self.group_id):
                counts[(record.topic, "ignored")] += 1
                continue
            try:
                envelope = CloudEvent.from_json_bytes(record.value or b"")
            except (ValidationError, ValueError) as exc:
                replay.letters.append(
                    DeadLetter(record, "malformed", f"malformed envelope: {exc}", 0)
                )
                continue
            if envelope.type not in handles:
                counts[(record.topic, "ignored")] += 1
                continue
            if envelope.id in replay.seen:
                counts[(record.topic, "duplicate")] += 1
                continue
            try:
                event = registry.parse(envelope)
            except ValidationError as exc:
                replay.letters.append(
                    DeadLetter(record, "invalid-data", _short(exc), 0, envelope.id, envelope.type)
                )
                continue
            try:
                replay.fold.add(event, envelope)
            except Exception as exc:
                replay.letters.append(
                    DeadLetter(record, "handler-failed", _short(exc), 1, envelope.id, envelope.type)
                )
                continue
            replay.seen.add(envelope.id)
            replay.processed.append((envelope.id, envelope.type))
            counts[(record.topic, "applied")] += 1

    async def _replay_write(self, replay: _Replay) -> BatchResult:
        """One transaction: empty the read model, write every folded state and a
        processed-events row per applied event, send the dead letters, commit."""
        now = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            for table in reversed(self._projection.tables):
                await session.execute(delete(table))
            await session.execute(
                delete(self._processed).where(self._processed.c.consumer == self.group_id)
            )
            await replay.fold.write(session)
            await bulk_insert(
                session,
                self._processed,
                (
                    {
                        "consumer": self.group_id,
                        "event_id": event_id,
                        "event_type": event_type,
                        "processed_at": now,
                    }
                    for event_id, event_type in replay.processed
                ),
            )
            if replay.letters:
                await self._send_dead_letters(replay.letters)
        result = BatchResult(dead_lettered=replay.letters)
        for (topic, outcome), n in replay.counts.items():
            self._count(topic, outcome, n)
            if outcome == "applied":
                result.applied += n
            elif outcome == "duplicate":
                result.duplicates += n
            else:
                result.ignored += n
        log.info("read_model_reset", projection=self._projection.name, bulk=True)
        return result

    async def rebuild_from(self, records: Iterable[ConsumerRecord[bytes, bytes]]) -> BatchResult:
        """The bulk rebuild of ``records`` (in the order a replay reads them): the
        read model emptied and refilled in one transaction. Only for projections with
        a ``bulk_replay``."""
        make = self._projection.bulk_replay
        if make is None:
            raise ValueError(f"{self._projection.name} has no bulk replay")
        replay = _Replay(make())
        self._replay_add(replay, records)
        return await self._replay_write(replay)

    # -- rebuild -----------------------------------------------------------------------

    async def reset_read_model(self) -> None:
        """Empty the projection's tables and its processed-events rows, in one transaction."""
        async with self._sessions() as session, session.begin():
            for table in reversed(self._projection.tables):
                await session.execute(delete(table))
            await session.execute(
                delete(self._processed).where(self._processed.c.consumer == self.group_id)
            )
        log.info("read_model_reset", projection=self._projection.name)

    async def run_until_caught_up(
        self, stop: asyncio.Event | None = None, *, reset: bool = True
    ) -> CatchUpResult:
        """Replay every topic from its start up to the end offsets seen now, then return.

        With ``reset`` (a rebuild) the read model is emptied first (``reset_read_model``).
        Records are applied exactly as ``run`` applies them (same batches, same
        processed-events rows under this runner's ``group_id``, same dead letters);
        records published after the end offsets were captured are left to the live
        consumer.

        The replay reads outside any consumer group and commits no offsets, so the
        live group's committed offsets stay where they were. When its consumers start
        again they resume from there, and every event up to the end offsets is already
        in processed-events: the ones they read again are skipped as duplicates. Stop
        the live consumers during a rebuild: they would otherwise keep writing to the
        tables it empties and refills (each event would still be applied once, but not
        necessarily in order). An interrupted rebuild (``stop`` set, or an error) leaves
        a partial read model: run it again.
        """
        started = time.monotonic()
        topics = self._projection.topics
        await ensure_topics(self._settings, topics + [dead_letter_topic(t) for t in topics])
        bulk = self._projection.bulk_replay if reset else None
        if reset and bulk is None:
            await self.reset_read_model()
        partitions: list[TopicPartition] = []
        if topics:
            admin = make_admin(self._settings)
            await admin.start()
            try:
                partitions = await topic_partitions(admin, topics)
            finally:
                await admin.close()
        counts = {"applied": 0, "duplicates": 0, "ignored": 0, "dead_lettered": 0}
        complete = True
        if bulk is not None:
            replay = _Replay(bulk())
            if partitions:
                with collector_paused():
                    complete = await self._replay(partitions, counts, stop, bulk=replay)
            if complete:
                try:
                    written = await self._replay_write(replay)
                finally:
                    await self.close()  # the dead-letter producer, if letters were sent
                counts["applied"] += written.applied
                counts["duplicates"] += written.duplicates
                counts["ignored"] += written.ignored
                counts["dead_lettered"] += len(written.dead_lettered)
        elif partitions:
            complete = await self._replay(partitions, counts, stop)
        result = CatchUpResult(
            applied=counts["applied"],
            duplicates=counts["duplicates"],
            ignored=counts["ignored"],
            dead_lettered=counts["dead_lettered"],
            seconds=time.monotonic() - started,
            complete=complete,
        )
        log.info(
            "caught_up",
            projection=self._projection.name,
            group=self.group_id,
            reset=reset,
            applied=result.applied,
            duplicates=result.duplicates,
            ignored=result.ignored,
            dead_lettered=result.dead_lettered,
            seconds=round(result.seconds, 3),
            complete=result.complete,
        )
        return result

    async def _replay(
        self,
        partitions: list[TopicPartition],
        counts: dict[str, int],
        stop: asyncio.Event | None,
        *,
        bulk: _Replay | None = None,
    ) -> bool:
        consumer = make_consumer(
            self._settings, group_id=None, client_id=f"{self._service}-catch-up"
        )
        # The rebuild beats as the group's consumer, saying that it rebuilds: the api then
        # serves a read model being refilled (degraded), not one nobody keeps (stale).
        heartbeat = self._heartbeat()
        await consumer.start()
        try:
            consumer.assign(partitions)
            ends = await end_offsets(consumer, partitions)
            await heartbeat.beat(state="rebuilding", force=True)
            await consumer.seek_to_beginning(*partitions)
            remaining: set[TopicPartition] = set()
            for tp in partitions:
                if await consumer.position(tp) < ends[tp]:
                    remaining.add(tp)
                else:
                    consumer.pause(tp)
            log.info(
                "catch_up_started",
                partitions=len(partitions),
                end_offsets={f"{tp.topic}:{tp.partition}": ends[tp] for tp in partitions},
            )
            while remaining:
                if stop is not None and stop.is_set():
                    return False
                batches = await consumer.getmany(
                    timeout_ms=200,
                    max_records=self._settings.consumer_max_records if bulk is None else None,
                )
                below_end = {
                    tp: kept
                    for tp, records in batches.items()
                    if (kept := [r for r in records if r.offset < ends[tp]])
                }
                if below_end and bulk is not None:
                    self._replay_add(bulk, (r for tp in sorted(below_end) for r in below_end[tp]))
                elif below_end:
                    result = await self._handle(consumer, below_end, commit=False)
                    counts["applied"] += result.applied
                    counts["duplicates"] += result.duplicates
                    counts["ignored"] += result.ignored
                    counts["dead_lettered"] += len(result.dead_lettered)
                if heartbeat.due(batch=bool(below_end)):
                    behind = [ends[tp] - await consumer.position(tp) for tp in partitions]
                    await heartbeat.beat(
                        state="rebuilding",
                        batch=bool(below_end),
                        positions=self._reached(),
                        lag=sum(max(n, 0) for n in behind),
                    )
                for tp in sorted(remaining):
                    if await consumer.position(tp) >= ends[tp]:
                        remaining.discard(tp)
                        consumer.pause(tp)
            return True
        finally:
            await consumer.stop()
            await self.close()
            await heartbeat.beat(state="stopped", positions=self._reached(), force=True)

    def _heartbeat(self) -> HeartbeatWriter:
        return HeartbeatWriter(
            sessions=self._sessions,
            table=self._heartbeats,
            consumer=self.group_id,
            interval_s=self._settings.consumer_heartbeat_interval_s,
        )

    # -- the loop ----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, *, from_beginning: bool = False) -> None:
        """Consume until ``stop`` is set. ``from_beginning`` truncates and replays."""
        topics = self._projection.topics
        await ensure_topics(self._settings, topics + [dead_letter_topic(t) for t in topics])
        if from_beginning:
            await self.reset_read_model()
        consumer = make_consumer(self._settings, group_id=self.group_id)
        consumer.subscribe(
            topics=topics, listener=_Rebalance(self, consumer, rewind=from_beginning)
        )
        self._consumer = consumer
        heartbeat = self._beat = self._heartbeat()
        await consumer.start()
        log.info("consumer_started", topics=topics, group=self.group_id, rebuild=from_beginning)
        await heartbeat.beat(force=True)
        backoff = 0.0
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                generation = self._generation
                batches = await self._poll(consumer, stopping)
                polled_at = time.monotonic()
                if not batches:
                    if heartbeat.due():
                        await heartbeat.beat(lag=self._lag(consumer), batch=False)
                    continue
                try:
                    result = await self._handle(
                        consumer, batches, generation=generation, polled_at=polled_at
                    )
                    backoff = 0.0
                except Exception as exc:
                    # No beat while batches fail: a consumer that cannot apply them is
                    # not keeping up, and the api says so once the last beat is stale.
                    backoff = min(max(backoff * 2, 0.2), 10.0)
                    log.error("consumer_batch_failed", error=repr(exc), retry_in_s=backoff)
                    self._rewind(consumer, batches)
                    await sleep_or_stop(stop, backoff)
                    continue
                if result.rolled_back:
                    continue
                await heartbeat.beat(
                    batch=True,
                    positions={
                        f"{tp.topic}:{tp.partition}": n for tp, n in self._positions.items()
                    },
                    lag=self._lag(consumer),
                )
        finally:
            stopping.cancel()
            await consumer.stop()
            await self.close()
            await heartbeat.beat(state="stopped", positions=self._reached(), force=True)
            log.info("consumer_stopped", group=self.group_id)

    async def _poll(
        self, consumer: AIOKafkaConsumer, stopping: asyncio.Future[Any] | None = None
    ) -> dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]:
        """One batch: a ``getmany`` that waits for the first records, then whatever else
        is already fetched, up to the batch limit, without waiting for more. A backlog
        is applied in batches of the limit (fewer rows written per event: one
        participant's events are folded together), while a trickle of live events is
        applied as soon as it arrives.

        The wait for the first records is ``IDLE_WAIT_MS`` (``getmany`` returns as soon
        as a fetch brings records, so a longer wait delays nothing) or until
        ``stopping`` is done: an idle consumer's loop wakes once a second, not five
        times (issue 14), and stops at once."""
        batches: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
        if stopping is None:
            batches = await consumer.getmany(timeout_ms=200, max_records=self._batch_limit)
        else:
            first = asyncio.ensure_future(
                consumer.getmany(timeout_ms=IDLE_WAIT_MS, max_records=self._batch_limit)
            )
            await asyncio.wait((first, stopping), return_when=asyncio.FIRST_COMPLETED)
            if not first.done():  # stopping: what was fetched stays uncommitted
                first.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await first
                return {}
            batches = first.result()
        count = sum(len(records) for records in batches.values())
        while batches and count < self._batch_limit:
            more = await consumer.getmany(timeout_ms=0, max_records=self._batch_limit - count)
            if not more:
                break
            for tp, records in more.items():
                batches.setdefault(tp, []).extend(records)
                count += len(records)
        return batches

    def _reached(self) -> dict[str, int]:
        return {f"{tp.topic}:{tp.partition}": n for tp, n in self._positions.items()}

    def _lag(self, consumer: AIOKafkaConsumer) -> int | None:
        """Records behind the end of the partitions assigned now, as of their last batch."""
        assigned = consumer.assignment()
        lags = [lag for tp, lag in self._lags.items() if tp in assigned]
        return sum(lags) if lags else None

    def _rewind(
        self,
        consumer: AIOKafkaConsumer,
        batches: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    ) -> None:
        """Poll the batch again from its first record, on the partitions still owned (a
        partition that moved starts from its committed offset at its new owner)."""
        owned = consumer.assignment()
        for tp, records in batches.items():
            if tp in owned:
                consumer.seek(tp, records[0].offset)

    async def _handle(
        self,
        consumer: AIOKafkaConsumer,
        batches: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
        *,
        commit: bool = True,
        generation: int | None = None,
        polled_at: float | None = None,
    ) -> BatchResult:
        records = [r for tp in sorted(batches) for r in batches[tp]]
        polled_in = self._generation if generation is None else generation

        def keep() -> str | None:
            if self._generation != polled_in:
                return "revoked"
            # Past the poll interval the group counts this consumer as gone (aiokafka
            # leaves it). A lone record is kept: polling it again would not be faster,
            # and its processed-events row makes the redelivery harmless.
            if (
                polled_at is not None
                and len(records) > 1
                and time.monotonic() - polled_at >= self._max_poll_s
            ):
                return "poll_interval"
            return None

        result = await self.apply_batch(records, keep=keep if commit else None)
        if result.rolled_back:
            self._rolled_back(consumer, batches, result.rolled_back)
            return result
        if self._after_db_commit is not None:
            maybe = self._after_db_commit()
            if maybe is not None:
                await maybe
        if commit:
            await self._commit(consumer, batches, polled_in)
        if len(records) >= self._batch_limit:
            self._batch_limit = min(self._batch_limit * 2, self._settings.consumer_max_records)
        owned = consumer.assignment()
        for tp in batches:
            if tp not in owned:
                continue
            position = await consumer.position(tp)
            self._positions[tp] = position
            highwater = consumer.highwater(tp)
            if highwater is not None:
                lag = max(highwater - position, 0)
                self._lags[tp] = lag
                metrics.consumer_lag.labels(self._service, tp.topic, str(tp.partition)).set(lag)
        log.debug(
            "batch_applied",
            applied=result.applied,
            duplicates=result.duplicates,
            ignored=result.ignored,
            dead_lettered=len(result.dead_lettered),
        )
        return result

    def _rolled_back(
        self,
        consumer: AIOKafkaConsumer,
        batches: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
        reason: str,
    ) -> None:
        metrics.consumer_rebalances_total.labels(self._service, f"rolled_back_{reason}").inc()
        if self._beat is not None:
            self._beat.rolled_back()
        if reason == "poll_interval":
            # The batch was too big for the poll interval: poll smaller ones for a while.
            self._batch_limit = max(self._batch_limit // 2, 1)
        log.warning(
            "batch_rolled_back",
            reason=reason,
            records=sum(len(rs) for rs in batches.values()),
            partitions=_names(batches),
            next_batch_limit=self._batch_limit,
        )
        self._rewind(consumer, batches)

    async def _commit(
        self,
        consumer: AIOKafkaConsumer,
        batches: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
        generation: int,
    ) -> None:
        """Commit the batch's offsets for the partitions this consumer still owns.

        The database commit is done: a refused offset commit only means the partition's
        next owner reads these records again and skips them as processed.
        """
        if self._generation != generation:
            self._refused("revoked", batches, None)
            return
        owned = consumer.assignment()
        offsets = {tp: rs[-1].offset + 1 for tp, rs in batches.items() if tp in owned}
        if len(offsets) < len(batches):
            self._refused("not_owned", {tp: [] for tp in batches if tp not in owned}, None)
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except _COMMIT_REFUSED as exc:
            self._refused("broker_refused", batches, exc)

    def _refused(
        self,
        reason: str,
        batches: Mapping[TopicPartition, Sequence[object]],
        error: BaseException | None,
    ) -> None:
        metrics.consumer_offset_commits_refused_total.labels(self._service, reason).inc()
        if self._beat is not None:
            self._beat.commit_refused()
        log.warning(
            "offset_commit_refused",
            reason=reason,
            partitions=_names(batches),
            error=repr(error) if error is not None else None,
        )

    def _on_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        """Forget what this consumer kept for partitions that are no longer its own;
        count the revocation into the heartbeat row (with the next beat)."""
        self._generation += 1
        revoked = list(revoked)
        if revoked and self._beat is not None:
            self._beat.rebalanced()
        for tp in revoked:
            self._positions.pop(tp, None)
            if self._lags.pop(tp, None) is not None:
                with contextlib.suppress(KeyError):
                    metrics.consumer_lag.remove(self._service, tp.topic, str(tp.partition))


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """Logs and counts assignments and revocations; drops what the runner kept for a
    revoked partition; in a rebuild, rewinds each partition to its start once."""

    def __init__(self, runner: ConsumerRunner, consumer: AIOKafkaConsumer, *, rewind: bool) -> None:
        self._runner = runner
        self._consumer = consumer
        self._rewind = rewind
        self._done: set[TopicPartition] = set()

    async def on_partitions_revoked(self, revoked: Any) -> None:
        self._runner._on_revoked(revoked)
        if revoked:
            metrics.consumer_rebalances_total.labels(self._runner._service, "revoked").inc()
        log.info("partitions_revoked", partitions=_names(revoked), group=self._runner.group_id)

    async def on_partitions_assigned(self, assigned: Any) -> None:
        if assigned:
            metrics.consumer_rebalances_total.labels(self._runner._service, "assigned").inc()
        log.info("partitions_assigned", partitions=_names(assigned), group=self._runner.group_id)
        if not self._rewind:
            return
        fresh = [tp for tp in assigned if tp not in self._done]
        if fresh:
            await self._consumer.seek_to_beginning(*fresh)
            self._done.update(fresh)


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else ""


def _check(keep: KeepCheck | None) -> None:
    reason = keep() if keep is not None else None
    if reason:
        raise _RolledBack(reason)


def _names(partitions: Iterable[TopicPartition]) -> list[str]:
    return sorted(f"{tp.topic}:{tp.partition}" for tp in partitions)


def _short(exc: BaseException | None) -> str:
    return repr(exc)[:2000] if exc is not None else ""
