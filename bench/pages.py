"""Every reporting page, and the participant's own page in plan-service, at the demo's size.

    uv run --frozen python bench/pages.py                # 15 views of each page
    uv run --frozen python bench/pages.py --views 30

Starts its own Tansu (the operations page asks the broker) and two throw-away PostgreSQL
databases (``TEST_DATABASE_URL``, an admin URL), plan-service's and reporting-service's,
migrated to head. plan-service's database is filled by its ``seed`` command (the demo
municipality, Hamar: about 160 participants with their programmes, plans, follow-up,
exit cohorts and the year round), and every event the seed wrote to plan-service's
outbox is applied to reporting's read model by reporting's own ``ConsumerRunner``
(``apply_batch``, in the outbox's order, batches of ``consumer_max_records``): what
``make dev`` reaches once the relay and the consumer have caught up, without the broker
in between. The pages are then rendered in-process over each app's ASGI interface
(``httpx.ASGITransport``), signed in as the pages' users (an integration leader who is
also an operator; the participant with their own login), each page ``--views`` times
after a first view, shown apart: it fills what the app keeps (the drawn trend charts).
The overview is also timed with its kept charts forgotten before each view (every
chart drawn, as on the first view after every KPI's figures changed). The baseline is
a trivial route of the same app in the same run (``/health/live``).
Target (issue 14): every page under 200 ms.

reporting asks plan-service for the names at display time (decision 0017), and the
operations page asks the other services for their outbox backlogs; here ``plan_url``,
``placement_url`` and ``volunteer_url`` are empty, so the pages render ids without
names and the backlogs as unknown: the time of those requests (one lookup of at most
100 ids per page; three status requests at once on the operations page) is not in the
figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from aiokafka.structs import ConsumerRecord
from sqlalchemy import select

from helhet_common.auth import TOKEN_COOKIE
from helhet_common.broker import TansuBroker
from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.observability.logging import configure_logging
from helhet_common.testing.databases import check_server, create_database, drop_database
from helhet_common.testing.services import DevTokens, migrate_database, service_settings
from plan_service import bootstrap as plan_bootstrap
from plan_service.adapters import tables as plan_tables
from plan_service.entrypoints import app as plan_app
from plan_service.entrypoints.seed import DEMO_MUNICIPALITY, seed
from plan_service.settings import PlanSettings
from reporting_service import bootstrap as reporting_bootstrap
from reporting_service.adapters import tables as reporting_tables
from reporting_service.entrypoints import app as reporting_app
from reporting_service.entrypoints import charts
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
TARGET_MS = 200.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def fold_outbox(plan_url: str, settings: ReportingSettings) -> tuple[int, int]:
    """Apply plan-service's outbox to reporting's read model; (events, participants)."""
    plan_engine = create_engine(plan_url)
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    runner = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(engine),
        tables=reporting_tables.shared,
        projection=make_projection(settings),
    )
    outbox = plan_tables.shared.outbox
    offsets: defaultdict[str, int] = defaultdict(int)
    applied = 0
    try:
        async with plan_engine.connect() as db:
            rows = (
                await db.execute(
                    select(outbox.c.topic, outbox.c.key, outbox.c.payload).order_by(outbox.c.id)
                )
            ).all()
        records = []
        for topic, key, payload in rows:
            raw_key = key.encode() if key else None
            records.append(
                ConsumerRecord(
                    topic=topic,
                    partition=0,
                    offset=offsets[topic],
                    timestamp=0,
                    timestamp_type=0,
                    key=raw_key,
                    value=payload,
                    checksum=None,
                    serialized_key_size=len(raw_key or b""),
                    serialized_value_size=len(payload),
                    headers=[],
                )
            )
            offsets[topic] += 1
        size = settings.consumer_max_records
        for start in range(0, len(records), size):
            result = await runner.apply_batch(records[start : start + size])
            assert not result.dead_lettered, result
            applied += result.applied
        async with engine.connect() as db:
            chains = len(
                (
                    await db.execute(select(reporting_tables.participant_chain.c.participant_id))
                ).all()
            )
    finally:
        await runner.close()
        await engine.dispose()
        await plan_engine.dispose()
    return applied, chains


async def measure(
    http: httpx.AsyncClient, path: str, views: int, check: Callable[[httpx.Response], None]
) -> list[float]:
    start = time.perf_counter()
    check(await http.get(path, headers={"Accept": "text/html"}))  # the first view: apart
    times = [(time.perf_counter() - start) * 1000]
    for _ in range(views):
        start = time.perf_counter()
        response = await http.get(path, headers={"Accept": "text/html"})
        times.append((time.perf_counter() - start) * 1000)
        check(response)
    return times


def ok(response: httpx.Response) -> None:
    assert response.status_code == 200, (
        response.request.url,
        response.status_code,
        response.text[:500],
    )


async def run(views: int, broker: str, plan_url: str, reporting_url: str) -> dict[str, Any]:
    tokens = DevTokens(Path(tempfile.mkdtemp(prefix="bench-pages-")))
    plan_settings = service_settings(
        PlanSettings, database_url=plan_url, kafka_bootstrap=broker, home=tokens.home
    )
    settings = service_settings(
        ReportingSettings,
        database_url=reporting_url,
        kafka_bootstrap=broker,
        home=tokens.home,
        plan_url="",  # no names, no outbox backlogs of the other services: see above
        placement_url="",
        volunteer_url="",
    )
    start = time.perf_counter()
    await seed(plan_settings)
    seeded = time.perf_counter() - start
    events, participants = await fold_outbox(plan_url, settings)
    engine = create_engine(reporting_url)
    async with engine.connect() as db:
        alert = (
            await db.execute(
                select(reporting_tables.alerts.c.alert_id, reporting_tables.alerts.c.participant_id)
                .where(reporting_tables.alerts.c.participant_id.is_not(None))
                .order_by(reporting_tables.alerts.c.alert_id)
                .limit(1)
            )
        ).first()
        alerts = len((await db.execute(select(reporting_tables.alerts.c.alert_id))).all())
    await engine.dispose()
    assert alert is not None, "the seed opened no alert"
    figures: dict[str, Any] = {
        "seed_s": seeded,
        "events": events,
        "participants": participants,
        "alerts": alerts,
        "pages": [],
    }
    pages = [
        ("overview", "/"),
        ("matrix", "/matrix"),
        ("participants", "/participants"),
        ("a participant", f"/participants/{alert.participant_id}"),
        ("alerts", "/alerts"),
        ("an alert", f"/alerts/{alert.alert_id}"),
        ("queue", "/queue"),
        ("cohorts", "/cohorts"),
        ("operations", "/operations"),
    ]
    app = reporting_app.create(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            http.cookies.set(
                TOKEN_COOKIE,
                tokens.mint("integration_leader", "operator", municipality=DEMO_MUNICIPALITY),
            )
            base = await measure(http, "/health/live", views, ok)
            figures["pages"].append(("reporting /health/live (baseline)", base, None))
            for name, path in pages:
                times = await measure(http, path, views, ok)
                figures["pages"].append(
                    (f"reporting {name} ({path.split('/')[1] or '/'})", times, base)
                )

            def forget_charts(response: httpx.Response) -> None:
                ok(response)
                charts._drawn.clear()  # the next view draws every chart again

            charts._drawn.clear()
            times = await measure(http, "/", views, forget_charts)
            figures["pages"].append(("reporting overview, every chart drawn", times, base))
    app = plan_app.create(plan_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            own = alert.participant_id
            http.cookies.set(
                TOKEN_COOKIE,
                tokens.mint("participant", sub=str(own), municipality=DEMO_MUNICIPALITY),
            )
            base = await measure(http, "/health/live", views, ok)
            figures["pages"].append(("plan /health/live (baseline)", base, None))
            times = await measure(http, f"/participants/{own}/page", views, ok)
            figures["pages"].append(("plan the participant's own page", times, base))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--views", type=int, default=15)
    args = parser.parse_args()
    configure_logging(ReportingSettings(log_level="WARNING", log_json=True), stream=sys.stderr)
    version = check_server(ADMIN_URL)
    load_before = os.getloadavg()[0]
    broker = TansuBroker()
    urls: list[str] = []
    try:
        broker.start(timeout=60)
        plan_url = create_database(ADMIN_URL, "bench_pages_plan")
        urls.append(plan_url)
        reporting_url = create_database(ADMIN_URL, "bench_pages_reporting")
        urls.append(reporting_url)
        migrate_database(plan_bootstrap.MIGRATIONS, plan_url)
        migrate_database(reporting_bootstrap.MIGRATIONS, reporting_url)
        figures = asyncio.run(run(args.views, broker.bootstrap_servers, plan_url, reporting_url))
    finally:
        broker.stop()
        for url in urls:
            drop_database(ADMIN_URL, url)
    load_after = os.getloadavg()[0]
    print(
        f"pages: demo seed ({figures['participants']} participants in reporting, "
        f"{figures['events']} events folded, {figures['alerts']} alerts; seed "
        f"{figures['seed_s']:.1f} s); PostgreSQL {version}; {os.cpu_count()} CPUs, "
        f"load {load_before:.2f} -> {load_after:.2f}; {args.views} views each"
    )
    print(
        f"{'page':44} {'first':>7} {'median':>7} {'p95':>7}  median vs baseline"
        f"  target {TARGET_MS:.0f} ms"
    )
    for name, (first, *times), base in figures["pages"]:
        median = statistics.median(times)
        ratio = f"{median / statistics.median(base[1:]):9.1f} x" if base else " " * 11
        verdict = "" if base is None else ("ok" if median < TARGET_MS else "OVER")
        print(f"{name:44} {first:7.1f} {median:7.1f} {p95(times):7.1f}  {ratio}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
