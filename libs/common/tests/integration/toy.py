"""A toy service for testing the messaging backbone: a counter per key.

Its projection counts ``helhet.toy.counted.v1`` events per key; an event whose data
says ``fail`` makes the handler raise (a poison event).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, String, Table, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db import create_engine, create_session_factory, make_metadata
from helhet_common.db.shared_tables import define_shared_tables
from helhet_common.db.upsert import insert_if_absent
from helhet_common.messaging.consumer import ConsumerRunner, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent, wrap
from helhet_common.messaging.registry import EventRegistry
from helhet_common.settings import ServiceSettings
from helhet_common.testing.services import service_settings

metadata = make_metadata()
shared = define_shared_tables(metadata)
counts = Table(
    "counts",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("n", Integer, nullable=False),
)


class Counted(IntegrationEvent):
    event_type = "helhet.toy.counted.v1"
    topic = "helhet.toy"

    key: str
    seq: int
    fail: bool = False

    def subject(self) -> str:
        return self.key


registry = EventRegistry([Counted])


async def on_counted(session: AsyncSession, event: IntegrationEvent, envelope: CloudEvent) -> None:
    assert isinstance(event, Counted)
    if event.fail:
        raise RuntimeError(f"poison event {event.seq}")
    await insert_if_absent(session, counts, {"key": event.key, "n": 0})
    await session.execute(update(counts).where(counts.c.key == event.key).values(n=counts.c.n + 1))


def projection(topic: str) -> Projection:
    class TopicCounted(Counted):
        pass

    TopicCounted.topic = topic
    return Projection(
        name="counts",
        registry=EventRegistry([TopicCounted]),
        handlers={Counted.event_type: on_counted},
        tables=[counts],
    )


def envelope(key: str, seq: int, *, fail: bool = False) -> CloudEvent:
    return wrap(Counted(key=key, seq=seq, fail=fail), source="/helhet/toy", municipality="3403")


def settings(url: str, bootstrap: str, home: Path, **overrides: object) -> ServiceSettings:
    return service_settings(
        ServiceSettings,
        database_url=url,
        kafka_bootstrap=bootstrap,
        home=home,
        service_name="toy-service",
        **overrides,
    )


async def create_schema(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()


async def read_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(counts.c.key, counts.c.n))
            return {k: n for k, n in rows.all()}
    finally:
        await engine.dispose()


def runner(
    config: ServiceSettings, topic: str, *, group_id: str, **kwargs: object
) -> tuple[ConsumerRunner, object]:
    engine = create_engine(config.resolved_database_url)
    return (
        ConsumerRunner(
            settings=config,
            session_factory=create_session_factory(engine),
            tables=shared,
            projection=projection(topic),
            group_id=group_id,
            **kwargs,  # type: ignore[arg-type]
        ),
        engine,
    )


async def produce(bootstrap: str, topic: str, envelopes: Sequence[CloudEvent]) -> list[Any]:
    """Publish envelopes straight to a topic (as a relay would); where each one landed."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        futures = [
            await producer.send(topic, value=e.to_json_bytes(), key=e.key) for e in envelopes
        ]
        return list(await asyncio.gather(*futures))
    finally:
        await producer.stop()


@asynccontextmanager
async def consuming(
    url: str, bootstrap: str, home: Path, group: str, projection: Projection
) -> AsyncIterator[ConsumerRunner]:
    """A live consumer of ``group`` running in the background until the block ends."""
    engine = create_engine(url)
    runner = ConsumerRunner(
        settings=settings(url, bootstrap, home),
        session_factory=create_session_factory(engine),
        tables=shared,
        projection=projection,
        group_id=group,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        yield runner
    finally:
        stop.set()
        await task
        await engine.dispose()


def counts_are(url: str, expected: dict[str, int]) -> Callable[[], Awaitable[bool]]:
    """A condition for ``async_wait_until``: the read model holds exactly ``expected``."""

    async def check() -> bool:
        return await read_counts(url) == expected

    return check


async def processed_rows(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            n = await conn.scalar(select(func.count()).select_from(shared.processed_events))
            return int(n or 0)
    finally:
        await engine.dispose()


def records(topic: str, envelopes: Sequence[CloudEvent]) -> list[Any]:
    """The records a consumer would get for these envelopes (partition 0, in order)."""
    from aiokafka.structs import ConsumerRecord

    return [
        ConsumerRecord(
            topic=topic,
            partition=0,
            offset=offset,
            timestamp=0,
            timestamp_type=0,
            key=e.key,
            value=e.to_json_bytes(),
            checksum=None,
            serialized_key_size=len(e.key or b""),
            serialized_value_size=len(e.to_json_bytes()),
            headers=[],
        )
        for offset, e in enumerate(envelopes)
    ]


# -- an ordered ledger: per key, events must come in ``seq`` order, each applied once ----

ledger = Table(
    "ledger",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("n", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("out_of_order", Integer, nullable=False),
)
# One row per application that reached a database commit (no unique key on purpose).
applications = Table(
    "applications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), nullable=False),
    Column("key", String(50), nullable=False),
    Column("seq", Integer, nullable=False),
)

BeforeApply = Callable[[Counted], Awaitable[None]]


def ordered_projection(topic: str, before_apply: BeforeApply | None = None) -> Projection:
    """The ledger's projection; ``before_apply`` (a test hook) runs inside the batch's
    transaction before each event is applied: it can stall the batch or force a rebalance."""

    class TopicCounted(Counted):
        pass

    TopicCounted.topic = topic

    async def on_counted_in_order(
        session: AsyncSession, event: IntegrationEvent, envelope: CloudEvent
    ) -> None:
        assert isinstance(event, Counted)
        if before_apply is not None:
            await before_apply(event)
        await insert_if_absent(
            session, ledger, {"key": event.key, "n": 0, "last_seq": -1, "out_of_order": 0}
        )
        in_order = ledger.c.last_seq + 1 == event.seq
        await session.execute(
            update(ledger)
            .where(ledger.c.key == event.key)
            .values(
                n=ledger.c.n + 1,
                last_seq=event.seq,
                out_of_order=ledger.c.out_of_order + case((in_order, 0), else_=1),
            )
        )
        await session.execute(
            applications.insert().values(event_id=envelope.id, key=event.key, seq=event.seq)
        )

    return Projection(
        name="ledger",
        registry=EventRegistry([TopicCounted]),
        handlers={Counted.event_type: on_counted_in_order},
        tables=[ledger, applications],
    )


async def read_ledger(url: str) -> dict[str, tuple[int, int, int]]:
    """key -> (n, last_seq, out_of_order)."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(ledger.c.key, ledger.c.n, ledger.c.last_seq, ledger.c.out_of_order)
            )
            return {k: (n, last, bad) for k, n, last, bad in rows.all()}
    finally:
        await engine.dispose()


async def applied_twice(url: str) -> list[str]:
    """Event ids with more than one committed application."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(applications.c.event_id)
                .group_by(applications.c.event_id)
                .having(func.count() > 1)
            )
            return list(rows.scalars())
    finally:
        await engine.dispose()
