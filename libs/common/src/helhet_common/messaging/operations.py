"""What an operations page needs: consumer lag, dead letters and their replay, event rates.

Every Kafka function opens its own short-lived clients (no consumer group joined, no
offset committed). It raises ``TimeoutError`` when it has not finished after
``timeout_s``, and ``aiokafka.errors.KafkaError`` (``KafkaConnectionError``) when the
broker cannot be reached: a page catches both. A topic that does not exist yet is not
an error: it has no partitions, so no rows (and it is not created). ``client_options``
are passed to every aiokafka client (e.g. ``security_protocol``, ``ssl_context``,
``sasl_mechanism``), for a broker that needs more than a bootstrap address.

Dead letters are read back from the headers the consumer runner writes
(:mod:`helhet_common.messaging.dead_letters`). Replaying one publishes the original
record again to its original topic, addressed to the consumer group that failed
(``helhet-replay-for``): the other groups reading that topic skip it. That group applies
it if it was never applied (a dead-lettered event is not recorded as processed) and
skips it as a duplicate otherwise, so replaying twice, or retrying a replay that timed
out, is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import DateTime, column, func, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.messaging import dead_letters as headers
from helhet_common.messaging.kafka import DLQ_SUFFIX, end_offsets, topic_partitions

__all__ = [
    "BrokerView",
    "DeadLetter",
    "PartitionLag",
    "consumer_lag",
    "events_per_minute",
    "groups_lag",
    "list_dead_letters",
    "replay_dead_letter",
]

CLIENT_ID = "helhet-operations"


@dataclass(frozen=True)
class PartitionLag:
    """One partition of a consumer group: ``committed`` is ``None`` when the group has
    committed nothing there yet, and the lag then counts from the partition's start."""

    topic: str
    partition: int
    committed: int | None
    end_offset: int
    lag: int


@dataclass(frozen=True)
class DeadLetter:
    """A record of a dead-letter topic, with the failure its headers describe.

    ``event_id`` and ``event_type`` come from the headers, or from the record itself
    when it is a CloudEvent written before those headers existed; ``failed_at`` from
    the ``dlq-failed-at`` header, or else the record's timestamp.
    """

    dlq_topic: str
    partition: int
    offset: int
    original_topic: str | None
    original_partition: int | None
    original_offset: int | None
    key: str | None
    event_id: str | None
    event_type: str | None
    consumer: str | None
    error: str | None
    failed_at: datetime | None


# -- consumer lag ----------------------------------------------------------------------


async def consumer_lag(
    bootstrap_servers: str,
    group_id: str,
    topics: Sequence[str],
    *,
    timeout_s: float = 5.0,
    client_options: Mapping[str, Any] | None = None,
) -> list[PartitionLag]:
    """The lag of ``group_id`` on every partition of ``topics``, sorted by topic and
    partition: end offset minus committed offset, or minus the partition's first
    offset when the group has committed nothing there. Joins no group."""
    options = dict(client_options or {})
    async with asyncio.timeout(timeout_s):
        partitions = await _partitions(bootstrap_servers, topics, options)
        if not partitions:
            return []
        async with _consumer(bootstrap_servers, options, group_id=group_id) as consumer:
            consumer.assign(partitions)
            ends = await end_offsets(consumer, partitions)
            starts = await consumer.beginning_offsets(partitions)
            committed = await asyncio.gather(*(consumer.committed(tp) for tp in partitions))
    rows = []
    for tp, offset in zip(partitions, committed, strict=True):
        done = offset if offset is not None and offset >= 0 else None
        base = done if done is not None else starts[tp]
        rows.append(PartitionLag(tp.topic, tp.partition, done, ends[tp], max(ends[tp] - base, 0)))
    return rows


async def groups_lag(
    bootstrap_servers: str,
    groups: Mapping[str, Sequence[str]],
    *,
    timeout_s: float = 5.0,
    client_options: Mapping[str, Any] | None = None,
) -> dict[str, list[PartitionLag]]:
    """The lag of several consumer groups at once, with one admin client and one
    consumer for them all (an operations page shows every group of the platform).

    ``groups`` maps each group to the topics it is known to read (may be empty): every
    partition of those topics is listed, from its start when the group has committed
    nothing there; a group's other committed partitions are listed too, so another
    service's group is shown without knowing its topics. A group with no commits and no
    known topics has no rows. Joins no group."""
    options = dict(client_options or {})
    async with asyncio.timeout(timeout_s):
        admin = AIOKafkaAdminClient(
            bootstrap_servers=bootstrap_servers, client_id=CLIENT_ID, **options
        )
        try:
            await admin.start()
            async with _consumer(bootstrap_servers, options) as consumer:
                return await _groups_lag(admin, consumer, groups)
        finally:
            await admin.close()


