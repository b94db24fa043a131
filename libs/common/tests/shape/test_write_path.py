"""The write path: a route builds a command, the command runner runs its handler in one
unit of work, repositories record what they hand out, value events reach the outbox on
commit, domain errors become problem details (on SQLite: no server needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.clock import FixedClock
from helhet_common.domain_errors import NotFound
from helhet_common.idempotency import prune_idempotency_records
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.unit_of_work import run_handler

from . import toy

TODAY = date(2026, 11, 23)


@pytest.fixture
async def database(
    tmp_path: Path,
) -> AsyncIterator[tuple[AsyncEngine, async_sessionmaker[AsyncSession]]]:
    engine, sessions = await toy.make_database(tmp_path)
    yield engine, sessions
    await engine.dispose()


@pytest.fixture
async def client(
    database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]], tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    app = toy.make_app(database[0], tmp_path, FixedClock(TODAY))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://toy.test"
    ) as http:
        yield http


async def outbox(engine: AsyncEngine) -> list[CloudEvent]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(toy.shared.outbox).order_by(toy.shared.outbox.c.id))
        return [CloudEvent.from_json_bytes(r.payload) for r in rows]


async def count(engine: AsyncEngine, table: object) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


async def test_a_route_runs_its_command_and_answers_with_the_view(
    client: httpx.AsyncClient, database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]]
) -> None:
    created = await client.post("/counters", json={"name": "visits"})
    assert created.status_code == 201  # the route's own status code
    counter_id = created.json()["id"]
    bumped = await client.post(f"/counters/{counter_id}/bumps", json={"by": 2})
    assert (bumped.status_code, bumped.json()["value"]) == (200, 2)
    events = await outbox(database[0])
    assert [e.type for e in events] == ["helhet.counter.created.v1", "helhet.counter.bumped.v1"]
    assert events[1].data == {"counter_id": counter_id, "value": 2, "on": "2026-11-23"}
    assert {e.source for e in events} == {"/helhet/toy"}
    assert {e.municipality for e in events} == {toy.HAMAR}


async def test_an_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]]
) -> None:
    headers = {"Idempotency-Key": "k-1"}
    first = await client.post("/counters", json={"name": "a"}, headers=headers)
    second = await client.post("/counters", json={"name": "a"}, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await count(database[0], toy.counters) == 1
    reused = await client.post("/counters", json={"name": "b"}, headers=headers)
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency-key-reused")


async def test_a_route_without_idempotency_documents_no_key(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    create = spec["paths"]["/counters"]["post"]
    bump = spec["paths"]["/counters/{counter_id}/bumps"]["post"]
    assert [p["name"] for p in create["parameters"]] == ["Idempotency-Key"]
    assert [p["name"] for p in bump["parameters"]] == ["counter_id"]


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        (
            "/counters/00000000-0000-0000-0000-000000000000/bumps",
            {"by": 1},
            404,
            "counter-not-found",
        ),
        ("/counters", {"name": "visits"}, 409, "counter-exists"),
    ],
)
async def test_domain_errors_are_problem_details_and_write_nothing(
    client: httpx.AsyncClient,
    database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]],
    path: str,
    body: dict[str, object],
    status: int,
    code: str,
) -> None:
    await client.post("/counters", json={"name": "visits"})
    before = len(await outbox(database[0]))
    response = await client.post(path, json=body)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.headers["content-type"] == "application/problem+json"
    assert len(await outbox(database[0])) == before


async def test_details_of_a_domain_error_travel_into_the_problem(client: httpx.AsyncClient) -> None:
    counter_id = (await client.post("/counters", json={"name": "v"})).json()["id"]
    response = await client.post(f"/counters/{counter_id}/bumps", json={"by": 0})
    assert response.status_code == 422
    assert response.json()["detail"] == "A counter only goes up."
    assert response.json()["by"] == 0


async def test_repositories_record_what_they_hand_out(
    database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]],
) -> None:
    _, sessions = database
    clock = FixedClock(TODAY)
    made = await run_handler(
        toy.ToyUnitOfWork(sessions, clock=clock),
        toy.create_counter,
        toy.CreateCounter(municipality=toy.HAMAR, name="a"),
    )
    uow = toy.ToyUnitOfWork(sessions, clock=clock)
    async with uow:
        [listed] = await uow.counters.named(toy.HAMAR)
        got = await uow.counters.get(made.id, municipality=toy.HAMAR)
        assert listed in uow.seen
        assert got in uow.seen
        with pytest.raises(NotFound) as error:
            await uow.counters.get(made.id, municipality="3407")
        assert error.value.code == "counter-not-found"


async def test_events_of_an_uncommitted_unit_of_work_are_lost(
    database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]],
) -> None:
    engine, sessions = database
    async with toy.ToyUnitOfWork(sessions) as uow:
        await toy.create_counter(toy.CreateCounter(municipality=toy.HAMAR, name="x"), uow)
    assert await count(engine, toy.counters) == 0
    assert await outbox(engine) == []


async def test_within_writes_a_projection_s_events_to_the_same_outbox(
    database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]],
) -> None:
    engine, sessions = database
    made = await run_handler(
        toy.ToyUnitOfWork(sessions),
        toy.create_counter,
        toy.CreateCounter(municipality=toy.HAMAR, name="a"),
    )
    cause = CloudEvent(source="/helhet/other", type="t", data={}, correlationid="corr-1")
    uow = toy.ToyUnitOfWork(None, clock=FixedClock(TODAY))  # a projection has no factory
    # The consumer runner's transaction, and the unit of work inside it.
    async with sessions() as session, session.begin(), uow.within(session, cause=cause):
        counter = await uow.counters.get(made.id, municipality=toy.HAMAR)
        counter.bump(by=1, today=uow.clock.today())
        await uow.counters.save(counter)
        with pytest.raises(RuntimeError):
            await uow.commit()
    *_, bumped = await outbox(engine)
    assert bumped.type == "helhet.counter.bumped.v1"
    assert (bumped.source, bumped.causationid, bumped.correlationid) == (
        "/helhet/toy",
        cause.id,
        "corr-1",
    )


async def test_within_writes_nothing_when_the_block_fails(
    database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]],
) -> None:
    engine, sessions = database
    made = await run_handler(
        toy.ToyUnitOfWork(sessions),
        toy.create_counter,
        toy.CreateCounter(municipality=toy.HAMAR, name="a"),
    )
    uow = toy.ToyUnitOfWork(sessions)

    async def fail_after_bumping(session: AsyncSession) -> None:
        async with uow.within(session):
            counter = await uow.counters.get(made.id, municipality=toy.HAMAR)
            counter.bump(by=1, today=TODAY)
            raise ValueError("boom")

    async with sessions() as session:
        await session.begin()
        with pytest.raises(ValueError, match="boom"):
            await fail_after_bumping(session)
        await session.commit()
    assert [e.type for e in await outbox(engine)] == ["helhet.counter.created.v1"]


async def test_a_unit_of_work_without_a_session_factory_only_works_within() -> None:
    uow = toy.ToyUnitOfWork(None)
    with pytest.raises(RuntimeError, match="within"):
        await uow.__aenter__()


async def test_a_stored_response_loses_its_body_after_a_day_and_its_key_after_a_month(
    client: httpx.AsyncClient, database: tuple[AsyncEngine, async_sessionmaker[AsyncSession]]
) -> None:
    """``prune-idempotency``: a day later a replay still answers the first status and the
    id of what was created (nothing is created twice), but no longer the stored body; a
    month later the key is gone."""
    engine, sessions = database
    headers = {"Idempotency-Key": "k-1"}
    first = await client.post("/counters", json={"name": "visits"}, headers=headers)
    created = first.json()
    assert set(created) > {"id"}
    keys = toy.shared.idempotency_keys
    now = datetime.now(UTC)

    soon = await prune_idempotency_records(
        sessions, toy.shared, body_after=timedelta(hours=24), keep_for=timedelta(days=30), now=now
    )
    assert (soon.bodies_purged, soon.deleted) == (0, 0)

    a_day_later = now + timedelta(hours=25)
    result = await prune_idempotency_records(
        sessions,
        toy.shared,
        body_after=timedelta(hours=24),
        keep_for=timedelta(days=30),
        now=a_day_later,
    )
    assert (result.bodies_purged, result.deleted) == (1, 0)
    async with engine.connect() as conn:
        assert (await conn.execute(select(keys.c.response_body))).scalar() == {"id": created["id"]}
    replay = await client.post("/counters", json={"name": "visits"}, headers=headers)
    assert (replay.status_code, replay.json()) == (201, {"id": created["id"]})
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert await count(engine, toy.counters) == 1
    again = await prune_idempotency_records(
        sessions,
        toy.shared,
        body_after=timedelta(hours=24),
        keep_for=timedelta(days=30),
        now=a_day_later,
    )
    assert again.bodies_purged == 0  # already reduced

    a_month_later = now + timedelta(days=31)
    gone = await prune_idempotency_records(
        sessions,
        toy.shared,
        body_after=timedelta(hours=24),
        keep_for=timedelta(days=30),
        now=a_month_later,
    )
    assert gone.deleted == 1
    assert await count(engine, keys) == 0
    with pytest.raises(ValueError, match="at least as long"):
        await prune_idempotency_records(
            sessions, toy.shared, body_after=timedelta(days=2), keep_for=timedelta(days=1)
        )
