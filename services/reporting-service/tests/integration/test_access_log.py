"""Every read of participants' personal data in reporting-service is in the access log,
once, and a reader sees only the participants they have a basis for
(``helhet_common.access``; docs/identity.md, "Reads of personal data").

Hamar (3403): ``alone`` (no plan: three alerts name them) and ``placed`` (a placement
ended without a next step: one alert). NAV has a sharing basis for ``placed`` (purpose
``follow_up``) and, in the scenario's other basis, one for ``alone`` for a purpose that
covers no data here (``work_training``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.changes import settle_the_outbox
from helhet_common.testing.services import DevTokens
from reporting_service.adapters import tables

ClockRunner = Callable[[date], ConsumerRunner]
ToRecords = Callable[..., list[Any]]

HAMAR = "3403"
TODAY = date(2026, 9, 2)
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROBLEM_JSON = "application/problem+json"


class Town:
    def __init__(self) -> None:
        self.alone = uuid4()
        self.placed = uuid4()
        self.placement = uuid4()


@pytest.fixture
async def town(clock_runner: ClockRunner, to_records: ToRecords, events: Any) -> Town:
    s = Town()
    start, end = date(2026, 2, 1), date(2028, 1, 31)
    batch = [
        events.settled(s.alone, date(2026, 1, 5), household="single"),
        events.programme_started(s.alone, start, end),
        events.settled(s.placed, date(2026, 1, 5), household="family"),
        events.programme_started(s.placed, start, end),
        events.mapping_recorded(s.placed, date(2026, 2, 10)),
        events.plan_updated(s.placed),
        events.placement_started(s.placed, s.placement, date(2026, 4, 1), kind="nav_work_training"),
        events.placement_ended(s.placed, s.placement, date(2026, 9, 1)),
        events.sharing_basis(s.placed, agency="nav", purpose="follow_up", valid_from=start),
        events.sharing_basis(s.alone, agency="nav", purpose="work_training", valid_from=start),
    ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert result.applied == len(batch), result
    return s


def leader(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("integration_leader", sub="leader-1")


def nav(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("caseworker", agency="nav", sub="nav-1")


async def reads(engine: AsyncEngine) -> dict[UUID, list[dict[str, Any]]]:
    """The access log's rows, by read."""
    async with engine.connect() as conn:
        rows = (
            await conn.execute(select(tables.access_log).order_by(tables.access_log.c.id))
        ).all()
    out: dict[UUID, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.read_id, []).append(dict(r._mapping))
    return out