async def _groups_lag(
    admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, groups: Mapping[str, Sequence[str]]
) -> dict[str, list[PartitionLag]]:
    # Every partition of the platform's topics (not the dead-letter ones) is asked for by
    # name: a broker need not answer "all the group's offsets" (Tansu does not).
    every = [
        tp
        for tp in await topic_partitions(admin, await _topics(admin))
        if not tp.topic.endswith(DLQ_SUFFIX)
    ]
    commits = (
        await asyncio.gather(
            *(admin.list_consumer_group_offsets(g, partitions=every) for g in groups)
        )
        if every
        else [{} for _ in groups]
    )
    committed: dict[str, dict[TopicPartition, int | None]] = {}
    for group, found in zip(groups, commits, strict=True):
        mine = set(groups[group])
        rows: dict[TopicPartition, int | None] = {tp: None for tp in every if tp.topic in mine}
        for tp, meta in found.items():
            if meta.offset is not None and meta.offset >= 0:
                rows[tp] = meta.offset
        committed[group] = rows
    wanted = sorted({tp for rows in committed.values() for tp in rows})
    if not wanted:
        return {group: [] for group in groups}
    consumer.assign(wanted)
    ends = await end_offsets(consumer, wanted)
    starts = await consumer.beginning_offsets(wanted)
    return {
        group: [
            PartitionLag(
                tp.topic,
                tp.partition,
                done,
                ends[tp],
                max(ends[tp] - (done if done is not None else starts[tp]), 0),
            )
            for tp, done in sorted(rows.items())
            if tp in ends
        ]
        for group, rows in committed.items()
    }


async def _topics(admin: AIOKafkaAdminClient) -> list[str]:
    return [name for name in await admin.list_topics() if not name.startswith("__")]


async def _dead_letters(
    admin: AIOKafkaAdminClient,
    consumer: AIOKafkaConsumer,
    dlq_topics: Sequence[str],
    limit: int,
) -> list[DeadLetter]:
    partitions = await topic_partitions(admin, dlq_topics)
    if not partitions or limit <= 0:
        return []
    consumer.assign(partitions)
    starts = await consumer.beginning_offsets(partitions)
    ends = await end_offsets(consumer, partitions)
    ranges = {
        tp: (max(starts[tp], ends[tp] - limit), ends[tp])
        for tp in partitions
        if ends[tp] > starts[tp]
    }
    records = await _read(consumer, ranges)
    letters = [parse_dead_letter(record) for record in records]
    letters.sort(key=_newest_first, reverse=True)
    return letters[:limit]


class BrokerView:
    """What an operations page asks the broker, over clients kept open between requests.

    Setting up a client costs round trips (and on a TLS/SASL listener a handshake per
    connection, with SCRAM's key stretching); opening an admin client and a consumer for
    the lag and again for the dead letters on every view made the page wait for eight
    or more connections. This keeps one admin client and one consumer (in no group,
    committing nothing) and asks everything over them, one view at a time. A failure
    closes both, and the next view opens them again. ``close`` at shutdown."""

    def __init__(self, bootstrap_servers: str, client_options: Mapping[str, Any] | None = None):
        self._bootstrap = bootstrap_servers
        self._options = dict(client_options or {})
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._lock = asyncio.Lock()

    async def _open(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer]:
        if self._admin is None or self._consumer is None:
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self._bootstrap, client_id=CLIENT_ID, **self._options
            )
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self._bootstrap,
                client_id=CLIENT_ID,
                group_id=None,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                **self._options,
            )
            self._admin, self._consumer = admin, consumer
            await asyncio.gather(admin.start(), consumer.start())
        return self._admin, self._consumer

    async def look(
        self,
        groups: Mapping[str, Sequence[str]],
        dlq_topics: Sequence[str],
        *,
        limit: int = 100,
        timeout_s: float = 5.0,
    ) -> tuple[dict[str, list[PartitionLag]], list[DeadLetter]]:
        """Each group's lag (as ``groups_lag``) and the newest ``limit`` dead letters of
        ``dlq_topics`` (as ``list_dead_letters``)."""
        async with self._lock:
            try:
                async with asyncio.timeout(timeout_s):
                    admin, consumer = await self._open()
                    lag = await _groups_lag(admin, consumer, groups)
                    letters = await _dead_letters(admin, consumer, dlq_topics, limit)
                    consumer.unsubscribe()  # nothing fetched in the background between views
                    return lag, letters
            except BaseException:
                await self._close()
                raise

    async def _close(self) -> None:
        admin, consumer = self._admin, self._consumer
        self._admin = self._consumer = None
        with contextlib.suppress(Exception):
            if consumer is not None:
                await consumer.stop()
        with contextlib.suppress(Exception):
            if admin is not None:
                await admin.close()

    async def close(self) -> None:
        async with self._lock:
            await self._close()


