"""What the operations page waits for: broker connections, not computation (issue 15).

    uv run python bench/operations_page.py                 # 100 ms per connection
    uv run python bench/operations_page.py --handshake-ms 0

Starts its own Tansu and a throw-away PostgreSQL database (``TEST_DATABASE_URL``, an
admin URL), seeds reporting's read model with the browser tests' town (two dead
letters), and times the /operations page in-process. Each new broker connection is
delayed by ``--handshake-ms`` (default 100 ms): what a TLS + SASL/SCRAM handshake costs
against compose's or production's Kafka, which a local Tansu without TLS hides. For
comparison it times the broker figures asked the old way, with fresh clients for each
view (``consumer_lag`` and ``list_dead_letters``), and the kept-open ``BrokerView``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiokafka.client
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "services/reporting-service/tests/browser"))

import conftest as town_seed  # noqa: E402  (the browser tests' seed)

from helhet_common.broker import TansuBroker  # noqa: E402
from helhet_common.messaging import operations as ops  # noqa: E402
from helhet_common.testing.databases import create_database, drop_database  # noqa: E402
from helhet_common.testing.services import DevTokens, migrate_database, service_settings  # noqa: E402
from reporting_service.bootstrap import MIGRATIONS  # noqa: E402
from reporting_service.entrypoints import operations as page_module  # noqa: E402
from reporting_service.entrypoints.app import create  # noqa: E402
from reporting_service.settings import ReportingSettings  # noqa: E402

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
connections = 0


def delay_connections(seconds: float) -> None:
    original = aiokafka.client.create_conn

    async def slow(*args: Any, **kwargs: Any) -> Any:
        global connections
        connections += 1
        await asyncio.sleep(seconds)
        return await original(*args, **kwargs)

    aiokafka.client.create_conn = slow


async def timed(call: Any, views: int) -> tuple[float, float]:
    """The median milliseconds of ``views`` calls, and new connections per call."""
    global connections
    before, times = connections, []
    for _ in range(views):
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), (connections - before) / views


async def main(handshake_ms: float, views: int) -> None:
    delay_connections(handshake_ms / 1000)
    broker = TansuBroker()
    broker.start(timeout=60)
    url = create_database(ADMIN_URL, "bench_operations")
    try:
        migrate_database(MIGRATIONS, url)
        tokens = DevTokens(Path(tempfile.mkdtemp(prefix="bench-operations-")))
        settings = service_settings(
            ReportingSettings, database_url=url, kafka_bootstrap=broker.bootstrap_servers,
            home=tokens.home,
        )  # fmt: skip
        await town_seed.seed(settings, town_seed.Town())
        group, topics = settings.resolved_consumer_group, page_module.consumer_topics()
        dlq = page_module.dead_letter_topics()

        async def fresh_clients() -> None:
            await asyncio.gather(
                ops.consumer_lag(broker.bootstrap_servers, group, topics),
                ops.list_dead_letters(broker.bootstrap_servers, dlq),
            )

        view = ops.BrokerView(broker.bootstrap_servers)
        groups = {group: topics, **{g: [] for g in settings.operations_groups}}
        app = create(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                http.cookies.set("helhet_token", tokens.mint("operator"))

                async def page() -> None:
                    response = await http.get("/operations", headers={"Accept": "text/html"})
                    assert response.status_code == 200
                    assert "data-lag-group" in response.text

                first, _ = await timed(page, 1)
                rows = [
                    ("page, first view", first, None),
                    ("page, later views", *await timed(page, views)),
                    ("fresh clients per view (before)", *await timed(fresh_clients, views)),
                    ("kept-open BrokerView, 4 groups",
                     *await timed(lambda: view.look(groups, dlq), views)),
                ]  # fmt: skip
        await view.close()
        load = os.getloadavg()[0]
        print(f"handshake {handshake_ms:.0f} ms a connection; load {load:.2f}; median of {views}")
        for name, ms, conns in rows:
            extra = "" if conns is None else f"  ({conns:.0f} new connections per view)"
            print(f"  {name:34} {ms:7.1f} ms{extra}")
    finally:
        drop_database(ADMIN_URL, url)
        broker.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handshake-ms", type=float, default=100.0)
    parser.add_argument("--views", type=int, default=9)
    args = parser.parse_args()
    asyncio.run(main(args.handshake_ms, args.views))
