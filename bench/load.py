"""Load test over running processes: write latency, write -> visible in reporting, saturation.

One run starts its own Tansu broker and two throw-away PostgreSQL databases, then the
processes as ``make dev`` runs them (each on free ports): plan-service's ``api`` and
``relay`` and reporting-service's ``consume``. A plain ``httpx`` client then:

1. **saturation**: ``--clients`` writers (default 16), each sending its next
   ``POST /participants`` as soon as the last one answered, for ``--saturation-seconds``:
   the writes per second they reach is the saturation point;
2. **at a rate** (``--rate``; default half the saturation point just measured): one
   ``POST /participants`` every 1/rate seconds for ``--seconds``, whatever the answers
   (an open loop), each write's latency (send to answer) and its write -> visible
   latency (send to the first moment its participant's row is in reporting's read
   model, ``participant_chain``, which reporting's pages and api read). A watcher asks
   reporting's database for the written participants every ``--watch-ms`` (5 ms).

Every figure is printed beside its target and the write latency of the same run (the
baseline: what visibility adds on top of the write itself), with the 1-minute load
average before and after.

    uv run --frozen python bench/load.py [--rate R] [--seconds S] [--clients C] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from helhet_common.broker import TansuBroker, free_port
from helhet_common.db import create_engine
from helhet_common.db.migrations import upgrade
from helhet_common.testing.databases import check_server, create_database, drop_database, redact
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.bootstrap import MIGRATIONS as REPORTING_MIGRATIONS

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
TARGET_P50_MS = 50.0
TARGET_P99_MS = 250.0
VISIBLE_TIMEOUT_S = 30.0  # a write not visible by then fails the run


class BenchError(RuntimeError):
    pass


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Latencies:
    name: str
    values_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.values_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.values_ms, 99)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "count": len(self.values_ms),
            "p50_ms": round(self.p50, 1),
            "p99_ms": round(self.p99, 1),
            "max_ms": round(max(self.values_ms), 1) if self.values_ms else None,
        }


# --------------------------------------------------------------------------- the platform


@dataclass
class Platform:
    plan_url: str
    reporting_db: str
    tokens: DevTokens
    processes: dict[str, ServiceProcess]

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()


def start_platform(bootstrap: str, plan_db: str, reporting_db: str, workdir: Path) -> Platform:
    tokens = DevTokens(workdir / "home")
    plan_port, relay_metrics, consumer_metrics = free_port(), free_port(), free_port()
    common = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "HELHET_HOME": str(tokens.home),
        "HELHET_ENVIRONMENT": "test",
        "KAFKA_CONSUMER_SESSION_TIMEOUT_MS": "2000",
        "LOG_LEVEL": "WARNING",
    }
    plan_env = {**common, "PLAN_DATABASE_URL": plan_db, "PLAN_PORT": str(plan_port)}
    reporting_env = {
        **common,
        "REPORTING_DATABASE_URL": reporting_db,
        "REPORTING_METRICS_PORT": str(consumer_metrics),
    }
    plan_url = f"http://127.0.0.1:{plan_port}"
    plan, reporting = "plan_service.entrypoints.cli", "reporting_service.entrypoints.cli"
    specs = {
        "plan-api": (plan, "api", plan_env, f"{plan_url}/health/live"),
        "plan-relay": (plan, "relay", {**plan_env, "PLAN_METRICS_PORT": str(relay_metrics)}, None),
        "reporting-consumer": (reporting, "consume", reporting_env, None),
    }
    processes = {
        name: ServiceProcess(
            module, [command], env=env, log_path=workdir / f"{name}.log", health_url=health
        )
        for name, (module, command, env, health) in specs.items()
    }
    platform = Platform(plan_url, reporting_db, tokens, processes)
    for process in processes.values():
        process.start()
    try:
        for process in processes.values():
            process.wait_healthy()
    except BaseException:
        platform.stop()
        raise
    return platform


# --------------------------------------------------------------------------- the load


def settle_body(i: int) -> dict[str, Any]:
    return {
        "municipality": "3403",
        "settlement_date": "2026-06-01",
        "birth_year": 1960 + i % 50,
        "household_type": "single" if i % 3 else "family",
        "languages": ["ti"],
    }


class Watcher:
    """Polls reporting's read model for the participants written and not yet seen."""

    def __init__(self, reporting_db: str, interval_s: float) -> None:
        self._engine = create_engine(reporting_db)
        self._interval = interval_s
        self.pending: dict[uuid.UUID, float] = {}  # participant -> time the write was sent
        self.visible_ms: list[float] = []
        self.seen_at: dict[uuid.UUID, datetime] = {}  # participant -> wall-clock time seen
        self._stop = asyncio.Event()

    def expect(self, participant: uuid.UUID, sent: float) -> None:
        self.pending[participant] = sent

    async def run(self) -> None:
        query = text(
            "SELECT participant_id FROM participant_chain WHERE participant_id = ANY(:ids)"
        )
        async with self._engine.connect() as connection:
            while not self._stop.is_set():
                if self.pending:
                    ids = list(self.pending)
                    rows = (await connection.execute(query, {"ids": ids})).scalars().all()
                    seen, seen_at = time.perf_counter(), datetime.now(UTC)
                    await connection.rollback()
                    for participant in rows:
                        sent = self.pending.pop(participant, None)
                        if sent is not None:
                            self.visible_ms.append((seen - sent) * 1000)
                            self.seen_at[participant] = seen_at
                await asyncio.sleep(self._interval)

    async def drained(self, within_s: float) -> None:
        deadline = time.monotonic() + within_s
        while self.pending:
            if time.monotonic() > deadline:
                raise BenchError(f"{len(self.pending)} writes not visible after {within_s} s")
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        self._stop.set()
        await self._engine.dispose()


