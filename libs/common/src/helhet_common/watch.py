"""What an api sees of its service's other processes, from the database and the broker.

The relay and the consumer report on themselves while they run; when one of them dies,
its metrics endpoint dies with it and its backlog or lag disappears from the dashboards
exactly when it matters. The api measures them from the outside instead:

- readiness (``consumer_check``, for a service with a consumer): the consumer group's
  heartbeat row (``helhet_common.messaging.heartbeat``);
- metrics, refreshed when ``/metrics`` is scraped (``refresh_metrics``): the outbox
  backlog and the age of its oldest unpublished row, and the age of the consumer's last
  heartbeat, from the database; the consumer group's lag per partition (end offset
  minus committed offset), from the broker, at most every ``LAG_TTL_S`` seconds.

So with the relay dead the backlog keeps growing on the api's ``/metrics``, and with the
consumer dead its lag keeps growing and the api's readiness says why.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import structlog
from sqlalchemy import DateTime, column, func, select, table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from helhet_common.messaging import operations
from helhet_common.messaging.heartbeat import Verdict, assess, read_heartbeat
from helhet_common.observability import metrics
from helhet_common.settings import ServiceSettings

__all__ = ["LAG_TTL_S", "OutboxStatus", "ServiceWatch", "read_outbox"]

log = structlog.get_logger(__name__)

DATABASE_TIMEOUT_S = 2.0
LAG_TIMEOUT_S = 3.0
# Reading the lag opens Kafka clients: not more often than this, however often scraped.
LAG_TTL_S = 10.0

_outbox = table(
    "outbox",
    column("created_at", DateTime(timezone=True)),
    column("published_at", DateTime(timezone=True)),
)


_BACKLOG = select(func.count(), func.min(_outbox.c.created_at)).where(
    _outbox.c.published_at.is_(None)
)


@dataclass(frozen=True)
class OutboxStatus:
    """A service's outbox as ``/health/outbox`` tells it: the rows its relay has not yet
    published and the age of the oldest of them (None: nothing waits)."""

    service: str
    backlog: int
    oldest_age_s: float | None


async def read_outbox(connection: AsyncConnection | AsyncSession, service: str) -> OutboxStatus:
    """``service``'s outbox as read on ``connection`` (a session's, inside a request's
    transaction: on SQLite a second connection would wait for its write lock)."""
    now = datetime.now(UTC)
    backlog, oldest = (await connection.execute(_BACKLOG)).one()
    age = max((now - _utc(oldest)).total_seconds(), 0.0) if oldest is not None else None
    return OutboxStatus(service, int(backlog or 0), age)


class BrokerCheck(Protocol):
    async def check(self) -> str | None: ...


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class ServiceWatch:
    """One per api (``app.state.service_watch``). ``consumer_topics`` empty: the service
    has no consumer (no heartbeat to check, no lag to read)."""

    def __init__(
        self,
        *,
        settings: ServiceSettings,
        engine: AsyncEngine,
        broker: BrokerCheck,
        consumer_topics: Sequence[str] = (),
    ) -> None:
        self.service = settings.service_name
        self.topics = sorted(consumer_topics)
        self.consumer_group = settings.resolved_consumer_group if self.topics else None
        self.stale_after_s = settings.consumer_stale_after_s
        self._bootstrap = settings.kafka_bootstrap_servers
        self._engine = engine
        self._broker = broker
        self._lock = asyncio.Lock()
        self._lag_read_at: float | None = None

    async def consumer_check(self) -> tuple[Verdict, str] | None:
        """The consumer's verdict and its text for the readiness checks (``None``: the
        service has no consumer). Raises when the database does not answer."""
        if self.consumer_group is None:
            return None
        async with self._engine.connect() as connection:
            beat = await read_heartbeat(connection, self.consumer_group)
        return assess(
            beat,
            consumer=self.consumer_group,
            now=datetime.now(UTC),
            stale_after_s=self.stale_after_s,
        )

    async def refresh_metrics(self) -> None:
        """Set the gauges from the database and the broker; what cannot be read now is
        left as it was (and logged), a scrape never fails for it."""
        async with self._lock:
            try:
                await asyncio.wait_for(self._from_database(), timeout=DATABASE_TIMEOUT_S)
            except Exception as exc:
                log.warning("watch_database_unreadable", error=str(exc) or type(exc).__name__)
            if self.consumer_group is not None and self._lag_due():
                self._lag_read_at = time.monotonic()
                await self._lag_from_broker(self.consumer_group)

    def _lag_due(self) -> bool:
        read_at = self._lag_read_at
        return read_at is None or time.monotonic() - read_at >= LAG_TTL_S

    async def outbox(self) -> OutboxStatus:
        """The outbox's backlog and the age of its oldest unpublished row, now."""
        async with self._engine.connect() as connection:
            return await read_outbox(connection, self.service)

    async def _from_database(self) -> None:
        now = datetime.now(UTC)
        async with self._engine.connect() as connection:
            backlog, oldest = (await connection.execute(_BACKLOG)).one()
            beat = (
                await read_heartbeat(connection, self.consumer_group)
                if self.consumer_group is not None
                else None
            )
        metrics.outbox_backlog.labels(self.service).set(int(backlog or 0))
        age = (now - _utc(oldest)).total_seconds() if oldest is not None else 0.0
        metrics.outbox_oldest_unpublished_age_seconds.labels(self.service).set(max(age, 0.0))
        if beat is not None and self.consumer_group is not None:
            metrics.consumer_heartbeat_age_seconds.labels(self.service, self.consumer_group).set(
                beat.age(now)
            )

    async def _lag_from_broker(self, group: str) -> None:
        if await self._broker.check() is not None:
            return  # the broker is down: the readiness says so; the lag stays as last read
        try:
            rows = await operations.consumer_lag(
                self._bootstrap, group, self.topics, timeout_s=LAG_TIMEOUT_S
            )
        except Exception as exc:
            log.warning("watch_lag_unreadable", error=str(exc) or type(exc).__name__)
            return
        for row in rows:
            metrics.consumer_lag.labels(self.service, row.topic, str(row.partition)).set(row.lag)
