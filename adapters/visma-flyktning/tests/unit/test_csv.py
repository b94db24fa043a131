"""Reading CSV exports: semicolons, Windows-1252 or UTF-8 with a BOM, dd.mm.yyyy, the
mapping's columns and code lists; a wrong encoding is refused, not read as mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from visma_flyktning import samples
from visma_flyktning.importer import read_and_check
from visma_flyktning.mapping import Mapping, load_mapping
from visma_flyktning.report import REJECTED

ADAPTER = Path(__file__).resolve().parents[2]
HEADER = ";".join(samples.CSV_HEADER)


@pytest.fixture(scope="module")
def hamar() -> Mapping:
    return load_mapping(ADAPTER / "mappings" / "3403-hamar.toml")


def export(*rows: str, encoding: str = "windows-1252", bom: bool = False) -> bytes:
    text = "\r\n".join([HEADER, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8" if bom else encoding)


def valid_row(external_id: str = "10001", **changes: str) -> str:
    person = samples.people(1, seed=5)[0]
    fields = dict(zip(samples.CSV_HEADER, samples.csv_rows([person])[0], strict=True))
    fields["Personnr"] = external_id
    fields.update(changes)
    return ";".join(fields[h] for h in samples.CSV_HEADER)


def test_the_shipped_sample_reads_without_a_rejection(hamar: Mapping) -> None:
    data = (ADAPTER / "samples" / "visma-flyktning-3403.csv").read_bytes()

    checked = read_and_check(data, name="sample.csv", mapping=hamar)

    assert checked.report.entries == []
    assert [r.location for r in checked.records][:2] == ["row 2", "row 3"]
    assert len(checked.records) == 12


@pytest.mark.parametrize("bom", [False, True], ids=["windows-1252", "utf-8-bom"])
def test_both_encodings_give_the_same_letters(hamar: Mapping, bom: bool) -> None:
    row = valid_row(Fornavn="Søren Ærø", Etternavn="Åsmund")

    (record,) = read_and_check(export(row, bom=bom), name="e.csv", mapping=hamar).records

    assert (record.given_name, record.family_name) == ("Søren Ærø", "Åsmund")


def test_utf8_without_a_bom_is_refused_rather_than_read_as_mojibake(hamar: Mapping) -> None:
    data = export(valid_row(Fornavn="Søren"), encoding="utf-8")

    report = read_and_check(data, name="e.csv", mapping=hamar).report

    assert report.refused is not None
    assert "UTF-8 without a byte order mark" in report.refused


def test_a_bom_over_bytes_that_are_not_utf8_is_refused(hamar: Mapping) -> None:
    data = b"\xef\xbb\xbf" + export(valid_row(Fornavn="Søren"))

    report = read_and_check(data, name="e.csv", mapping=hamar).report

    assert report.refused is not None
    assert "not UTF-8" in report.refused


def test_missing_columns_are_named(hamar: Mapping) -> None:
    data = "Personnr;Fornavn\r\n10001;Ruta\r\n".encode("cp1252")

    report = read_and_check(data, name="e.csv", mapping=hamar).report

    assert report.refused is not None
    assert "'Fødselsnummer'" in report.refused


def test_each_bad_row_is_rejected_with_its_row_field_and_reason(hamar: Mapping) -> None:
    rows = [
        valid_row("1"),
        valid_row("2", Bosettingsdato="31.02.2026"),
        valid_row("3", Kommunenr="9999"),
        valid_row("4", Husstand="Storfamilie"),
        valid_row("5", Morsmål="Tigrinja, Klingon"),
        valid_row(""),
        valid_row("7"),
        valid_row("7"),
        valid_row("9", **{"Fødselsnummer": "01018512346", "D-nummer": ""}),
        valid_row("10"),
    ]

    checked = read_and_check(export(*rows), name="bad.csv", mapping=hamar)

    assert [r.external_id for r in checked.records] == ["1", "10"]
    rejected = [(e.location, e.field, e.reason) for e in checked.report.entries]
    assert all(e.outcome == REJECTED for e in checked.report.entries)
    assert rejected == [
        ("row 3", "settlement_date", "impossible date '31.02.2026' (expected dd.mm.yyyy)"),
        ("row 4", "municipality", "unknown municipality 9999"),
        (
            "row 5",
            "household_type",
            "the code 'Storfamilie' is not in the mapping's [codes.household_type]",
        ),
        ("row 6", "languages", "the code 'Klingon' is not in the mapping's [codes.languages]"),
        ("row 7", "external_id", "the id is missing"),
        (
            "row 8",
            "external_id",
            "the id 7 occurs 2 times (row 8, row 9); none of them is imported",
        ),
        (
            "row 9",
            "external_id",
            "the id 7 occurs 2 times (row 8, row 9); none of them is imported",
        ),
        (
            "row 10",
            "fodselsnummer",
            "the fodselsnummer fails its check digits (or is not 11 digits)",
        ),
    ]
    assert checked.report.counts()[REJECTED] == 8


def test_a_ten_thousand_row_file_is_read_in_one_piece(hamar: Mapping) -> None:
    data = samples.csv_export(samples.people(10_000))

    checked = read_and_check(data, name="big.csv", mapping=hamar)

    assert checked.report.entries == []
    assert len(checked.records) == 10_000
    assert len({r.external_id for r in checked.records}) == 10_000
