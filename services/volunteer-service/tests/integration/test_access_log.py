"""Every read of a participant's personal data is in the access log, once, and is scoped
to the reader's basis: the law for public agencies, the participant's consent for the
volunteer centre.

Per route: one access-log row per participant for a read that answers (2xx), none for
one that does not (4xx), and one ``helhet.access.recorded.v1`` event per read. Another
agency without a basis for the participant gets a 404 that says nothing about them; a
basis that does not cover the purpose is a 403 ``no-basis-for-purpose``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens
from volunteer_service.adapters import tables

from .conftest import HAMAR, TODAY, Create, Database, Feed, granted, sharing_basis

ACCESS = "helhet.access.recorded.v1"


async def access_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        t = tables.access_log
        return list(await conn.execute(select(t).order_by(t.c.id)))


def without_instance(problem: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in problem.items() if k != "instance"}


@dataclass(frozen=True)
class Matched:
    participant: UUID
    match: str
    activity: str


ROUTES: dict[str, Callable[[Matched], str]] = {
    "suggestions": lambda m: f"/participants/{m.participant}/suggestions",
    "match": lambda m: f"/matches/{m.match}",
    "matches": lambda m: f"/matches?participant_id={m.participant}",
    "attendance": lambda m: f"/activities/{m.activity}/attendance",
}
NOBODY = Matched(participant=uuid4(), match=str(uuid4()), activity=str(uuid4()))


@pytest.fixture
async def matched(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    consenting: Callable[..., Awaitable[UUID]],
    new_volunteer: Create,
    new_activity: Create,
) -> Matched:
    """A participant who consents to the volunteer's organisation (for their social
    network), matched with the volunteer, who came to an activity."""
    volunteer = await new_volunteer()
    participant = await consenting(volunteer)
    body = {"participant_id": str(participant), "volunteer_id": volunteer["id"], "role": "guide"}
    match = await client.post("/matches", json=body, headers=coordinator)
    assert match.status_code == 201, match.text
    activity = await new_activity()
    attended = await client.post(
        f"/activities/{activity['id']}/attendance",
        json={
            "attended_on": (TODAY - timedelta(days=1)).isoformat(),
            "participants": [{"participant_id": str(participant), "present": True}],
        },
        headers=coordinator,
    )
    assert attended.status_code == 201, attended.text
    return Matched(participant, match.json()["id"], activity["id"])


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("reader", ["caseworker", "coordinator"])
async def test_a_read_is_recorded_once_and_a_refused_read_not_at_all(
    route: str,
    reader: str,
    matched: Matched,
    client: httpx.AsyncClient,
    request: pytest.FixtureRequest,
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    headers = request.getfixturevalue(reader)
    response = await client.get(ROUTES[route](matched), headers=headers)
    assert response.status_code == 200, response.text
    (row,) = await access_rows(test_engine)
    assert row.participant_id == matched.participant
    if reader == "caseworker":
        assert (row.agency, row.role, row.legal_basis) == (
            "refugee-service",
            "caseworker",
            "integreringsloven",
        )
        assert row.consent_id is None
    else:
        assert (row.agency, row.role, row.legal_basis) == ("volunteer", "contributor", "consent")
        assert row.consent_id is not None
    (event,) = await database.outbox_payloads(ACCESS)
    assert [p["participant_id"] for p in event["participants"]] == [str(matched.participant)]
    assert event["read_id"] == str(row.read_id)
    assert event["operation"].startswith("GET /")

    # Something that is not there: a 404 (an empty list for a list), nothing recorded.
    missing = await client.get(ROUTES[route](NOBODY), headers=headers)
    assert missing.status_code == (200 if route == "matches" else 404)
    assert len(await access_rows(test_engine)) == 1
    assert len(await database.outbox_payloads(ACCESS)) == 1


async def test_a_list_records_each_person_once(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    consenting: Callable[..., Awaitable[UUID]],
    new_volunteer: Create,
    feed: Feed,
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    first, second = await new_volunteer(), await new_volunteer()
    participant = await consenting(first)
    other = await consenting(second)
    # The participant consents to the second volunteer's organisation too.
    recipient = second["organisation_id"] or second["id"]
    kind = "organisation" if second["organisation_id"] else "volunteer"
    await feed(granted(participant, UUID(recipient), kind=kind))
    for volunteer, who in ((first, participant), (second, participant), (second, other)):
        body = {"participant_id": str(who), "volunteer_id": volunteer["id"], "role": "guide"}
        assert (await client.post("/matches", json=body, headers=coordinator)).status_code == 201

    listed = await client.get("/matches", headers=caseworker)
    assert listed.json()["total"] == 3
    rows = await access_rows(test_engine)
    assert sorted(r.participant_id for r in rows) == sorted([participant, other])
    (event,) = await database.outbox_payloads(ACCESS)
    assert event["categories"] == ["volunteering"]
    assert len(event["participants"]) == 2


async def test_another_agency_without_a_basis_gets_404_and_learns_nothing(
    matched: Matched,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR, sub="nav-1")
    for route in ("suggestions", "match"):
        response = await client.get(ROUTES[route](matched), headers=nav)
        assert response.status_code == 404, (route, response.text)
        nobody = await client.get(ROUTES[route](NOBODY), headers=nav)
        assert without_instance(response.json()) == without_instance(nobody.json())
    for route in ("matches", "attendance"):
        listed = await client.get(ROUTES[route](matched), headers=nav)
        assert listed.status_code == 200
        assert listed.json()["items"] == []
    lonely = await client.get("/participants/without-network", headers=nav)
    assert lonely.json()["items"] == []
    assert await access_rows(test_engine) == []


async def test_a_basis_reads_on_the_law_and_a_purpose_it_does_not_cover_is_403(
    matched: Matched,
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    dev_tokens: DevTokens,
    feed: Feed,
    test_engine: AsyncEngine,
) -> None:
    await feed(sharing_basis(matched.participant, agency="nav", purpose="follow_up"))
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR, sub="nav-1")
    response = await client.get(ROUTES["match"](matched), headers=nav)
    assert response.status_code == 200, response.text
    (row,) = await access_rows(test_engine)
    assert (row.agency, row.legal_basis) == ("nav", "nav_loven")

    refused = await client.get(
        ROUTES["match"](matched), headers={**nav, "X-Purpose": "work_training"}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "no-basis-for-purpose")
    # The volunteer centre's consent is for the participant's social network, not mentoring.
    mentoring = await client.get(
        ROUTES["suggestions"](matched), headers={**coordinator, "X-Purpose": "mentoring"}
    )
    assert (mentoring.status_code, mentoring.json()["code"]) == (403, "no-basis-for-purpose")
    assert len(await access_rows(test_engine)) == 1


async def test_another_agency_without_a_basis_records_no_attendance_and_learns_nothing(
    matched: Matched,
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    dev_tokens: DevTokens,
) -> None:
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR, sub="nav-1")
    url = f"/activities/{matched.activity}/attendance"

    def body(participant: UUID) -> dict[str, Any]:
        return {
            "attended_on": TODAY.isoformat(),
            "participants": [{"participant_id": str(participant), "present": False}],
        }

    known = await client.post(url, json=body(matched.participant), headers=nav)
    unknown = await client.post(url, json=body(NOBODY.participant), headers=nav)
    listed = await client.get(url, headers=coordinator)

    # The same answer as for a participant nobody knows: it does not tell that they exist.
    assert known.status_code == 422, known.text
    assert known.json()["code"] == "unknown-participant"
    assert known.json()["participant_ids"] == [str(matched.participant)]
    assert unknown.json()["code"] == "unknown-participant"
    assert listed.json()["total"] == 1  # only the coordinator's session: nothing written
