"""A toy service in the one shape: a counter aggregate with value events, its contracts,
a tracking repository, a unit of work, handlers, keyword-only commands and routes run
by the command runner. The foundation's tests drive it on SQLite (no server)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel
from sqlalchemy import (
    Column,
    Integer,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.app import create_app
from helhet_common.auth import Principal
from helhet_common.clock import Clock
from helhet_common.commands import CommandRunner, command_runner
from helhet_common.db import create_engine, create_session_factory, make_metadata
from helhet_common.db.shared_tables import define_shared_tables
from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from helhet_common.messaging.envelope import IntegrationEvent
from helhet_common.messaging.registry import EventRegistry
from helhet_common.repository import Repository
from helhet_common.settings import ServiceSettings
from helhet_common.testing.fakes import FakeRepository, FakeUnitOfWork
from helhet_common.unit_of_work import UnitOfWork

HAMAR = "3403"
metadata = make_metadata()
shared = define_shared_tables(metadata)
counters = Table(
    "counters",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False),
    Column("name", String(50), nullable=False),
    Column("value", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("municipality", "name"),
)


# -- domain: value events, an aggregate that records them --------------------------------


@dataclass(frozen=True)
class CounterCreated:
    counter_id: UUID
    name: str


@dataclass(frozen=True)
class CounterBumped:
    counter_id: UUID
    value: int
    on: date


@dataclass
class Counter:
    id: UUID
    municipality: str
    name: str
    value: int = 0
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, *, counter_id: UUID, municipality: str, name: str) -> Counter:
        counter = cls(id=counter_id, municipality=municipality, name=name)
        counter.events.append(CounterCreated(counter_id=counter_id, name=name))
        return counter

    def bump(self, *, by: int, today: date) -> None:
        if by <= 0:
            raise Invalid("A counter only goes up.", code="counter-goes-up", by=by)
        self.value += by
        self.events.append(CounterBumped(counter_id=self.id, value=self.value, on=today))


# -- contracts ------------------------------------------------------------------------------


class CounterCreatedV1(IntegrationEvent):
    event_type = "helhet.counter.created.v1"
    topic = "helhet.toy"
    counter_id: UUID


class CounterBumpedV1(IntegrationEvent):
    event_type = "helhet.counter.bumped.v1"
    topic = "helhet.toy"
    counter_id: UUID
    value: int
    on: date


registry = EventRegistry([CounterCreatedV1, CounterBumpedV1])


def translate(event: Any) -> Iterable[IntegrationEvent]:
    match event:
        case CounterCreated():
            yield CounterCreatedV1(counter_id=event.counter_id)
        case CounterBumped():
            yield CounterBumpedV1(counter_id=event.counter_id, value=event.value, on=event.on)
        case _:
            raise TypeError(type(event).__name__)


# -- adapters -------------------------------------------------------------------------------


def counter_exists() -> Conflict:
    return Conflict("A counter with this name exists.", code="counter-exists")


class CounterRepository(Repository[Counter]):
    what = "counter"

    async def _load(self, aggregate_id: Any, *, lock: bool) -> Counter | None:
        query = select(counters).where(counters.c.id == aggregate_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            return None
        return Counter(row.id, row.municipality, row.name, row.value, row.version)

    async def _insert(self, c: Counter) -> None:
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(counters).values(
                        id=c.id,
                        municipality=c.municipality,
                        name=c.name,
                        value=c.value,
                        version=c.version,
                    )
                )
        except IntegrityError:
            raise counter_exists() from None

    async def _update(self, c: Counter) -> None:
        result = await self.session.execute(
            update(counters)
            .where(counters.c.id == c.id, counters.c.version == c.version)
            .values(value=c.value, version=c.version + 1)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise StaleVersion(given=c.version)
        c.version += 1

    async def named(self, municipality: str) -> list[Counter]:
        rows = await self.session.execute(
            select(counters)
            .where(counters.c.municipality == municipality)
            .order_by(counters.c.name)
        )
        return self._seen_all(
            Counter(r.id, r.municipality, r.name, r.value, r.version) for r in rows
        )


class ToyUnitOfWork(UnitOfWork, tables=shared, translate=translate):
    counters: CounterRepository

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession] | None, *, clock: Clock | None = None
    ):
        kwargs: dict[str, Any] = {"clock": clock} if clock is not None else {}
        super().__init__(sessions, source="/helhet/toy", **kwargs)

    def open_repositories(self, session: AsyncSession) -> None:
        self.counters = CounterRepository(session, self.seen)


class FakeCounters(FakeRepository[Counter]):
    what = "counter"


class FakeToyUnitOfWork(FakeUnitOfWork):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(translate=translate, **kwargs)
        self.counters = FakeCounters(
            self.seen, unique=lambda c: (c.municipality, c.name), duplicate=counter_exists
        )


# -- service layer --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CreateCounter:
    municipality: str
    name: str


@dataclass(frozen=True, kw_only=True)
class BumpCounter:
    counter_id: UUID
    municipality: str
    by: int


async def create_counter(command: CreateCounter, uow: ToyUnitOfWork) -> Counter:
    counter = Counter.create(
        counter_id=uuid4(), municipality=command.municipality, name=command.name
    )
    await uow.counters.add(counter)
    return counter


async def bump_counter(command: BumpCounter, uow: ToyUnitOfWork) -> Counter:
    counter = await uow.counters.get(command.counter_id, municipality=command.municipality)
    counter.bump(by=command.by, today=uow.clock.today())
    await uow.counters.save(counter)
    return counter


# -- entrypoints ----------------------------------------------------------------------------


class CounterIn(BaseModel):
    name: str


class BumpIn(BaseModel):
    by: int


class CounterPublic(BaseModel):
    id: UUID
    name: str
    value: int


def counter_view(c: Counter) -> CounterPublic:
    return CounterPublic(id=c.id, name=c.name, value=c.value)


async def caller() -> Principal:
    return Principal(sub="tester", municipality=HAMAR, agency="refugee-service")


def get_uow(request: Request) -> ToyUnitOfWork:
    return ToyUnitOfWork(request.app.state.session_factory, clock=request.app.state.clock)


Create = Annotated[
    CommandRunner[ToyUnitOfWork], Depends(command_runner(get_uow, caller, idempotent=True))
]
Change = Annotated[CommandRunner[ToyUnitOfWork], Depends(command_runner(get_uow, caller))]

router = APIRouter()


@router.post("/counters", status_code=201, response_model=CounterPublic)
async def create(body: CounterIn, run: Create) -> Any:
    command = CreateCounter(municipality=run.municipality, name=body.name)
    return await run(create_counter, command, view=counter_view, body=body)


@router.post("/counters/{counter_id}/bumps", response_model=CounterPublic)
async def bump(counter_id: UUID, body: BumpIn, run: Change) -> Any:
    command = BumpCounter(counter_id=counter_id, municipality=run.municipality, by=body.by)
    return await run(bump_counter, command, view=counter_view)


async def make_database(path: Path) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    engine = create_engine(f"sqlite+aiosqlite:///{path / 'toy.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return engine, create_session_factory(engine)


def make_app(engine: AsyncEngine, home: Path, clock: Clock) -> FastAPI:
    settings = ServiceSettings(
        service_name="toy-service", home=home, database_url="sqlite://", log_level="WARNING"
    )
    app = create_app(
        settings=settings, title="toy", description="toy", routers=[router], engine=engine
    )
    app.state.clock = clock
    return app
