"""Throughput of the Visma Flyktning adapter against plan-service's bare write rate.

One run creates a throw-away PostgreSQL database, migrates plan-service into it, serves
its app in-process (the adapter's HTTP calls go through the ASGI transport, so the
figures are plan-service's and the adapter's, not a network's), and measures:

1. baseline     plan-service's bare write rate: ``POST /participants`` for B made-up
                participants (``--baseline-rows``, 5,000 by default or N if fewer: at
                plan-service's single-write rate 50,000 would take a quarter of an hour,
                and a rate is a rate), with the same concurrency as the adapter
2. first import ``visma-flyktning`` importing a synthetic CSV export of N rows (read,
                checked, settled and linked: ``POST /external-participants/{source}``
                with ``--batch-size`` records a call; ``--batch-size 1``: one
                ``PUT /external-participants/{source}/{id}`` per row)
3. re-import    the same file again: N rows unchanged, nothing written

and prints rows per second with each figure's ratio to the baseline of the same run.
Every stage checks its counts and fails otherwise.

    uv run python bench/visma_import.py [--rows 50000] [--baseline-rows 5000]
        [--concurrency 4] [--batch-size 100]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from helhet_common.db.migrations import upgrade
from helhet_common.observability.logging import configure_logging
from helhet_common.testing.databases import check_server, create_database, drop_database
from helhet_common.testing.services import DevTokens, service_settings
from plan_service.bootstrap import MIGRATIONS
from plan_service.entrypoints.app import create
from plan_service.settings import PlanSettings
from visma_flyktning import samples
from visma_flyktning.client import PlanServiceClient, StaticToken
from visma_flyktning.importer import import_file
from visma_flyktning.mapping import load_mapping
from visma_flyktning.report import CREATED, UNCHANGED

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "adapters" / "visma-flyktning" / "mappings" / "3403-hamar.toml"
DEFAULT_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


async def timed(label: str, work: Callable[[], Awaitable[int]], rows: int) -> dict[str, Any]:
    print(f"{label} ...", file=sys.stderr)
    started = time.perf_counter()
    done = await work()
    seconds = time.perf_counter() - started
    if done != rows:
        raise SystemExit(f"{label}: {done} of {rows} rows")
    return {
        "stage": label,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": rows / seconds,
    }


async def bench(
    admin: str, rows: int, baseline_rows: int, concurrency: int, batch_size: int
) -> list[dict[str, Any]]:
    check_server(admin)
    url = create_database(admin, "bench_visma")
    try:
        upgrade(MIGRATIONS, url)
        with tempfile.TemporaryDirectory() as home:
            tokens = DevTokens(Path(home))
            settings = service_settings(
                PlanSettings, database_url=url, kafka_bootstrap="127.0.0.1:9", home=Path(home)
            )
            app = create(settings)  # type: ignore[arg-type]
            token = tokens.mint("caseworker", sub="visma-flyktning")
            headers = {"Authorization": f"Bearer {token}"}
            export = Path(home) / "export.csv"
            export.write_bytes(samples.csv_export(samples.people(rows, first_id=500_000)))
            baseline_people = samples.people(baseline_rows, seed=99)
            mapping = load_mapping(MAPPING)
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://plan.bench"
                ) as http,
            ):
                client = PlanServiceClient(http, StaticToken(token))

                async def baseline() -> int:
                    queue = list(baseline_people)
                    written = 0

                    async def worker() -> None:
                        nonlocal written
                        while queue:
                            p = queue.pop()
                            response = await http.post(
                                "/participants",
                                headers=headers,
                                json={
                                    "municipality": "3403",
                                    "settlement_date": p.settled.isoformat(),
                                    "birth_year": p.born.year,
                                    "household_type": "single",
                                    "languages": ["ti"],
                                    "given_name": p.given_name,
                                    "family_name": p.family_name,
                                },
                            )
                            if response.status_code == 201:
                                written += 1

                    await asyncio.gather(*(worker() for _ in range(concurrency)))
                    return written

                async def run(outcome: str) -> int:
                    report = await import_file(
                        export,
                        mapping=mapping,
                        client=client,
                        concurrency=concurrency,
                        batch_size=batch_size,
                    )
                    return report.counts()[outcome]

                return [
                    await timed("baseline: POST /participants", baseline, baseline_rows),
                    await timed("first import", lambda: run(CREATED), rows),
                    await timed("re-import (unchanged)", lambda: run(UNCHANGED), rows),
                ]
    finally:
        drop_database(admin, url)


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages (``/proc/loadavg``)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=5_000,
        help="participants written for the baseline (at most --rows)",
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument(
        "--database-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_ADMIN)
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    configure_logging(PlanSettings(log_level="WARNING"))
    baseline_rows = min(args.baseline_rows, args.rows)
    load = loadavg()
    figures = asyncio.run(
        bench(args.database_url, args.rows, baseline_rows, args.concurrency, args.batch_size)
    )
    load_after = loadavg()
    base = figures[0]["rows_per_s"]
    for figure in figures:
        figure["ratio"] = round(figure["rows_per_s"] / base, 3)
        figure["rows_per_s"] = round(figure["rows_per_s"], 1)
    if args.json:
        print(
            json.dumps(
                {
                    "load_before": load,
                    "load_after": load_after,
                    "batch_size": args.batch_size,
                    "baseline_rows": baseline_rows,
                    "figures": figures,
                },
                indent=2,
            )
        )
        return 0
    print(
        f"visma-flyktning import, {args.rows} rows, concurrency {args.concurrency}, "
        f"batch size {args.batch_size}; load average {load} -> {load_after}"
    )
    if baseline_rows < args.rows:
        print(f"  (the baseline wrote {baseline_rows} participants: its rate is compared)")
    for f in figures:
        print(
            f"  {f['stage']:<30} {f['rows']:>6} rows {f['seconds']:>8.1f} s "
            f"{f['rows_per_s']:>9.1f} rows/s  ratio {f['ratio']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
