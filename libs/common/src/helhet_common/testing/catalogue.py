"""Tests that a page shows no text outside its catalogue (issue 15).

``mark_catalogue(source, target)`` copies a directory of ``<lang>.json`` catalogues with
every text wrapped in ``⸢…⸣``; a service's pages rendered with the copy show each
catalogue text marked. ``outside_catalogue(html, data)`` then gives the pieces of the
page's visible text that are neither a marked text nor data: ids, codes (a topic, a
consumer group), numbers, dates and signs, and the ``data`` strings a test names (what
people typed in, names from the configuration, the signed-in login). What is left is a
text written into a template or the code: a defect.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

OPEN, CLOSE = "\u2e22", "\u2e23"
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_CODES = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\b[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+\b"
)
# (a dash, a minus, a no-break space, the marks of a state: ✓ ✗ ≈ ● ○ ◐ ⚠ ▲ ▼, a
# breadcrumb's \u203a, a times sign \u00d7)
_SIGNS = re.compile(
    "[\\d\\s.,;:/%+\\-\u2013\u2212\u00a0<>\u2264\u2265()\u00b7\u2713\u2717\u2248\u25cf\u25cb"
    "\u25d0\u26a0\u203a\u25b2\u25bc|\u2026\u00d7#@]+"
)
# The product's name, the same in every language.
PRODUCT = "Helhet"
# Catalogue keys that hold formats, not texts (never shown as they are).
FORMAT_KEYS = frozenset({"date_format", "datetime_format", "decimal_separator"})


def mark_catalogue(source: Path, target: Path) -> Path:
    """``target`` holding ``source``'s catalogues with every text marked."""
    target.mkdir(parents=True, exist_ok=True)
    for file in source.glob("*.json"):
        data = json.loads(file.read_text(encoding="utf-8"))
        # (a value that is not a text, such as the ``_review`` state, stays as it is)
        marked = {
            k: v if k in FORMAT_KEYS or not isinstance(v, str) else f"{OPEN}{v}{CLOSE}"
            for k, v in data.items()
        }
        (target / file.name).write_text(json.dumps(marked, ensure_ascii=False), "utf-8")
    return target


class _VisibleText(HTMLParser):
    """The text nodes a person sees (not scripts and styles), except inside an element
    with one of ``data_classes`` (recorded data, such as an error a broker returned)."""

    def __init__(self, data_classes: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.data_classes = data_classes
        self._skip = 0
        self._data: list[str] = []  # the tag of the data element we are in, and its nesting
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if self._data:
            self._depth += tag == self._data[0]
            return
        classes = set((dict(attrs).get("class") or "").split())
        if classes & self.data_classes:
            self._data, self._depth = [tag], 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._data and tag == self._data[0]:
            self._depth -= 1
            if self._depth == 0:
                self._data = []

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._data and data.strip():
            self.parts.append(data)


def outside_catalogue(
    page: str, data: Iterable[str] = (), data_classes: Iterable[str] = ()
) -> list[str]:
    """The pieces of ``page``'s visible text that are neither marked catalogue texts nor
    data (``data``, or inside an element of one of ``data_classes``). A marked text may
    span elements (a link inside a sentence) and hold another (a label in a sentence):
    the innermost are taken out first."""
    parser = _VisibleText(frozenset(data_classes))
    parser.feed(page)
    stream = "\x00".join(parser.parts)
    while True:
        stripped = _MARKED.sub("\x00", stream)
        if stripped == stream:
            break
        stream = stripped
    values = sorted({PRODUCT, *(v for v in data if v)}, key=len, reverse=True)
    found = []
    for piece in stream.split("\x00"):
        for value in values:  # a whole name, not a part of a word or a code
            piece = re.sub(rf"(?<![\w.-]){re.escape(value)}(?!\w|[.-]\w)", " ", piece)
        piece = _SIGNS.sub(" ", _CODES.sub(" ", piece)).strip()
        if piece:
            found.append(piece)
    return found


__all__ = ["CLOSE", "OPEN", "mark_catalogue", "outside_catalogue"]
