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
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, text
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
