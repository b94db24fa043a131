"""The alert work queue over HTTP, on both databases: the queue's order, what a person
does with an alert (acknowledge, take, comment, snooze, close), the history kept, and
the refusals that write nothing.

Hamar (3403) is the caller's municipality, Gjøvik (3407) another. The read model is
filled by the consumer runner with the gap rules evaluated as of 2026-09-02; the api's
clock is pinned to that day.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.adapters import tables
from reporting_service.entrypoints import deps

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
ClockRunner = Callable[[date], ConsumerRunner]

HAMAR, GJOVIK = "3403", "3407"
TODAY = date(2026, 9, 2)
PROBLEM_JSON = "application/problem+json"
NO_PLAN = "no-plan-after-programme-start"


class Town:
    def __init__(self) -> None:
        self.without_plan = uuid4()  # no plan; single and alone; no NAV
        self.placed = uuid4()  # a placement ended with no next step
        self.placement = uuid4()
        self.in_gjovik = uuid4()


@pytest.fixture
async def town(clock_runner: ClockRunner, to_records: ToRecords, events: Any) -> Town:
    s = Town()
    start, end = date(2026, 2, 1), date(2028, 1, 31)
    batch = [
        events.settled(s.without_plan, date(2026, 1, 5), household="single"),
        events.programme_started(s.without_plan, start, end),
        events.settled(s.placed, date(2026, 1, 5), household="family"),
        events.programme_started(s.placed, start, end),
        events.mapping_recorded(s.placed, date(2026, 2, 10)),
        events.plan_updated(s.placed),
        events.placement_started(s.placed, s.placement, date(2026, 4, 1), kind="nav_work_training"),
        events.placement_ended(s.placed, s.placement, date(2026, 9, 1)),
    ]
    events.municipality = GJOVIK
    batch += [
        events.settled(s.in_gjovik, date(2026, 1, 5)),
        events.programme_started(s.in_gjovik, start, end),
    ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    events.municipality = HAMAR
    return s


@pytest.fixture
def pinned(app: FastAPI) -> Callable[[date], None]:
    """``pinned(day)``: the api's clock stands on ``day`` (TODAY to begin with)."""

    def pin(day: date) -> None:
        app.dependency_overrides[deps.clock] = lambda: FixedClock(day)

    pin(TODAY)
    return pin


