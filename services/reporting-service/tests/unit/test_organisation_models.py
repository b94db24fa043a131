"""The shipped organisation models load; a broken one fails naming file, line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helhet_common.cooperation import DEFAULT as DEFAULT_COOPERATION
from reporting_service.adapters.organisation import (
    SHIPPED,
    OrganisationModelError,
    load_catalogue,
    parse_model,
)
from reporting_service.domain.organisation import GapKind, Responsibility

RESEARCH = {
    "3407": "Gjøvik",
    "3405": "Lillehammer",
    "3411": "Ringsaker",
    "3403": "Hamar",
    "3448": "Nordre Land",
    "3437": "Sel",
    "3435": "Vågå",
}


def test_the_seven_models_of_the_research_and_the_template_load() -> None:
    catalogue = load_catalogue()

    for number in RESEARCH:
        model = catalogue.for_municipality(number)
        assert model is not None, number
        assert set(model.assignments) == set(Responsibility)
    assert [m.key for m in catalogue.templates()] == ["template-integrated"]
    assert catalogue.templates()[0].unowned() == []


def test_lillehammer_serves_oyer_and_gausdal() -> None:
    catalogue = load_catalogue()

    assert {catalogue.for_municipality(n).key for n in ("3405", "3440", "3441")} == {"3405"}  # type: ignore[union-attr]


def test_gaps_of_gjovik_show_an_unowned_link_and_practice_against_the_agreement() -> None:
    gjovik = load_catalogue().for_municipality("3407")
    assert gjovik is not None

    gaps = {(g.responsibility, g.kind) for g in gjovik.gaps()}

    assert (Responsibility.MAPPING, GapKind.UNOWNED) in gaps
    assert (Responsibility.LANGUAGE_PRACTICE, GapKind.OWNER_DIFFERS_FROM_AGREEMENT) in gaps


def hamar_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((SHIPPED / "3403-hamar.json").read_text())
    return document


def broken(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def test_an_owner_that_is_not_a_unit_is_named_with_file_line_and_field() -> None:
    document = hamar_document()
    document["responsibilities"]["plan"]["owner"] = "nav-hamar"
    text = broken(document)

    with pytest.raises(OrganisationModelError) as error:
        parse_model(text, "3403-hamar.json")

    message = str(error.value)
    assert "3403-hamar.json" in message
    assert "responsibilities.plan.owner: unit 'nav-hamar' is not among the units" in message


def test_a_missing_responsibility_is_an_error_that_says_how_to_mark_it_unowned() -> None:
    document = hamar_document()
    del document["responsibilities"]["follow_up"]

    with pytest.raises(OrganisationModelError, match="responsibilities missing: follow_up"):
        parse_model(broken(document), "3403-hamar.json")


def test_a_wrong_field_type_names_its_line() -> None:
    document = hamar_document()
    document["responsibilities"]["nav_measures"]["agreement"]["signed_on"] = "last spring"
    text = broken(document)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "last spring" in t)

    with pytest.raises(OrganisationModelError) as error:
        parse_model(text, "3403-hamar.json")

    assert f"line {line}, responsibilities.nav_measures.agreement.signed_on" in str(error.value)


@pytest.mark.parametrize(
    ("change", "mentions"),
    [
        (lambda d: d["gap_rules"].update({"no-such-rule": {"threshold": 3}}), "unknown rule"),
        (
            lambda d: d["gap_rules"].update({"no-plan-after-programme-start": {"threshold": 0}}),
            "threshold",
        ),
        (lambda d: d.update({"municipality": "9999"}), "unknown kommunenummer '9999'"),
        (lambda d: d["units"].append(d["units"][0]), "unit ids used twice: flyktningkontor"),
        (lambda d: d["team"].update({"leader": "Kari"}), "team.leader"),
    ],
    ids=["unknown-rule", "zero-threshold", "unknown-municipality", "duplicate-unit", "extra-field"],
)
def test_invalid_models_are_refused(change: Any, mentions: str) -> None:
    document = hamar_document()
    document.setdefault("gap_rules", {})
    change(document)

    with pytest.raises(OrganisationModelError, match=mentions):
        parse_model(broken(document), "3403-hamar.json")


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(OrganisationModelError, match=r"3403-hamar.json, line 3: not valid JSON"):
        parse_model('{\n  "name": "x",\n  oops\n}', "3403-hamar.json")


def test_a_broken_file_in_the_configured_folder_stops_loading(tmp_path: Path) -> None:
    (tmp_path / "3403-hamar.json").write_text('{"name": "Hamar"}')

    with pytest.raises(OrganisationModelError, match=r"3403-hamar\.json is invalid"):
        load_catalogue(tmp_path)


def test_two_models_for_one_municipality_are_refused(tmp_path: Path) -> None:
    document = hamar_document()
    (tmp_path / "3403-hamar-copy.json").write_text(broken(document))

    with pytest.raises(OrganisationModelError, match="municipality 3403 has two"):
        load_catalogue(tmp_path)


def test_the_shipped_models_name_the_partners_the_default_cooperation_names() -> None:
    """A host's organisation model covers the partners it serves (``also_serves``), and
    every service's access check knows the same cooperation (``HELHET_COOPERATION``'s
    default): the two lists must not drift apart."""
    serving = {
        model.municipalities[0]: model.municipalities[1:]
        for model in load_catalogue().models
        if len(model.municipalities) > 1
    }
    assert serving == dict(DEFAULT_COOPERATION.hosts)
