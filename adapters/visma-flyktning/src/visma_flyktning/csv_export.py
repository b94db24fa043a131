"""Visma Flyktning's CSV exports: semicolon separated, Windows-1252 or UTF-8 with a byte
order mark, dates as dd.mm.yyyy; which column holds what is the mapping's ``[csv]``."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from visma_flyktning.errors import ExportError
from visma_flyktning.mapping import CsvMapping
from visma_flyktning.records import RawRecord


def decode(data: bytes, *, file: str, encoding: str) -> str:
    """The file's text: UTF-8 when it starts with a byte order mark, else ``encoding``.

    A file declared Windows-1252 that is really UTF-8 (without the mark) would be read
    as mojibake (two odd letters for each "ø") without a word: it is refused instead."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise ExportError(
                file,
                f"starts with a UTF-8 byte order mark but is not UTF-8 ({error.reason} "
                f"at byte {error.start})",
            ) from None
    if encoding == "windows-1252" and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise ExportError(
                file,
                "is UTF-8 without a byte order mark, but the mapping says Windows-1252: "
                "export it with a byte order mark, or set csv.encoding = 'utf-8'",
            )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ExportError(
            file, f"is not {encoding} ({error.reason} at byte {error.start})"
        ) from None


def read_csv(data: bytes, *, file: str, mapping: CsvMapping) -> Iterator[RawRecord]:
    """One ``RawRecord`` per data row; ``location`` is ``row N`` (the header is row 1)."""
    text = decode(data, file=file, encoding=mapping.encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ExportError(file, "is empty (no header row)") from None
    except csv.Error as error:
        raise ExportError(file, f"has an unreadable header: {error}") from None
    missing = [c for c in mapping.columns.values() if c not in header]
    if missing:
        raise ExportError(
            file,
            f"lacks the columns {', '.join(repr(c) for c in missing)} that the mapping "
            f"names (the header has {', '.join(repr(h) for h in header)})",
        )
    index = {name: header.index(column) for name, column in mapping.columns.items()}
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ExportError(file, f"row {row_number + 1} cannot be read: {error}") from None
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue
        fields: dict[str, str | list[str] | None] = {}
        for name, position in index.items():
            value = row[position].strip() if position < len(row) else ""
            if name == "languages":
                fields[name] = [v.strip() for v in value.split(mapping.list_separator) if v.strip()]
            else:
                fields[name] = value or None
        yield RawRecord(file=file, location=f"row {row_number}", fields=fields)
