"""The write API against a bare FastAPI + asyncpg endpoint doing the same inserts.

One run creates a throw-away PostgreSQL database migrated for plan-service and starts,
each as its own process on a free port (uvicorn, one worker, as ``make dev`` runs the
apis), all three on that database:

1. **bare endpoint** (``bare_write_app.py``): FastAPI + asyncpg, a pydantic body, one
   transaction inserting the participant row and the outbox row and notifying the
   relay's channel; nothing else;
2. **plan-service api**: ``POST /participants`` as it is (authentication, the unit of
   work, the outbox, idempotency, access logging, telemetry, problem responses);
3. **plan-service api without the outbox** (``plan_api_without_outbox.py``: the same
   app with ``OutboxWriter.add`` a no-op).

Each is then loaded in turn by ``--clients`` writers (default 16; an ``httpx`` client
in this process, each writer sending its next request when the last one answered) for
``--seconds``, after a short warm-up, and the three rounds are repeated ``--rounds``
times (default 2) in turn so that a change in the machine's load hits each alike; the
best round of each is printed. Ratios: the api to the bare endpoint (target >= 0.5),
and the api to itself without the outbox (target >= 0.9). The header has the 1-minute
load average before and after.

    uv run --frozen python bench/write_api.py [--clients C] [--seconds S] [--rounds R] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from helhet_common.broker import TansuBroker, free_port
from helhet_common.db.migrations import upgrade
from helhet_common.testing.databases import check_server, create_database, drop_database, redact
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
BENCH = Path(__file__).resolve().parent
WARM_UP_S = 2.0


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Round:
    name: str
    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "requests_per_second": round(self.rps, 1),
            "p50_ms": round(percentile(self.latencies_ms, 50), 1),
            "p99_ms": round(percentile(self.latencies_ms, 99), 1),
        }


def body(i: int) -> dict[str, Any]:
    return {
        "municipality": "3403",
        "settlement_date": "2026-06-01",
        "birth_year": 1960 + i % 50,
        "household_type": "single" if i % 3 else "family",
        "languages": ["ti"],
    }


async def load(name: str, url: str, headers: dict[str, str], clients: int, seconds: float) -> Round:
    """``clients`` writers back to back; the first WARM_UP_S seconds are not counted."""
    result = Round(name)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        start = time.perf_counter()
        counted_from = start + WARM_UP_S
        until = counted_from + seconds

        async def writer(n: int) -> None:
            i = n
            while (now := time.perf_counter()) < until:
                response = await client.post(f"{url}/participants", json=body(i), headers=headers)
                if response.status_code != 201:
                    raise RuntimeError(f"{name}: {response.status_code} {response.text[:300]}")
                if now >= counted_from:
                    result.latencies_ms.append((time.perf_counter() - now) * 1000)
                    result.requests += 1
                i += clients

        await asyncio.gather(*(writer(n) for n in range(clients)))
        result.seconds = time.perf_counter() - counted_from
    return result


def start(workdir: Path, plan_db: str, bootstrap: str, tokens: DevTokens) -> dict[str, str]:
    """The three servers; their base URLs by name (processes kept in ``PROCESSES``)."""
    ports = {name: free_port() for name in ("bare", "api", "api-no-outbox")}
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "HELHET_HOME": str(tokens.home),
        "HELHET_ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
        "PLAN_DATABASE_URL": plan_db,
    }
    bare_url = plan_db.replace("postgresql+asyncpg://", "postgresql://")
    specs = {
        "bare": (
            "uvicorn",
            ["bare_write_app:app", "--port", str(ports["bare"]), "--log-level", "warning"],
            {"BARE_DATABASE_URL": bare_url},
        ),
        "api": ("plan_service.entrypoints.cli", ["api"], {"PLAN_PORT": str(ports["api"])}),
        "api-no-outbox": (
            "plan_api_without_outbox",
            ["api"],
            {"PLAN_PORT": str(ports["api-no-outbox"])},
        ),
    }
    urls = {}
    for name, (module, command, extra) in specs.items():
        url = f"http://127.0.0.1:{ports[name]}"
        PROCESSES[name] = ServiceProcess(
            module,
            command,
            env={**env, **extra},
            log_path=workdir / f"{name}.log",
            health_url=f"{url}/health/live",
            cwd=BENCH,
        ).start()
        urls[name] = url
    for process in PROCESSES.values():
        process.wait_healthy()
    return urls


PROCESSES: dict[str, ServiceProcess] = {}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0, help="counted seconds per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", default=DEFAULT_ADMIN_URL, help="admin URL of PostgreSQL")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    admin = args.database_url
    try:
        version = check_server(admin)
    except Exception as exc:
        print(f"PostgreSQL not reachable at {redact(admin)}: {exc!r}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    wall = time.perf_counter()
    broker = TansuBroker()  # the apis check the broker for their readiness, not per write
    plan_db = ""
    best: dict[str, Round] = {}
    with tempfile.TemporaryDirectory(prefix="helhet-write-api-") as tmp:
        try:
            broker.start()
            plan_db = create_database(admin, "bench")
            upgrade(PLAN_MIGRATIONS, plan_db)
            tokens = DevTokens(Path(tmp) / "home")
            print("... starting the three servers", file=sys.stderr, flush=True)
            urls = start(Path(tmp), plan_db, broker.bootstrap_servers, tokens)
            headers = tokens.headers("caseworker", municipality="3403")

            async def run() -> None:
                for n in range(args.rounds):
                    for name, url in urls.items():
                        print(f"... round {n + 1}: {name}", file=sys.stderr, flush=True)
                        result = await load(name, url, headers, args.clients, args.seconds)
                        if name not in best or result.rps > best[name].rps:
                            best[name] = result

            asyncio.run(run())
        except Exception:
            for name, process in PROCESSES.items():
                print(f"--- {name}\n{process.log_tail(15)}", file=sys.stderr)
            raise
        finally:
            for process in PROCESSES.values():
                process.stop()
            broker.stop()
            if plan_db:
                drop_database(admin, plan_db)
    load_after = os.getloadavg()[0]
    bare, api, plain = best["bare"], best["api"], best["api-no-outbox"]
    ratios = {"api / bare": api.rps / bare.rps, "api / api without outbox": api.rps / plain.rps}
    if args.json:
        print(
            json.dumps(
                {
                    "postgresql": version,
                    "clients": args.clients,
                    "cpus": os.cpu_count(),
                    "load_average_1m": {"before": load_before, "after": load_after},
                    "wall_seconds": round(time.perf_counter() - wall, 1),
                    "figures": [r.as_dict() for r in (bare, api, plain)],
                    "ratios": {k: round(v, 3) for k, v in ratios.items()},
                },
                indent=2,
            )
        )
        return 0
    print(
        f"write api: POST /participants, {args.clients} clients, best of {args.rounds} rounds "
        f"of {args.seconds:.0f} s; PostgreSQL {version}; {os.cpu_count()} CPUs, "
        f"load {load_before:.2f} -> {load_after:.2f}; wall {time.perf_counter() - wall:.0f}s"
    )
    print(f"{'server':<32} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  ratio")
    notes = {
        "api": f"{ratios['api / bare']:.2f} x bare (target 0.5)",
        "api-no-outbox": f"api is {ratios['api / api without outbox']:.2f} x this (target 0.9)",
    }
    for r in (bare, api, plain):
        d = r.as_dict()
        print(
            f"{r.name:<32} {d['requests']:>8} {d['requests_per_second']:>8.1f} "
            f"{d['p50_ms']:>8.1f} {d['p99_ms']:>8.1f}  {notes.get(r.name, '')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
