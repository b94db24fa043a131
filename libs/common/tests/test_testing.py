"""The shared test helpers: polling with a deadline and throw-away databases."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from helhet_common.testing import async_wait_until, wait_until
from helhet_common.testing.databases import create_database, database_exists, drop_database
from helhet_common.testing.guards import handlers_without_a_test
from helhet_common.testing.plugin import MakeDatabase

# -- wait_until


def test_wait_until_returns_the_first_truthy_value() -> None:
    counter = itertools.count()
    assert wait_until(lambda: next(counter) >= 3 and "ready", interval=0.001) == "ready"


def test_wait_until_raises_with_message_and_last_value() -> None:
    with pytest.raises(AssertionError, match=r"condition was not met.*last value: \[\]"):
        wait_until(list, timeout=0.05, interval=0.01)
    with pytest.raises(AssertionError, match=r"(?s)queue drained.*last value: 0"):
        wait_until(lambda: 0, timeout=0.05, interval=0.01, message="queue drained")


def test_wait_until_reports_the_last_exception() -> None:
    def predicate() -> bool:
        raise KeyError("plan-7")

    with pytest.raises(AssertionError, match=r"(?s)plan visible.*KeyError.*plan-7") as info:
        wait_until(predicate, timeout=0.05, interval=0.01, message="plan visible")
    assert isinstance(info.value.__cause__, KeyError)


def test_wait_until_tolerates_transient_exceptions() -> None:
    calls = itertools.count()

    def predicate() -> int:
        n = next(calls)
        if n < 2:
            raise ConnectionError("not yet")
        return n

    assert wait_until(predicate, interval=0.001) == 2


async def test_async_wait_until_with_async_and_sync_predicates() -> None:
    counter = itertools.count()

    async def check() -> int | None:
        n = next(counter)
        return n if n >= 2 else None

    assert await async_wait_until(check, interval=0.001) == 2
    assert await async_wait_until(lambda: "sync", interval=0.001) == "sync"


async def test_async_wait_until_raises_on_deadline() -> None:
    async def never() -> bool:
        return False

    with pytest.raises(AssertionError, match=r"overview updated.*last value: False"):
        await async_wait_until(never, timeout=0.05, interval=0.01, message="overview updated")


async def test_async_wait_until_bounds_a_hanging_predicate() -> None:
    async def hang() -> bool:
        await async_wait_until(lambda: False, timeout=60)
        return True

    with pytest.raises(AssertionError, match=r"(?s)bounded.*TimeoutError"):
        await async_wait_until(hang, timeout=0.1, interval=0.01, message="bounded")


# -- databases


async def test_make_database_gives_distinct_usable_databases(make_database: MakeDatabase) -> None:
    first, second = make_database("common"), make_database("common")
    assert first != second
    first_name, second_name = make_url(first).database, make_url(second).database
    assert first_name != second_name
    assert first_name is not None
    assert first_name.startswith("helhet_test_common_")
    assert make_url(first).drivername == "postgresql+asyncpg"

    engine = create_async_engine(first)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE probe (id int PRIMARY KEY)"))
            await connection.execute(text("INSERT INTO probe VALUES (1)"))
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT id FROM probe"))).scalar_one() == 1
    finally:
        await engine.dispose()

    other = create_async_engine(second)
    try:
        async with other.connect() as connection:
            exists = await connection.execute(text("SELECT to_regclass('public.probe')"))
            assert exists.scalar_one() is None
    finally:
        await other.dispose()


def test_create_and_drop_database_from_sync_code(postgres_admin_url: str) -> None:
    url = create_database(postgres_admin_url, "Sync Prefix!")
    name = make_url(url).database
    assert name is not None
    assert name.startswith("helhet_test_sync_prefix_")
    assert database_exists(postgres_admin_url, name)
    drop_database(postgres_admin_url, url)
    assert not database_exists(postgres_admin_url, name)


async def test_drop_database_terminates_open_connections(postgres_admin_url: str) -> None:
    url = create_database(postgres_admin_url, "busy")
    engine = create_async_engine(url)
    connection = await engine.connect()
    try:
        await connection.execute(text("SELECT 1"))
        drop_database(postgres_admin_url, url)  # must not block on the open session
        assert not database_exists(postgres_admin_url, make_url(url).database or "")
    finally:
        with contextlib.suppress(Exception):  # the server terminated it, as intended
            await connection.close()
        await engine.dispose()


def test_drop_database_refuses_other_databases(postgres_admin_url: str) -> None:
    with pytest.raises(ValueError, match="refusing"):
        drop_database(postgres_admin_url, postgres_admin_url)


def test_the_handler_guard_names_a_handler_no_test_calls(tmp_path: Path) -> None:
    import types

    module = types.ModuleType("toy_handlers")

    async def create_counter() -> None: ...
    async def rename_counter() -> None: ...
    async def _helper() -> None: ...

    for function in (create_counter, rename_counter, _helper):
        function.__module__ = module.__name__
        setattr(module, function.__name__, function)
    tests = tmp_path / "test_handlers.py"
    tests.write_text("await handlers.create_counter(command, uow)\n", encoding="utf-8")
    assert handlers_without_a_test(module, tests) == ["rename_counter"]
