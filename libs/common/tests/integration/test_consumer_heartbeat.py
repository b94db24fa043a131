"""The consumer's heartbeat and what the api makes of it, with a real consumer, broker
and database: while the consumer runs the api is ready; once it is gone the api says
so within the stale time, and its /metrics keep showing the lag growing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from aiokafka import TopicPartition
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from helhet_common import watch
from helhet_common.app import create_app
from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import _Rebalance
from helhet_common.messaging.heartbeat import Heartbeat, HeartbeatWriter, assess, read_heartbeat
from helhet_common.testing import async_wait_until
from helhet_common.testing.services import DevTokens

from . import toy

STALE_AFTER_S = 1.5


async def heartbeat(url: str, group: str) -> Heartbeat | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await read_heartbeat(conn, group)
    finally:
        await engine.dispose()


@pytest.fixture
def group(topic: str) -> str:
    return f"g-{topic}"


@pytest.fixture
async def api(
    toy_database: str, kafka_bootstrap: str, home: Path, topic: str, group: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The api of the toy service: its read model is kept by consumer group ``group``."""
    DevTokens(home)
    settings = toy.settings(
        toy_database,
        kafka_bootstrap,
        home,
        consumer_group=group,
        consumer_stale_after_s=STALE_AFTER_S,
    )
    app: FastAPI = create_app(
        settings=settings, title="toy", description="toy", routers=[], consumer_topics=[topic]
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://toy") as http,
    ):
        yield http


def lag_on(metrics_text: str, topic: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics_text)
        for sample in family.samples
        if sample.name == "consumer_lag"
        and sample.labels.get("service") == "toy-service"
        and sample.labels.get("topic") == topic
    )


async def test_a_running_consumer_beats_with_its_positions_and_says_when_it_stopped(
    toy_database: str, kafka_bootstrap: str, home: Path, topic: str, group: str
) -> None:
    started = datetime.now(UTC)
    await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", i) for i in range(4)])

    async with toy.consuming(toy_database, kafka_bootstrap, home, group, toy.projection(topic)):
        await async_wait_until(toy.counts_are(toy_database, {"a": 4}), timeout=20)

        async def caught_up() -> Heartbeat | None:
            beat = await heartbeat(toy_database, group)
            return beat if beat is not None and sum(beat.positions.values()) == 4 else None

        running = await async_wait_until(caught_up, timeout=10, message="a beat after the batch")
    stopped = await heartbeat(toy_database, group)

    assert running.state == "running"
    assert running.lag == 0
    assert running.batch_at is not None
    assert started <= running.started_at <= running.beat_at
    assert list(running.positions) == [f"{topic}:{p}" for p in range(len(running.positions))]
    assert stopped is not None
    assert stopped.state == "stopped"
    assert stopped.beat_at >= running.beat_at
    assert stopped.process == running.process


async def test_the_api_is_ready_while_the_consumer_runs_and_not_once_it_is_gone(
    api: httpx.AsyncClient,
    toy_database: str,
    kafka_bootstrap: str,
    home: Path,
    topic: str,
    group: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(watch, "LAG_TTL_S", 0.0)
    never_ran = await api.get("/health/ready")

    async with toy.consuming(toy_database, kafka_bootstrap, home, group, toy.projection(topic)):

        async def ready() -> httpx.Response | None:
            response = await api.get("/health/ready")
            return response if response.json()["checks"].get("consumer") == "ok" else None

        alive = await async_wait_until(ready, timeout=20, message="ready with the consumer")
    # The consumer is gone (a crash stops the beats just the same, without the last one).

    async def not_ready() -> httpx.Response | None:
        response = await api.get("/health/ready")
        return response if response.status_code == 503 else None

    dead = await async_wait_until(not_ready, timeout=10, message="not ready without it")
    await toy.produce(kafka_bootstrap, topic, [toy.envelope("b", i) for i in range(3)])
    metrics = await api.get("/metrics")

    assert never_ran.status_code == 200
    assert never_ran.json()["status"] == "degraded"
    assert never_ran.json()["checks"]["consumer"].startswith("not started: ")
    assert alive.status_code == 200
    assert alive.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "consumer": "ok"},
    }
    assert dead.json()["status"] == "unavailable"
    reason = dead.json()["checks"]["consumer"]
    assert reason.startswith(f"stale: consumer {group} last beat ")
    assert "stopped" in reason
    assert lag_on(metrics.text, topic) == 3


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
async def test_the_row_is_written_over_and_read_back_on_either_database(
    dialect: str, toy_database: str, tmp_path: Path
) -> None:
    url = toy_database if dialect == "postgresql" else f"sqlite+aiosqlite:///{tmp_path}/toy.db"
    if dialect == "sqlite":
        await toy.create_schema(url)
    engine = create_engine(url)
    writer = HeartbeatWriter(
        sessions=create_session_factory(engine),
        table=toy.shared.consumer_heartbeats,
        consumer="reporting-service",
        interval_s=60,
    )
    try:
        await writer.beat(force=True)
        first = await heartbeat(url, "reporting-service")
        await writer.beat(batch=True, positions={"helhet.plans:0": 12}, lag=4, force=True)
        second = await heartbeat(url, "reporting-service")
        await writer.beat()  # not due: nothing written
        third = await heartbeat(url, "reporting-service")
    finally:
        await engine.dispose()

    assert first is not None
    assert second is not None
    assert (first.state, first.lag, dict(first.positions), first.batch_at) == (
        "running",
        None,
        {},
        None,
    )
    assert (second.lag, dict(second.positions)) == (4, {"helhet.plans:0": 12})
    assert second.beat_at >= first.beat_at
    assert second.beat_at.tzinfo is not None
    assert third == second
    # Counted from the beat itself: a clock read after it is late by however long the
    # test took to get here (a loaded machine once made 95 s read as 96).
    now = second.beat_at
    assert assess(second, consumer="reporting-service", now=now, stale_after_s=30) == ("ok", "ok")
    verdict, reason = assess(
        second, consumer="reporting-service", now=now + timedelta(seconds=95), stale_after_s=30
    )
    assert verdict == "stale"
    assert "last beat 95 s ago" in reason
    assert "4 records behind" in reason


