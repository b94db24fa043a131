"""Synthetic Visma Flyktning exports (made up; no real person): the samples that ship
with the adapter, the test fixtures and the benchmark's large files.

Identity numbers are synthetic in the way the tax administration's test numbers are:
the month plus 80, so that they can never be a real person's, with valid check digits.
Names come from short lists. The same ``seed`` gives the same file.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

from visma_flyktning.identifiers import with_check_digits
from visma_flyktning.pifu import NAMESPACE

GIVEN = ("Ruta", "Yonas", "Amina", "Ahmad", "Olena", "Dmytro", "Hodan", "Farid", "Sara", "Omid")
FAMILY = ("Haile", "Tesfay", "Mohammed", "Rahimi", "Kovalenko", "Shevchenko", "Warsame", "Ali")
LANGUAGES = ("Tigrinja", "Arabisk", "Dari", "Ukrainsk", "Somali", "Farsi", "Kurmanji", "Pashto")
HOUSEHOLDS = ("Enslig", "Familie", "Par")


@dataclass(frozen=True, kw_only=True)
class Person:
    external_id: str
    given_name: str
    family_name: str
    born: date
    d_number: str | None
    fodselsnummer: str | None
    duf_number: str
    settled: date
    household: str
    languages: tuple[str, ...]
    municipality: str = "3403"


def _eleven(born: date, rng: random.Random, *, d_number: bool) -> str:
    while True:
        day = born.day + (40 if d_number else 0)
        month = born.month + 80  # synthetic: never a real person's number
        first_nine = f"{day:02d}{month:02d}{born.year % 100:02d}{rng.randint(500, 999):03d}"
        number = with_check_digits(first_nine)
        if number is not None:
            return number


def people(count: int, *, seed: int = 13, first_id: int = 10001) -> list[Person]:
    rng = random.Random(seed)
    result = []
    for n in range(count):
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 45))
        has_fnr = rng.random() < 0.4
        result.append(
            Person(
                external_id=str(first_id + n),
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                born=born,
                fodselsnummer=_eleven(born, rng, d_number=False) if has_fnr else None,
                d_number=None if has_fnr else _eleven(born, rng, d_number=True),
                duf_number=f"{rng.randint(2015, 2026)}{rng.randint(0, 10**8 - 1):08d}",
                settled=date(2026, 1, 5) + timedelta(days=rng.randint(0, 300)),
                household=rng.choice(HOUSEHOLDS),
                languages=tuple(rng.sample(LANGUAGES, rng.randint(1, 2))),
            )
        )
    return result


CSV_HEADER = (
    "Personnr",
    "Fødselsnummer",
    "D-nummer",
    "DUF-nummer",
    "Fornavn",
    "Etternavn",
    "Fødselsdato",
    "Kommunenr",
    "Bosettingsdato",
    "Husstand",
    "Morsmål",
)


def csv_rows(persons: list[Person]) -> list[list[str]]:
    return [
        [
            p.external_id,
            p.fodselsnummer or "",
            p.d_number or "",
            p.duf_number,
            p.given_name,
            p.family_name,
            p.born.strftime("%d.%m.%Y"),
            p.municipality,
            p.settled.strftime("%d.%m.%Y"),
            p.household,
            ", ".join(p.languages),
        ]
        for p in persons
    ]


def csv_export(
    persons: list[Person], *, encoding: str = "windows-1252", bom: bool = False
) -> bytes:
    """A Visma-style CSV: semicolons, CRLF, Windows-1252 (or UTF-8 with ``bom``)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(persons))
    data = text.getvalue().encode("utf-8" if bom else encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def _person_xml(p: Person) -> str:
    ids = [("personDUF", p.duf_number)]
    if p.fodselsnummer:
        ids.append(("personNIN", p.fodselsnummer))
    if p.d_number:
        ids.append(("personDNR", p.d_number))
    userids = "".join(f'<userid useridtype="{t}">{v}</userid>' for t, v in ids)
    languages = "".join(f"<morsmal>{escape(language)}</morsmal>" for language in p.languages)
    return (
        '  <person recstatus="1">'
        f"<sourcedid><source>Visma Flyktning</source><id>{p.external_id}</id></sourcedid>"
        f"{userids}"
        f"<name><fn>{escape(p.given_name)} {escape(p.family_name)}</fn>"
        f"<n><family>{escape(p.family_name)}</family><given>{escape(p.given_name)}</given></n>"
        "</name>"
        f"<demographics><bday>{p.born.isoformat()}</bday></demographics>"
        f"<extension><bosettingsdato>{p.settled.isoformat()}</bosettingsdato>"
        f"<husstand>{escape(p.household)}</husstand>{languages}</extension>"
        "</person>\n"
    )


def pifu_export(persons: list[Person], *, unit: str = "HAMAR-FLYKTNING") -> bytes:
    """A PIFU-IMS document: the persons, one unit group, everybody a member of it."""
    members = "".join(
        f"<member><sourcedid><source>Visma Flyktning</source><id>{p.external_id}</id>"
        '</sourcedid><idtype>1</idtype><role roletype="01"><status>1</status></role>'
        "</member>"
        for p in persons
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<enterprise xmlns="{NAMESPACE}">\n'
        '  <properties lang="nob"><datasource>Visma Flyktning</datasource>'
        "<datetime>2026-12-01T02:00:00</datetime></properties>\n"
        + "".join(_person_xml(p) for p in persons)
        + f'  <group recstatus="1"><sourcedid><source>Visma Flyktning</source><id>{unit}</id>'
        "</sourcedid><grouptype><scheme>pifu-ims-go-org</scheme>"
        '<typevalue level="1">unit</typevalue></grouptype>'
        "<description><short>Flyktningtjenesten</short></description></group>\n"
        f"  <membership><sourcedid><source>Visma Flyktning</source><id>{unit}</id></sourcedid>"
        f"{members}</membership>\n"
        "</enterprise>\n"
    ).encode()