async def published(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        payloads = (await conn.execute(select(tables.shared.outbox.c.payload))).scalars().all()
    return [json.loads(p) for p in payloads]


async def one_read(engine: AsyncEngine) -> list[dict[str, Any]]:
    """The one read the log holds (else the test fails), with its one event."""
    by_read = await reads(engine)
    assert len(by_read) == 1, by_read
    [(read_id, rows)] = by_read.items()
    [event] = await published(engine)
    assert event["type"] == "helhet.access.recorded.v1"
    assert event["data"]["read_id"] == str(read_id)
    assert sorted(p["participant_id"] for p in event["data"]["participants"]) == sorted(
        str(r["participant_id"]) for r in rows
    )
    return rows


async def first_alert_of(
    client: httpx.AsyncClient, dev_tokens: DevTokens, participant: UUID
) -> str:
    page = (await client.get("/alerts", headers=leader(dev_tokens))).json()
    return next(a["alert_id"] for a in page["items"] if a["participant_id"] == str(participant))


# -- exactly one record per read, per route -----------------------------------------------

# (path, as a page?, the participants read: "alone", "placed" or both, categories)
ROUTES = [
    ("/participants", False, {"alone", "placed"}, ["chain"]),
    ("/participants/{placed}/chain", False, {"placed"}, ["chain", "alerts"]),
    ("/alerts", False, {"alone", "placed"}, ["alerts"]),
    ("/queue", False, {"alone", "placed"}, ["alerts"]),
    ("/alerts/{alert}", False, {"placed"}, ["alerts"]),
    ("/alerts/{alert}/history", False, {"placed"}, ["alerts"]),
    ("/changes", False, {"alone", "placed"}, ["alerts"]),
    ("/participants", True, {"alone", "placed"}, ["chain"]),
    ("/participants/{placed}", True, {"placed"}, ["chain", "alerts"]),
    ("/alerts", True, {"alone", "placed"}, ["alerts"]),
    ("/queue", True, {"alone", "placed"}, ["alerts"]),
    ("/alerts/{alert}", True, {"placed"}, ["alerts"]),
]


@pytest.mark.parametrize(
    ("path", "as_page", "read", "categories"),
    ROUTES,
    ids=[f"{'page' if r[1] else 'json'}:{r[0]}" for r in ROUTES],
)
async def test_every_read_of_participants_is_one_record(
    path: str,
    as_page: bool,
    read: set[str],
    categories: list[str],
    town: Town,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    alert = await first_alert_of(client, dev_tokens, town.placed)
    await settle_the_outbox(test_engine, tables.alert_changes)
    async with test_engine.begin() as conn:  # the lookup above was a read too
        await conn.execute(tables.access_log.delete())
        await conn.execute(tables.shared.outbox.delete())
    url = path.format(placed=town.placed, alert=alert)
    if as_page:
        client.cookies.set("helhet_token", dev_tokens.mint("integration_leader", sub="leader-1"))
        response = await client.get(url, headers=HTML)
    else:
        response = await client.get(url, headers=leader(dev_tokens))

    assert response.status_code == 200, response.text
    rows = await one_read(test_engine)
    ids = {"alone": town.alone, "placed": town.placed}
    assert {r["participant_id"] for r in rows} == {ids[name] for name in read}
    assert len(rows) == len(read)  # each participant once, however often the read shows them
    for r in rows:
        assert (r["sub"], r["agency"], r["role"]) == (
            "leader-1",
            "refugee-service",
            "integration_leader",
        )
        assert (r["purpose"], r["legal_basis"], r["municipality"]) == (
            "coordination",
            "integreringsloven",
            HAMAR,
        )
        assert r["categories"] == categories
        assert r["operation"].startswith("GET /")


async def test_a_read_that_finds_nothing_and_the_aggregates_are_not_logged(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    missing = await client.get(f"/participants/{uuid4()}/chain", headers=leader(dev_tokens))
    overview = await client.get("/overview", headers=leader(dev_tokens))
    kpis = await client.get("/kpis", headers=leader(dev_tokens))

    assert missing.status_code == 404
    assert (overview.status_code, kpis.status_code) == (200, 200)
    assert await reads(test_engine) == {}
    assert await published(test_engine) == []


# -- agency scoping and the sharing basis ----------------------------------------------------


async def test_an_agency_sees_only_the_participants_it_has_a_basis_for(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    chains = (await client.get("/participants", headers=nav(dev_tokens))).json()
    alerts = (await client.get("/alerts", headers=nav(dev_tokens))).json()
    queue = (await client.get("/queue", headers=nav(dev_tokens))).json()

    assert [c["participant_id"] for c in chains["items"]] == [str(town.placed)]
    assert chains["total"] == 1
    named = {a["participant_id"] for a in alerts["items"]}
    assert named == {str(town.placed), None}  # and the alerts that name no one
    assert {a["participant_id"] for a in queue["items"]} <= {str(town.placed), None}
    by_read = await reads(test_engine)
    assert len(by_read) == 3
    for rows in by_read.values():
        [row] = rows
        assert (row["participant_id"], row["agency"], row["role"]) == (
            town.placed,
            "nav",
            "caseworker",
        )
        assert (row["purpose"], row["basis_id"] is not None) == ("case_work", True)


async def test_an_agency_without_a_basis_gets_the_404_of_a_participant_that_does_not_exist(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    learning_centre = dev_tokens.headers("caseworker", agency="learning-centre")

    no_basis = await client.get(f"/participants/{town.placed}/chain", headers=learning_centre)
    unknown = await client.get(f"/participants/{uuid4()}/chain", headers=learning_centre)

    assert no_basis.status_code == unknown.status_code == 404
    assert no_basis.headers["content-type"] == PROBLEM_JSON
    assert no_basis.json()["code"] == unknown.json()["code"] == "participant-not-found"
    assert no_basis.json()["detail"] == unknown.json()["detail"]
    assert await reads(test_engine) == {}


async def test_a_basis_that_does_not_cover_the_purpose_is_a_403(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    # NAV's basis for ``alone`` is for work training: no data reporting holds
    not_covered = await client.get(f"/participants/{town.alone}/chain", headers=nav(dev_tokens))
    # ... and its follow-up basis for ``placed`` is not one for mapping
    named = await client.get(
        f"/participants/{town.placed}/chain",
        headers={**nav(dev_tokens), "X-Purpose": "mapping"},
    )
    alert = await first_alert_of(client, dev_tokens, town.alone)
    one_alert = await client.get(f"/alerts/{alert}", headers=nav(dev_tokens))

    for response in (not_covered, named, one_alert):
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "no-basis-for-purpose"
    assert all(r[0]["sub"] == "leader-1" for r in (await reads(test_engine)).values())


async def test_the_pages_refuse_what_the_api_refuses(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint("caseworker", agency="nav"))

    shown = await client.get(f"/participants/{town.placed}", headers=HTML)
    not_covered = await client.get(f"/participants/{town.alone}", headers=HTML)
    listed = await client.get("/participants", headers=HTML)

    assert shown.status_code == 200
    assert not_covered.status_code == 403
    assert not_covered.headers["content-type"].startswith("text/html")
    assert listed.status_code == 200
    assert str(town.placed) in listed.text
    assert str(town.alone) not in listed.text
    assert len(await reads(test_engine)) == 2


# -- the actions on an alert: only on one the caller may read, and each a read of it ------


async def test_an_agency_acts_only_on_the_alerts_it_may_read_and_each_action_is_a_read(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    placed_alert = await first_alert_of(client, dev_tokens, town.placed)
    alone_alert = await first_alert_of(client, dev_tokens, town.alone)
    await settle_the_outbox(test_engine, tables.alert_changes)
    async with test_engine.begin() as conn:  # the lookups above were reads too
        await conn.execute(tables.access_log.delete())
        await conn.execute(tables.shared.outbox.delete())
    learning_centre = dev_tokens.headers("caseworker", agency="learning-centre", sub="lc-1")
    comment = {"version": 1, "comment": "Ringer deltakeren i morgen."}

    # no basis for ``placed``: the 404 of an alert that does not exist, nothing changed
    no_basis = await client.post(
        f"/alerts/{placed_alert}/acknowledge", json={"version": 1}, headers=learning_centre
    )
    unknown = await client.post(
        f"/alerts/{uuid4()}/acknowledge", json={"version": 1}, headers=learning_centre
    )
    # NAV's basis for ``alone`` covers no data reporting holds: 403, nothing changed
    not_covered = await client.post(
        f"/alerts/{alone_alert}/comments", json=comment, headers=nav(dev_tokens)
    )
    # the form of the pages refuses the same
    client.cookies.set("helhet_token", dev_tokens.mint("caseworker", agency="learning-centre"))
    queue_page = (await client.get("/queue", headers=HTML)).text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', queue_page)
    assert token is not None, "no form token on the page"
    form = await client.post(
        f"/alerts/{placed_alert}/actions",
        data={"csrf_token": token.group(1), "action": "acknowledge", "version": "1"},
    )
    client.cookies.clear()

    assert no_basis.status_code == unknown.status_code == 404, no_basis.text
    assert no_basis.json()["code"] == unknown.json()["code"]
    assert not_covered.status_code == 403, not_covered.text
    assert not_covered.json()["code"] == "no-basis-for-purpose"
    assert form.status_code == 303, form.text
    assert "error=alert-not-found" in form.headers["location"]
    history = (
        await client.get(f"/alerts/{placed_alert}/history", headers=leader(dev_tokens))
    ).json()
    assert [e["action"] for e in history["items"]] == ["opened"]
    async with test_engine.begin() as conn:
        await conn.execute(tables.access_log.delete())
        await conn.execute(tables.shared.outbox.delete())

    # with its basis NAV acts on ``placed``'s alert, and the answer is one read of them
    done = await client.post(
        f"/alerts/{placed_alert}/comments", json=comment, headers=nav(dev_tokens)
    )

    assert done.status_code == 200, done.text
    assert done.json()["participant_id"] == str(town.placed)
    rows = await one_read(test_engine)
    assert [(r["participant_id"], r["sub"], r["agency"]) for r in rows] == [
        (town.placed, "nav-1", "nav")
    ]


@pytest.mark.parametrize("role", ["operator", "admin"])
async def test_operators_and_admins_see_no_participant(
    role: str,
    town: Town,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    headers = dev_tokens.headers(role)
    alert = await first_alert_of(client, dev_tokens, town.placed)
    async with test_engine.begin() as conn:
        await conn.execute(tables.access_log.delete())

    chains = await client.get("/participants", headers=headers)
    chain = await client.get(f"/participants/{town.placed}/chain", headers=headers)
    alerts = await client.get("/alerts", headers=headers)
    one = await client.get(f"/alerts/{alert}", headers=headers)
    overview = await client.get("/overview", headers=headers)

    assert (chains.status_code, chain.status_code) == (403, 403)
    assert alerts.status_code == 200
    assert alerts.json()["items"]  # the alerts about the organisation
    assert {a["participant_id"] for a in alerts.json()["items"]} == {None}
    assert one.status_code == 404
    assert overview.json()["total"] == 2  # the aggregates are theirs
    assert await reads(test_engine) == {}


# -- inter-municipal cooperation: Lillehammer serves Øyer and Gausdal (report 004) ---------

LILLEHAMMER, OYER = "3405", "3440"


async def test_a_host_municipality_serves_its_partners_with_both_in_the_log(
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    in_oyer = uuid4()
    events.municipality = OYER
    batch = [
        events.settled(in_oyer, date(2026, 1, 5)),
        events.programme_started(in_oyer, date(2026, 2, 1), date(2028, 1, 31)),
    ]
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == 2
    lillehammer = dev_tokens.headers("caseworker", municipality=LILLEHAMMER, sub="lh-1")
    hamar = dev_tokens.headers("caseworker", municipality=HAMAR)
    url = f"/participants/{in_oyer}/chain"

    own = await client.get(url, headers=lillehammer)
    served = await client.get(url, headers={**lillehammer, "Helhet-Municipality": OYER})
    stranger = await client.get(url, headers={**hamar, "Helhet-Municipality": OYER})

    assert own.status_code == 404  # acting for Lillehammer: not theirs
    assert served.status_code == 200, served.text
    assert served.json()["municipality"] == OYER
    assert stranger.status_code == 403
    [[row]] = (await reads(test_engine)).values()
    assert (row["participant_id"], row["sub"]) == (in_oyer, "lh-1")
    assert (row["municipality"], row["acting_municipality"]) == (OYER, LILLEHAMMER)
    [event] = await published(test_engine)
    assert (event["municipality"], event["data"]["acting_municipality"]) == (OYER, LILLEHAMMER)


async def test_a_read_for_the_callers_own_municipality_has_no_acting_municipality(
    town: Town, client: httpx.AsyncClient, dev_tokens: DevTokens, test_engine: AsyncEngine
) -> None:
    response = await client.get(f"/participants/{town.placed}/chain", headers=leader(dev_tokens))

    assert response.status_code == 200
    [[row]] = (await reads(test_engine)).values()
    assert row["acting_municipality"] is None
    [event] = await published(test_engine)
    assert event["data"]["acting_municipality"] is None
