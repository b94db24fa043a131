"""From what an export says to what Helhet is told: every row or element checked and
translated by the mapping, or rejected with the field and the reason. No I/O.

Rejected: a missing or duplicate id (every row with that id: which one is right is for
the operator to say), an unknown municipality, a person the export places in two
municipalities, an impossible date, a code the mapping lacks, an identity number that
fails its check digits, a missing required field.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from helhet_common.municipalities import is_known
from visma_flyktning.identifiers import is_d_number, valid_duf_number, valid_eleven_digits
from visma_flyktning.mapping import HOUSEHOLD_TYPES, Mapping
from visma_flyktning.records import Identifiers, ImportRecord, RawRecord, Rejection

EXTERNAL_ID = re.compile(r"^[!-~]{1,100}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def human_format(date_format: str) -> str:
    """``%d.%m.%Y`` as ``dd.mm.yyyy``, for an operator."""
    return date_format.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")


@dataclass
class _Row:
    raw: RawRecord
    mapping: Mapping
    date_format: str
    problems: list[Rejection] = field(default_factory=list)

    def reject(self, name: str | None, reason: str) -> None:
        self.problems.append(
            Rejection(
                file=self.raw.file,
                location=self.raw.location,
                field=name,
                reason=reason,
                external_id=self.text("external_id"),
            )
        )

    def text(self, name: str) -> str | None:
        value = self.raw.fields.get(name)
        return value if isinstance(value, str) else None

    def values(self, name: str) -> list[str]:
        value = self.raw.fields.get(name)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    def day(self, name: str, *, required: bool) -> date | None:
        value = self.text(name)
        if value is None:
            if required:
                self.reject(name, f"{name} is missing")
            return None
        try:
            return datetime.strptime(value, self.date_format).date()
        except ValueError:
            self.reject(
                name,
                f"impossible date {value!r} (expected {human_format(self.date_format)})",
            )
            return None

    def code(self, name: str, value: str, table: dict[str, str]) -> str | None:
        if table:
            if value not in table:
                self.reject(name, f"the code {value!r} is not in the mapping's [codes.{name}]")
                return None
            return table[value]
        return value


def check(
    raws: Iterable[RawRecord], mapping: Mapping, *, date_format: str
) -> tuple[list[ImportRecord], list[Rejection]]:
    """The records that can be imported and the rejections, in the file's order."""
    rows = [_Row(raw, mapping, date_format) for raw in raws]
    places: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        external_id = row.text("external_id")
        if external_id is not None:
            places[external_id].append(row.raw.location)
    records: list[ImportRecord] = []
    for row in rows:
        record = _check_row(row, places)
        if record is not None and not row.problems:
            records.append(record)
    return records, [problem for row in rows for problem in row.problems]


def _check_row(row: _Row, places: dict[str, list[str]]) -> ImportRecord | None:
    external_id = row.text("external_id")
    if external_id is None:
        row.reject("external_id", "the id is missing")
    elif not EXTERNAL_ID.match(external_id):
        row.reject("external_id", f"the id {external_id!r} has spaces or unusual characters")
    elif len(places[external_id]) > 1:
        row.reject(
            "external_id",
            f"the id {external_id} occurs {len(places[external_id])} times "
            f"({', '.join(places[external_id])}); none of them is imported",
        )
    municipality = _municipality(row)
    settlement_date = row.day("settlement_date", required=True)
    birth_year = _birth_year(row)
    household_type = _household(row)
    languages = _languages(row)
    identifiers = _identifiers(row)
    if (
        row.problems
        or external_id is None
        or municipality is None
        or settlement_date is None
        or birth_year is None
        or household_type is None
        or identifiers is None
    ):
        return None
    return ImportRecord(
        file=row.raw.file,
        location=row.raw.location,
        external_id=external_id,
        municipality=municipality,
        settlement_date=settlement_date,
        birth_year=birth_year,
        household_type=household_type,
        languages=tuple(languages),
        given_name=row.text("given_name"),
        family_name=row.text("family_name"),
        identifiers=identifiers,
    )


def _municipality(row: _Row) -> str | None:
    given = row.text("municipality")
    placed = row.raw.municipalities
    if given is None and len(placed) > 1:
        row.reject(
            "municipality",
            f"the person is in two municipalities ({', '.join(placed)}) in this export",
        )
        return None
    number = given or (placed[0] if placed else None) or row.mapping.municipality
    if number is None:
        row.reject("municipality", "no municipality: neither the row nor the mapping says")
        return None
    if not is_known(number):
        row.reject("municipality", f"unknown municipality {number}")
        return None
    if placed and number not in placed:
        row.reject(
            "municipality",
            f"the person is in two municipalities ({number} and {', '.join(placed)})",
        )
        return None
    return number


def _birth_year(row: _Row) -> int | None:
    if row.text("birth_date") is not None:
        born = row.day("birth_date", required=False)
        return born.year if born else None
    year = row.text("birth_year")
    if year is None:
        row.reject("birth_date", "the birth date is missing")
        return None
    if not re.fullmatch(r"\d{4}", year):
        row.reject("birth_year", f"impossible birth year {year!r}")
        return None
    return int(year)


def _household(row: _Row) -> str | None:
    value = row.text("household_type")
    if value is None:
        row.reject("household_type", "household_type is missing")
        return None
    code = row.code("household_type", value, row.mapping.codes.household_type)
    if code is not None and code not in HOUSEHOLD_TYPES:
        row.reject("household_type", f"{value!r} is not a household type {HOUSEHOLD_TYPES}")
        return None
    return code


def _languages(row: _Row) -> list[str]:
    values = row.values("languages")
    if not values:
        row.reject("languages", "no language is given")
        return []
    codes = []
    for value in values:
        code = row.code("languages", value, row.mapping.codes.languages)
        if code is not None and not LANGUAGE.match(code):
            row.reject("languages", f"{value!r} is not an ISO 639 language code")
        elif code is not None and code not in codes:
            codes.append(code)
    return codes


def _identifiers(row: _Row) -> Identifiers | None:
    found: dict[str, str] = {}
    for name in ("fodselsnummer", "d_number"):
        value = row.text(name)
        if value is None:
            continue
        value = value.replace(" ", "")
        if not valid_eleven_digits(value):
            row.reject(name, f"the {name} fails its check digits (or is not 11 digits)")
        elif (name == "d_number") != is_d_number(value):
            other = "fødselsnummer" if name == "d_number" else "D-number"
            row.reject(name, f"the {name} is a {other}")
        else:
            found[name] = value
    duf = row.text("duf_number")
    if duf is not None:
        duf = duf.replace(" ", "")
        if valid_duf_number(duf):
            found["duf_number"] = duf
        else:
            row.reject("duf_number", "the DUF number is not 12 digits")
    if len(found) != sum(1 for n in ("fodselsnummer", "d_number", "duf_number") if row.text(n)):
        return None
    return Identifiers(**found)
