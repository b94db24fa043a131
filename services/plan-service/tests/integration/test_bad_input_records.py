"""Bad input to the consent, mapping, lifecycle, test and outcome endpoints, and to the
plan's contributions and reviews, meetings, actions, contacts and moving away: a 4xx
problem with a ``code``, and nothing written (every table counted before and after)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from helhet_common.testing.services import DevTokens

from .conftest import (
    Database,
    Settle,
    basis_body,
    consent_body,
    exit_body,
    mapping_body,
    plan_body,
)
from .test_bad_input import BAD_CREDENTIALS, assert_problem, bad_credentials
from .test_follow_up_api import action_body, contact_body, meeting_body
from .test_plan_api import contribution_body, review_body

# Request validation, roles and scoping, the same whatever the database: PostgreSQL only,
# to keep the suite's time (the tests that store and read state run on SQLite as well).
pytestmark = pytest.mark.databases("postgresql")

CONSENT = "/participants/{id}/consents"
BASIS = "/participants/{id}/sharing-bases"
MAPPING = "/participants/{id}/mappings"
EXTEND = "/participants/{id}/programme/extensions"
LEAVE = "/participants/{id}/programme/leaves"
EXIT = "/participants/{id}/programme/exit"
TEST = "/participants/{id}/test-results"
OUTCOME = "/participants/{id}/outcomes"
CONTRIBUTION = "/participants/{id}/plan/contributions"
ACCEPT = "/participants/{id}/plan/contributions/{contribution}/accept"
REJECT = "/participants/{id}/plan/contributions/{contribution}/reject"
REVIEW = "/participants/{id}/plan/reviews"
MEETING = "/participants/{id}/meetings"
ACTION = "/participants/{id}/actions"
COMPLETE = "/participants/{id}/actions/{action}/complete"
MOVE = "/participants/{id}/move"
CONTACT = "/participants/{id}/contacts"
UNKNOWN = str(uuid.UUID(int=7))


@dataclass(frozen=True)
class Case:
    path: str
    json: Any
    status: int = 422
    code: str = "invalid-input"
    # settled | enrolled | exited | planned | moved (planned, then moved away) |
    # contacted (enrolled, with a NAV contact) | acted (enrolled, with an open action) |
    # done (its action done) | proposed (planned, with a 10-hour contribution) |
    # rejected (that contribution rejected)
    state: str = "enrolled"


def decision(**changes: Any) -> dict[str, Any]:
    return {**meeting_body()["decisions"][0], **changes}


def attendee(**changes: Any) -> dict[str, Any]:
    return {"agency": "nav", **changes}


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
        CONSENT, consent_body(granted_on="2099-01-01"), code="consent-in-future"
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
        MAPPING, mapping_body(recorded_on="2099-01-01"), code="mapping-in-future"
    ),
    "mapping/before-settlement": Case(
        MAPPING, mapping_body(recorded_on="2026-01-01"), code="mapping-before-settlement"
    ),
    "mapping/notes-too-long": Case(MAPPING, mapping_body(notes="x" * 4001)),
    "mapping/notes-with-a-nul": Case(MAPPING, mapping_body(notes="Ruta\x00")),
    # the programme
    "extension/not-later": Case(EXTEND, extension("2028-03-31"), code="extension-not-later"),
    "extension/more-than-a-year": Case(EXTEND, extension("2029-04-01"), code="extension-too-long"),
    "extension/unknown-reason": Case(EXTEND, extension("2028-12-31", reason="tired")),
    "extension/decided-in-future": Case(
        EXTEND, extension("2028-12-31", decided_on="2099-01-01"), code="decision-in-future"
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
    "exit/in-future": Case(EXIT, exit_body(end_date="2099-01-01"), code="exit-in-future"),
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
        {"test": "social_studies", "taken_on": "2099-01-01", "passed": True},
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
    "outcome/year-n-without-its-year": Case(
        OUTCOME,
        {"measured_at": "year_n", "status": "work", "status_on": "2026-12-01"},
        state="exited",
    ),
    "outcome/a-year-at-exit": Case(
        OUTCOME,
        {
            "measured_at": "at_exit",
            "years_since_settlement": 1,
            "status": "work",
            "status_on": "2026-11-02",
        },
        state="exited",
    ),
    "outcome/year-six": Case(
        OUTCOME,
        {
            "measured_at": "year_n",
            "years_since_settlement": 6,
            "status": "work",
            "status_on": "2026-12-01",
        },
        state="exited",
    ),
    "outcome/year-n-outside-its-year": Case(
        OUTCOME,
        {
            "measured_at": "year_n",
            "years_since_settlement": 2,
            "status": "education",
            "status_on": "2026-12-01",
        },
        code="outcome-outside-year",
        state="exited",
    ),
    "outcome/past-five-years-after-settlement": Case(
        OUTCOME,
        {"measured_at": "one_year_after", "status": "work", "status_on": "2031-03-03"},
        code="outcome-past-follow-up",
        state="exited",
    ),
    "leave/ends-after-the-programme": Case(
        LEAVE,
        {"from_date": "2028-03-01", "to_date": "2028-04-30", "reason": "parental"},
        code="leave-outside-programme",
    ),
    "leave/moved": Case(
        LEAVE,
        {"from_date": "2026-12-01", "to_date": "2026-12-31", "reason": "parental"},
        status=409,
        code="participant-moved",
        state="moved",
    ),
    "extension/moved": Case(
        EXTEND, extension("2028-12-31"), status=409, code="participant-moved", state="moved"
    ),
    # contributions to the plan
    "contribution/no-plan": Case(CONTRIBUTION, contribution_body(), status=409, code="no-plan"),
    "contribution/moved": Case(
        CONTRIBUTION, contribution_body(), status=409, code="participant-moved", state="moved"
    ),
    "contribution/activities-to-the-end-goal": Case(
        CONTRIBUTION,
        contribution_body(section="end_goal"),
        code="contribution-shape",
        state="planned",
    ),
    "contribution/goal-missing": Case(
        CONTRIBUTION,
        contribution_body(section="norwegian_goal", activities=[]),
        code="contribution-shape",
        state="planned",
    ),
    "contribution/unknown-section": Case(
        CONTRIBUTION, contribution_body(section="hobbies"), state="planned"
    ),
    "contribution/no-reason": Case(
        CONTRIBUTION, {"section": "norwegian_goal", "norwegian_goal": "B2"}, state="planned"
    ),
    "contribution/blank-reason": Case(
        CONTRIBUTION, contribution_body(reason="  "), state="planned"
    ),
    "contribution/reason-too-long": Case(
        CONTRIBUTION, contribution_body(reason="x" * 2001), state="planned"
    ),
    "contribution/activity-hours-zero": Case(
        CONTRIBUTION,
        contribution_body(
            activities=[{"kind": "nav_measure", "provider_unit": "NAV", "hours_per_week": 0}]
        ),
        state="planned",
    ),
    "contribution/reason-with-a-nul": Case(
        CONTRIBUTION, contribution_body(reason="B2\x00"), state="planned"
    ),
    "contribution/unknown-field": Case(
        CONTRIBUTION, contribution_body(participant_name="Ruta"), state="planned"
    ),
    "accept/unknown-contribution": Case(
        ACCEPT, {}, status=404, code="contribution-not-found", state="planned"
    ),
    "accept/over-full-time": Case(ACCEPT, {}, code="hours-over-full-time", state="proposed"),
    "accept/blank-reason": Case(ACCEPT, {"reason": " "}, state="proposed"),
    "accept/decided": Case(ACCEPT, {}, status=409, code="contribution-decided", state="rejected"),
    "reject/no-reason": Case(REJECT, {}, state="proposed"),
    "reject/decided": Case(
        REJECT, {"reason": "Again."}, status=409, code="contribution-decided", state="rejected"
    ),
    # reviews
    "review/no-plan": Case(REVIEW, review_body(), status=409, code="no-plan"),
    "review/moved": Case(
        REVIEW, review_body(), status=409, code="participant-moved", state="moved"
    ),
    "review/disagreement-without-justification": Case(
        REVIEW,
        review_body(participant_disagrees=True, participant_comment="Nei."),
        code="justification-required",
        state="planned",
    ),
    "review/in-future": Case(
        REVIEW, review_body(reviewed_on="2099-01-01"), code="review-in-future", state="planned"
    ),
    "review/before-settlement": Case(
        REVIEW,
        review_body(reviewed_on="2026-01-01"),
        code="review-before-settlement",
        state="planned",
    ),
    "review/due-before-the-review": Case(
        REVIEW,
        review_body(next_review_due="2026-11-01"),
        code="review-due-not-after-review",
        state="planned",
    ),
    "review/no-agencies": Case(REVIEW, review_body(agencies_present=[]), state="planned"),
    "review/unknown-agency": Case(
        REVIEW, review_body(agencies_present=["police"]), state="planned"
    ),
    "review/acknowledgement-missing": Case(
        REVIEW, {"agencies_present": ["refugee-service"]}, state="planned"
    ),
    "review/justification-with-a-nul": Case(
        REVIEW,
        review_body(participant_disagrees=True, municipality_justification="\x00"),
        state="planned",
    ),
    "review/comment-too-long": Case(
        REVIEW, review_body(participant_comment="x" * 4001), state="planned"
    ),
    # meetings and actions
    "meeting/unknown-kind": Case(MEETING, meeting_body(kind="coffee")),
    "meeting/no-attendees": Case(MEETING, meeting_body(attendees=[])),
    "meeting/attendee-without-agency": Case(MEETING, meeting_body(attendees=[{"name": "Kari"}])),
    "meeting/attendee-unknown-agency": Case(
        MEETING, meeting_body(attendees=[attendee(agency="police")])
    ),
    "meeting/in-future": Case(
        MEETING, meeting_body(held_on="2099-01-01"), code="meeting-in-future"
    ),
    "meeting/before-settlement": Case(
        MEETING, meeting_body(held_on="2026-01-01"), code="meeting-before-settlement"
    ),
    "meeting/decision-due-before-the-meeting": Case(
        MEETING,
        meeting_body(decisions=[decision(due_date="2026-11-01")]),
        code="action-due-before-creation",
    ),
    "meeting/decision-unit-with-spaces": Case(
        MEETING, meeting_body(decisions=[decision(owner_unit="NAV Hamar")])
    ),
    "meeting/decision-unknown-responsibility": Case(
        MEETING, meeting_body(decisions=[decision(responsibility="everything")])
    ),
    "meeting/decision-without-description": Case(
        MEETING, meeting_body(decisions=[decision(description="")])
    ),
    "meeting/notes-with-a-nul": Case(MEETING, meeting_body(notes="Ruta\x00")),
    "meeting/attendee-name-with-a-nul": Case(
        MEETING, meeting_body(attendees=[attendee(name="\x00")])
    ),
    "meeting/moved": Case(
        MEETING, meeting_body(), status=409, code="participant-moved", state="moved"
    ),
    "action/due-before-creation": Case(
        ACTION,
        action_body(created_on="2026-11-01", due_date="2026-10-01"),
        code="action-due-before-creation",
    ),
    "action/created-in-future": Case(
        ACTION, action_body(created_on="2099-01-01", due_date="2099-02-01"), code="action-in-future"
    ),
    "action/unknown-owner-agency": Case(ACTION, action_body(owner_agency="police")),
    "action/blank-description": Case(ACTION, action_body(description="   ")),
    "action/due-date-not-a-date": Case(ACTION, action_body(due_date="soon")),
    "action/moved": Case(
        ACTION, action_body(), status=409, code="participant-moved", state="moved"
    ),
    "complete/unknown-action": Case(
        COMPLETE.replace("{action}", UNKNOWN),
        {"outcome": "done"},
        status=404,
        code="action-not-found",
    ),
    "complete/unknown-outcome": Case(COMPLETE, {"outcome": "forgotten"}, state="acted"),
    "complete/open-is-no-outcome": Case(COMPLETE, {"outcome": "open"}, state="acted"),
    "complete/in-future": Case(
        COMPLETE,
        {"outcome": "done", "completed_on": "2099-01-01"},
        code="completion-in-future",
        state="acted",
    ),
    "complete/before-the-action": Case(
        COMPLETE,
        {"outcome": "done", "completed_on": "2026-01-01"},
        code="dates-out-of-order",
        state="acted",
    ),
    "complete/twice": Case(
        COMPLETE, {"outcome": "cancelled"}, status=409, code="action-already-closed", state="done"
    ),
    # moving away
    "move/in-future": Case(
        MOVE, {"moved_on": "2099-01-01", "to_municipality": "0301"}, code="move-in-future"
    ),
    "move/before-settlement": Case(
        MOVE, {"moved_on": "2026-01-01", "to_municipality": "0301"}, code="move-before-settlement"
    ),
    "move/within-the-municipality": Case(
        MOVE, {"to_municipality": "3403"}, code="move-within-municipality"
    ),
    "move/destination-not-4-digits": Case(MOVE, {"to_municipality": "Oslo"}),
    "move/destination-left-out": Case(MOVE, {"moved_on": "2026-11-01"}),
    "move/twice": Case(
        MOVE, {"to_municipality": None}, status=409, code="participant-moved", state="moved"
    ),
    # contact persons
    "contact/unknown-agency": Case(CONTACT, contact_body(agency="police")),
    "contact/name-missing": Case(CONTACT, {"agency": "nav"}),
    "contact/phone-with-letters": Case(CONTACT, contact_body(phone="call me")),
    "contact/email-without-at": Case(CONTACT, contact_body(email="jonas.nav.no")),
    "contact/email-too-long": Case(CONTACT, contact_body(email="j" * 64 + "@" + "n" * 189 + ".no")),
    "contact/name-with-a-nul": Case(CONTACT, contact_body(name="Jonas\x00Lie")),
    "contact/handover-note-with-a-nul": Case(
        CONTACT, contact_body(handover_note="\x00"), state="contacted"
    ),
    "contact/in-future": Case(
        CONTACT, contact_body(assigned_on="2099-01-01"), code="contact-in-future"
    ),
    "contact/before-settlement": Case(
        CONTACT, contact_body(assigned_on="2026-01-01"), code="contact-before-settlement"
    ),
    "contact/replaced-without-a-note": Case(
        CONTACT,
        contact_body(name="Marte Kvam", assigned_on="2026-11-01"),
        code="handover-note-required",
        state="contacted",
    ),
    "contact/replaced-before-the-previous-started": Case(
        CONTACT,
        contact_body(name="Marte Kvam", assigned_on="2026-08-01", handover_note="Ny veileder."),
        code="dates-out-of-order",
        state="contacted",
    ),
    "contact/moved": Case(
        CONTACT, contact_body(), status=409, code="participant-moved", state="moved"
    ),
}

Prepare = Callable[[str], Awaitable[dict[str, str]]]


@pytest.fixture
def prepare(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    settled: Settle,
    enrolled: Settle,
    exited: Settle,
    planned: Settle,
) -> Prepare:
    """``await prepare(state)``: the ids (participant, action, contribution) a case's path
    names, in that state."""

    async def post(path: str, json: Any) -> dict[str, Any]:
        response = await client.post(path, json=json, headers=caseworker)
        assert response.status_code in (200, 201), response.text
        body: dict[str, Any] = response.json()
        return body

    async def prepare(state: str) -> dict[str, str]:
        if state in ("settled", "enrolled", "exited", "planned"):
            builder = {"settled": settled, "enrolled": enrolled, "exited": exited}
            return {"id": await builder.get(state, planned)()}
        if state == "moved":
            participant_id = await planned()
            await post(f"/participants/{participant_id}/move", {"to_municipality": "0301"})
            return {"id": participant_id}
        if state == "contacted":
            participant_id = await enrolled()
            await post(f"/participants/{participant_id}/contacts", contact_body())
            return {"id": participant_id}
        if state in ("acted", "done"):
            participant_id = await enrolled()
            action = await post(f"/participants/{participant_id}/actions", action_body())
            if state == "done":
                await post(
                    f"/participants/{participant_id}/actions/{action['id']}/complete",
                    {"outcome": "done"},
                )
            return {"id": participant_id, "action": action["id"]}
        if state in ("proposed", "rejected"):
            participant_id = await planned()
            contribution = await post(
                f"/participants/{participant_id}/plan/contributions",
                contribution_body(
                    activities=[
                        {"kind": "nav_measure", "provider_unit": "NAV", "hours_per_week": 10}
                    ]
                ),
            )
            if state == "rejected":
                await post(
                    f"/participants/{participant_id}/plan/contributions/"
                    f"{contribution['id']}/reject",
                    {"reason": "Ikke nå."},
                )
            return {"id": participant_id, "contribution": contribution["id"]}
        raise ValueError(state)

    return prepare


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_bad_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    prepare: Prepare,
    case: Case,
) -> None:
    ids = {"contribution": UNKNOWN, **await prepare(case.state)}
    before = await database.counts()

    response = await client.post(case.path.format(**ids), json=case.json, headers=caseworker)

    assert_problem(response, case.status, case.code)
    assert await database.counts() == before


# Every new write: 401 without a valid token, 403 for a participant and for the
# integration leader; nothing written --------------------------------------------------

WRITES: dict[str, tuple[str, str, Any, str]] = {
    "contribution": ("POST", CONTRIBUTION, contribution_body(), "planned"),
    "accept": ("POST", ACCEPT, {}, "proposed"),
    "reject": ("POST", REJECT, {"reason": "Nei."}, "proposed"),
    "review": ("POST", REVIEW, review_body(), "planned"),
    "meeting": ("POST", MEETING, meeting_body(), "enrolled"),
    "action": ("POST", ACTION, action_body(), "enrolled"),
    "complete": ("POST", COMPLETE, {"outcome": "done"}, "acted"),
    "move": ("POST", MOVE, {"to_municipality": None}, "enrolled"),
    "contact": ("POST", CONTACT, contact_body(), "enrolled"),
    "plan": ("PUT", "/participants/{id}/plan", plan_body(version=1), "planned"),
}


@pytest.mark.parametrize("credentials", BAD_CREDENTIALS)
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
async def test_every_new_write_without_a_valid_token_is_401(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    prepare: Prepare,
    tmp_path: Any,
    write: tuple[str, str, Any, str],
    credentials: str,
) -> None:
    method, path, body, state = write
    ids = await prepare(state)
    before = await database.counts()

    response = await client.request(
        method,
        path.format(**ids),
        json=body,
        headers=bad_credentials(credentials, dev_tokens, tmp_path),
    )

    assert_problem(response, 401)
    assert await database.counts() == before


@pytest.mark.parametrize("role", ["participant", "integration_leader"])
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
async def test_a_participant_or_the_leader_may_not_write(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    prepare: Prepare,
    write: tuple[str, str, Any, str],
    role: str,
) -> None:
    method, path, body, state = write
    ids = await prepare(state)
    before = await database.counts()

    response = await client.request(
        method, path.format(**ids), json=body, headers=dev_tokens.headers(role)
    )

    assert_problem(response, 403, "forbidden")
    assert await database.counts() == before


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
async def test_another_municipality_gets_404_and_writes_nothing(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    prepare: Prepare,
    write: tuple[str, str, Any, str],
) -> None:
    method, path, body, state = write
    ids = await prepare(state)
    before = await database.counts()

    response = await client.request(
        method,
        path.format(**ids),
        json=body,
        headers=dev_tokens.headers("caseworker", municipality="3407"),
    )

    assert_problem(response, 404, "participant-not-found")
    assert await database.counts() == before
