"""The pages' filters and paging: a value the page does not offer is a 400 page."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reporting_service.domain.organisation import OrganisationModel
from reporting_service.entrypoints.pages.access import PageError

PAGE_SIZE = 25
UNIT_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def choice(value: str | None, allowed: Sequence[str], name: str) -> str | None:
    """A filter's value, None when empty; a value the page does not offer is a 400 page."""
    if value is None or value == "":
        return None
    if value not in allowed:
        raise PageError(400, "error.bad_filter", f"{name}={value}")
    return value


def unit_filter(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) > 60 or not set(value) <= UNIT_ID_CHARS or value.startswith("-"):
        raise PageError(400, "error.bad_filter", f"unit={value}")
    return value


def page_number(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise PageError(400, "error.bad_filter", f"page={value}")
    return int(value)


def cohort_filter(value: str | None, today: date) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1990 <= int(value) <= today.year + 1:
        raise PageError(400, "error.bad_filter", f"cohort={value}")
    return int(value)


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    total: int
    first: int
    last: int
    previous_url: str | None
    next_url: str | None


def pager(page: int, total: int, url: Callable[[int], str]) -> Pager:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    first = (page - 1) * PAGE_SIZE + 1 if total else 0
    return Pager(
        page=page,
        pages=pages,
        total=total,
        first=first,
        last=min(total, page * PAGE_SIZE),
        previous_url=url(page - 1) if page > 1 else None,
        next_url=url(page + 1) if page < pages else None,
    )


def unit_names(model: OrganisationModel | None) -> dict[str, str]:
    return {u.id: u.name for u in model.units} if model else {}


@dataclass(frozen=True)
class Sort:
    """A list's order, as in the URL: ``key`` ascending, ``-key`` descending."""

    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def sort_choice(value: str | None, keys: Sequence[str], default: str) -> Sort:
    """The order a list was asked for; a key the list does not offer is a 400 page."""
    chosen = value or default
    key = chosen.removeprefix("-")
    if key not in keys:
        raise PageError(400, "error.bad_filter", f"sort={chosen}")
    return Sort(key, chosen.startswith("-"))


@dataclass(frozen=True)
class SortHeader:
    url: str
    aria: str | None  # "ascending" / "descending" on the column the list is sorted by


def sort_headers(
    current: Sort, keys: Sequence[str], url: Callable[[str], str]
) -> dict[str, SortHeader]:
    """Each sortable column's link: the column the list is sorted by turns around, any
    other sorts ascending."""
    headers = {}
    for key in keys:
        if key == current.key:
            turned = key if current.descending else f"-{key}"
            aria = "descending" if current.descending else "ascending"
            headers[key] = SortHeader(url(turned), aria)
        else:
            headers[key] = SortHeader(url(key), None)
    return headers


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)
