"""A participant plan-service erased (``helhet.participant.erased.v1``) is gone from
reporting's read model: chain, sharing bases, alerts with their history and comments,
their changes on ``GET /changes``; idempotent; and neither a later event nor a rebuild
brings them back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.adapters import tables
from reporting_service.entrypoints import deps

ClockRunner = Callable[[date], ConsumerRunner]
ToRecords = Callable[..., list[Any]]

TODAY = date(2026, 9, 2)
START, END = date(2026, 2, 1), date(2028, 1, 31)
NAMING_TABLES = [
    tables.participant_chain,
    tables.sharing_bases,
    tables.alerts,
]


def life(events: Any, p: UUID) -> list[Any]:
    """Settled, started, no plan: alerts open for them; NAV has a basis."""
    return [
        events.settled(p, date(2026, 1, 5), household="single"),
        events.programme_started(p, START, END),
        events.sharing_basis(p, agency="nav", purpose="follow_up", valid_from=START),
    ]


async def held(engine: AsyncEngine, p: UUID) -> dict[str, int]:
    """How many rows of each table name ``p`` (alert history and changes through the
    participant's alerts)."""
    async with engine.connect() as conn:
        counts = {
            t.name: int(
                await conn.scalar(
                    select(func.count()).select_from(t).where(t.c.participant_id == p)
                )
                or 0
            )
            for t in NAMING_TABLES
        }
        for t in (tables.alert_history, tables.alert_changes):
            counts[t.name] = int(
                await conn.scalar(
                    select(func.count())
                    .select_from(t.join(tables.alerts, t.c.alert_id == tables.alerts.c.alert_id))
                    .where(tables.alerts.c.participant_id == p)
                )
                or 0
            )
        orphans = await conn.scalar(
            select(func.count())
            .select_from(tables.alert_changes)
            .where(tables.alert_changes.c.alert_id.not_in(select(tables.alerts.c.alert_id)))
        )
        counts["orphan_changes"] = int(orphans or 0)
    return counts


NOTHING = {
    "participant_chain": 0,
    "sharing_bases": 0,
    "alerts": 0,
    "alert_history": 0,
    "alert_changes": 0,
    "orphan_changes": 0,
}


@pytest.fixture
def pinned(app: Any) -> Any:
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


async def test_an_erased_participant_is_gone_from_the_read_model_and_the_api(
    pinned: Any,
    clock_runner: ClockRunner,
    to_records: ToRecords,
    events: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    erased, kept = uuid4(), uuid4()
    runner = clock_runner(TODAY)
    await runner.apply_batch(to_records(*life(events, erased), *life(events, kept)))
    leader = dev_tokens.headers("integration_leader")
    alerts = (await client.get("/alerts", params={"limit": 200}, headers=leader)).json()
    alert = next(a for a in alerts["items"] if a["participant_id"] == str(erased))
    commented = await client.post(
        f"/alerts/{alert['alert_id']}/comments",
        json={"version": alert["version"], "comment": "Ringt, ingen svar."},
        headers=dev_tokens.headers("caseworker", name="Kari Nordmann"),
    )
    assert commented.status_code == 200, commented.text
    before = await held(test_engine, erased)
    assert before["participant_chain"] == before["sharing_bases"] == 1
    assert before["alerts"] >= 1
    assert before["alert_history"] == 1

    result = await runner.apply_batch(to_records(events.erased(erased, TODAY)))

    assert result.applied == 1
    assert await held(test_engine, erased) == NOTHING
    assert (await held(test_engine, kept))["participant_chain"] == 1
    chain = await client.get(f"/participants/{erased}/chain", headers=leader)
    assert chain.status_code == 404
    listed = (await client.get("/participants", headers=leader)).json()
    assert [c["participant_id"] for c in listed["items"]] == [str(kept)]
    found = await client.get(f"/alerts/{alert['alert_id']}", headers=leader)
    assert found.status_code == 404


async def test_an_erasure_twice_and_events_after_it_bring_nothing_back(
    clock_runner: ClockRunner, to_records: ToRecords, events: Any, test_engine: AsyncEngine
) -> None:
    p = uuid4()
    runner = clock_runner(TODAY)
    await runner.apply_batch(to_records(*life(events, p), events.erased(p, TODAY)))
    assert await held(test_engine, p) == NOTHING

    late = [
        events.erased(p, TODAY, reason="request"),
        events.mapping_recorded(p, date(2026, 8, 1)),
        events.sharing_basis(p, agency="nav", purpose="plan", valid_from=START),
    ]
    result = await runner.apply_batch(to_records(*late))

    assert result.applied == len(late)
    assert await held(test_engine, p) == NOTHING
    async with test_engine.connect() as conn:
        [row] = (await conn.execute(select(tables.erased_participants))).all()
    assert (row.participant_id, row.erased_on, row.reason) == (p, TODAY, "retention_expired")


async def test_a_rebuild_does_not_bring_an_erased_participant_back(
    runner: ConsumerRunner, to_records: ToRecords, events: Any, test_engine: AsyncEngine
) -> None:
    erased, kept = uuid4(), uuid4()
    stream = [*life(events, erased), *life(events, kept), events.erased(erased, TODAY)]
    # a placement event for them that a replay reads after the erasure (another topic)
    late = events.placement_started(erased, uuid4(), date(2026, 4, 1))
    records = to_records(*stream, late)
    await runner.apply_batch(records)
    assert await held(test_engine, erased) == NOTHING

    result = await runner.rebuild_from(records)

    assert result.applied == len(records)
    assert await held(test_engine, erased) == NOTHING
    assert (await held(test_engine, kept))["participant_chain"] == 1
    # ... and when the erasure is no longer on the topic, the kept erasure still holds
    result = await runner.rebuild_from(to_records(*life(events, erased), late))
    assert await held(test_engine, erased) == NOTHING
