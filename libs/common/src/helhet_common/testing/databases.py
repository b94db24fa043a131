"""Throw-away PostgreSQL databases for tests.

``create_database`` makes a fresh database ``helhet_test_<prefix>_<random hex>`` on the
server of an admin URL and returns its SQLAlchemy async URL; ``drop_database`` removes
it again (only ever databases named ``helhet_test_...``).

The asyncpg work runs on a helper thread with its own event loop, so these functions are
plain synchronous calls that work both from sync code and while an event loop is already
running on the calling thread (e.g. inside an async fixture or test).
"""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import URL, make_url

__all__ = [
    "DATABASE_PREFIX",
    "check_server",
    "create_database",
    "database_exists",
    "drop_database",
    "redact",
]

DATABASE_PREFIX = "helhet_test_"
_MAX_IDENTIFIER = 63  # PostgreSQL's NAMEDATALEN - 1
_TOKEN_HEX = 12
_CONNECT_TIMEOUT = 10.0

T = TypeVar("T")


def redact(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _run(work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work()`` to completion on a fresh event loop in a helper thread."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(_as_coroutine(work))
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="helhet-test-db", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


async def _as_coroutine(work: Callable[[], Awaitable[T]]) -> T:
    return await work()


def _connect_kwargs(url: URL, database: str | None = None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "database": database or url.database or "postgres",
        "timeout": _CONNECT_TIMEOUT,
    }
    if url.password is not None:
        kwargs["password"] = url.password
    return kwargs


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _new_name(prefix: str) -> str:
    clean = re.sub(r"[^a-z0-9_]+", "_", prefix.lower()).strip("_") or "db"
    room = _MAX_IDENTIFIER - len(DATABASE_PREFIX) - 1 - _TOKEN_HEX
    return f"{DATABASE_PREFIX}{clean[:room]}_{secrets.token_hex(_TOKEN_HEX // 2)}"


def check_server(admin_url: str) -> str:
    """Connect with the admin URL and return the server version; raise if unreachable."""
    url = make_url(admin_url)

    async def work() -> str:
        connection = await asyncpg.connect(**_connect_kwargs(url))
        try:
            version: str = await connection.fetchval("SHOW server_version")
            return version
        finally:
            await connection.close()

    return _run(work)


def create_database(admin_url: str, prefix: str) -> str:
    """Create ``helhet_test_<prefix>_<hex>`` and return its ``postgresql+asyncpg`` URL."""
    url = make_url(admin_url)
    name = _new_name(prefix)

    async def work() -> None:
        connection = await asyncpg.connect(**_connect_kwargs(url))
        try:
            await connection.execute(f"CREATE DATABASE {_quote(name)}")
        finally:
            await connection.close()

    _run(work)
    return url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
        hide_password=False
    )


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database of ``url`` (a test database), terminating its connections."""
    name = make_url(url).database or ""
    if not name.startswith(DATABASE_PREFIX):
        raise ValueError(f"refusing to drop {name!r}: not a {DATABASE_PREFIX}* database")
    admin = make_url(admin_url)

    async def work() -> None:
        connection = await asyncpg.connect(**_connect_kwargs(admin))
        try:
            await connection.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
        finally:
            await connection.close()

    _run(work)


def database_exists(admin_url: str, name: str) -> bool:
    """Whether a database called ``name`` exists on the admin URL's server."""
    admin = make_url(admin_url)

    async def work() -> bool:
        connection = await asyncpg.connect(**_connect_kwargs(admin))
        try:
            found = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            return found is not None
        finally:
            await connection.close()

    return _run(work)
