"""Reading a domain object back from a row without naming every column twice."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["from_row"]


def from_row(cls: type[T], row: Any, **converted: Any) -> T:
    """``cls`` (a dataclass) built from ``row``: each field the class takes in its
    constructor from the column of the same name, except those given in ``converted``
    (a code read back into its enum, JSON into value objects, a list into a tuple).
    A field with no column of its name keeps its default."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"from_row builds dataclasses, not {cls.__name__}")
    columns = row._mapping
    taken = {
        f.name: columns[f.name]
        for f in dataclasses.fields(cls)
        if f.init and f.name not in converted and f.name in columns
    }
    return cls(**taken, **converted)