# -- dead letters ----------------------------------------------------------------------


async def list_dead_letters(
    bootstrap_servers: str,
    dlq_topics: Sequence[str],
    *,
    limit: int = 100,
    timeout_s: float = 5.0,
    client_options: Mapping[str, Any] | None = None,
) -> list[DeadLetter]:
    """The newest ``limit`` dead letters of ``dlq_topics``, newest first.

    Reads the last ``limit`` records of each partition, outside any consumer group and
    committing nothing, then orders them by failure time (then topic, partition and
    offset, all descending).
    """
    if limit <= 0:
        return []
    options = dict(client_options or {})
    async with asyncio.timeout(timeout_s):
        partitions = await _partitions(bootstrap_servers, dlq_topics, options)
        if not partitions:
            return []
        async with _consumer(bootstrap_servers, options) as consumer:
            consumer.assign(partitions)
            starts = await consumer.beginning_offsets(partitions)
            ends = await end_offsets(consumer, partitions)
            ranges = {
                tp: (max(starts[tp], ends[tp] - limit), ends[tp])
                for tp in partitions
                if ends[tp] > starts[tp]
            }
            records = await _read(consumer, ranges)
    letters = [parse_dead_letter(record) for record in records]
    letters.sort(key=_newest_first, reverse=True)
    return letters[:limit]


async def replay_dead_letter(
    bootstrap_servers: str,
    dlq_topic: str,
    partition: int,
    offset: int,
    *,
    timeout_s: float = 5.0,
    client_options: Mapping[str, Any] | None = None,
) -> DeadLetter:
    """Publish the dead letter at ``dlq_topic``/``partition``/``offset`` to its original
    topic again: same value and key, its original headers (without the ``dlq-`` ones),
    ``helhet-replayed-from: <dlq_topic>:<partition>:<offset>`` and
    ``helhet-replay-for: <the group that failed>`` (its ``dlq-consumer`` header), so only
    that group applies it. Returns the letter. (A letter without ``dlq-consumer``, from
    before that header, goes to every group, as it did then.)

    Raises ``LookupError`` when there is no such record. The consumer's processed-events
    rows make a second replay of an applied event a skipped duplicate.
    """
    options = dict(client_options or {})
    async with asyncio.timeout(timeout_s):
        tp = TopicPartition(dlq_topic, partition)
        if tp not in await _partitions(bootstrap_servers, [dlq_topic], options):
            raise LookupError(f"no partition {dlq_topic}:{partition}")
        async with _consumer(bootstrap_servers, options) as consumer:
            consumer.assign([tp])
            start = (await consumer.beginning_offsets([tp]))[tp]
            end = (await end_offsets(consumer, [tp]))[tp]
            if not start <= offset < end:
                raise LookupError(f"no record at {dlq_topic}:{partition}:{offset}")
            found = await _read(consumer, {tp: (offset, offset + 1)})
        if not found or found[0].offset != offset:
            raise LookupError(f"no record at {dlq_topic}:{partition}:{offset}")
        record = found[0]
        letter = parse_dead_letter(record)
        target = letter.original_topic or _original_topic(dlq_topic)
        producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers, client_id=CLIENT_ID, acks="all", **options
        )
        try:
            await producer.start()
            await producer.send_and_wait(
                target,
                value=record.value,
                key=record.key,
                headers=headers.replay_headers(
                    record.headers or (),
                    replayed_from=f"{dlq_topic}:{partition}:{offset}",
                    consumer=letter.consumer,
                ),
            )
        finally:
            await producer.stop()
    return letter


def parse_dead_letter(record: ConsumerRecord[bytes, bytes]) -> DeadLetter:
    """A dead-letter record as the runner wrote it (see ``dead_letters``)."""
    found: dict[str, str] = {}
    for name, value in record.headers or ():
        found[name] = value.decode("utf-8", errors="replace")
    event_id = found.get(headers.EVENT_ID)
    event_type = found.get(headers.EVENT_TYPE)
    if event_id is None or event_type is None:
        envelope = _json_object(record.value)
        event_id = event_id or _text(envelope.get("id"))
        event_type = event_type or _text(envelope.get("type"))
    failed_at = _time(found.get(headers.FAILED_AT))
    if failed_at is None and record.timestamp is not None and record.timestamp >= 0:
        failed_at = datetime.fromtimestamp(record.timestamp / 1000, UTC)
    return DeadLetter(
        dlq_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        original_topic=found.get(headers.ORIGINAL_TOPIC),
        original_partition=_int(found.get(headers.ORIGINAL_PARTITION)),
        original_offset=_int(found.get(headers.ORIGINAL_OFFSET)),
        key=record.key.decode("utf-8", errors="replace") if record.key is not None else None,
        event_id=event_id,
        event_type=event_type,
        consumer=found.get(headers.CONSUMER),
        error=found.get(headers.ERROR),
        failed_at=failed_at,
    )