async def write(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], i: int
) -> tuple[uuid.UUID, float, float]:
    """One ``POST /participants``: the participant, the time sent, the latency in ms."""
    sent = time.perf_counter()
    response = await client.post(f"{url}/participants", json=settle_body(i), headers=headers)
    latency = (time.perf_counter() - sent) * 1000
    if response.status_code != 201:
        raise BenchError(f"write answered {response.status_code}: {response.text[:300]}")
    return uuid.UUID(response.json()["id"]), sent, latency


async def saturation(
    platform: Platform, headers: dict[str, str], clients: int, seconds: float
) -> tuple[float, Latencies]:
    """Closed loop: ``clients`` writers back to back for ``seconds``."""
    latencies = Latencies("write at saturation")
    done = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def writer(n: int) -> None:
            nonlocal done
            i = n
            while time.perf_counter() < deadline:
                _, _, latency = await write(client, platform.plan_url, headers, i)
                latencies.values_ms.append(latency)
                done += 1
                i += clients

        started = time.perf_counter()
        await asyncio.gather(*(writer(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return done / elapsed, latencies


async def at_rate(
    platform: Platform, headers: dict[str, str], rate: float, seconds: float, watch_ms: float
) -> tuple[float, Latencies, Latencies, dict[uuid.UUID, datetime]]:
    """Open loop: a write every 1/rate s for ``seconds``; write and write -> visible."""
    writes = Latencies("write")
    visible = Latencies("write -> visible in reporting")
    watcher = Watcher(platform.reporting_db, watch_ms / 1000)
    watching = asyncio.create_task(watcher.run())
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=64)
    try:
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            tasks: list[asyncio.Task[None]] = []

            async def one(i: int) -> None:
                participant, sent, latency = await write(client, platform.plan_url, headers, i)
                writes.values_ms.append(latency)
                # The watcher may already have looked: register with the send time.
                watcher.expect(participant, sent)

            count = int(rate * seconds)
            started = time.perf_counter()
            for i in range(count):
                due = started + i / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(1_000_000 + i)))
            await asyncio.gather(*tasks)
            achieved = count / (time.perf_counter() - started)
        await watcher.drained(VISIBLE_TIMEOUT_S)
    finally:
        await watcher.close()
        watching.cancel()
        await asyncio.gather(watching, return_exceptions=True)
    visible.values_ms = watcher.visible_ms
    return achieved, writes, visible, watcher.seen_at


