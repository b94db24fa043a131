"""The year-round timetable over the API: sessions with their events, bad input that
writes nothing, a holiday covered or not in the weeks' full-time check, reads in the
access log, and the week's check announced once."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import httpx
import pytest

from helhet_common.clock import SYSTEM_CLOCK

from .conftest import Database, Settle, plan_body

SESSION_EVENT = "helhet.timetable_session.added.v1"
WEEK_EVENT = "helhet.timetable_week.checked.v1"
LEARNING_CENTRE = "hamar-laeringssenter"


def session_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "provider_kind": "learning_centre",
        "provider_id": LEARNING_CENTRE,
        "weekday": 1,
        "starts": "08:00",
        "ends": "15:30",
        "valid_from": "2026-04-01",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def closure_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "provider_kind": "learning_centre",
        "provider_id": LEARNING_CENTRE,
        "kind": "holiday",
        "from_date": "2026-06-29",
        "to_date": "2026-07-03",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


async def full_timetable(
    client: httpx.AsyncClient, participant_id: str, headers: dict[str, str]
) -> None:
    """The learning centre 08:00-15:30 Monday to Friday: 37.5 hours."""
    for weekday in range(1, 6):
        response = await client.post(
            f"/participants/{participant_id}/timetable/sessions",
            json=session_body(weekday=weekday),
            headers=headers,
        )
        assert response.status_code == 201, response.text


async def test_a_session_is_added_with_a_value_event_and_read_in_the_access_log(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    participant_id = await enrolled()

    added = await client.post(
        f"/participants/{participant_id}/timetable/sessions",
        json=session_body(starts="08:30", valid_to="2026-12-18"),
        headers=caseworker,
    )
    timetable = await client.get(f"/participants/{participant_id}/timetable", headers=caseworker)

    assert added.status_code == 201, added.text
    assert added.json()["hours"] == 7
    assert timetable.json()["total"] == 1
    assert [s["starts"] for s in timetable.json()["items"]] == ["08:30"]
    assert await database.outbox_payloads(SESSION_EVENT) == [
        {
            "participant_id": participant_id,
            "session_id": added.json()["id"],
            "provider_kind": "learning_centre",
            "weekday": 1,
            "start_minute": 510,
            "minutes": 420,
            "valid_from": "2026-04-01",
            "valid_to": "2026-12-18",
            "recorded_by_agency": "refugee-service",
        }
    ]
    assert (await database.counts())["access_log"] == 1


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        (
            {"starts": "10:00", "ends": "11:00", "provider_kind": "nav_measure"},
            409,
            "session-overlaps",
        ),
        ({"weekday": 2, "starts": "15:00", "ends": "09:00"}, 422, "time-span-invalid"),
        ({"weekday": 2, "valid_to": "2026-03-01"}, 422, "period-not-a-span"),
        ({"weekday": 2, "provider_kind": "church"}, 422, None),
        ({"weekday": 8}, 422, None),
        ({"weekday": 2, "starts": "25:00"}, 422, None),
    ],
)
async def test_bad_sessions_are_a_problem_and_write_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    enrolled: Settle,
    changes: dict[str, Any],
    status: int,
    code: str | None,
) -> None:
    participant_id = await enrolled()
    first = await client.post(
        f"/participants/{participant_id}/timetable/sessions",
        json=session_body(),
        headers=caseworker,
    )
    assert first.status_code == 201, first.text
    before = await database.counts()

    response = await client.post(
        f"/participants/{participant_id}/timetable/sessions",
        json=session_body(**changes),
        headers=caseworker,
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if code is not None:
        assert response.json()["code"] == code
    assert await database.counts() == before


async def test_a_bad_closure_writes_nothing(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    before = await database.counts()

    reversed_ = await client.post(
        "/timetable/closures", json=closure_body(to_date="2026-06-01"), headers=caseworker
    )
    unknown = await client.post(
        "/timetable/closures", json=closure_body(provider_kind="school"), headers=caseworker
    )

    assert reversed_.status_code == 422
    assert reversed_.json()["code"] == "period-not-a-span"
    assert unknown.status_code == 422
    assert await database.counts() == before


async def test_a_holiday_nobody_covers_is_a_week_below_full_time_and_a_covered_one_is_not(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    participant_id = await enrolled()
    await full_timetable(client, participant_id, caseworker)

    summer = await client.post("/timetable/closures", json=closure_body(), headers=caseworker)
    covered = await client.post(
        "/timetable/closures",
        json=closure_body(
            from_date="2026-07-06", to_date="2026-07-10", covered_by="refugee-service"
        ),
        headers=caseworker,
    )
    weeks = await client.get(
        f"/participants/{participant_id}/timetable/weeks?from=2026-06-22&to=2026-07-12",
        headers=caseworker,
    )
    closures = await client.get("/timetable/closures", headers=caseworker)

    assert summer.status_code == 201, summer.text
    assert covered.status_code == 201, covered.text
    assert weeks.status_code == 200, weeks.text
    assert [(w["week_start"], w["hours"], w["full_time"]) for w in weeks.json()["items"]] == [
        ("2026-06-22", 37.5, True),
        ("2026-06-29", 0, False),
        ("2026-07-06", 37.5, True),
    ]
    assert weeks.json()["items"][2]["covered_hours"] == 37.5
    assert closures.json()["total"] == 2
    assert [c["covered_by"] for c in closures.json()["items"]] == [None, "refugee-service"]


async def test_heavy_self_study_in_the_plan_makes_thirty_hours_full_time(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()
    for weekday in range(1, 5):  # four days of 7.5 hours: 30 hours
        response = await client.post(
            f"/participants/{participant_id}/timetable/sessions",
            json=session_body(weekday=weekday),
            headers=caseworker,
        )
        assert response.status_code == 201, response.text
    url = f"/participants/{participant_id}/timetable/weeks?from=2026-09-07&to=2026-09-07"

    before = await client.get(url, headers=caseworker)
    heavy = await client.put(
        f"/participants/{participant_id}/plan",
        json=plan_body(version=0, heavy_self_study=True),
        headers=caseworker,
    )
    after = await client.get(url, headers=caseworker)

    assert before.json()["items"][0]["full_time"] is False
    assert heavy.status_code == 200, heavy.text
    assert after.json()["heavy_self_study"] is True
    assert after.json()["items"][0]["required_hours"] == 30
    assert after.json()["items"][0]["full_time"] is True


async def test_the_weeks_refuse_a_period_that_is_not_one(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()

    response = await client.get(
        f"/participants/{participant_id}/timetable/weeks?from=2026-09-07&to=2026-09-01",
        headers=caseworker,
    )

    assert response.status_code == 422
    assert response.json()["code"] == "period-not-a-span"
    for query in ("from=0001-01-01&to=2026-09-01", "from=2026-09-01&to=9999-12-31"):
        far = await client.get(
            f"/participants/{participant_id}/timetable/weeks?{query}", headers=caseworker
        )
        assert far.status_code == 422, far.text


async def test_the_week_check_announces_a_week_below_full_time_once(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    database: Database,
    enrolled: Settle,
) -> None:
    participant_id = await enrolled()
    await full_timetable(client, participant_id, caseworker)
    await client.post("/timetable/closures", json=closure_body(), headers=caseworker)

    first = await client.post(
        "/timetable/week-checks", json={"week_start": "2026-06-29"}, headers=caseworker
    )
    again = await client.post(
        "/timetable/week-checks", json={"week_start": "2026-06-29"}, headers=caseworker
    )
    not_monday = await client.post(
        "/timetable/week-checks", json={"week_start": "2026-06-30"}, headers=caseworker
    )
    not_owner = await client.post(
        "/timetable/week-checks", json={"week_start": "2026-06-29"}, headers=nav
    )

    assert first.status_code == 201, first.text
    assert first.json() == {"week_start": "2026-06-29", "announced": 1, "below_full_time": 1}
    assert again.json()["announced"] == 0
    assert not_monday.status_code == 422
    assert not_monday.json()["code"] == "week-start-not-monday"
    assert not_owner.status_code == 403
    assert await database.outbox_payloads(WEEK_EVENT) == [
        {
            "participant_id": participant_id,
            "week_start": "2026-06-29",
            "minutes": 0,
            "required_minutes": 2250,
            "closed_minutes": 2250,
            "covered_minutes": 0,
            "holiday_minutes": 0,
            "full_time": False,
        }
    ]


async def test_another_agency_without_a_basis_does_not_see_the_timetable(
    client: httpx.AsyncClient, nav: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()

    read = await client.get(f"/participants/{participant_id}/timetable", headers=nav)
    write = await client.post(
        f"/participants/{participant_id}/timetable/sessions", json=session_body(), headers=nav
    )

    assert read.status_code == 404
    assert write.status_code == 404


async def test_the_weeks_without_a_period_are_the_last_four_up_to_this_one(
    client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle
) -> None:
    participant_id = await enrolled()
    await full_timetable(client, participant_id, caseworker)

    response = await client.get(
        f"/participants/{participant_id}/timetable/weeks", headers=caseworker
    )

    assert response.status_code == 200, response.text
    starts = [date.fromisoformat(w["week_start"]) for w in response.json()["items"]]
    assert len(starts) == 4
    assert all(b - a == timedelta(weeks=1) for a, b in pairwise(starts))
    # This week, in Norway (the service's today).
    today = SYSTEM_CLOCK.today()
    assert today - timedelta(days=7) < starts[-1] <= today
    assert all(w["hours"] == 37.5 for w in response.json()["items"])


CHANGED_EVENT = "helhet.timetable_session.changed.v1"
ENDED_EVENT = "helhet.timetable_session.ended.v1"


async def test_a_session_gets_new_times_and_an_end_and_both_are_announced(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    participant_id = await enrolled()
    added = await client.post(
        f"/participants/{participant_id}/timetable/sessions",
        json=session_body(),
        headers=caseworker,
    )
    session_url = f"/participants/{participant_id}/timetable/sessions/{added.json()['id']}"

    changed = await client.patch(
        session_url, json={"starts": "09:00", "ends": "14:00"}, headers=caseworker
    )
    ended = await client.post(
        f"{session_url}/end", json={"valid_to": "2026-09-30"}, headers=caseworker
    )
    weeks = await client.get(
        f"/participants/{participant_id}/timetable/weeks?from=2026-09-28&to=2026-10-05",
        headers=caseworker,
    )

    assert changed.status_code == 200, changed.text
    assert (changed.json()["starts"], changed.json()["ends"], changed.json()["hours"]) == (
        "09:00",
        "14:00",
        5,
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["valid_to"] == "2026-09-30"
    assert [w["hours"] for w in weeks.json()["items"]] == [5, 0]
    [change] = await database.outbox_payloads(CHANGED_EVENT)
    assert (change["start_minute"], change["minutes"], change["valid_to"]) == (540, 300, None)
    assert await database.outbox_payloads(ENDED_EVENT) == [
        {
            "participant_id": participant_id,
            "session_id": added.json()["id"],
            "valid_to": "2026-09-30",
            "ended_by_agency": "refugee-service",
        }
    ]


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("", {"starts": "12:00", "ends": "16:00"}, 409, "session-overlaps"),
        ("", {"starts": "15:00", "ends": "09:00"}, 422, "time-span-invalid"),
        ("", {"ends": "07:00"}, 422, "time-span-invalid"),
        ("", {"valid_to": "2026-03-01"}, 422, "period-not-a-span"),
        ("", {}, 422, "nothing-to-change"),
        ("/end", {"valid_to": "2026-03-01"}, 422, "period-not-a-span"),
    ],
)
async def test_a_refused_change_or_end_writes_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    enrolled: Settle,
    path: str,
    body: dict[str, Any],
    status: int,
    code: str,
) -> None:
    participant_id = await enrolled()
    morning = await client.post(
        f"/participants/{participant_id}/timetable/sessions",
        json=session_body(starts="08:00", ends="11:00"),
        headers=caseworker,
    )
    await client.post(
        f"/participants/{participant_id}/timetable/sessions",
        json=session_body(starts="13:00", ends="15:00"),
        headers=caseworker,
    )
    url = f"/participants/{participant_id}/timetable/sessions/{morning.json()['id']}{path}"
    before = await database.counts()

    response = (
        await client.post(url, json=body, headers=caseworker)
        if path
        else await client.patch(url, json=body, headers=caseworker)
    )
    timetable = await client.get(f"/participants/{participant_id}/timetable", headers=caseworker)

    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert await database.counts() == {**before, "access_log": before["access_log"] + 1}
    first = timetable.json()["items"][0]
    assert (first["starts"], first["ends"], first["valid_to"]) == ("08:00", "11:00", None)


async def test_the_participants_own_holiday_counts_as_covered_and_not_as_a_gap(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    participant_id = await enrolled()
    await full_timetable(client, participant_id, caseworker)
    await client.post("/timetable/closures", json=closure_body(), headers=caseworker)  # w27
    url = f"/participants/{participant_id}/timetable/holidays"

    holiday = await client.post(
        url, json={"from_date": "2026-06-29", "to_date": "2026-07-03"}, headers=caseworker
    )
    overlapping = await client.post(
        url, json={"from_date": "2026-07-03", "to_date": "2026-07-10"}, headers=caseworker
    )
    too_long = await client.post(
        url, json={"from_date": "2026-08-03", "to_date": "2026-09-11"}, headers=caseworker
    )
    weeks = await client.get(
        f"/participants/{participant_id}/timetable/weeks?from=2026-06-29&to=2026-06-29",
        headers=caseworker,
    )
    check = await client.post(
        "/timetable/week-checks", json={"week_start": "2026-06-29"}, headers=caseworker
    )
    listed = await client.get(url, headers=caseworker)

    assert holiday.status_code == 201, holiday.text
    assert holiday.json()["weekdays"] == 5
    assert overlapping.status_code == 409
    assert overlapping.json()["code"] == "holiday-overlaps"
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "holiday-over-five-weeks"
    [week] = weeks.json()["items"]
    assert (week["hours"], week["holiday_hours"], week["closed_hours"], week["full_time"]) == (
        37.5,
        37.5,
        0,
        True,
    )
    assert check.json()["below_full_time"] == 0
    assert [(h["from_date"], h["to_date"]) for h in listed.json()["items"]] == [
        ("2026-06-29", "2026-07-03")
    ]
    counts = await database.counts()
    assert counts["participant_holidays"] == 1
