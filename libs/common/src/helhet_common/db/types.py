"""Column types that behave the same on PostgreSQL and SQLite.

``UtcDateTime`` is the one type for a moment (a date and time) in every table. On
PostgreSQL it is ``TIMESTAMP WITH TIME ZONE``; SQLite has no such type and SQLAlchemy's
``DateTime`` there keeps the wall-clock digits of whatever it is given and gives back a
datetime without a time zone, so code that compares a stored moment with a fresh one
(``datetime.now(UTC)``, an event's time) raised ``TypeError`` on SQLite only, and a
moment given with another offset than UTC was stored hours off.

So, on every dialect:

- bind: an aware datetime is converted to UTC (SQLite stores its UTC digits, in the
  format SQLAlchemy's ``DateTime`` has always used there, so existing rows, their order
  and comparisons in SQL stay as they were). A naive datetime is refused with
  ``ValueError``: it does not say which moment it is, and guessing (local time? UTC?) is
  how moments end up hours off. Make it aware (``datetime.now(UTC)``,
  ``value.replace(tzinfo=UTC)`` when it is known to be UTC).
- result: an aware datetime in UTC (``tzinfo is datetime.UTC``). A stored value without
  a time zone (every value SQLite has) is read as UTC, which is what was written.

The database type does not change (``DateTime(timezone=True)``), so no migration is
needed and Alembic's type comparison sees no difference.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

__all__ = ["UtcDateTime"]


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and given back as an aware UTC datetime on every dialect."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UtcDateTime takes a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} for a UtcDateTime column: give it a "
                "time zone (e.g. datetime.now(UTC))"
            )
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=UTC)  # SQLite: the UTC digits bind wrote
        return value.astimezone(UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime
