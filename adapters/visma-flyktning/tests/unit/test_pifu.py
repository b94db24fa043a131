"""Reading PIFU-IMS exports: the sample, the profile's parts (userid types, groups and
memberships, recstatus), and files that must be refused whole: entity expansion, external
entities, a DTD, malformed XML, another namespace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from visma_flyktning import samples
from visma_flyktning.importer import read_and_check
from visma_flyktning.mapping import Mapping, load_mapping
from visma_flyktning.report import REJECTED, SKIPPED

ADAPTER = Path(__file__).resolve().parents[2]
FIXTURES = ADAPTER / "tests" / "fixtures"


@pytest.fixture(scope="module")
def hamar() -> Mapping:
    return load_mapping(ADAPTER / "mappings" / "3403-hamar.toml")


def test_the_shipped_sample_reads_without_a_rejection(hamar: Mapping) -> None:
    data = (ADAPTER / "samples" / "visma-flyktning-3403.xml").read_bytes()

    checked = read_and_check(data, name="sample.xml", mapping=hamar)

    assert checked.report.refused is None
    assert checked.report.entries == []
    assert len(checked.records) == 12
    assert {r.municipality for r in checked.records} == {"3403"}


def test_a_person_becomes_a_record_in_helhets_terms(hamar: Mapping) -> None:
    (person,) = samples.people(1, seed=2)
    data = samples.pifu_export([person])

    (record,) = read_and_check(data, name="one.xml", mapping=hamar).records

    assert record.external_id == person.external_id
    assert record.location == f"person 1 (sourcedid {person.external_id})"
    assert (record.given_name, record.family_name) == (person.given_name, person.family_name)
    assert record.birth_year == person.born.year
    assert record.settlement_date == person.settled
    assert record.identifiers.duf_number == person.duf_number
    assert record.identifiers.fodselsnummer == person.fodselsnummer
    assert record.identifiers.d_number == person.d_number
    assert record.household_type in ("single", "family")
    assert all(len(code) in (2, 3) for code in record.languages)


def test_memberships_place_people_and_two_municipalities_are_rejected(hamar: Mapping) -> None:
    data = (FIXTURES / "two-municipalities.xml").read_bytes()

    checked = read_and_check(data, name="two.xml", mapping=hamar)

    (imported,) = checked.records
    assert imported.external_id == "30004"
    assert imported.settlement_date == date(2026, 4, 20)
    assert imported.languages == ("prs",)
    outcomes = {(e.external_id, e.outcome, e.field) for e in checked.report.entries}
    assert outcomes == {
        ("30001", REJECTED, "municipality"),
        ("30002", REJECTED, "birth_date"),
        ("30003", SKIPPED, None),
    }
    reasons = {e.external_id: e.reason for e in checked.report.entries}
    assert reasons["30001"] == "the person is in two municipalities (3403, 3407) in this export"
    assert reasons["30002"] == "impossible date '1991-02-30' (expected yyyy-mm-dd)"
    assert "recstatus 3" in (reasons["30003"] or "")


@pytest.mark.parametrize(
    "fixture", ["billion-laughs.xml", "xxe.xml", "external-dtd.xml"], ids=lambda f: f[:-4]
)
def test_a_file_with_a_dtd_or_entities_is_refused_unread(hamar: Mapping, fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()

    checked = read_and_check(data, name=fixture, mapping=hamar)

    assert checked.records == []
    assert checked.report.refused is not None
    assert "DTD or entities" in checked.report.refused
    assert "root:" not in checked.report.dumps()  # nothing of /etc/passwd got in


def test_a_malformed_file_is_refused_with_where(hamar: Mapping) -> None:
    data = (FIXTURES / "malformed.xml").read_bytes()

    report = read_and_check(data, name="malformed.xml", mapping=hamar).report

    assert report.refused == "is not well-formed XML (line 4, column 2)"


def test_a_document_in_another_namespace_is_refused(hamar: Mapping) -> None:
    data = b'<enterprise xmlns="http://www.imsglobal.org/xsd/imsep_v1p1"/>'

    report = read_and_check(data, name="ims.xml", mapping=hamar).report

    assert report.refused is not None
    assert "not a PIFU-IMS document" in report.refused
