"""Attendance and absence on a placement's days (issue 16): the employer's contact
person or the follow-up staff record a day for the participant's one ledger. Each bad
request is a problem and writes nothing (no entry, no event, no access-log row); a
recorded day is published as ``helhet.placement.attendance_recorded.v1`` (ids, codes, the
date and minutes only) and logged as a read of the placement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.database_view import DatabaseView
from helhet_common.testing.services import DevTokens
from placement_service.adapters import tables

from .conftest import (
    HAMAR,
    TODAY,
    Api,
    NewParticipant,
    Project,
    consent_granted,
    consent_withdrawn,
    sharing_basis,
)
from .test_exit_and_erasure import programme_ended

EVENT = "helhet.placement.attendance_recorded.v1"
DAY = (TODAY - timedelta(days=3)).isoformat()
WRITTEN = {
    "attendance": tables.attendance,
    "outbox": tables.shared.outbox,
    "access_log": tables.access_log,
    "idempotency_keys": tables.shared.idempotency_keys,
}


@pytest.fixture
def written(test_engine: AsyncEngine) -> DatabaseView:
    return DatabaseView(test_engine, counted=WRITTEN, outbox=tables.shared.outbox)


@pytest.fixture
async def placed(api: Api, participant: NewParticipant) -> tuple[UUID, str]:
    """A Hamar participant placed 30 days ago at the employer whose contact is Kari."""
    employer = await api.employer()
    opening = await api.opening(employer["id"])
    pid = await participant()
    placement = await api.place(pid, opening["id"])
    return pid, placement["id"]


@pytest.fixture
def kari(dev_tokens: DevTokens) -> dict[str, str]:
    """The employer's contact person (``login_sub`` of the employer's contact)."""
    return dev_tokens.headers(
        "contributor", agency="employer", municipality=HAMAR, sub="kari@sykehjem"
    )


async def test_the_employers_contact_records_a_day_published_for_the_ledger_and_logged(
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    kari: dict[str, str],
    written: DatabaseView,
) -> None:
    pid, placement = placed
    body = {"date": DAY, "kind": "absence", "hours": 3.5, "code": "ugyldig"}
    response = await client.post(f"/placements/{placement}/attendance", json=body, headers=kari)
    assert response.status_code == 201, response.text
    entry = response.json()
    assert (entry["participant_id"], entry["date"], entry["hours"]) == (str(pid), DAY, 3.5)
    assert (entry["code"], entry["effect"], entry["recorded_by_agency"]) == (
        "ugyldig",
        "reduces",
        "employer",
    )
    (event,) = await written.outbox_payloads(EVENT)
    assert event == {
        "participant_id": str(pid),
        "placement_id": placement,
        "employer_id": event["employer_id"],
        "entry_id": entry["id"],
        "entry_date": DAY,
        "kind": "absence",
        "minutes": 210,
        "code": "ugyldig",
        "effect": "reduces",
        "recorded_by_agency": "employer",
    }
    # Logged as a read of the participant's placements, on the participant's consent.
    (read,) = await written.outbox_payloads("helhet.access.recorded.v1")
    assert read["agency"] == "employer"
    assert [p["legal_basis"] for p in read["participants"]] == ["consent"]
    assert (await written.counts())["access_log"] == 1


async def test_the_follow_up_staff_record_attendance_and_a_day_twice_is_a_conflict(
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    written: DatabaseView,
) -> None:
    _, placement = placed
    body = {"date": DAY, "kind": "attendance", "hours": 6}
    first = await client.post(f"/placements/{placement}/attendance", json=body, headers=caseworker)
    assert first.status_code == 201, first.text
    assert (first.json()["code"], first.json()["effect"]) == (None, None)
    before = await written.counts()
    again = {"date": DAY, "kind": "absence", "hours": 2, "code": "syk"}
    response = await client.post(
        f"/placements/{placement}/attendance", json=again, headers=caseworker
    )
    assert response.status_code == 409
    assert response.json()["code"] == "attendance-already-recorded"
    assert await written.counts() == before


BAD: list[tuple[str, dict[str, Any], int, str]] = [
    (
        "before the placement",
        {"date": (TODAY - timedelta(days=31)).isoformat(), "kind": "attendance", "hours": 6},
        422,
        "date-outside-placement",
    ),
    (
        "ahead of today",
        {"date": (TODAY + timedelta(days=1)).isoformat(), "kind": "attendance", "hours": 6},
        422,
        "date-in-future",
    ),
    (
        "a code the municipality does not use",
        {"date": DAY, "kind": "absence", "hours": 6, "code": "tannlege"},
        422,
        "unknown-absence-code",
    ),
    (
        "an absence without a code",
        {"date": DAY, "kind": "absence", "hours": 6},
        422,
        "absence-code-required",
    ),
    (
        "a code on attendance",
        {"date": DAY, "kind": "attendance", "hours": 6, "code": "syk"},
        422,
        "code-on-attendance",
    ),
    ("more than a day", {"date": DAY, "kind": "attendance", "hours": 25}, 422, "invalid-input"),
]


@pytest.mark.parametrize(("case", "body", "status", "code"), BAD, ids=[b[0] for b in BAD])
async def test_bad_input_is_a_problem_and_writes_nothing(
    case: str,
    body: dict[str, Any],
    status: int,
    code: str,
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    kari: dict[str, str],
    written: DatabaseView,
) -> None:
    _, placement = placed
    before = await written.counts()
    response = await client.post(
        f"/placements/{placement}/attendance",
        json=body,
        headers={**kari, "Idempotency-Key": f"bad-{case}"},
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert await written.counts() == before


async def test_a_day_after_the_participants_exit_is_refused(
    placed: tuple[UUID, str],
    api: Api,
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    project: Project,
    written: DatabaseView,
) -> None:
    """A placement a NAV measure carries past the exit runs on; its days after the exit
    are not the programme's, so they are not the ledger's either."""
    pid, placement = placed
    await api.post(
        f"/placements/{placement}/nav-measures",
        {
            "type": "temporary_wage_subsidy",
            "role": "continues",
            "period_from": (TODAY - timedelta(days=10)).isoformat(),
            "period_to": (TODAY + timedelta(days=200)).isoformat(),
        },
    )
    exit_day = TODAY - timedelta(days=5)
    await project(programme_ended(pid, end_date=exit_day))
    before = await written.counts()
    body = {"date": (exit_day + timedelta(days=1)).isoformat(), "kind": "attendance", "hours": 6}
    response = await client.post(
        f"/placements/{placement}/attendance", json=body, headers=caseworker
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "date-after-exit"
    assert await written.counts() == before
    on_exit_day = {"date": exit_day.isoformat(), "kind": "attendance", "hours": 6}
    response = await client.post(
        f"/placements/{placement}/attendance", json=on_exit_day, headers=caseworker
    )
    assert response.status_code == 201, response.text


async def test_a_caller_without_the_placements_basis_is_refused_and_nothing_written(
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    project: Project,
    written: DatabaseView,
) -> None:
    pid, placement = placed
    body = {"date": DAY, "kind": "attendance", "hours": 6}
    url = f"/placements/{placement}/attendance"
    before = await written.counts()
    # NAV without a sharing basis, an employer's person who is not this employer's
    # contact: the placement is not found.
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR)
    stranger = dev_tokens.headers(
        "contributor", agency="employer", municipality=HAMAR, sub="ola@elsewhere"
    )
    for headers in (nav, stranger):
        response = await client.post(url, json=body, headers=headers)
        assert response.status_code == 404, response.text
    # A basis, but not for placements: 403.
    await project(sharing_basis(pid, agency="learning-centre", purpose="norwegian_training"))
    teacher = dev_tokens.headers("caseworker", agency="learning-centre", municipality=HAMAR)
    response = await client.post(url, json=body, headers=teacher)
    assert response.status_code == 403
    assert response.json()["code"] == "no-basis-for-purpose"
    # Another municipality's caseworker: not found.
    gjovik = dev_tokens.headers("caseworker", municipality="3407")
    assert (await client.post(url, json=body, headers=gjovik)).status_code == 404
    assert await written.counts() == before
    # With a basis covering placements NAV may.
    await project(sharing_basis(pid, agency="nav", purpose="work_training"))
    response = await client.post(url, json=body, headers=nav)
    assert response.status_code == 201, response.text


async def test_the_employers_contact_without_the_participants_consent_is_refused(
    api: Api,
    participant: NewParticipant,
    client: httpx.AsyncClient,
    kari: dict[str, str],
    project: Project,
    written: DatabaseView,
) -> None:
    """The consent to the employer withdrawn: the placement ends that day, and Kari no
    longer finds it (her basis was the consent)."""
    employer = await api.employer()
    opening = await api.opening(employer["id"])
    pid = await participant(consent_to=None)
    consent = UUID("01930000-0000-7000-8000-00000000c001")
    await project(consent_granted(pid, consent))
    placement = (await api.place(pid, opening["id"]))["id"]
    await project(consent_withdrawn(pid, consent))
    before = await written.counts()
    body = {"date": DAY, "kind": "attendance", "hours": 6}
    response = await client.post(f"/placements/{placement}/attendance", json=body, headers=kari)
    assert response.status_code == 404, response.text
    assert await written.counts() == before
