"""Primary and complementary suppression of a table with margins."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from reporting_service.domain.suppression import Key, protect

ALL, REST = "*", "~"


def table(inner: dict[Key, int], rows: list[str], columns: list[str]) -> dict[Key, int]:
    """``inner`` cells plus their margins."""
    cells = dict(inner)
    for r in rows:
        cells[(r, ALL)] = sum(v for (row, _), v in inner.items() if row == r)
    for c in columns:
        cells[(ALL, c)] = sum(v for (_, col), v in inner.items() if col == c)
    cells[(ALL, ALL)] = sum(inner.values())
    return cells


def shown_keys(rows: list[str], columns: list[str]) -> set[Key]:
    """Every cell but the never-published rest row and column."""
    return {(r, c) for r in [ALL, *rows] for c in [ALL, *columns] if REST not in (r, c)}


def rank(vectors: list[dict[Key, Fraction]]) -> int:
    """The rank of sparse vectors, by plain elimination (independent of the module's)."""
    basis: list[dict[Key, Fraction]] = []
    for vector in vectors:
        v = dict(vector)
        for b in basis:
            pivot = next(iter(b))
            if v.get(pivot):
                factor = v[pivot] / b[pivot]
                for k, x in b.items():
                    v[k] = v.get(k, Fraction(0)) - factor * x
                v = {k: x for k, x in v.items() if x}
        if v:
            basis.append(dict(sorted(v.items())))
    return len(basis)


def determined(cell: Key, unknown: set[Key], rows: list[str], columns: list[str]) -> bool:
    relations = []
    for r in [ALL, *rows]:
        rel = {(r, ALL): Fraction(1), **{(r, c): Fraction(-1) for c in columns}}
        relations.append({k: v for k, v in rel.items() if k in unknown})
    for c in [ALL, *columns]:
        rel = {(ALL, c): Fraction(1), **{(r, c): Fraction(-1) for r in rows}}
        relations.append({k: v for k, v in rel.items() if k in unknown})
    return rank(relations) == rank([*relations, {cell: Fraction(1)}])


def test_nothing_small_hides_nothing() -> None:
    rows, columns = ["a", "b", REST], ["2024", "2025", REST]
    cells = table({("a", "2024"): 5, ("a", "2025"): 7, ("b", "2024"): 9}, rows, columns)

    assert protect(cells, [ALL, *rows], [ALL, *columns], shown_keys(rows, columns)) == set()


def test_one_small_cell_in_a_row_of_three_hides_one_more() -> None:
    rows, columns = [REST], ["2023", "2024", "2025", REST]
    cells = table({(REST, "2023"): 9, (REST, "2024"): 6, (REST, "2025"): 2}, rows, columns)

    hidden = protect(cells, [ALL, *rows], [ALL, *columns], shown_keys(rows, columns))

    assert hidden == {(ALL, "2024"), (ALL, "2025")}


def test_an_empty_cell_is_known_so_it_cannot_protect_a_small_one() -> None:
    rows, columns = [REST], ["2024", "2025", REST]
    cells = table({(REST, "2024"): 0, (REST, "2025"): 3, (REST, REST): 8}, rows, columns)

    hidden = protect(cells, [ALL, *rows], [ALL, *columns], shown_keys(rows, columns))

    # total 11 - 2024's 0 - the rest (8, never shown but not known) : the rest protects it
    assert hidden == {(ALL, "2025")}


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_computed_from_the_shown_ones(seed: int) -> None:
    rng = random.Random(seed)
    rows = [f"u{n}" for n in range(rng.randint(1, 3))] + [REST]
    columns = [str(2020 + n) for n in range(rng.randint(1, 4))] + [REST]
    inner = {(r, c): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for r in rows for c in columns}
    cells = table(inner, rows, columns)
    published = shown_keys(rows, columns)

    hidden = protect(cells, [ALL, *rows], [ALL, *columns], published)

    assert {k for k in published if 0 < cells[k] < 5} <= hidden
    unknown = {k for k, v in cells.items() if v > 0 and (k in hidden or k not in published)}
    assert not [k for k in hidden if determined(k, unknown, rows, columns)]
