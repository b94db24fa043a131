"""The generic batch fold: first-seen rows created, states folded in order, only the
changed rows written back, every event routed to its fold (on SQLite; the round trips
of a batch on both backends)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Uuid, event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.clock import FixedClock
from helhet_common.db import create_engine, create_session_factory, make_metadata
from helhet_common.messaging.consumer import Applied
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent, TolerantEvent
from helhet_common.messaging.registry import EventRegistry
from helhet_common.projection import Fold, Folded, dataclass_row, fold_projection
from helhet_common.testing.plugin import MakeDatabase

metadata = make_metadata()
tallies = Table(
    "tallies",
    metadata,
    Column("participant_id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=True),
    Column("names", JSON, nullable=False),
    Column("count", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
labels = Table(
    "labels",
    metadata,
    Column("label_id", Uuid, primary_key=True),
    Column("participant_id", Uuid, nullable=False),
    Column("text", String(20), nullable=True),
)


class Named(TolerantEvent):
    event_type = "helhet.toy.named.v1"
    topic = "helhet.toy"
    participant_id: UUID
    name: str


class Touched(TolerantEvent):
    event_type = "helhet.toy.touched.v1"
    topic = "helhet.toy"
    participant_id: UUID


class Labelled(TolerantEvent):
    event_type = "helhet.toy.labelled.v1"
    topic = "helhet.toy"
    participant_id: UUID
    label_id: UUID
    text: str


class Unrouted(TolerantEvent):
    event_type = "helhet.toy.unrouted.v1"
    topic = "helhet.toy"


registry = EventRegistry([Named, Touched, Labelled, Unrouted])


@dataclass(frozen=True)
class Tally:
    participant_id: UUID
    municipality: str | None = None
    names: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class Label:
    label_id: UUID
    participant_id: UUID
    text: str | None = None


def tally_transition(state: Tally, event: IntegrationEvent, envelope: CloudEvent) -> Tally:
    state = replace(state, municipality=state.municipality or envelope.municipality)
    if isinstance(event, Named):
        return replace(state, names=(*state.names, event.name), count=state.count + 1)
    return state  # Touched changes nothing but the municipality


def key_of(event: IntegrationEvent) -> Any:
    return event.participant_id  # type: ignore[attr-defined]


tally_fold: Fold[Tally] = Fold(
    table=tallies,
    key="participant_id",
    events=(Named, Touched),
    key_of=key_of,
    transition=tally_transition,
    from_row=lambda r: Tally(r.participant_id, r.municipality, tuple(r.names), r.count),
    to_row=lambda s: dataclass_row(s, key="participant_id"),
    blank=lambda _: {"names": [], "count": 0},
)
label_fold: Fold[Label] = Fold(
    table=labels,
    key="label_id",
    events=(Labelled,),
    key_of=lambda e: e.label_id,  # type: ignore[attr-defined]
    transition=lambda s, e, _: replace(s, text=e.text),  # type: ignore[attr-defined]
    from_row=lambda r: Label(r.label_id, r.participant_id, r.text),
    to_row=lambda s: dataclass_row(s, key="label_id"),
    blank=lambda e: {"participant_id": e.participant_id},  # type: ignore[attr-defined]
    touched=None,
)
MOMENT = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine: AsyncEngine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fold.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield create_session_factory(engine)
    await engine.dispose()


def applied(*events: IntegrationEvent) -> list[Applied]:
    return [
        (e, CloudEvent(source="/t", type=e.event_type, data={}, municipality="3403"))
        for e in events
    ]


async def test_a_batch_is_folded_over_its_rows_in_order(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    seen: list[Sequence[Folded[Any]]] = []

    async def after(_: AsyncSession, __: Sequence[Applied], folded: Sequence[Folded[Any]]) -> None:
        seen.append(folded)

    projection = fold_projection(
        name="tallies",
        registry=registry,
        folds=[tally_fold, label_fold],
        tables=[tallies, labels],
        after=after,
        clock=FixedClock(date(2026, 11, 23), now=MOMENT),
    )
    a, b, label = uuid4(), uuid4(), uuid4()
    async with sessions() as session, session.begin():
        assert projection.apply_many is not None
        await projection.apply_many(
            session,
            applied(
                Named(participant_id=a, name="x"),
                Labelled(participant_id=a, label_id=label, text="first"),
                Named(participant_id=a, name="y"),
                Touched(participant_id=b),
                Labelled(participant_id=a, label_id=label, text="second"),
            ),
        )
    async with sessions() as session:
        rows = {r.participant_id: r for r in await session.execute(select(tallies))}
        [label_row] = list(await session.execute(select(labels)))
    assert (rows[a].names, rows[a].count, rows[a].municipality) == (["x", "y"], 2, "3403")
    assert (rows[b].count, rows[b].municipality) == (0, "3403")
    assert rows[a].updated_at.replace(tzinfo=UTC) == MOMENT
    assert (label_row.participant_id, label_row.text) == (a, "second")
    [(tally_part, label_part)] = seen
    assert tally_part.after[a].names == ("x", "y")
    assert set(tally_part.changed) == {a, b}
    assert label_part.before[label] == Label(label, a)


async def test_unchanged_states_are_not_written_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    projection = fold_projection(
        name="tallies",
        registry=registry,
        folds=[tally_fold],
        tables=[tallies],
        clock=FixedClock(date(2026, 11, 23), now=MOMENT),
    )
    a = uuid4()
    assert projection.apply_many is not None
    async with sessions() as session, session.begin():
        await projection.apply_many(session, applied(Touched(participant_id=a)))
    later = fold_projection(
        name="tallies",
        registry=registry,
        folds=[tally_fold],
        tables=[tallies],
        clock=FixedClock(date(2026, 11, 24)),
    )
    assert later.apply_many is not None
    async with sessions() as session, session.begin():
        await later.apply_many(session, applied(Touched(participant_id=a)))
    async with sessions() as session:
        stamp = await session.scalar(select(tallies.c.updated_at))
    assert stamp is not None
    assert stamp.replace(tzinfo=UTC) == MOMENT


async def test_an_event_no_fold_handles_is_an_error_not_dropped(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    projection = fold_projection(name="t", registry=registry, folds=[tally_fold], tables=[tallies])
    assert projection.apply_many is not None
    async with sessions() as session, session.begin():
        with pytest.raises(TypeError, match="no fold for Unrouted"):
            await projection.apply_many(session, applied(Unrouted()))


@pytest.fixture
async def backend_sessions(
    make_backend_database: MakeDatabase,
) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], list[str]]]:
    """Sessions on PostgreSQL and on SQLite, and the statements they send."""
    engine = create_engine(make_backend_database("fold"))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    sent: list[str] = []

    def record(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        sent.append(statement.lstrip().split()[0].upper())

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield create_session_factory(engine), sent
    await engine.dispose()


async def test_a_batch_about_known_keys_creates_no_rows_and_a_new_key_gets_its_row(
    backend_sessions: tuple[async_sessionmaker[AsyncSession], list[str]],
) -> None:
    """Issue 14: a live batch about known participants is a round trip shorter (no
    create-if-absent), while a key seen for the first time still gets its row, also in
    a batch with known keys."""
    sessions, sent = backend_sessions
    projection = fold_projection(
        name="tallies",
        registry=registry,
        folds=[tally_fold],
        tables=[tallies],
        clock=FixedClock(date(2026, 11, 23), now=MOMENT),
    )
    assert projection.apply_many is not None
    a, b = uuid4(), uuid4()
    async with sessions() as session, session.begin():
        await projection.apply_many(session, applied(Named(participant_id=a, name="x")))
    assert "INSERT" in sent  # a's row created
    sent.clear()
    async with sessions() as session, session.begin():
        await projection.apply_many(session, applied(Named(participant_id=a, name="y")))
    assert "INSERT" not in sent
    assert sent.count("SELECT") == 1
    sent.clear()
    async with sessions() as session, session.begin():
        await projection.apply_many(
            session,
            applied(Named(participant_id=b, name="p"), Named(participant_id=a, name="z")),
        )
    assert "INSERT" in sent  # b's row
    async with sessions() as session:
        rows = {r.participant_id: r for r in await session.execute(select(tallies))}
    assert (rows[a].names, rows[a].count) == (["x", "y", "z"], 3)
    assert (rows[b].names, rows[b].count) == (["p"], 1)
