"""The one projection shape: a batch of events folded over read-model rows.

A read model is a table of states, one per key (a participant, a consent). What an
event does to a state is a pure function (``transition``); a ``Fold`` says which table,
which key, which events, and how a state is read from and written to its row. For a
whole batch, in a handful of statements whatever its size:

1. load and lock the rows the batch touches that exist;
2. create the rows of keys seen for the first time (``INSERT ... ON CONFLICT DO
   NOTHING``, with the columns ``blank`` gives for the first event of the key), and
   load and lock those: skipped when every key has its row, as in most live batches;
3. fold the batch's events over the states, in order;
4. write back the states that changed, in one executemany.

``fold_projection`` makes the consumer runner's ``Projection`` from folds (each event
goes to the fold that lists its type) and an optional ``after`` step that gets the
folded states (e.g. alerts evaluated on the new chains, or aggregates changed through
the unit of work's ``within`` so their events go to the outbox).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.db.bulk import bulk_insert, bulk_update
from helhet_common.db.upsert import insert_if_absent
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.messaging.registry import EventRegistry

S = TypeVar("S")


def no_columns(_: IntegrationEvent) -> dict[str, Any]:
    return {}


def dataclass_row(state: Any, *, key: str) -> dict[str, Any]:
    """A flat dataclass state as row values: every field but the key, tuples as lists."""
    if not is_dataclass(state) or isinstance(state, type):
        raise TypeError(f"{type(state).__name__} is not a dataclass instance")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(state).items() if k != key}


@dataclass(frozen=True)
class Fold(Generic[S]):
    """One read-model table folded by ``key``."""

    table: Table
    key: str
    events: tuple[type[IntegrationEvent], ...]
    key_of: Callable[[IntegrationEvent], Any]
    transition: Callable[[S, IntegrationEvent, CloudEvent], S]
    from_row: Callable[[Any], S]
    to_row: Callable[[S], Mapping[str, Any]]
    # Columns of a row created by the first event of its key (besides key and touched).
    blank: Callable[[IntegrationEvent], Mapping[str, Any]] = no_columns
    # The column stamped with the batch's time on every row written; None: no such column.
    touched: str | None = "updated_at"
    # The state of a key before its first event, without its row (what ``from_row``
    # gives for the row ``blank`` creates). Needed for a bulk rebuild (``FoldReplay``).
    initial: Callable[[Any], S] | None = None

    def handles(self, event: IntegrationEvent) -> bool:
        return isinstance(event, self.events)


def _router(folds: Sequence[Fold[Any]]) -> Callable[[IntegrationEvent], int]:
    """The index of the fold that handles an event (the first that lists its type),
    remembered per event class: one dictionary look-up per event instead of an
    ``isinstance`` against every fold's types."""
    known: dict[type, int] = {}

    def route(event: IntegrationEvent) -> int:
        cls = type(event)
        index = known.get(cls)
        if index is None:
            for n, fold in enumerate(folds):
                if fold.handles(event):
                    index = known[cls] = n
                    break
            else:
                raise TypeError(f"no fold for {cls.__name__}")
        return index

    return route


@dataclass(frozen=True)
class Folded(Generic[S]):
    """The states a batch touched, before and after it."""

    before: dict[Any, S] = field(default_factory=dict)
    after: dict[Any, S] = field(default_factory=dict)

    @property
    def changed(self) -> dict[Any, S]:
        return {k: s for k, s in self.after.items() if s != self.before.get(k)}


async def fold_batch(
    session: AsyncSession, fold: Fold[S], items: Sequence[Applied], *, now: datetime
) -> Folded[S]:
    """Apply ``items`` (all handled by ``fold``) to its table: see the module's steps."""
    if not items:
        return Folded()
    key, table = fold.key, fold.table
    stamp = {fold.touched: now} if fold.touched else {}
    first: dict[Any, IntegrationEvent] = {}
    for event, _ in items:
        first.setdefault(fold.key_of(event), event)
    keys = sorted(first)

    async def load(wanted: list[Any]) -> dict[Any, S]:
        rows = await session.execute(
            select(table).where(table.c[key].in_(wanted)).with_for_update()
        )
        return {getattr(row, key): fold.from_row(row) for row in rows}

    # Load and lock the rows there are; create only the missing ones, then load those:
    # a live batch about known keys costs no insert (issue 14: a round trip per batch).
    before = await load(keys)
    missing = [k for k in keys if k not in before]
    if missing:
        await insert_if_absent(
            session, table, [{**fold.blank(first[k]), key: k, **stamp} for k in missing]
        )
        before.update(await load(missing))
    after = dict(before)
    for event, envelope in items:
        k = fold.key_of(event)
        after[k] = fold.transition(after[k], event, envelope)
    folded = Folded(before, after)
    changed = folded.changed
    if changed:
        await bulk_update(
            session, table, key, [{key: k, **fold.to_row(s), **stamp} for k, s in changed.items()]
        )
    return folded


