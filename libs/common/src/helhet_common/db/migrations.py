"""Alembic helpers shared by every service's ``migrations/``.

``run_env`` is the whole body of a service's ``migrations/env.py``; ``upgrade`` runs a
service's migrations to head programmatically (the ``migrate`` command, tests).
``create_shared_tables`` / ``drop_shared_tables`` are called from each service's first
revision so the outbox and friends are defined once. They stay as that first revision
made the tables: what comes later has its own helpers, called from a later revision of
every service (``create_processed_events_consumer_index`` /
``drop_processed_events_consumer_index``, ``create_consumer_heartbeats_table`` /
``drop_consumer_heartbeats_table``, ``add_consumer_heartbeats_rebalance_columns`` /
``drop_consumer_heartbeats_rebalance_columns``). A revision that changes only the shared
tables is a ``SharedRevision`` here, and each service's revision file is three lines that
name its place in the service's chain (``SHARED_TABLES``, ``CONSUMER_HEARTBEATS`` …).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, MetaData, pool
from sqlalchemy.ext.asyncio import create_async_engine

from helhet_common.db import shared_tables
from helhet_common.db.types import UtcDateTime


def alembic_config(migrations_dir: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["helhet_url"] = url
    return config


def upgrade(migrations_dir: Path, url: str, revision: str = "head") -> None:
    """Migrate a database to ``revision``. Safe to call from inside a running event loop."""
    config = alembic_config(migrations_dir, url)

    def _run() -> None:
        command.upgrade(config, revision)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _run()
        return
    errors: list[BaseException] = []

    def _thread() -> None:
        try:
            _run()
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=_thread, name="alembic-upgrade")
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """How autogenerate writes our column types into a revision: ``UtcDateTime`` as the
    database type it is (``sa.DateTime(timezone=True)``), so revisions import nothing
    of the application (and stay as they were when the type changes)."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _do_run_migrations(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str, metadata: MetaData) -> None:
    from helhet_common.db.engine import create_engine

    engine = (
        create_engine(url)
        if url.startswith("sqlite")
        else create_async_engine(url, poolclass=pool.NullPool)
    )
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_do_run_migrations, metadata)
            await connection.commit()
    finally:
        await engine.dispose()


def run_env(metadata: MetaData, default_url: str | None = None) -> None:
    """The body of ``migrations/env.py``: online (async) or offline (SQL script) mode."""
    config = context.config
    url = config.attributes.get("helhet_url") or config.get_main_option("sqlalchemy.url")
    url = url or default_url
    if not url:
        raise RuntimeError("no database URL for migrations")
    if context.is_offline_mode():
        context.configure(
            url=url, target_metadata=metadata, literal_binds=True, render_item=render_item
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(url, metadata))


def create_shared_tables(op: Any) -> None:
    """Create the outbox, processed-events and idempotency-key tables in a migration.

    As of each service's first revision: do not add to it (a database migrated before
    would not get the addition), write a helper for a new revision instead."""
    from sqlalchemy import PrimaryKeyConstraint

    op.create_table("outbox", *shared_tables.outbox_columns())
    op.create_index("ix_outbox_unpublished", "outbox", ["published_at", "id"])
    op.create_table(
        "processed_events",
        *shared_tables.processed_events_columns(),
        PrimaryKeyConstraint("consumer", "event_id", name="pk_processed_events"),
    )
    op.create_table(
        "idempotency_keys",
        *shared_tables.idempotency_keys_columns(),
        PrimaryKeyConstraint("scope", "key", name="pk_idempotency_keys"),
    )


def drop_shared_tables(op: Any) -> None:
    op.drop_table("idempotency_keys")
    op.drop_table("processed_events")
    op.drop_index("ix_outbox_unpublished", table_name="outbox")
    op.drop_table("outbox")


def create_processed_events_consumer_index(op: Any) -> None:
    """The index on ``processed_events (consumer, processed_at)`` (one consumer's rows by
    time), in a revision after ``create_shared_tables``."""
    op.create_index(
        shared_tables.PROCESSED_EVENTS_CONSUMER_INDEX,
        "processed_events",
        ["consumer", "processed_at"],
    )


def drop_processed_events_consumer_index(op: Any) -> None:
    op.drop_index(shared_tables.PROCESSED_EVENTS_CONSUMER_INDEX, table_name="processed_events")


def create_consumer_heartbeats_table(op: Any) -> None:
    """The ``consumer_heartbeats`` table (one row per consumer group: its running
    consumer's heartbeat), in a revision after ``create_shared_tables``."""
    from sqlalchemy import PrimaryKeyConstraint

    op.create_table(
        shared_tables.CONSUMER_HEARTBEATS,
        *[
            c
            for c in shared_tables.consumer_heartbeats_columns()
            if c.name not in _REBALANCE_COLUMNS
        ],
        PrimaryKeyConstraint("consumer", name="pk_consumer_heartbeats"),
    )


def drop_consumer_heartbeats_table(op: Any) -> None:
    op.drop_table(shared_tables.CONSUMER_HEARTBEATS)


