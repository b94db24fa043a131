"""The shared building blocks of request schemas: strict types, bounded dates, text
without control characters, partial changes with explicit nulls, organisation numbers."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import Field, ValidationError
from pydantic.json_schema import SkipJsonSchema

from helhet_common.errors import install_problem_handlers
from helhet_common.schema_types import (
    DAY_PATTERN,
    NON_BLANK_LINE_PATTERN,
    NON_BLANK_MULTI_LINE_PATTERN,
    ClockTime,
    Day,
    Id,
    LongText,
    OrgNumber,
    PatchModel,
    RequestModel,
    ShortText,
)


class Settle(RequestModel):
    settled_on: Day
    left_on: Day | None = Field(default=None, description="when they left")
    birth_year: int = Field(ge=1900, le=2100)
    hours: float = 0
    single: bool = False
    name: ShortText | None = None
    notes: LongText | None = None
    opening_id: Id | None = None
    starts_at: ClockTime | None = None
    org_number: OrgNumber | None = None


class Change(PatchModel):
    removable = frozenset({"left_on"})

    version: int = Field(ge=1)
    left_on: Day | None = None
    name: ShortText | SkipJsonSchema[None] = None
    cost_nok: Annotated[int, Field(ge=0, le=100_000)] | SkipJsonSchema[None] = None


VALID: dict[str, Any] = {"settled_on": "2026-08-15", "birth_year": 1994}


def errors_of(model: type[RequestModel], body: dict[str, Any]) -> list[tuple[str, ...]]:
    """The fields that did not validate (a union's branches count once)."""
    with pytest.raises(ValidationError) as raised:
        model.model_validate(body)
    return sorted({(str(error["loc"][0]),) for error in raised.value.errors()})


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1900-01-01", "2026-08-15", "2100-12-31"])
def test_a_day_in_range_written_as_text_is_a_date(value: str) -> None:
    body = Settle.model_validate({**VALID, "settled_on": value})
    assert body.settled_on == date.fromisoformat(value)


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31",
        "2101-01-01",
        "1899-12-31",
        "0001-01-01",
        0,
        1_700_000_000,
        "1700000000",
        "2026-08-15T00:00:00",
        "2026-8-15",
        "15.08.2026",
        True,
    ],
)
def test_a_day_out_of_range_or_not_written_yyyy_mm_dd_is_refused(value: Any) -> None:
    assert errors_of(Settle, {**VALID, "settled_on": value}) == [("settled_on",)]


def test_the_json_schema_states_the_range_of_a_day() -> None:
    left_on = Settle.model_json_schema()["properties"]["left_on"]
    day = left_on["anyOf"][0]
    assert day == {
        "type": "string",
        "format": "date",
        "formatMinimum": "1900-01-01",
        "formatMaximum": "2100-12-31",
        "pattern": DAY_PATTERN,
    }
    assert re.fullmatch(DAY_PATTERN, "1900-01-01")
    assert re.fullmatch(DAY_PATTERN, "2100-12-31")
    assert not re.fullmatch(DAY_PATTERN, "1899-12-31")
    assert not re.fullmatch(DAY_PATTERN, "2101-01-01")
    assert left_on["description"] == "when they left"


# -- strict types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("birth_year", "1994"),
        ("birth_year", 1994.5),
        ("birth_year", True),
        ("hours", "7.5"),
        ("single", 1),
        ("single", "true"),
        ("name", 42),
        ("opening_id", 5),
        ("starts_at", 3600),
        ("starts_at", "6 pm"),
    ],
)
def test_request_bodies_coerce_nothing(field: str, value: Any) -> None:
    assert errors_of(Settle, {**VALID, field: value}) == [(field,)]


def test_a_number_without_a_fraction_is_an_integer_as_in_json_schema() -> None:
    # JSON Schema counts 1994.0 as an integer, so a generated client may send it.
    assert Settle.model_validate({**VALID, "birth_year": 1994.0}).birth_year == 1994


def test_json_strings_still_parse_to_dates_ids_and_clock_times() -> None:
    body = Settle.model_validate(
        {
            **VALID,
            "hours": 15,
            "opening_id": "0193a0e0-0000-7000-8000-000000000001",
            "starts_at": "18:30",
        }
    )
    assert body.opening_id == UUID("0193a0e0-0000-7000-8000-000000000001")
    assert body.starts_at is not None
    assert body.starts_at.isoformat() == "18:30:00"
    assert body.hours == 15.0


def test_a_strict_body_through_fastapi_takes_json_dates_and_refuses_a_number() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/settle")
    async def settle(body: Settle) -> dict[str, str]:
        return {"settled_on": body.settled_on.isoformat()}

    client = TestClient(app)
    assert client.post("/settle", json=VALID).json() == {"settled_on": "2026-08-15"}
    refused = client.post("/settle", json={**VALID, "left_on": 0})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == ["body", "left_on"]
    refused = client.post("/settle", json={**VALID, "birth_year": "1994"})
    assert refused.status_code == 422


