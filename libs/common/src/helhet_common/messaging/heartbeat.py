"""The consumer's heartbeat: is the consumer behind a read model alive and keeping up?

A running consumer (``ConsumerRunner.run``) keeps one row per consumer group in its
service's ``consumer_heartbeats`` table: written when it has started, from inside its
loop every ``consumer_heartbeat_interval_s`` while it waits for records, after each
applied batch (at most once a second) with the offsets it has reached and how far
behind the end of its partitions it was, and once more when it stops. Because the row
is written by the loop itself, a consumer that died, hangs in a batch or keeps failing
to apply one stops beating.

The api of the same service reads the row (``assess``): a beat older than
``consumer_stale_after_s`` makes it not ready, with the reason; no row at all means the
consumer has never run against this database (reported, not fatal: a fresh
deployment, or an api run on its own). A rebuild (``ConsumerRunner.run_until_caught_up``)
beats under the group's name with the state ``rebuilding``, which the api reports as
degraded: its read model is being refilled, and is not abandoned.

The row also counts the group's rebalances (``rebalanced``, ``rolled_back``,
``commit_refused``): kept in memory by the member that saw them and added to the row's
figures with its next beat, so they add up over the group's members and restarts; the
operations page of the service shows them.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import structlog
from sqlalchemy import JSON, BigInteger, DateTime, String, Table, column, select, table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from helhet_common.db.shared_tables import CONSUMER_HEARTBEATS
from helhet_common.db.upsert import insert_or_update

__all__ = ["Heartbeat", "HeartbeatWriter", "Verdict", "assess", "read_heartbeat"]

log = structlog.get_logger(__name__)

# After a batch the row is written at most this often (a busy consumer applies many).
BATCH_BEAT_INTERVAL_S = 1.0

Verdict = Literal["ok", "not-started", "rebuilding", "stale"]

# The columns the readers need, without a service's MetaData (the api has none of these).
_heartbeats = table(
    CONSUMER_HEARTBEATS,
    column("consumer", String),
    column("process", String),
    column("state", String),
    column("started_at", DateTime(timezone=True)),
    column("beat_at", DateTime(timezone=True)),
    column("batch_at", DateTime(timezone=True)),
    column("positions", JSON),
    column("lag", BigInteger),
    column("rebalances", BigInteger),
    column("last_rebalance_at", DateTime(timezone=True)),
    column("rolled_back_batches", BigInteger),
    column("commits_refused", BigInteger),
)

# Added to, not replaced, by each write: what the writer saw since its last write.
_COUNTERS = ("rebalances", "rolled_back_batches", "commits_refused")


@dataclass(frozen=True)
class Heartbeat:
    """A consumer group's row: the member that beat last (``process``, host:pid), its
    ``state`` (``running`` or ``stopped``), when it started and beat, its last batch,
    the next offset per ``topic:partition`` and the records it was behind then; and,
    over all members and runs, the partition revocations seen (``rebalances``, the last
    at ``last_rebalance_at``), the batches rolled back and the offset commits refused."""

    consumer: str
    process: str
    state: str
    started_at: datetime
    beat_at: datetime
    batch_at: datetime | None = None
    positions: Mapping[str, int] = field(default_factory=dict)
    lag: int | None = None
    rebalances: int = 0
    last_rebalance_at: datetime | None = None
    rolled_back_batches: int = 0
    commits_refused: int = 0

    def age(self, now: datetime) -> float:
        return max((now - self.beat_at).total_seconds(), 0.0)


def _utc(value: datetime | None) -> datetime | None:
    """Times read back from SQLite have no zone; they were written in UTC."""
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


async def read_heartbeat(db: AsyncConnection | AsyncSession, consumer: str) -> Heartbeat | None:
    """The row of ``consumer`` (a consumer group), or ``None`` when it never beat."""
    row = (await db.execute(select(_heartbeats).where(_heartbeats.c.consumer == consumer))).first()
    if row is None:
        return None
    started_at, beat_at = _utc(row.started_at), _utc(row.beat_at)
    assert started_at is not None
    assert beat_at is not None
    positions = row.positions if isinstance(row.positions, dict) else {}
    return Heartbeat(
        consumer=row.consumer,
        process=row.process,
        state=row.state,
        started_at=started_at,
        beat_at=beat_at,
        batch_at=_utc(row.batch_at),
        positions={str(k): int(v) for k, v in positions.items()},
        lag=row.lag,
        rebalances=row.rebalances or 0,
        last_rebalance_at=_utc(row.last_rebalance_at),
        rolled_back_batches=row.rolled_back_batches or 0,
        commits_refused=row.commits_refused or 0,
    )


def assess(
    beat: Heartbeat | None, *, consumer: str, now: datetime, stale_after_s: float
) -> tuple[Verdict, str]:
    """Whether the consumer is alive, for the readiness checks: the verdict and the text."""
    if beat is None:
        return "not-started", (
            f"not started: no heartbeat from consumer {consumer} yet "
            "(its consumer has not run against this database)"
        )
    age = beat.age(now)
    behind = f", {beat.lag} records behind" if beat.lag is not None else ""
    if age > stale_after_s:
        return "stale", (
            f"stale: consumer {consumer} last beat {age:.0f} s ago "
            f"({beat.state} on {beat.process}{behind}; stale after {stale_after_s:g} s)"
        )
    if beat.state == "rebuilding":
        left = f", {beat.lag} records to go" if beat.lag is not None else ""
        return "rebuilding", f"rebuilding: the read model of {consumer} is being rebuilt{left}"
    return "ok", "ok"


class HeartbeatWriter:
    """Writes one consumer group's row; never raises (a failed write is logged, and the
    row simply ages, which is what the readers should see when the database is away)."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        table: Table,
        consumer: str,
        interval_s: float,
    ) -> None:
        self._sessions = sessions
        self._table = table
        self.consumer = consumer
        self.interval_s = interval_s
        self.process = f"{socket.gethostname()}:{os.getpid()}"
        self.started_at = datetime.now(UTC)
        self._last: float | None = None
        self._batch_at: datetime | None = None
        self._positions: dict[str, int] = {}
        self._lag: int | None = None
        # Seen since the last write, added to the row's figures by the next one.
        self._pending = dict.fromkeys(_COUNTERS, 0)
        self._last_rebalance_at: datetime | None = None

    def rebalanced(self) -> None:
        """Partitions were revoked from this member."""
        self._pending["rebalances"] += 1
        self._last_rebalance_at = datetime.now(UTC)

    def rolled_back(self) -> None:
        """A batch was rolled back before its database commit."""
        self._pending["rolled_back_batches"] += 1

    def commit_refused(self) -> None:
        """An offset commit was refused (by the broker, or by the runner's own guard)."""
        self._pending["commits_refused"] += 1

    def due(self, *, batch: bool = False) -> bool:
        if self._last is None:
            return True
        wait = BATCH_BEAT_INTERVAL_S if batch else self.interval_s
        return time.monotonic() - self._last >= wait

    async def beat(
        self,
        *,
        state: str = "running",
        batch: bool = False,
        positions: Mapping[str, int] | None = None,
        lag: int | None = None,
        force: bool = False,
    ) -> None:
        """Record a beat; ``batch`` (with the ``positions`` and ``lag`` after it) when a
        batch was applied. Written when due (``interval_s`` since the last write, one
        second after a batch) or when ``force``d."""
        now = datetime.now(UTC)
        if batch:
            self._batch_at = now
        self._positions.update(positions or {})
        if lag is not None:
            self._lag = lag
        if not force and not self.due(batch=batch):
            return
        self._last = time.monotonic()
        values: dict[str, Any] = {
            "consumer": self.consumer,
            "process": self.process,
            "state": state,
            "started_at": self.started_at,
            "beat_at": now,
            "batch_at": self._batch_at,
            "positions": dict(self._positions),
            "lag": self._lag,
            **self._pending,
            "last_rebalance_at": self._last_rebalance_at,
        }
        try:
            async with self._sessions() as session, session.begin():
                statement = insert_or_update(
                    session,
                    self._table,
                    keys=["consumer"],
                    add=_COUNTERS,
                    keep_if_null=["last_rebalance_at"],
                )
                await session.execute(statement, values)
        except Exception as exc:
            log.warning("consumer_heartbeat_failed", consumer=self.consumer, error=repr(exc))
            return
        # Written: what was seen while writing waits for the next beat.
        for name in _COUNTERS:
            self._pending[name] -= values[name]