async def breakdown(
    plan_db: str, reporting_db: str, since: datetime, seen_at: dict[uuid.UUID, datetime]
) -> dict[str, Any]:
    """Where the write -> visible time goes, from the rows' own timestamps (one clock):
    the outbox row written -> marked published (the relay: its wake-up, select, send,
    the broker's acknowledgement), and marked published -> the consumer's claim of the
    event (its fetch and the batch up to the claim; the marking is after the
    acknowledgement, so this part can be negative by the mark's own time)."""
    plan, reporting = create_engine(plan_db), create_engine(reporting_db)
    try:
        async with plan.connect() as connection:
            outbox = {
                row.event_id: (row.created_at, row.published_at, row.key)
                for row in await connection.execute(
                    text(
                        "SELECT event_id, created_at, published_at, key FROM outbox "
                        "WHERE created_at >= :since"
                    ),
                    {"since": since},
                )
            }
        async with reporting.connect() as connection:
            claimed = {
                row.event_id: row.processed_at
                for row in await connection.execute(
                    text("SELECT event_id, processed_at FROM processed_events")
                )
            }
    finally:
        await plan.dispose()
        await reporting.dispose()
    relay = [(p - c).total_seconds() * 1000 for c, p, _ in outbox.values() if p is not None]
    consumer = [
        (claimed[e] - p).total_seconds() * 1000
        for e, (_, p, _) in outbox.items()
        if p is not None and e in claimed
    ]
    applied = [
        (seen_at[uuid.UUID(k)] - claimed[e]).total_seconds() * 1000
        for e, (_, _, k) in outbox.items()
        if e in claimed and k and uuid.UUID(k) in seen_at
    ]
    return {
        "relay_ms": {
            "p50": round(percentile(relay, 50), 1),
            "p99": round(percentile(relay, 99), 1),
        },
        "published_to_claimed_ms": {
            "p50": round(percentile(consumer, 50), 1),
            "p99": round(percentile(consumer, 99), 1),
        },
        "claimed_to_seen_ms": {
            "p50": round(percentile(applied, 50), 1),
            "p99": round(percentile(applied, 99), 1),
        },
    }


async def warm_up(platform: Platform, headers: dict[str, str], watch_ms: float) -> None:
    """A few writes until one is visible: the group joined, every process warm."""
    watcher = Watcher(platform.reporting_db, watch_ms / 1000)
    watching = asyncio.create_task(watcher.run())
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            for i in range(20):
                participant, sent, _ = await write(client, platform.plan_url, headers, i)
                watcher.expect(participant, sent)
            await watcher.drained(120)
    finally:
        await watcher.close()
        watching.cancel()
        await asyncio.gather(watching, return_exceptions=True)


# --------------------------------------------------------------------------- main


