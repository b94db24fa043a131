"""from_row: a domain object read back from a row, columns taken by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from helhet_common.db.rows import from_row


class Kind(StrEnum):
    CLASS = "class"


@dataclass
class Group:
    id: int
    name: str
    kind: Kind
    size: int = 0
    events: list[str] = field(default_factory=list, init=False)


def _row() -> object:
    table = Table(
        "groups",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("name", String),
        Column("kind", String),
        Column("unrelated", String),
    )
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        table.create(conn)
        conn.execute(insert(table).values(id=7, name="Norsk A1", kind="class", unrelated="x"))
        return conn.execute(select(table)).one()


def test_columns_are_taken_by_name_and_the_converted_ones_as_given() -> None:
    group = from_row(Group, _row(), kind=Kind.CLASS)
    assert (group.id, group.name, group.kind, group.size, group.events) == (
        7,
        "Norsk A1",
        Kind.CLASS,
        0,  # no column: the default
        [],
    )
    assert isinstance(group.kind, Kind)


def test_only_dataclasses() -> None:
    with pytest.raises(TypeError, match="dataclasses"):
        from_row(dict, _row())  # type: ignore[arg-type]