@pytest.fixture(autouse=True)
async def _unpin(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.dependency_overrides.pop(deps.clock, None)


def kari(dev_tokens: DevTokens, *roles: str) -> dict[str, str]:
    """A caseworker with a display name in her token."""
    return dev_tokens.headers(*(roles or ("caseworker",)), sub="kari", name="Kari Nordmann")


def ola(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("caseworker", sub="ola", name="Ola Nordmann")


async def queue(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get("/queue", params={"limit": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def alert_of(
    client: httpx.AsyncClient, headers: dict[str, str], rule: str, participant: UUID
) -> dict[str, Any]:
    page = (await client.get("/alerts", params={"rule": rule}, headers=headers)).json()
    [found] = [a for a in page["items"] if a["participant_id"] == str(participant)]
    return found


async def history_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(tables.alert_history)) or 0)


# -- the queue ------------------------------------------------------------------------------


async def test_the_queue_is_ordered_by_severity_then_oldest_gap_first(
    town: Town, pinned: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    page = await queue(client, kari(dev_tokens))

    shown = [(a["severity"], a["rule_id"], a["age_days"]) for a in page["items"]]
    assert shown == [
        ("high", NO_PLAN, (TODAY - date(2026, 5, 2)).days),
        ("high", "placement-ended-without-next-step", 1),
        ("medium", "single-without-social-network", (TODAY - date(2026, 4, 5)).days),
        ("medium", "no-nav-involvement", (TODAY - date(2026, 8, 1)).days),
        ("medium", "unowned-responsibility", 0),
        ("medium", "unowned-responsibility", 0),
        ("medium", "unowned-responsibility", 0),
    ]
    assert page["total"] == 7
    assert {a["municipality"] for a in page["items"]} == {HAMAR}
    assert page["items"][0]["unit_id"] == "flyktningkontor"
    assert page["items"][0]["assignee"] is None


async def test_the_queue_per_unit_and_by_severity(
    town: Town, pinned: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    nav = await queue(client, kari(dev_tokens), unit="nav")
    high = await queue(client, kari(dev_tokens), severity="high", limit=1)

    assert [a["rule_id"] for a in nav["items"]] == [
        "placement-ended-without-next-step",
        "no-nav-involvement",
    ]
    assert (high["total"], len(high["items"]), high["items"][0]["rule_id"]) == (2, 1, NO_PLAN)


async def test_mine_is_what_i_took(
    town: Town, pinned: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)

    taken = await client.post(
        f"/alerts/{alert['alert_id']}/assign", json={"version": 1}, headers=kari(dev_tokens)
    )

    assert taken.status_code == 200, taken.text
    assert taken.json()["assignee"] == {"sub": "kari", "name": "Kari Nordmann"}
    assert taken.json()["acknowledged_at"] is not None
    mine = await queue(client, kari(dev_tokens), mine="true")
    assert [a["alert_id"] for a in mine["items"]] == [alert["alert_id"]]
    assert (await queue(client, ola(dev_tokens), mine="true"))["items"] == []


# -- the workflow and its history -----------------------------------------------------------


async def test_every_action_is_kept_in_the_history(
    town: Town, pinned: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    url = f"/alerts/{alert['alert_id']}"

    steps = [
        ("acknowledge", {"version": 1}, kari(dev_tokens)),
        ("assign", {"version": 2}, ola(dev_tokens)),
        ("comments", {"version": 3, "comment": "Planmøte avtalt."}, ola(dev_tokens)),
        ("close", {"version": 4, "reason": "Planen er laget på papir."}, kari(dev_tokens)),
    ]
    for path, body, headers in steps:
        response = await client.post(f"{url}/{path}", json=body, headers=headers)
        assert response.status_code == 200, (path, response.text)

    history = (await client.get(f"{url}/history", headers=kari(dev_tokens))).json()
    assert [(e["action"], e["by"] and e["by"]["sub"], e["text"]) for e in history["items"]] == [
        ("opened", None, None),
        ("acknowledged", "kari", None),
        ("assigned", "ola", None),
        ("commented", "ola", "Planmøte avtalt."),
        ("closed", "kari", "Planen er laget på papir."),
    ]
    assert history["alert"]["status"] == "closed"
    assert history["alert"]["close_reason"] == "closed_by_hand"
    assert history["alert"]["closed_by"] == "kari"
    assert history["alert"]["version"] == 5
    assert alert["alert_id"] not in [
        a["alert_id"] for a in (await queue(client, kari(dev_tokens)))["items"]
    ]


async def test_a_snoozed_alert_leaves_the_queue_until_its_day(
    town: Town, pinned: Callable[[date], None], client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    back_on = TODAY + timedelta(days=3)

    snoozed = await client.post(
        f"/alerts/{alert['alert_id']}/snooze",
        json={"version": 1, "until": back_on.isoformat(), "reason": "Venter på tolk."},
        headers=kari(dev_tokens),
    )

    assert snoozed.status_code == 200, snoozed.text
    assert snoozed.json()["snoozed_until"] == back_on.isoformat()
    ids = lambda page: [a["alert_id"] for a in page["items"]]  # noqa: E731
    assert alert["alert_id"] not in ids(await queue(client, kari(dev_tokens)))
    pinned(back_on - timedelta(days=1))
    assert alert["alert_id"] not in ids(await queue(client, kari(dev_tokens)))
    pinned(back_on)
    assert ids(await queue(client, kari(dev_tokens)))[0] == alert["alert_id"]
    history = (
        await client.get(f"/alerts/{alert['alert_id']}/history", headers=kari(dev_tokens))
    ).json()
    assert history["items"][-1]["action"] == "snoozed"
    assert history["items"][-1]["until"] == back_on.isoformat()


async def test_closed_by_hand_stays_closed_while_the_gap_remains(
    town: Town,
    pinned: Any,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    closed = await client.post(
        f"/alerts/{alert['alert_id']}/close",
        json={"version": 1, "reason": "Flyttet til annen kommune snart."},
        headers=kari(dev_tokens),
    )
    assert closed.status_code == 200, closed.text

    # Another event for the participant: the rules run again and the plan is still missing.
    more = [events.mapping_recorded(town.without_plan, date(2026, 9, 2))]
    assert (await clock_runner(TODAY).apply_batch(to_records(*more))).applied == 1

    open_now = (
        await client.get("/alerts", params={"rule": NO_PLAN}, headers=kari(dev_tokens))
    ).json()
    assert [a["participant_id"] for a in open_now["items"]] == []
    feed = (await client.get("/changes", headers=kari(dev_tokens))).json()
    closes = [c for c in feed["items"] if c["type"] == "helhet.alert.closed.v1"]
    assert [c["data"]["close_reason"] for c in closes] == ["closed_by_hand"]


async def test_the_hold_ends_when_the_gap_closes(
    town: Town,
    pinned: Any,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    closed = await client.post(
        f"/alerts/{alert['alert_id']}/close",
        json={"version": 1, "reason": "Plan på papir."},
        headers=kari(dev_tokens),
    )
    assert closed.status_code == 200

    plan = [events.plan_updated(town.without_plan)]
    assert (await clock_runner(TODAY).apply_batch(to_records(*plan))).applied == 1

    async with test_engine.connect() as conn:
        held = await conn.scalar(
            select(tables.alerts.c.held).where(tables.alerts.c.alert_id == UUID(alert["alert_id"]))
        )
    assert held is False


# -- refusals: a 4xx problem, nothing written -----------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        (
            "snooze",
            {"version": 1, "until": "2026-09-02", "reason": "x"},
            422,
            "snooze-not-in-future",
        ),
        (
            "snooze",
            {"version": 1, "until": "2026-08-01", "reason": "x"},
            422,
            "snooze-not-in-future",
        ),
        ("comments", {"version": 1, "comment": "x" * 2001}, 422, "invalid-input"),
        ("comments", {"version": 1, "comment": "   "}, 422, "invalid-input"),
        ("comments", {"version": 1, "comment": "a\x00b"}, 422, "invalid-input"),
        ("close", {"version": 1}, 422, "invalid-input"),
        ("acknowledge", {"version": 2}, 409, "stale-version"),
    ],
    ids=[
        "snooze-today",
        "snooze-past",
        "comment-too-long",
        "comment-blank",
        "comment-nul",
        "no-reason",
        "stale",
    ],
)
async def test_bad_input_is_a_problem_and_writes_nothing(
    path: str,
    body: dict[str, Any],
    status: int,
    code: str,
    town: Town,
    pinned: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)

    response = await client.post(
        f"/alerts/{alert['alert_id']}/{path}", json=body, headers=kari(dev_tokens)
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert response.json()["code"] == code
    after = (await client.get(f"/alerts/{alert['alert_id']}", headers=kari(dev_tokens))).json()
    assert after["version"] == 1
    assert after["snoozed_until"] is None
    assert await history_rows(test_engine) == 0


async def test_a_stale_version_names_the_current_one(
    town: Town, pinned: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    url = f"/alerts/{alert['alert_id']}"
    assert (
        await client.post(f"{url}/acknowledge", json={"version": 1}, headers=kari(dev_tokens))
    ).status_code == 200

    late = await client.post(f"{url}/assign", json={"version": 1}, headers=ola(dev_tokens))

    assert late.status_code == 409
    assert (late.json()["code"], late.json()["current_version"]) == ("stale-version", 2)


async def test_closing_a_closed_alert_is_a_conflict(
    town: Town,
    pinned: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    url = f"/alerts/{alert['alert_id']}/close"
    first = await client.post(
        url, json={"version": 1, "reason": "Ordnet."}, headers=kari(dev_tokens)
    )
    assert first.status_code == 200

    again = await client.post(
        url, json={"version": 2, "reason": "Igjen."}, headers=kari(dev_tokens)
    )

    assert again.status_code == 409
    assert again.json()["code"] == "alert-closed"
    assert await history_rows(test_engine) == 1


async def test_unknown_and_other_municipalities_alerts_are_not_found(
    town: Town,
    pinned: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    gjovik = dev_tokens.headers("caseworker", municipality=GJOVIK)
    theirs = (await client.get("/alerts", headers=gjovik)).json()["items"][0]["alert_id"]

    for alert_id in (uuid4(), theirs):
        ack = await client.post(
            f"/alerts/{alert_id}/acknowledge", json={"version": 1}, headers=kari(dev_tokens)
        )
        history = await client.get(f"/alerts/{alert_id}/history", headers=kari(dev_tokens))
        assert (ack.status_code, history.status_code) == (404, 404)
        assert ack.json()["code"] == "alert-not-found"
    assert await history_rows(test_engine) == 0


@pytest.mark.parametrize("role", ["operator", "admin"])
async def test_readers_who_do_not_work_the_queue_may_not_act(
    role: str,
    town: Town,
    pinned: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    headers = dev_tokens.headers(role)
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)

    response = await client.post(
        f"/alerts/{alert['alert_id']}/assign", json={"version": 1}, headers=headers
    )

    assert response.status_code == 403
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    queue = await client.get("/queue", headers=headers)
    assert queue.status_code == 200
    # they read no participant: the alerts that name one are not theirs to see
    assert all(item["participant_id"] is None for item in queue.json()["items"])
    seen = await client.get(f"/alerts/{alert['alert_id']}", headers=headers)
    assert seen.status_code == 404
    assert await history_rows(test_engine) == 0


async def test_the_integration_leader_may_act(
    town: Town, pinned: Any, client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    alert = await alert_of(client, kari(dev_tokens), NO_PLAN, town.without_plan)
    leader = dev_tokens.headers("integration_leader", sub="leder")

    response = await client.post(
        f"/alerts/{alert['alert_id']}/acknowledge", json={"version": 1}, headers=leader
    )

    assert response.status_code == 200
    assert response.json()["assignee"] is None