After = Callable[[AsyncSession, Sequence[Applied], Sequence[Folded[Any]]], Awaitable[None]]


async def apply_folds(
    session: AsyncSession,
    folds: Sequence[Fold[Any]],
    items: Sequence[Applied],
    *,
    now: datetime,
) -> list[Folded[Any]]:
    """Split a batch between ``folds`` (keeping each fold's events in order) and apply
    each; an event no fold handles is an error, never dropped."""
    shares: list[list[Applied]] = [[] for _ in folds]
    route = _router(folds)
    for item in items:
        shares[route(item[0])].append(item)
    return [
        await fold_batch(session, fold, share, now=now)
        for fold, share in zip(folds, shares, strict=True)
    ]


class FoldReplay:
    """A rebuild's replay of ``folds`` in memory: every event folded over its key's
    state as it is read (no row read or written per batch), then every state written
    once (``write``) into the emptied tables.

    The states are the ones the batch path gives: the same pure ``transition`` from the
    same ``initial`` state, each key's events in the order they are read. Only the
    ``touched`` column differs (the time of the write)."""

    def __init__(self, folds: Sequence[Fold[Any]], *, clock: Clock = SYSTEM_CLOCK) -> None:
        missing = [f.table.name for f in folds if f.initial is None]
        if missing:
            raise ValueError(f"a bulk replay needs the initial state of every fold: {missing}")
        self._folds = list(folds)
        self._clock = clock
        self.states: list[dict[Any, Any]] = [{} for _ in folds]
        self._route = _router(self._folds)

    def add(self, event: IntegrationEvent, envelope: CloudEvent) -> None:
        """Fold one event; an exception leaves every state as it was."""
        n = self._route(event)
        fold, states = self._folds[n], self.states[n]
        key = fold.key_of(event)
        state = states.get(key)
        if state is None:
            assert fold.initial is not None
            state = fold.initial(key)
        states[key] = fold.transition(state, event, envelope)

    async def write(self, session: AsyncSession) -> int:
        """Every state as its row, in one bulk insert per table (the tables are empty);
        returns the rows written."""
        now = self._clock.now()
        written = 0
        for fold, states in zip(self._folds, self.states, strict=True):
            stamp = {fold.touched: now} if fold.touched else {}
            written += await bulk_insert(
                session,
                fold.table,
                ({fold.key: k, **fold.to_row(s), **stamp} for k, s in sorted(states.items())),
            )
        return written


def fold_projection(
    *,
    name: str,
    registry: EventRegistry,
    folds: Sequence[Fold[Any]],
    tables: Sequence[Table],
    after: After | None = None,
    clock: Clock = SYSTEM_CLOCK,
    bulk_rebuild: bool = False,
) -> Projection:
    """The consumer runner's projection for ``folds``: one batch, one fold pass, then
    ``after(session, items, folded)`` if given.

    ``bulk_rebuild``: a rebuild folds every event in memory and writes each state once
    (``FoldReplay``) instead of replaying batch by batch. ``after`` is then not run
    for the replayed events: only for projections whose ``after`` the service redoes
    once the rebuild is done (reporting-service's alerts: its ``after_rebuild``)."""

    async def apply_many(session: AsyncSession, items: Sequence[Applied]) -> None:
        folded = await apply_folds(session, folds, items, now=clock.now())
        if after is not None:
            await after(session, items, folded)

    replay = None
    if bulk_rebuild:
        FoldReplay(folds, clock=clock)  # refuses folds without an initial state now

        def replay() -> FoldReplay:
            return FoldReplay(folds, clock=clock)

    return Projection(
        name=name, registry=registry, apply_many=apply_many, tables=tables, bulk_replay=replay
    )