class _Owner:
    """Enough of a consumer for the runner's rollback: it owns no partition any more."""

    def assignment(self) -> set[TopicPartition]:
        return set()


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
async def test_rebalances_rollbacks_and_refused_commits_add_up_in_the_row(
    dialect: str, toy_database: str, kafka_bootstrap: str, home: Path, tmp_path: Path
) -> None:
    url = toy_database if dialect == "postgresql" else f"sqlite+aiosqlite:///{tmp_path}/toy.db"
    if dialect == "sqlite":
        await toy.create_schema(url)
    group = "g-rebalanced"
    runner, engine = toy.runner(
        toy.settings(url, kafka_bootstrap, home), "helhet.test-none", group_id=group
    )
    tp = TopicPartition("helhet.test-none", 0)
    try:
        # A member of the group, as ``run`` makes it: its listener and heartbeat.
        writer = runner._beat = runner._heartbeat()
        listener = _Rebalance(runner, _Owner(), rewind=False)
        await writer.beat(force=True)
        before = await heartbeat(url, group)
        await listener.on_partitions_revoked(set())  # joining: nothing revoked, not counted
        await listener.on_partitions_revoked({tp})
        runner._rolled_back(_Owner(), {tp: []}, "revoked")  # type: ignore[arg-type]
        runner._refused("not_owned", {tp: []}, None)
        unflushed = await heartbeat(url, group)
        await writer.beat(batch=True, force=True)
        first = await heartbeat(url, group)
        await writer.beat(force=True)  # nothing new: the figures stay
        again = await heartbeat(url, group)
        # Another member (or a restart) adds to the row; it keeps the last rebalance time.
        other = runner._beat = runner._heartbeat()
        runner._rolled_back(_Owner(), {tp: []}, "poll_interval")  # type: ignore[arg-type]
        await other.beat(force=True)
        second = await heartbeat(url, group)
    finally:
        await engine.dispose()  # type: ignore[attr-defined]

    assert before is not None
    assert unflushed is not None
    assert first is not None
    assert again is not None
    assert second is not None
    assert (before.rebalances, before.rolled_back_batches, before.commits_refused) == (0, 0, 0)
    assert before.last_rebalance_at is None
    assert unflushed.rebalances == 0  # kept in memory until the next beat
    assert (first.rebalances, first.rolled_back_batches, first.commits_refused) == (1, 1, 1)
    assert first.last_rebalance_at is not None
    assert first.last_rebalance_at.tzinfo is not None
    assert before.beat_at <= first.last_rebalance_at <= first.beat_at
    assert (again.rebalances, again.rolled_back_batches, again.commits_refused) == (1, 1, 1)
    assert (second.rebalances, second.rolled_back_batches, second.commits_refused) == (1, 2, 1)
    assert second.last_rebalance_at == first.last_rebalance_at


async def test_a_rebuild_beats_as_rebuilding_and_the_api_calls_that_degraded(
    api: httpx.AsyncClient, toy_database: str, kafka_bootstrap: str, home: Path, topic: str
) -> None:
    group = f"g-{topic}"
    await toy.produce(kafka_bootstrap, topic, [toy.envelope("a", i) for i in range(5)])
    runner, engine = toy.runner(
        toy.settings(toy_database, kafka_bootstrap, home), topic, group_id=group
    )
    seen: list[str] = []

    async def watch_the_row() -> None:
        while True:
            beat = await heartbeat(toy_database, group)
            if beat is not None:
                seen.append(beat.state)
            await asyncio.sleep(0.05)

    watching = asyncio.create_task(watch_the_row())
    try:
        result = await runner.run_until_caught_up()
    finally:
        watching.cancel()
        await engine.dispose()  # type: ignore[attr-defined]
    after = await heartbeat(toy_database, group)

    assert result.applied == 5
    assert "rebuilding" in seen
    assert after is not None
    assert after.state == "stopped"
    assert sum(after.positions.values()) == 5

    # A rebuild in progress, as the api sees it.
    engine = create_engine(toy_database)
    try:
        await HeartbeatWriter(
            sessions=create_session_factory(engine),
            table=toy.shared.consumer_heartbeats,
            consumer=group,
            interval_s=60,
        ).beat(state="rebuilding", lag=120, force=True)
    finally:
        await engine.dispose()
    during = await api.get("/health/ready")
    assert during.status_code == 200
    assert during.json()["status"] == "degraded"
    assert during.json()["checks"]["consumer"] == (
        f"rebuilding: the read model of {group} is being rebuilt, 120 records to go"
    )
