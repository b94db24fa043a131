"""Input the schema allowed but the service could not take (issue 9): dates out of any
sensible range (a programme ending 9999-12-31 overflowed the domain's date arithmetic),
values of the wrong JSON type that were coerced (``0`` became 1970-01-01, ``"1994"`` a
birth year), control characters in names and free text, an employer's organisation
number with a wrong check digit. Each gets a 422 naming the field and writes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import (
    Database,
    Settle,
    consent_body,
    mapping_body,
    plan_body,
    programme_body,
    settle_body,
)
from .test_bad_input import assert_problem
from .test_follow_up_api import action_body, meeting_body
from .test_plan_api import review_body

SETTLE = "/participants"
START = "/participants/{id}/programme"
EXTEND = "/participants/{id}/programme/extensions"
PLAN = "/participants/{id}/plan"
MAPPING = "/participants/{id}/mappings"
CONSENT = "/participants/{id}/consents"
REVIEW = "/participants/{id}/plan/reviews"
MEETING = "/participants/{id}/meetings"
ACTION = "/participants/{id}/actions"


def activity(**changes: Any) -> dict[str, Any]:
    body = plan_body()
    body["activities"][0].update(changes)
    return body


# (method, path, state, body, the field the problem names)
Case = tuple[str, str, str, Any, str]

# -- item 2: dates in a sensible range (1900-01-01 to 2100-12-31) ---------------------------
DATES: dict[str, Case] = {
    "programme-ends-9999": (
        "POST",
        START,
        "settled",
        programme_body(expected_end_date="9999-12-31"),
        "expected_end_date",
    ),
    "extension-to-9999": (
        "POST",
        EXTEND,
        "enrolled",
        {"new_expected_end_date": "9999-12-31", "reason": "other"},
        "new_expected_end_date",
    ),
    "settled-in-1899": ("POST", SETTLE, "none", settle_body(settlement_date="1899-12-31"), ""),
    "plan-activity-to-9999": ("PUT", PLAN, "enrolled", activity(to_date="9999-12-31"), ""),
    "review-due-9999": (
        "POST",
        REVIEW,
        "planned",
        review_body(next_review_due="9999-12-31"),
        "next_review_due",
    ),
    "consent-expires-9999": (
        "POST",
        CONSENT,
        "settled",
        consent_body(expires_on="9999-12-31"),
        "expires_on",
    ),
    "action-due-9999": ("POST", ACTION, "enrolled", action_body(due_date="9999-12-31"), ""),
}

# -- item 6: strict types and no control characters ----------------------------------------
LOOSE: dict[str, Case] = {
    "settlement-date-as-0": ("POST", SETTLE, "none", settle_body(settlement_date=0), ""),
    "settlement-date-as-timestamp": (
        "POST",
        SETTLE,
        "none",
        settle_body(settlement_date=1_772_409_600),
        "settlement_date",
    ),
    "settlement-date-with-a-time": (
        "POST",
        SETTLE,
        "none",
        settle_body(settlement_date="2026-03-02T00:00:00"),
        "settlement_date",
    ),
    "birth-year-as-text": ("POST", SETTLE, "none", settle_body(birth_year="1994"), "birth_year"),
    "birth-year-with-a-fraction": (
        "POST",
        SETTLE,
        "none",
        settle_body(birth_year=1994.5),
        "birth_year",
    ),
    "plan-version-as-text": ("PUT", PLAN, "enrolled", plan_body(version="0"), "version"),
    "hours-as-text": ("PUT", PLAN, "enrolled", activity(hours_per_week="20"), "activities"),
    "counts-as-1": (
        "PUT",
        PLAN,
        "enrolled",
        activity(counts_as_programme_hours=1),
        "activities",
    ),
    "heavy-self-study-as-text": (
        "PUT",
        PLAN,
        "enrolled",
        plan_body(heavy_self_study="true"),
        "heavy_self_study",
    ),
    "driving-licence-as-0": (
        "POST",
        MAPPING,
        "enrolled",
        mapping_body(has_driving_licence=0),
        "has_driving_licence",
    ),
    "given-name-with-escape": (
        "POST",
        SETTLE,
        "none",
        settle_body(given_name="Ruta\x1b[0m"),
        "given_name",
    ),
    "family-name-with-c1": (
        "POST",
        SETTLE,
        "none",
        settle_body(family_name="Haile\u0085"),
        "family_name",
    ),
    "given-name-with-line-feed": (
        "POST",
        SETTLE,
        "none",
        settle_body(given_name="Ruta\n"),
        "given_name",
    ),
    "provider-unit-with-bell": (
        "PUT",
        PLAN,
        "enrolled",
        activity(provider_unit="Hamar\x07"),
        "activities",
    ),
    "mapping-notes-with-vertical-tab": (
        "POST",
        MAPPING,
        "enrolled",
        mapping_body(notes="Nurse\x0bassistant"),
        "notes",
    ),
    "meeting-notes-with-delete": (
        "POST",
        MEETING,
        "enrolled",
        meeting_body(notes="Minutes\x7f"),
        "notes",
    ),
    "review-comment-with-escape": (
        "POST",
        REVIEW,
        "planned",
        review_body(participant_comment="\x1b]0;owned\x07"),
        "participant_comment",
    ),
}


@pytest.fixture
def prepare(settled: Settle, enrolled: Settle, planned: Settle) -> Any:
    async def prepare(state: str) -> str:
        match state:
            case "none":
                return "-"
            case "settled":
                return await settled()
            case "enrolled":
                return await enrolled()
            case "planned":
                return await planned()
        raise ValueError(state)

    return prepare


@pytest.mark.parametrize("case", [*DATES.values(), *LOOSE.values()], ids=[*DATES, *LOOSE])
async def test_input_the_service_cannot_take_is_a_422_and_writes_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    prepare: Any,
    case: Case,
) -> None:
    method, path, state, body, field = case
    participant_id = await prepare(state)
    before = await database.counts()

    response = await client.request(
        method, path.format(id=participant_id), json=body, headers=caseworker
    )

    problem = assert_problem(response, 422, "invalid-input")
    locations = [error["location"] for error in problem["errors"]]
    assert all(location[0] == "body" for location in locations), locations
    if field:
        assert any(location[1:2] == [field] for location in locations), locations
    assert await database.counts() == before


async def test_a_consent_to_an_employer_needs_its_organisation_numbers_check_digit(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, settled: Settle
) -> None:
    participant_id = await settled()
    before = await database.counts()
    response = await client.post(
        CONSENT.format(id=participant_id),
        json=consent_body(recipient_id="974760674"),
        headers=caseworker,
    )
    assert_problem(response, 422, "recipient-id")
    assert await database.counts() == before


async def test_free_text_keeps_line_breaks_and_tabs(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()
    notes = "Worked six years as a nurse's assistant.\n\tWants to train as a nurse.\r\n"
    response = await client.post(
        MAPPING.format(id=participant_id), json=mapping_body(notes=notes), headers=caseworker
    )
    assert response.status_code == 201, response.text
    assert response.json()["notes"] == notes


async def test_a_programme_may_end_on_the_last_day_of_2100_but_not_after(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    participant_id = await settled()
    late = await client.post(
        START.format(id=participant_id),
        json=programme_body(expected_end_date="2101-01-01"),
        headers=caseworker,
    )
    problem = assert_problem(late, 422, "invalid-input")
    assert "2100-12-31" in problem["errors"][0]["message"]
