"""Small-cell suppression for tables with margins: primary and complementary.

Plain Python. A KPI is published in cells of a two-way table, rows (the whole
municipality, each unit, and the part no unit owns) by columns (all exit cohorts, each
cohort year, and the participants who have not exited). The margins are sums of their
rows and columns, so a hidden cell could be worked out from the ones shown: the total
minus the others. ``protect`` hides every cell with 1 to 4 persons (primary
suppression) and then, while any hidden cell can still be computed exactly from the
shown cells and the table's sums, hides one more cell next to it (complementary
suppression), until none can.

"Can be computed" is exact linear algebra: a cell is determined when its unit vector
lies in the row space of the table's sum relations restricted to the unknown cells.
Unknown cells are the hidden ones and the unpublished inner cells (the unowned row, the
not-exited column) that hold somebody; cells with nobody in them are treated as known
zeros, whether shown or not (the careful assumption). Bounds (a count cannot be
negative) are not used, so an interval can still be narrowed: the usual limit of
suppression by cells, documented in ``docs/kpis.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

MIN_GROUP = 5  # fewer persons than this, and more than none: the cell is suppressed

Key = tuple[str, str]  # (row, column)


def is_small(persons: int) -> bool:
    """A group of 1 to 4 persons. An empty group tells nothing about anybody."""
    return 0 < persons < MIN_GROUP


def _relations(rows: Sequence[str], columns: Sequence[str]) -> list[dict[Key, int]]:
    """``total - sum(parts) = 0`` for every row and every column; ``rows[0]`` and
    ``columns[0]`` are the margins."""
    row_total, column_total = rows[0], columns[0]
    relations: list[dict[Key, int]] = []
    for row in rows:
        relation = {(row, column_total): 1}
        relation.update({(row, c): -1 for c in columns[1:]})
        relations.append(relation)
    for column in columns:
        relation = {(row_total, column): 1}
        relation.update({(r, column): -1 for r in rows[1:]})
        relations.append(relation)
    return relations


class _RowSpace:
    """The row space of the relations restricted to the unknown cells, reduced."""

    def __init__(self, relations: list[dict[Key, int]], unknown: set[Key]) -> None:
        self.pivots: list[tuple[Key, dict[Key, Fraction]]] = []
        for relation in relations:
            vector = {k: Fraction(v) for k, v in relation.items() if k in unknown and v}
            vector = self._reduce(vector)
            if vector:
                pivot = min(vector)
                scale = vector[pivot]
                self.pivots.append((pivot, {k: v / scale for k, v in vector.items()}))

    def _reduce(self, vector: dict[Key, Fraction]) -> dict[Key, Fraction]:
        for pivot, row in self.pivots:
            factor = vector.get(pivot)
            if factor:
                for key, value in row.items():
                    updated = vector.get(key, Fraction(0)) - factor * value
                    if updated:
                        vector[key] = updated
                    else:
                        vector.pop(key, None)
        return vector

    def determines(self, key: Key) -> bool:
        return not self._reduce({key: Fraction(1)})


def protect(
    persons: Mapping[Key, int],
    rows: Sequence[str],
    columns: Sequence[str],
    published: set[Key],
) -> set[Key]:
    """The published cells to hide: those with 1-4 persons, and enough others that none
    of them can be computed from what is shown. ``persons`` holds every cell of the
    ``rows`` x ``columns`` table (margins first in each); missing cells are empty."""

    def size(key: Key) -> int:
        return persons.get(key, 0)

    cells = [(r, c) for r in rows for c in columns]
    hidden = {k for k in published if is_small(size(k))}
    relations = _relations(rows, columns)
    while hidden:
        unknown = {k for k in cells if size(k) > 0 and (k in hidden or k not in published)}
        space = _RowSpace(relations, unknown)
        exposed = [k for k in hidden if space.determines(k)]
        if not exposed:
            break
        partner = _partner(exposed, rows, columns, published, hidden, size)
        if partner is None:
            break  # nothing left to hide
        hidden.add(partner)
    return hidden


def _partner(
    exposed: list[Key],
    rows: Sequence[str],
    columns: Sequence[str],
    published: set[Key],
    hidden: set[Key],
    size: Callable[[Key], int],
) -> Key | None:
    """The shown cell to hide next: one holding somebody in the same row or column as an
    exposed cell; inner cells before margins, then the smallest. Only when no exposed
    cell has such a neighbour, any shown cell holding somebody."""

    def shown(k: Key) -> bool:
        return k in published and k not in hidden and size(k) > 0

    candidates = {
        k
        for row, column in exposed
        for k in [(row, c) for c in columns] + [(r, column) for r in rows]
        if shown(k)
    }
    if not candidates:
        candidates = {k for k in published if shown(k)}
    if not candidates:
        return None

    def preference(k: Key) -> tuple[int, int, Key]:
        margin = int(k[0] == rows[0]) + int(k[1] == columns[0])
        return (margin, size(k), k)

    return min(candidates, key=preference)
