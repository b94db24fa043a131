"""Retention of processed-events rows (the ``prune-processed`` command).

A processed-events row exists to make a *redelivery* harmless. A consumer group is
redelivered only what comes after its last committed offset: the batch whose database
commit happened but whose offset commit did not (the process died in between, or lost
its partitions). That gap is short while the consumer runs (a batch is committed within
``consumer_max_poll_interval_ms`` of its poll, or rolled back), but it lasts as long as
the consumer stays down: the batch is read again only when it starts.

So a row may go once it is older than the retention window *measured from the last
time its consumer group was seen alive* (its heartbeat, ``consumer_heartbeats``), not
from now: a consumer stopped for longer than the window keeps the rows of its last
days until it runs again. A consumer group with no heartbeat row (it never ran live
here, e.g. only a ``rebuild`` recorded its events for it) keeps all its rows. The
window must exceed the longest time a batch can stay applied but uncommitted while its
consumer beats (minutes); the default is 7 days.

What is not affected:

- replays from the beginning (``rebuild``, ``consume --from-beginning``) empty the
  read model and the group's processed-events rows first and write into empty tables;
- the replay of a dead letter is a new delivery of an event that was never recorded
  as processed (a dead-lettered event's row is removed in the batch that dead-letters
  it), so it is applied whether or not old rows were pruned.

What is: resetting a group's offsets backwards by hand (``kafka-consumer-groups
--reset-offsets``) to before the window re-applies the events whose rows are gone. Use
``rebuild`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.db.shared_tables import SharedTables

# Shorter windows are refused: a batch may stay applied but uncommitted for up to the
# max poll interval (minutes) while its consumer beats, and pruning buys little per day.
MIN_RETENTION = timedelta(days=1)


@dataclass
class PruneResult:
    # Rows deleted per consumer group, and the groups kept whole (no heartbeat).
    deleted: dict[str, int] = field(default_factory=dict)
    kept_without_heartbeat: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.deleted.values())


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


async def prune_processed_events(
    sessions: async_sessionmaker[AsyncSession],
    tables: SharedTables,
    *,
    retention: timedelta,
    now: datetime | None = None,
    allow_short: bool = False,
) -> PruneResult:
    """Delete each consumer group's processed-events rows older than ``retention``
    before the group's last heartbeat (or before ``now``, when that is earlier)."""
    if retention < MIN_RETENTION and not allow_short:
        raise ValueError(f"a retention shorter than {MIN_RETENTION} is refused")
    now = now or datetime.now(UTC)
    processed, heartbeats = tables.processed_events, tables.consumer_heartbeats
    result = PruneResult()
    async with sessions() as session, session.begin():
        groups = (await session.execute(select(processed.c.consumer).distinct())).scalars()
        beats = {
            row.consumer: _aware(row.beat_at)
            for row in await session.execute(select(heartbeats.c.consumer, heartbeats.c.beat_at))
        }
        for group in sorted(groups):
            beat = beats.get(group)
            if beat is None:
                result.kept_without_heartbeat.append(group)
                continue
            cutoff = min(now, beat) - retention
            deleted = await session.execute(
                delete(processed).where(
                    processed.c.consumer == group, processed.c.processed_at < cutoff
                )
            )
            result.deleted[group] = int(getattr(deleted, "rowcount", 0) or 0)
    return result
