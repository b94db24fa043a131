"""Many rows into one table at once: PostgreSQL's COPY, an executemany elsewhere.

A rebuild writes every row of a read model (and a processed-events row per event) in
one transaction. Through SQLAlchemy's executemany that is 20-25k rows a second on a
small machine; ``COPY ... FROM STDIN (FORMAT binary)`` on asyncpg's own connection,
in the same transaction, is several times faster. SQLite (and any other driver) gets
the executemany, in chunks.

Values are given as SQLAlchemy would take them; for COPY they are converted here the
way the columns' types would bind them: JSON columns encoded to text, ``UtcDateTime``
moments converted to UTC.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, bindparam, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.types import UtcDateTime

CHUNK = 5_000


def _encoder(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(column_type, UtcDateTime):
        return _utc
    return None


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is UTC:
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} for a UtcDateTime column")
    return value.astimezone(UTC)


async def bulk_insert(
    session: AsyncSession, table: Table, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Insert ``rows`` (every row with the same keys) into ``table`` in the session's
    transaction; returns how many. Columns a row leaves out get their defaults."""
    rows = list(rows)
    if not rows:
        return 0
    names = list(rows[0])
    dialect = session.bind.dialect if session.bind is not None else None
    if dialect is not None and dialect.name == "postgresql" and dialect.driver == "asyncpg":
        # The transaction must be open on the driver's connection before COPY joins it.
        await session.execute(text("SELECT 1"))
        connection = await session.connection()
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
        encoded = [
            (i, encode)
            for i, name in enumerate(names)
            if (encode := _encoder(table.c[name].type)) is not None
        ]
        records: list[Any] = [values(row) for row in rows]
        if encoded:
            for n, record in enumerate(records):
                record = list(record)
                for i, encode in encoded:
                    record[i] = encode(record[i])
                records[n] = record
        await driver.copy_records_to_table(  # type: ignore[union-attr]
            table.name, records=records, columns=names, schema_name=table.schema
        )
        return len(records)
    for start in range(0, len(rows), CHUNK):
        await session.execute(table.insert(), rows[start : start + CHUNK])
    return len(rows)


async def bulk_update(
    session: AsyncSession, table: Table, key: str, rows: Sequence[Mapping[str, Any]]
) -> int:
    """Set the columns of existing rows of ``table``, found by the column ``key``, to
    ``rows`` (every row with the same keys, ``key`` among them) in the session's
    transaction; returns how many rows were given.

    On PostgreSQL (asyncpg) one statement whatever the number of rows: each column's
    values go as one array, ``UPDATE ... FROM unnest(...)``, converted here as
    ``bulk_insert`` converts them (nothing per row on SQLAlchemy's side, one execution
    on the server). Elsewhere an executemany."""
    if not rows:
        return 0
    names = list(rows[0])
    dialect = session.bind.dialect if session.bind is not None else None
    if dialect is not None and dialect.name == "postgresql" and dialect.driver == "asyncpg":
        quote = dialect.identifier_preparer.quote
        arrays: dict[str, list[Any]] = {}
        casts: list[str] = []
        for i, name in enumerate(names):
            encode = _encoder(table.c[name].type)
            values = [row[name] for row in rows]
            arrays[f"a{i}"] = [encode(v) for v in values] if encode is not None else values
            casts.append(f"CAST(:a{i} AS {table.c[name].type.compile(dialect)}[])")
        target = (
            quote(table.name)
            if table.schema is None
            else f"{quote(table.schema)}.{quote(table.name)}"
        )
        columns = ", ".join(quote(n) for n in names)
        sets = ", ".join(f"{quote(n)} = s.{quote(n)}" for n in names if n != key)
        await session.execute(
            text(
                f"UPDATE {target} AS t SET {sets} "
                f"FROM unnest({', '.join(casts)}) AS s({columns}) "
                f"WHERE t.{quote(key)} = s.{quote(key)}"
            ),
            arrays,
        )
        return len(rows)
    await session.execute(
        update(table)
        .where(table.c[key] == bindparam(f"b_{key}"))
        .values({n: bindparam(f"b_{n}") for n in names if n != key}),
        [{f"b_{n}": v for n, v in row.items()} for row in rows],
    )
    return len(rows)