# -- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["Ruta\x00", "Ru\x1bta", "Ruta\x7f", "Ru\x85ta", "Ruta\x9b", "Ru\nta", "\tRuta"]
)
def test_a_single_line_refuses_control_characters_before_trimming(value: str) -> None:
    assert errors_of(Settle, {**VALID, "name": value}) == [("name",)]


@pytest.mark.parametrize("value", ["a\x00", "a\x07b", "a\x1b[31m", "\x7f", "a\x85", "a\ud800"])
def test_long_text_refuses_control_characters(value: str) -> None:
    assert errors_of(Settle, {**VALID, "notes": value}) == [("notes",)]


def test_long_text_keeps_line_breaks_and_tabs_and_names_are_trimmed() -> None:
    body = Settle.model_validate({**VALID, "name": "  Ruta Haile ", "notes": "One.\r\n\tTwo."})
    assert body.name == "Ruta Haile"
    assert body.notes == "One.\r\n\tTwo."
    assert errors_of(Settle, {**VALID, "name": "   "}) == [("name",)]


def test_the_json_schema_states_the_refused_characters() -> None:
    properties = Settle.model_json_schema()["properties"]
    name = properties["name"]["anyOf"][0]
    notes = properties["notes"]["anyOf"][0]
    assert name == {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
        "pattern": NON_BLANK_LINE_PATTERN,
    }
    assert notes["pattern"] == NON_BLANK_MULTI_LINE_PATTERN


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Ruta", True),
        ("  Ruta ", True),
        (" ", False),
        ("", False),
        ("Ru\x07ta", False),
        ("\tRuta", False),
        ("\x0bRuta", False),
        ("\nRuta", False),
    ],
)
def test_the_documented_pattern_says_what_the_check_does(text: str, matches: bool) -> None:
    assert bool(re.fullmatch(NON_BLANK_LINE_PATTERN, text)) is matches
    if matches:
        assert Settle.model_validate({**VALID, "name": text}).name == text.strip()
    else:
        assert errors_of(Settle, {**VALID, "name": text}) == [("name",)]


@pytest.mark.parametrize(
    ("text", "matches"),
    [("One.\r\n\tTwo.", True), ("\n\tOne.", True), ("\n \t", False), ("\x0bOne.", False)],
)
def test_free_text_keeps_its_line_breaks_and_says_so(text: str, matches: bool) -> None:
    assert bool(re.fullmatch(NON_BLANK_MULTI_LINE_PATTERN, text)) is matches
    if matches:
        assert Settle.model_validate({**VALID, "notes": text}).notes == text.strip()
    else:
        assert errors_of(Settle, {**VALID, "notes": text}) == [("notes",)]


def test_lengths_are_those_of_the_text_as_sent() -> None:
    # maxLength in the schema counts what is sent: padding does not make room.
    assert errors_of(Settle, {**VALID, "name": " " + "a" * 200}) == [("name",)]


# -- partial changes ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["version", "name", "cost_nok"])
def test_a_null_where_a_value_cannot_be_removed_is_refused_field_by_field(field: str) -> None:
    assert errors_of(Change, {"version": 1, field: None}) == [(field,)]


def test_a_null_where_the_value_is_removable_removes_it() -> None:
    change = Change.model_validate({"version": 1, "left_on": None})
    assert change.left_on is None
    assert change.model_fields_set == {"version", "left_on"}


def test_left_out_fields_stay_unset_and_given_ones_are_checked() -> None:
    change = Change.model_validate({"version": 2, "cost_nok": 50})
    assert change.model_fields_set == {"version", "cost_nok"}
    assert errors_of(Change, {"version": 2, "cost_nok": -1}) == [("cost_nok",)]


# -- organisation numbers -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["974760673", "987654309", "923609016"])
def test_organisation_numbers_with_a_right_check_digit_pass(value: str) -> None:
    assert Settle.model_validate({**VALID, "org_number": value}).org_number == value


@pytest.mark.parametrize(
    "value", ["974760674", "12345", "9747606730", "97476067a", "٩٧٤٧٦٠٦٧٣", 974760673]
)
def test_organisation_numbers_with_a_wrong_check_digit_or_shape_are_refused(value: Any) -> None:
    assert errors_of(Settle, {**VALID, "org_number": value}) == [("org_number",)]


def test_the_json_schema_describes_the_organisation_number() -> None:
    org_number = Settle.model_json_schema()["properties"]["org_number"]["anyOf"][0]
    assert org_number["pattern"] == "^[0-9]{9}$"
    assert "modulus-11" in org_number["description"]
