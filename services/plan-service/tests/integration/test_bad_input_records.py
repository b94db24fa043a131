"""Bad input to the consent, mapping, lifecycle, test and outcome endpoints: a 4xx
problem with a ``code``, and nothing written (every table counted before and after)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from .conftest import Database, Settle, basis_body, consent_body, exit_body, mapping_body
from .test_bad_input import assert_problem

CONSENT = "/participants/{id}/consents"
BASIS = "/participants/{id}/sharing-bases"
MAPPING = "/participants/{id}/mappings"
EXTEND = "/participants/{id}/programme/extensions"
LEAVE = "/participants/{id}/programme/leaves"
EXIT = "/participants/{id}/programme/exit"
TEST = "/participants/{id}/test-results"
OUTCOME = "/participants/{id}/outcomes"


@dataclass(frozen=True)
class Case:
    path: str
    json: Any
    status: int = 422
    code: str = "invalid-input"
    state: str = "enrolled"  # settled | enrolled | exited


def levels(**changes: Any) -> dict[str, Any]:
    return {**mapping_body()["norwegian_levels"], **changes}


def extension(end: str, **changes: Any) -> dict[str, Any]:
    return {"new_expected_end_date": end, "reason": "other", **changes}


CASES: dict[str, Case] = {
    # consents
    "consent/unknown-kind": Case(CONSENT, consent_body(recipient_kind="neighbour")),
    "consent/unknown-purpose": Case(CONSENT, consent_body(purpose="marketing")),
    "consent/recipient-free-text": Case(CONSENT, consent_body(recipient_id="Coop Hamar AS")),
    "consent/employer-not-an-org-number": Case(
        CONSENT, consent_body(recipient_id="coop"), code="recipient-id"
    ),
    "consent/expires-before-granted": Case(
        CONSENT, consent_body(expires_on="2026-08-01"), code="dates-out-of-order"
    ),
    "consent/granted-in-future": Case(
        CONSENT, consent_body(granted_on="2999-01-01"), code="consent-in-future"
    ),
    "consent/unknown-field": Case(CONSENT, consent_body(name="Ruta")),
    # sharing bases
    "basis/employer-needs-consent": Case(
        BASIS, basis_body(agency="employer"), code="agency-needs-consent"
    ),
    "basis/owner-needs-none": Case(
        BASIS, basis_body(agency="refugee-service"), code="basis-not-needed"
    ),
    "basis/unknown-agency": Case(BASIS, basis_body(agency="police")),
    "basis/unknown-legal-basis": Case(BASIS, basis_body(legal_basis="common_sense")),
    "basis/ends-before-it-starts": Case(
        BASIS, basis_body(valid_to="2026-08-01"), code="dates-out-of-order"
    ),
    # mappings
    "mapping/unknown-education": Case(MAPPING, mapping_body(education_level="phd")),
    "mapping/sector-not-nace": Case(MAPPING, mapping_body(wished_sectors=["Z"])),
    "mapping/sector-free-text": Case(MAPPING, mapping_body(work_experience_sectors=["nurse"])),
    "mapping/duplicate-sector": Case(
        MAPPING, mapping_body(wished_sectors=["Q", "Q"]), code="duplicate-sector"
    ),
    "mapping/unknown-interest": Case(MAPPING, mapping_body(interests=["politics"])),
    "mapping/level-c2": Case(MAPPING, mapping_body(norwegian_levels=levels(reading="C2"))),
    "mapping/level-missing": Case(
        MAPPING, mapping_body(norwegian_levels={"listening": "A1", "reading": "A1"})
    ),
    "mapping/in-future": Case(
        MAPPING, mapping_body(recorded_on="2999-01-01"), code="mapping-in-future"
    ),
    "mapping/before-settlement": Case(
        MAPPING, mapping_body(recorded_on="2026-01-01"), code="mapping-before-settlement"
    ),
    "mapping/notes-too-long": Case(MAPPING, mapping_body(notes="x" * 4001)),
    # the programme
    "extension/not-later": Case(EXTEND, extension("2028-03-31"), code="extension-not-later"),
    "extension/more-than-a-year": Case(EXTEND, extension("2029-04-01"), code="extension-too-long"),
    "extension/unknown-reason": Case(EXTEND, extension("2028-12-31", reason="tired")),
    "extension/decided-in-future": Case(
        EXTEND, extension("2028-12-31", decided_on="2999-01-01"), code="decision-in-future"
    ),
    "extension/after-exit": Case(
        EXTEND, extension("2028-12-31"), status=409, code="programme-ended", state="exited"
    ),
    "extension/before-start": Case(
        EXTEND, extension("2028-12-31"), status=409, code="programme-not-started", state="settled"
    ),
    "leave/ends-before-it-starts": Case(
        LEAVE,
        {"from_date": "2026-10-02", "to_date": "2026-10-01", "reason": "illness"},
        code="dates-out-of-order",
    ),
    "leave/outside-the-programme": Case(
        LEAVE,
        {"from_date": "2026-03-05", "to_date": "2026-03-10", "reason": "illness"},
        code="leave-outside-programme",
    ),
    "leave/unknown-reason": Case(
        LEAVE, {"from_date": "2026-10-01", "to_date": "2026-10-10", "reason": "holiday"}
    ),
    "exit/in-future": Case(EXIT, exit_body(end_date="2999-01-01"), code="exit-in-future"),
    "exit/before-start": Case(EXIT, exit_body(end_date="2026-03-01"), code="dates-out-of-order"),
    "exit/unknown-completion": Case(EXIT, exit_body(completion="abandoned")),
    "exit/twice": Case(EXIT, exit_body(), status=409, code="programme-ended", state="exited"),
    # tests and outcomes
    "test/norwegian-without-levels": Case(
        TEST, {"test": "norwegian", "taken_on": "2026-06-10"}, code="test-result-shape"
    ),
    "test/social-studies-with-levels": Case(
        TEST,
        {"test": "social_studies", "taken_on": "2026-06-10", "levels": {"reading": "A2"}},
        code="test-result-shape",
    ),
    "test/unknown-sub-test": Case(
        TEST, {"test": "norwegian", "taken_on": "2026-06-10", "levels": {"maths": "A2"}}
    ),
    "test/in-future": Case(
        TEST,
        {"test": "social_studies", "taken_on": "2999-01-01", "passed": True},
        code="test-in-future",
    ),
    "outcome/before-exit": Case(
        OUTCOME,
        {"measured_at": "at_exit", "status": "work", "status_on": "2026-11-02"},
        status=409,
        code="programme-not-ended",
    ),
    "outcome/unknown-status": Case(
        OUTCOME,
        {"measured_at": "at_exit", "status": "retired", "status_on": "2026-11-02"},
        state="exited",
    ),
    "outcome/dated-before-exit": Case(
        OUTCOME,
        {"measured_at": "at_exit", "status": "work", "status_on": "2026-10-01"},
        code="outcome-before-exit",
        state="exited",
    ),
    "outcome/one-year-after-too-early": Case(
        OUTCOME,
        {"measured_at": "one_year_after", "status": "work", "status_on": "2026-11-20"},
        code="outcome-too-early",
        state="exited",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_bad_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    settled: Settle,
    enrolled: Settle,
    exited: Settle,
    case: Case,
) -> None:
    participant_id = await {"settled": settled, "enrolled": enrolled, "exited": exited}[
        case.state
    ]()
    before = await database.counts()

    response = await client.post(
        case.path.format(id=participant_id), json=case.json, headers=caseworker
    )

    assert_problem(response, case.status, case.code)
    assert await database.counts() == before
