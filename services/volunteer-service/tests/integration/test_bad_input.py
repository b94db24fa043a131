"""Bad input to every write endpoint: a 4xx problem with a ``code``, and nothing written."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from .conftest import (
    TODAY,
    Create,
    Database,
    activity_body,
    organisation_body,
    volunteer_body,
)

# Request validation, roles and scoping, the same whatever the database: PostgreSQL only,
# to keep the suite's time (the tests that store and read state run on SQLite as well).
pytestmark = pytest.mark.databases("postgresql")

PROBLEM = "application/problem+json"
CASES: list[tuple[str, str, Any, int, str]] = [
    ("POST", "/organisations", organisation_body(contacts=[]), 422, "invalid-input"),
    ("POST", "/organisations", organisation_body(kind="bank"), 422, "invalid-input"),
    ("POST", "/organisations", organisation_body(secret=1), 422, "invalid-input"),
    ("POST", "/volunteers", volunteer_body(roles=[]), 422, "invalid-input"),
    ("POST", "/volunteers", volunteer_body(languages=["Norwegian"]), 422, "invalid-input"),
    ("POST", "/volunteers", volunteer_body(email="not-an-email"), 422, "invalid-input"),
    (
        "POST",
        "/volunteers",
        volunteer_body(kind="bridge_builder", roles=["bridge_builder"]),
        422,
        "bridge-builder-terms",
    ),
    ("POST", "/volunteers", volunteer_body(roles=["bridge_builder"]), 422, "bridge-builder-role"),
    (
        "POST",
        "/volunteers",
        volunteer_body(organisation_id=str(uuid4())),
        422,
        "unknown-organisation",
    ),
    (
        "POST",
        "/volunteers",
        volunteer_body(trainings=[{"code": "x", "completed_on": "2099-01-01"}]),
        422,
        "training-in-future",
    ),
    ("POST", "/activities", activity_body(end_time="11:00"), 422, "times-out-of-order"),
    ("POST", "/activities", activity_body(weekday=None), 422, "weekday-required"),
    ("POST", "/activities", activity_body(cost_nok=-5), 422, "invalid-input"),
    ("POST", "/activities", activity_body(target_groups=[]), 422, "invalid-input"),
    ("POST", "/activities", b"{not json", 400, "malformed-json"),
    (
        "POST",
        "/matches",
        {"participant_id": str(uuid4()), "volunteer_id": str(uuid4()), "role": "guide"},
        404,
        "volunteer-not-found",
    ),
    (
        "POST",
        "/matches",
        {
            "participant_id": str(uuid4()),
            "volunteer_id": str(uuid4()),
            "role": "guide",
            "police_certificate_required": True,
        },
        422,
        "police-certificate-not-lawful",
    ),
    (
        "POST",
        "/matches",
        {"participant_id": "x", "volunteer_id": "y", "role": "guide"},
        422,
        "invalid-input",
    ),
    ("POST", "/matches/{match}/end", {"reason": "bored"}, 422, "invalid-input"),
    ("POST", f"/matches/{uuid4()}/accept", {"party": "participant"}, 404, "match-not-found"),
    (
        "POST",
        "/volunteers/{volunteer}/vetting",
        {"seen_on": TODAY.isoformat(), "grounds": []},
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/volunteers/{volunteer}/vetting",
        {"seen_on": "2099-01-01", "grounds": ["minors"]},
        422,
        "seen-in-future",
    ),
    (
        "POST",
        "/volunteers/{volunteer}/vetting",
        {"seen_on": TODAY.isoformat(), "grounds": ["minors"], "document": "scan"},
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/activities/{activity}/attendance",
        {
            "attended_on": "2099-01-01",
            "participants": [{"participant_id": str(uuid4()), "present": True}],
        },
        422,
        "unknown-participant",
    ),
    (
        "POST",
        "/activities/{activity}/attendance",
        {"attended_on": TODAY.isoformat(), "participants": []},
        422,
        "invalid-input",
    ),
    ("POST", "/activities/{activity}/publish", None, 409, "activity-already-published"),
    ("GET", "/volunteers?limit=100000", None, 422, "invalid-input"),
    # -- edits: every rule a problem with its code, and nothing written ------------------
    ("PATCH", "/organisations/{organisation}", {"name": "X"}, 422, "invalid-input"),
    ("PATCH", "/organisations/{organisation}", {"version": 0, "name": "X"}, 422, "invalid-input"),
    ("PATCH", "/organisations/{organisation}", {"version": 1}, 422, "no-changes"),
    ("PATCH", "/organisations/{organisation}", {"version": 1, "name": None}, 422, "invalid-input"),
    (
        "PATCH",
        "/organisations/{organisation}",
        {"version": 1, "contacts": []},
        422,
        "invalid-input",
    ),
    ("PATCH", "/organisations/{organisation}", {"version": 7, "name": "X"}, 409, "stale-version"),
    ("POST", "/organisations/{organisation}/deactivation", {}, 422, "invalid-input"),
    ("POST", "/organisations/{organisation}/deactivation", {"version": 3}, 409, "stale-version"),
    ("PATCH", "/volunteers/{volunteer}", {"version": 1}, 422, "no-changes"),
    (
        "PATCH",
        "/volunteers/{volunteer}",
        {"version": 1, "roles": ["bridge_builder"]},
        422,
        "bridge-builder-role",
    ),
    ("PATCH", "/volunteers/{volunteer}", {"version": 1, "roles": []}, 422, "invalid-input"),
    ("PATCH", "/volunteers/{volunteer}", {"version": 1, "name": None}, 422, "invalid-input"),
    ("PATCH", "/volunteers/{volunteer}", {"version": 1, "email": "nope"}, 422, "invalid-input"),
    ("PATCH", "/volunteers/{volunteer}", {"version": 1, "ssn": "1"}, 422, "invalid-input"),
    (
        "PATCH",
        "/volunteers/{volunteer}",
        {"version": 1, "organisation_id": str(uuid4())},
        422,
        "unknown-organisation",
    ),
    ("PATCH", "/volunteers/{volunteer}", {"version": 2, "skills": ["x"]}, 409, "stale-version"),
    ("POST", "/volunteers/{volunteer}/deactivation", {"version": 1}, 422, "invalid-input"),
    (
        "POST",
        "/volunteers/{volunteer}/deactivation",
        {"version": 1, "reason": "erasure_requested"},
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/volunteers/{volunteer}/deactivation",
        {"version": 2, "reason": "moved"},
        409,
        "stale-version",
    ),
    ("POST", "/volunteers/{volunteer}/erasure", {}, 422, "invalid-input"),
    ("POST", "/volunteers/{volunteer}/erasure", {"version": 5}, 409, "stale-version"),
    ("PATCH", "/activities/{activity}", {"version": 2}, 422, "no-changes"),
    (
        "PATCH",
        "/activities/{activity}",
        {"version": 2, "end_time": "11:00"},
        422,
        "times-out-of-order",
    ),
    ("PATCH", "/activities/{activity}", {"version": 2, "weekday": None}, 422, "weekday-required"),
    ("PATCH", "/activities/{activity}", {"version": 2, "cost_nok": -1}, 422, "invalid-input"),
    ("PATCH", "/activities/{activity}", {"version": 2, "title": None}, 422, "invalid-input"),
    ("PATCH", "/activities/{activity}", {"version": 1, "place": "X"}, 409, "stale-version"),
    (
        "POST",
        "/activities/{activity}/cancellation",
        {"version": 2, "reason": "bored"},
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/activities/{activity}/cancellation",
        {"version": 1, "reason": "other"},
        409,
        "stale-version",
    ),
]


@pytest.fixture
async def existing(
    new_organisation: Create,
    new_volunteer: Create,
    new_activity: Create,
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
) -> dict[str, str]:
    organisation = await new_organisation()
    volunteer = await new_volunteer()
    activity = await new_activity()  # published at once: version 2
    return {
        "organisation": organisation["id"],
        "volunteer": volunteer["id"],
        "activity": activity["id"],
        "match": str(uuid4()),
    }


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), CASES)
async def test_bad_input_is_a_problem_and_writes_nothing(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    database: Database,
    existing: dict[str, str],
    method: str,
    path: str,
    body: Any,
    status: int,
    code: str,
) -> None:
    before = await database.rows()
    kwargs: dict[str, Any] = {"content": body} if isinstance(body, bytes) else {"json": body}
    if isinstance(body, bytes):
        kwargs["headers"] = {**coordinator, "Content-Type": "application/json"}
    else:
        kwargs["headers"] = coordinator
    response = await client.request(method, path.format(**existing), **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == code
    if code == "stale-version":
        assert isinstance(response.json()["current_version"], int)
    assert await database.rows() == before