# -- event rates -----------------------------------------------------------------------

_processed = table(
    "processed_events",
    column("consumer"),
    column("event_id"),
    column("processed_at", DateTime(timezone=True)),
)


async def events_per_minute(
    session: AsyncSession,
    consumer: str,
    *,
    minutes: int = 60,
    now: datetime | None = None,
) -> list[tuple[datetime, int]]:
    """Events ``consumer`` applied per minute over the last ``minutes`` minutes, oldest
    first: one ``(minute start in UTC, count)`` per minute, zeros included; the last
    minute is the current one, still running. From the processed-events table (events
    applied, not duplicates); PostgreSQL and SQLite (times stored in UTC)."""
    if minutes < 1:
        raise ValueError("minutes must be at least 1")
    moment = now or datetime.now(UTC)
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    end = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    start = end - timedelta(minutes=minutes)
    stamp = _processed.c.processed_at
    window = (_processed.c.consumer == consumer, stamp >= start, stamp < end)
    dialect = session.get_bind().dialect.name
    counts: dict[datetime, int] = {}
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            bucket = func.date_trunc("minute", func.timezone("UTC", stamp))
        else:
            bucket = func.strftime("%Y-%m-%d %H:%M:00", stamp)
        rows = await session.execute(
            select(bucket.label("minute"), func.count()).where(*window).group_by(bucket)
        )
        for minute, n in rows:
            counts[_utc_minute(minute)] = int(n)
    else:
        for (at,) in await session.execute(select(stamp).where(*window)):
            minute = _utc_minute(at)
            counts[minute] = counts.get(minute, 0) + 1
    steps = (start + timedelta(minutes=i) for i in range(minutes))
    return [(minute, counts.get(minute, 0)) for minute in steps]


# -- helpers ---------------------------------------------------------------------------


async def _partitions(
    bootstrap_servers: str, topics: Sequence[str], options: dict[str, Any]
) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id=CLIENT_ID, **options)
    try:
        await admin.start()
        return await topic_partitions(admin, topics)
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def _consumer(
    bootstrap_servers: str, options: dict[str, Any], *, group_id: str | None = None
) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer that joins no group and commits nothing (``group_id`` only lets it
    read that group's committed offsets: partitions are assigned by hand)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        client_id=CLIENT_ID,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **options,
    )
    try:
        await consumer.start()
        yield consumer
    finally:
        await consumer.stop()


async def _read(
    consumer: AIOKafkaConsumer, ranges: Mapping[TopicPartition, tuple[int, int]]
) -> list[ConsumerRecord[bytes, bytes]]:
    """The records in ``[first, end)`` of each partition (the consumer is assigned them)."""
    for tp in consumer.assignment():
        if tp not in ranges:
            consumer.pause(tp)
    consumer.resume(*ranges)
    for tp, (first, _) in ranges.items():
        consumer.seek(tp, first)
    remaining = set(ranges)
    found: list[ConsumerRecord[bytes, bytes]] = []
    while remaining:
        batches = await consumer.getmany(*remaining, timeout_ms=100)
        for tp, records in batches.items():
            first, end = ranges[tp]
            found += [r for r in records if first <= r.offset < end]
        for tp in sorted(remaining):
            if await consumer.position(tp) >= ranges[tp][1]:
                remaining.discard(tp)
                consumer.pause(tp)
    return found


def _newest_first(letter: DeadLetter) -> tuple[datetime, str, int, int]:
    when = letter.failed_at or datetime.min.replace(tzinfo=UTC)
    return (when, letter.dlq_topic, letter.partition, letter.offset)


def _original_topic(dlq_topic: str) -> str:
    if not dlq_topic.endswith(DLQ_SUFFIX):
        raise ValueError(f"{dlq_topic} is not a dead-letter topic (no {headers.ORIGINAL_TOPIC})")
    return dlq_topic.removesuffix(DLQ_SUFFIX)


def _utc_minute(value: datetime | str) -> datetime:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    return at.replace(second=0, microsecond=0)


def _json_object(raw: bytes | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)
