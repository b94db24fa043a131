"""Moments (date-times) are stored and given back as aware UTC on both databases.

The fault this guards against: SQLite gives back a ``DateTime`` column without its time
zone, so the second ``plan.updated`` of a participant compared the stored (naive) first
plan moment with the event's (aware) one, raised ``TypeError`` and went to the dead-letter
topic, and a replay failed the same way; the JSON API answered ``opened_at``,
``updated_at`` and ``plan_updated_at`` without an offset, against its own ``date-time``
schema. Every test here runs on PostgreSQL and on SQLite (``database_backend``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import httpx
from aiokafka.structs import ConsumerRecord
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.adapters.tables import alerts, participant_chain

Record = ConsumerRecord[bytes, bytes]
ToRecords = Callable[..., list[Record]]
Sessions = async_sessionmaker[AsyncSession]

HAMAR = "3403"
FIRST_SAVED = date(2026, 9, 20)
OSLO_SUMMER = timezone(timedelta(hours=2))
# RFC 3339 with the UTC offset, as JSON Schema's ``date-time`` wants it (pydantic: "Z").
UTC_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)")


def assert_utc(value: Any) -> None:
    """A JSON moment with the UTC offset, or a database moment that is aware UTC."""
    if isinstance(value, str):
        assert UTC_DATE_TIME.fullmatch(value), f"{value!r} is not an RFC 3339 UTC date-time"
    else:
        assert isinstance(value, datetime), value
        assert value.tzinfo is UTC, f"{value!r} is not aware UTC"


async def chain_row(sessions: Sessions, participant_id: Any) -> dict[str, Any]:
    async with sessions() as session:
        row = (
            await session.execute(
                select(participant_chain).where(
                    participant_chain.c.participant_id == participant_id
                )
            )
        ).one()
    return dict(row._mapping)


async def test_every_plan_update_after_the_first_reaches_the_chain(
    runner: ConsumerRunner, to_records: ToRecords, events: Any, session_factory: Sessions
) -> None:
    """The fault probe on ``make dev``: settle, save the plan (version 1), save it again
    (version 2), each arriving in its own batch."""
    participant = uuid4()
    first = await runner.apply_batch(
        to_records(
            events.settled(participant, date(2026, 8, 1)),
            events.plan_updated(participant, 1, saved_on=FIRST_SAVED),
        )
    )
    second = await runner.apply_batch(to_records(events.plan_updated(participant, 2)))
    third = await runner.apply_batch(to_records(events.plan_updated(participant, 3)))

    assert (first.applied, first.dead_lettered) == (2, [])
    assert (second.applied, second.dead_lettered) == (1, [])
    assert (third.applied, third.dead_lettered) == (1, [])
    row = await chain_row(session_factory, participant)
    assert row["plan_version"] == 3
    assert row["plan_first_at"] == datetime(2026, 9, 20, 12, tzinfo=UTC)
    for column in ("plan_first_at", "plan_updated_at", "updated_at"):
        assert_utc(row[column])


async def test_a_moment_with_another_offset_is_stored_as_the_same_instant_in_utc(
    runner: ConsumerRunner, to_records: ToRecords, events: Any, session_factory: Sessions
) -> None:
    participant = uuid4()
    update = events.plan_updated(participant, 1)
    update.time = datetime(2026, 10, 5, 16, 30, tzinfo=OSLO_SUMMER)

    await runner.apply_batch(to_records(events.settled(participant, date(2026, 8, 1)), update))

    row = await chain_row(session_factory, participant)
    assert_utc(row["plan_updated_at"])
    assert row["plan_updated_at"] == datetime(2026, 10, 5, 14, 30, tzinfo=UTC)
    assert row["plan_updated_at"].hour == 14  # not 16:30 with the offset dropped


async def test_the_json_api_gives_every_moment_with_its_utc_offset(
    clock_runner: Callable[[date], ConsumerRunner],
    to_records: ToRecords,
    events: Any,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    session_factory: Sessions,
) -> None:
    participant = uuid4()
    batch = [
        events.settled(participant, date(2026, 1, 5)),
        events.programme_started(participant, date(2026, 2, 1), date(2028, 1, 31)),
        events.plan_updated(participant, 1),
    ]
    assert (await clock_runner(date(2026, 9, 2)).apply_batch(to_records(*batch))).applied == 3
    second = await clock_runner(date(2026, 9, 2)).apply_batch(
        to_records(events.plan_updated(participant, 2))
    )
    assert second.dead_lettered == []
    leader = dev_tokens.headers("integration_leader", municipality=HAMAR)

    listed = await client.get("/participants", headers=leader)
    chain = await client.get(f"/participants/{participant}/chain", headers=leader)
    opened = await client.get("/alerts", params={"limit": 200}, headers=leader)

    assert listed.status_code == chain.status_code == opened.status_code == 200
    [item] = listed.json()["items"]
    assert chain.json()["plan_version"] == item["plan_version"] == 2
    for moment in (item["updated_at"], item["plan_updated_at"]):
        assert_utc(moment)
    assert_utc(chain.json()["updated_at"])
    assert_utc(chain.json()["plan_updated_at"])
    assert opened.json()["items"], "the scenario opens alerts"
    for alert in [*opened.json()["items"], *chain.json()["open_alerts"]]:
        assert_utc(alert["opened_at"])
    async with session_factory() as session:
        stored = (await session.execute(select(alerts.c.opened_at))).scalars().all()
    for moment in stored:
        assert_utc(moment)