# Added to ``consumer_heartbeats`` by a later revision than the one that creates it.
_REBALANCE_COLUMNS = frozenset(
    c.name for c in shared_tables.consumer_heartbeats_rebalance_columns()
)


def add_consumer_heartbeats_rebalance_columns(op: Any) -> None:
    """The rebalance counters of ``consumer_heartbeats`` (``rebalances``,
    ``last_rebalance_at``, ``rolled_back_batches``, ``commits_refused``), in a revision
    after ``create_consumer_heartbeats_table``."""
    with op.batch_alter_table(shared_tables.CONSUMER_HEARTBEATS) as batch:
        for column in shared_tables.consumer_heartbeats_rebalance_columns():
            batch.add_column(column)


def drop_consumer_heartbeats_rebalance_columns(op: Any) -> None:
    with op.batch_alter_table(shared_tables.CONSUMER_HEARTBEATS) as batch:
        for column in reversed(shared_tables.consumer_heartbeats_rebalance_columns()):
            batch.drop_column(column.name)


def create_access_tables(op: Any) -> None:
    """The ``access_log`` (every read of a participant's personal data) and
    ``sharing_bases`` (plan-service's sharing bases, folded) tables of
    ``helhet_common.access``, in a revision of a service that holds participants' data."""
    from helhet_common.access import tables as access

    op.create_table(access.ACCESS_LOG, *access.access_log_columns())
    op.create_index(
        access.ACCESS_LOG_PARTICIPANT_INDEX, access.ACCESS_LOG, ["participant_id", "at"]
    )
    op.create_table(access.SHARING_BASES, *access.sharing_basis_columns())
    op.create_index(
        access.SHARING_BASES_PARTICIPANT_INDEX, access.SHARING_BASES, ["participant_id"]
    )


def drop_access_tables(op: Any) -> None:
    from helhet_common.access import tables as access

    op.drop_index(access.SHARING_BASES_PARTICIPANT_INDEX, table_name=access.SHARING_BASES)
    op.drop_table(access.SHARING_BASES)
    op.drop_index(access.ACCESS_LOG_PARTICIPANT_INDEX, table_name=access.ACCESS_LOG)
    op.drop_table(access.ACCESS_LOG)


def add_access_log_acting_municipality(op: Any) -> None:
    """The ``acting_municipality`` column of ``access_log`` (inter-municipal
    cooperation), in a revision after ``create_access_tables``."""
    from helhet_common.access import tables as access

    with op.batch_alter_table(access.ACCESS_LOG) as batch:
        for column in access.access_log_acting_columns():
            batch.add_column(column)


def drop_access_log_acting_municipality(op: Any) -> None:
    from helhet_common.access import tables as access

    with op.batch_alter_table(access.ACCESS_LOG) as batch:
        for column in reversed(access.access_log_acting_columns()):
            batch.drop_column(column.name)


# -- revisions that change only the shared tables -------------------------------------------


@dataclass(frozen=True)
class SharedRevision:
    """A change to the shared tables alone: one revision of the same content in each
    service's chain. The service's revision file names its place in the chain and hands
    over to this::

        from helhet_common.db.migrations import CONSUMER_HEARTBEATS as step

        revision, down_revision = "0005", "0004"
        upgrade, downgrade = step.upgrade, step.downgrade
    """

    create: Callable[[Any], None]
    drop: Callable[[Any], None]

    def upgrade(self) -> None:
        from alembic import op

        self.create(op)

    def downgrade(self) -> None:
        from alembic import op

        self.drop(op)


SHARED_TABLES = SharedRevision(create_shared_tables, drop_shared_tables)
# One consumer's processed events by time (the events-per-minute chart of reporting's
# operations page) without reading all of that consumer's rows.
PROCESSED_EVENTS_CONSUMER_INDEX = SharedRevision(
    create_processed_events_consumer_index, drop_processed_events_consumer_index
)
# One row per consumer group, written by its running consumer every few seconds and after
# each batch; the api's readiness reads it.
CONSUMER_HEARTBEATS = SharedRevision(
    create_consumer_heartbeats_table, drop_consumer_heartbeats_table
)
# The rebalances the group's members have seen, the batches they rolled back before the
# database commit and the offset commits the broker refused: shown by the operations page.
CONSUMER_HEARTBEAT_REBALANCES = SharedRevision(
    add_consumer_heartbeats_rebalance_columns, drop_consumer_heartbeats_rebalance_columns
)
# The access log and the sharing bases of ``helhet_common.access``: placement-service and
# volunteer-service (plan-service has its own access log; docs/identity.md).
ACCESS_LOG = SharedRevision(create_access_tables, drop_access_tables)
# Both municipalities of a read made for a partner of the reader's host municipality
# (``helhet_common.cooperation``): placement-, volunteer- and reporting-service.
ACCESS_LOG_ACTING_MUNICIPALITY = SharedRevision(
    add_access_log_acting_municipality, drop_access_log_acting_municipality
)
