"""Tables every service has: the outbox, processed events, idempotency keys, consumer
heartbeats.

Each service adds them to its own MetaData with ``define_shared_tables`` and creates
them in its first migration with ``helhet_common.db.migrations.create_shared_tables``;
indexes and tables added later come in a later revision of every service, through a
helper of ``helhet_common.db.migrations`` as well
(``create_processed_events_consumer_index``, ``create_consumer_heartbeats_table``,
``add_consumer_heartbeats_rebalance_columns``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from helhet_common.db.types import UtcDateTime

# SQLite only auto-increments an INTEGER PRIMARY KEY.
BigIntId = BigInteger().with_variant(Integer(), "sqlite")

PROCESSED_EVENTS_CONSUMER_INDEX = "ix_processed_events_consumer_processed_at"


CONSUMER_HEARTBEATS = "consumer_heartbeats"


@dataclass(frozen=True)
class SharedTables:
    outbox: Table
    processed_events: Table
    idempotency_keys: Table
    consumer_heartbeats: Table


def outbox_columns() -> list[Column[object]]:
    return [
        Column("id", BigIntId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=True),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime(), nullable=True),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text, nullable=True),
    ]


def processed_events_columns() -> list[Column[object]]:
    return [
        Column("consumer", String(200), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
    ]


def idempotency_keys_columns() -> list[Column[object]]:
    return [
        Column("scope", String(300), nullable=False),
        Column("key", String(200), nullable=False),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response_body", JSON, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
    ]


def consumer_heartbeats_columns() -> list[Column[object]]:
    """One row per consumer group, written by its running consumer
    (``helhet_common.messaging.heartbeat``) and read by the api's readiness."""
    return [
        Column("consumer", String(200), nullable=False),
        # The member that wrote the row last (host:pid) and what it was doing.
        Column("process", String(200), nullable=False),
        Column("state", String(20), nullable=False),
        Column("started_at", UtcDateTime(), nullable=False),
        Column("beat_at", UtcDateTime(), nullable=False),
        # The last batch it applied, where it had got to then, and how far behind it was.
        Column("batch_at", UtcDateTime(), nullable=True),
        Column("positions", JSON, nullable=True),
        Column("lag", BigInteger, nullable=True),
        *consumer_heartbeats_rebalance_columns(),
    ]


def consumer_heartbeats_rebalance_columns() -> list[Column[object]]:
    """The rebalances the group's members have seen, added to by every member's beats:
    partitions revoked, batches rolled back before their database commit (revoked or
    past the poll interval) and offset commits refused; when partitions last moved."""
    return [
        Column("rebalances", BigInteger, nullable=False, server_default="0"),
        Column("last_rebalance_at", UtcDateTime(), nullable=True),
        Column("rolled_back_batches", BigInteger, nullable=False, server_default="0"),
        Column("commits_refused", BigInteger, nullable=False, server_default="0"),
    ]


def define_shared_tables(metadata: MetaData) -> SharedTables:
    outbox = Table("outbox", metadata, *outbox_columns())
    Index("ix_outbox_unpublished", outbox.c.published_at, outbox.c.id)
    processed = Table(
        "processed_events",
        metadata,
        *processed_events_columns(),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    # One consumer's rows by time (the events-per-minute chart of the operations page):
    # the primary key leads with the consumer but not the time, and the rows are kept.
    Index(
        PROCESSED_EVENTS_CONSUMER_INDEX,
        processed.c.consumer,
        processed.c.processed_at,
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        *idempotency_keys_columns(),
        PrimaryKeyConstraint("scope", "key"),
    )
    heartbeats = Table(
        CONSUMER_HEARTBEATS,
        metadata,
        *consumer_heartbeats_columns(),
        PrimaryKeyConstraint("consumer"),
    )
    return SharedTables(
        outbox=outbox,
        processed_events=processed,
        idempotency_keys=idempotency,
        consumer_heartbeats=heartbeats,
    )