def render(report: dict[str, Any]) -> str:
    lines = [
        f"load: plan-service api + relay, reporting-service consumer; {report['cpus']} CPUs, "
        f"load {report['load_before']:.2f} -> {report['load_after']:.2f}; "
        f"wall {report['wall_seconds']:.0f}s",
        f"saturation: {report['saturation_rps']:.1f} writes/s with {report['clients']} "
        f"clients (write p50 {report['saturation_write']['p50_ms']:.0f} ms, "
        f"p99 {report['saturation_write']['p99_ms']:.0f} ms)",
        f"at {report['rate']:.1f} writes/s for {report['seconds']:.0f} s "
        f"(achieved {report['achieved_rps']:.1f}/s, "
        f"{report['rate'] / report['saturation_rps']:.2f} x saturation):",
        f"{'latency':<32} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  "
        "target / ratio to the write",
    ]
    write, visible = report["write"], report["visible"]
    for row in (write, visible):
        note = ""
        if row is visible:
            p50_met = "met" if row["p50_ms"] < TARGET_P50_MS else "NOT met"
            p99_met = "met" if row["p99_ms"] < TARGET_P99_MS else "NOT met"
            note = (
                f"p50 < {TARGET_P50_MS:.0f}: {p50_met}, p99 < {TARGET_P99_MS:.0f}: {p99_met}; "
                f"p50 {row['p50_ms'] / max(write['p50_ms'], 0.1):.1f} x the write's"
            )
        lines.append(
            f"{row['name']:<32} {row['count']:>6} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f}  {note}"
        )
    parts = report["breakdown"]
    lines.append(
        f"  of which: outbox row written -> published p50 {parts['relay_ms']['p50']:.0f} ms, "
        f"p99 {parts['relay_ms']['p99']:.0f}; published -> claimed by the consumer "
        f"p50 {parts['published_to_claimed_ms']['p50']:.0f} ms, "
        f"p99 {parts['published_to_claimed_ms']['p99']:.0f}; claimed -> seen by the watcher "
        f"p50 {parts['claimed_to_seen_ms']['p50']:.0f} ms, "
        f"p99 {parts['claimed_to_seen_ms']['p99']:.0f}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--rate", type=float, default=None, help="writes/s (default: half saturation)"
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="duration at the rate")
    parser.add_argument("--clients", type=int, default=16, help="writers for the saturation")
    parser.add_argument("--saturation-seconds", type=float, default=10.0)
    parser.add_argument("--watch-ms", type=float, default=5.0, help="the watcher's poll interval")
    parser.add_argument("--database-url", default=DEFAULT_ADMIN_URL, help="admin URL of PostgreSQL")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    admin = args.database_url
    try:
        check_server(admin)
    except Exception as exc:
        print(f"PostgreSQL not reachable at {redact(admin)}: {exc!r}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    wall = time.perf_counter()
    broker = TansuBroker()
    urls: list[str] = []
    platform: Platform | None = None
    with tempfile.TemporaryDirectory(prefix="helhet-load-") as tmp:
        try:
            broker.start()
            plan_db = create_database(admin, "bench")
            urls.append(plan_db)
            reporting_db = create_database(admin, "bench")
            urls.append(reporting_db)
            upgrade(PLAN_MIGRATIONS, plan_db)
            upgrade(REPORTING_MIGRATIONS, reporting_db)
            print("... starting the processes", file=sys.stderr, flush=True)
            platform = start_platform(broker.bootstrap_servers, plan_db, reporting_db, Path(tmp))
            headers = platform.tokens.headers("caseworker", municipality="3403")

            async def run() -> dict[str, Any]:
                await warm_up(platform, headers, args.watch_ms)
                print("... saturation", file=sys.stderr, flush=True)
                rps, sat = await saturation(
                    platform, headers, args.clients, args.saturation_seconds
                )
                await asyncio.sleep(2)  # let the relay and the consumer catch up
                rate = args.rate or rps / 2
                print(f"... {rate:.1f} writes/s", file=sys.stderr, flush=True)
                since = datetime.now(UTC)
                achieved, writes, visible, seen_at = await at_rate(
                    platform, headers, rate, args.seconds, args.watch_ms
                )
                parts = await breakdown(plan_db, reporting_db, since, seen_at)
                return {
                    "clients": args.clients,
                    "saturation_rps": rps,
                    "saturation_write": sat.as_dict(),
                    "rate": rate,
                    "seconds": args.seconds,
                    "achieved_rps": achieved,
                    "write": writes.as_dict(),
                    "visible": visible.as_dict(),
                    "breakdown": parts,
                }

            report = asyncio.run(run())
        except BenchError as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            for name, process in platform.processes.items() if platform else ():
                print(f"--- {name}\n{process.log_tail(15)}", file=sys.stderr)
            return 1
        finally:
            if platform is not None:
                platform.stop()
            broker.stop()
            for url in urls:
                drop_database(admin, url)
    report.update(
        cpus=os.cpu_count(),
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
        wall_seconds=round(time.perf_counter() - wall, 1),
        targets_ms={"p50": TARGET_P50_MS, "p99": TARGET_P99_MS},
    )
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
