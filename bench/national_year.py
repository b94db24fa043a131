"""A national year of events, and reporting-service's ``rebuild`` of it.

One run starts its own Tansu broker and throw-away PostgreSQL databases, then:

1. generates the events of P participants (default 4,000, the quick run; 40,000 is a
   national year's settlements): each participant's whole story as in
   ``reporting_projection.py`` (settlement, programme, mapping, plans, reviews,
   meetings and actions, tests, placements, NAV measures, matches, consents, leave,
   moves, exits and outcomes) plus weekly attendance at a volunteer activity for up to
   ``--attendance-weeks`` weeks (about 25 events per participant: 40,000 participants
   give about a million events). Every envelope is stamped 30 days ago: a replay of
   history, as a rebuild reads it;
2. publishes them (untimed) to the five topics, keyed by participant;
3. baseline consumer: a bare ``AIOKafkaConsumer`` reads them all and only counts;
4. rebuild: the real command, ``reporting-service rebuild``, as a process on a fresh
   migrated database (start-up, replay, the write, and the alerts evaluated afterwards
   all timed: the command's wall time is the figure);
5. with ``--compare``: the same events applied through the live path
   (``ConsumerRunner.apply_batch`` in batches of ``consumer_max_records``, one
   transaction each, then the daily ``evaluate_all`` as the rebuild's ``after_rebuild``
   runs it) on a third database, and the two read models compared: every chain
   (``updated_at`` aside) and every open alert must be the same.

    uv run --frozen python bench/national_year.py [--participants P] [--compare] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reporting_projection as rp

from helhet_common.broker import TansuBroker
from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_engine
from helhet_common.db.engine import create_session_factory
from helhet_common.db.migrations import upgrade
from helhet_common.heap import settle_heap
from helhet_common.ids import uuid7
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.observability.logging import configure_logging
from helhet_common.testing.databases import (
    check_server,
    create_database,
    drop_database,
    redact,
)
from helhet_common.testing.services import service_settings
from reporting_service import bootstrap as reporting_bootstrap
from reporting_service import contracts as reporting
from reporting_service.adapters.organisation import catalogue
from reporting_service.adapters.tables import alerts, participant_chain
from reporting_service.adapters.tables import shared as reporting_shared
from reporting_service.service_layer.alerts import evaluate_all
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

DEFAULT_PARTICIPANTS = 4_000
NATIONAL_YEAR = 40_000
REBUILT = re.compile(r"rebuilt reporting-service read model: (\d+) events applied in ([\d.]+) s")
ATTENDANCE = reporting.AttendanceRecorded.event_type


def envelope_bytes(
    event_type: str, subject: str, municipality: str, stamp: str, data: dict[str, Any]
) -> bytes:
    """The envelope ``CloudEvent.to_json_bytes`` gives, built without the model (a
    million of them)."""
    source = rp.SOURCES.get(reporting.registry.model_for(event_type).topic, "/helhet/plan-service")
    return json.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid7()),
            "source": source,
            "type": event_type,
            "subject": subject,
            "time": stamp,
            "datacontenttype": "application/json",
            "data": data,
            "municipality": municipality,
        },
        separators=(",", ":"),
    ).encode()


def make_events(
    participants: int, weeks: int, *, seed: int = 2026
) -> tuple[list[rp.Message], Counter[str]]:
    """Every participant's story and weekly attendance, in the order of their days."""
    rng = random.Random(seed)
    stamp = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    timed: list[tuple[Any, int, bytes, str, str, bytes]] = []
    for _ in range(participants):
        s = rp.story(rng)
        pid = str(s.pid)
        key = pid.encode()
        for day, event in s.events:
            data = event.model_dump(mode="json")
            value = envelope_bytes(event.event_type, pid, s.municipality, stamp, data)
            timed.append((day, len(timed), key, event.topic, event.event_type, value))
        first = s.events[0][0]
        for week in range(rng.randint(0, weeks)):
            day = first + timedelta(days=14 + 7 * week)
            data = {
                "participant_id": pid,
                "activity_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "attended_on": day.isoformat(),
                "present": rng.random() < 0.85,
                "hours": 2.0,
                "counts_as_programme_hours": False,
            }
            value = envelope_bytes(ATTENDANCE, pid, s.municipality, stamp, data)
            topic = reporting.VOLUNTEERING_TOPIC
            timed.append((day, len(timed), key, topic, ATTENDANCE, value))
    timed.sort(key=lambda t: (t[0], t[1]))
    mix = Counter(t[4] for t in timed)
    return [rp.Message(topic, key, value, type_) for _, _, key, topic, type_, value in timed], mix


# --------------------------------------------------------------------------- stages


def rebuild_stage(url: str, bootstrap: str, home: Path) -> dict[str, Any]:
    """``reporting-service rebuild`` as a process; its wall time and its own figures."""
    env = {
        **os.environ,
        "REPORTING_DATABASE_URL": url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "HELHET_HOME": str(home),
        "REPORTING_LOG_JSON": "true",
        "REPORTING_LOG_LEVEL": "INFO",
        "OTEL_SDK_DISABLED": "true",
    }
    command = [sys.executable, "-m", "reporting_service.entrypoints.cli", "rebuild"]
    launched = datetime.now(UTC)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, timeout=3_600)
    wall = time.perf_counter() - started
    out, err = done.stdout.decode(), done.stderr.decode()
    rp.check(done.returncode == 0, f"rebuild failed ({done.returncode}): {err[-3000:]}")
    found = REBUILT.search(out)
    rp.check(found is not None, f"no 'rebuilt' line in {out[-2000:]}")
    assert found is not None
    logged: dict[str, dict[str, Any]] = {}
    for line in (out + err).splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            logged[str(record.get("event"))] = record
    evaluated = logged.get("alerts_evaluated", {})

    def at(event: str) -> float | None:
        """Seconds from the launch of the process to the log line ``event``."""
        stamp = logged.get(event, {}).get("timestamp")
        if stamp is None:
            return None
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
        return round((moment - launched).total_seconds(), 2)

    return {
        "phases": {
            event: at(event)
            for event in (
                "catch_up_started",
                "caught_up",
                "read_model_rebuilt",
                "alerts_evaluation_started",
                "alerts_evaluated",
            )
        },
        "wall_seconds": wall,
        "applied": int(found.group(1)),
        "replay_seconds": float(found.group(2)),
        "alerts_opened": evaluated.get("opened"),
    }


async def live_stage(
    url: str, bootstrap: str, home: Path, messages: Sequence[rp.Message]
) -> dict[str, Any]:
    """The same events through ``apply_batch`` (the live consumer's path), then the
    alerts evaluated as ``after_rebuild`` evaluates them."""
    settings = service_settings(
        ReportingSettings, database_url=url, kafka_bootstrap=bootstrap, home=home
    )
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    runner = ConsumerRunner(
        settings=settings,
        session_factory=sessions,
        tables=reporting_shared,
        projection=make_projection(settings),
    )
    try:
        batches = rp.in_memory_batches(messages, settings.consumer_max_records)
        settle_heap()  # as the service's consume command does before its loop
        started = time.perf_counter()
        applied = 0
        for batch in batches:
            result = await runner.apply_batch(batch)
            rp.check(not result.dead_lettered, f"dead letters: {result.dead_lettered[:1]}")
            applied += result.applied
        applied_s = time.perf_counter() - started
        async with sessions() as session, session.begin():
            await evaluate_all(
                session,
                catalogue=catalogue(settings.organisation_models_dir),
                today=SYSTEM_CLOCK.today(),
                now=SYSTEM_CLOCK.now(),
            )
        seconds = time.perf_counter() - started
    finally:
        await runner.close()
        await engine.dispose()
    return {"applied": applied, "apply_seconds": applied_s, "seconds": seconds}


async def read_back(url: str) -> tuple[dict[Any, dict[str, Any]], set[tuple[Any, ...]], int]:
    """Every chain (``updated_at`` aside), every open alert, the processed-events rows."""
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            chains = {
                r.participant_id: {k: v for k, v in r._mapping.items() if k != "updated_at"}
                for r in await session.execute(select(participant_chain))
            }
            open_alerts = {
                tuple(r)
                for r in await session.execute(
                    select(
                        alerts.c.key,
                        alerts.c.rule_id,
                        alerts.c.participant_id,
                        alerts.c.municipality,
                        alerts.c.ref,
                        alerts.c.responsibility,
                        alerts.c.unit_id,
                        alerts.c.since,
                    ).where(alerts.c.closed_at.is_(None))
                )
            }
            processed = len(
                (await session.scalars(select(reporting_shared.processed_events.c.event_id))).all()
            )
    finally:
        await engine.dispose()
    return chains, open_alerts, processed


async def run(args: argparse.Namespace, urls: list[str], bootstrap: str) -> dict[str, Any]:
    def progress(text: str) -> None:
        print(f"... {text}", file=sys.stderr, flush=True)

    progress(f"generating the events of {args.participants} participants")
    started = time.perf_counter()
    messages, mix = make_events(args.participants, args.attendance_weeks)
    generated = time.perf_counter() - started
    count = len(messages)
    progress(f"publishing {count} events ({generated:.0f} s to generate)")
    started = time.perf_counter()
    await rp.publish(bootstrap, messages)
    published = time.perf_counter() - started
    progress("baseline consumer")
    baseline = await rp.baseline_consumer(bootstrap, count)
    progress("reporting-service rebuild (the command, as a process)")
    with tempfile.TemporaryDirectory(prefix="helhet-bench-") as tmp:
        rebuilt = rebuild_stage(urls[0], bootstrap, Path(tmp))
    rp.check(rebuilt["applied"] == count, f"rebuild applied {rebuilt['applied']} of {count}")
    chains, open_alerts, processed = await read_back(urls[0])
    rp.check(processed == count, f"{processed} processed-events rows, expected {count}")
    rp.check(len(chains) == args.participants, f"{len(chains)} chains")
    result: dict[str, Any] = {
        "events": count,
        "participants": args.participants,
        "mix": dict(sorted(mix.items())),
        "generate_seconds": round(generated, 1),
        "publish_seconds": round(published, 1),
        "baseline_events_per_second": baseline.per_second,
        "baseline_seconds": baseline.seconds,
        "rebuild": rebuilt,
        "chains": len(chains),
        "open_alerts": len(open_alerts),
    }
    if args.compare:
        progress("live apply of the same events (apply_batch), then evaluate_all")
        with tempfile.TemporaryDirectory(prefix="helhet-bench-") as tmp:
            live = await live_stage(urls[1], bootstrap, Path(tmp), messages)
        live_chains, live_alerts, live_processed = await read_back(urls[1])
        differing = [
            k for k in live_chains.keys() | chains.keys() if live_chains.get(k) != chains.get(k)
        ]
        result["live"] = live
        result["identical_chains"] = not differing
        result["differing_chains"] = len(differing)
        result["identical_open_alerts"] = live_alerts == open_alerts
        result["open_alerts_only_live"] = len(live_alerts - open_alerts)
        result["open_alerts_only_rebuild"] = len(open_alerts - live_alerts)
        result["live_processed_events"] = live_processed
        rp.check(not differing, f"{len(differing)} chains differ between rebuild and live apply")
        rp.check(live_alerts == open_alerts, "the open alerts differ between rebuild and live")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--participants",
        type=int,
        default=DEFAULT_PARTICIPANTS,
        help=f"participants (default {DEFAULT_PARTICIPANTS}; {NATIONAL_YEAR} for a national year)",
    )
    parser.add_argument(
        "--attendance-weeks",
        type=int,
        default=30,
        help="at most this many weekly attendances per participant (default 30)",
    )
    parser.add_argument(
        "--compare", action="store_true", help="also apply the same events live and compare"
    )
    parser.add_argument("--database-url", default=rp.DEFAULT_ADMIN_URL)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)

    configure_logging(ReportingSettings(log_level="WARNING", log_json=True), stream=sys.stderr)
    admin = args.database_url
    try:
        version = check_server(admin)
    except Exception as exc:
        print(f"PostgreSQL not reachable at {redact(admin)}: {exc!r}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    broker = TansuBroker()
    urls: list[str] = []
    wall = time.perf_counter()
    try:
        broker.start()
        for _ in range(2 if args.compare else 1):
            urls.append(create_database(admin, "bench"))
            upgrade(reporting_bootstrap.MIGRATIONS, urls[-1])
        result = asyncio.run(run(args, urls, broker.bootstrap_servers))
    except rp.BenchError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        broker.stop()
        for url in urls:
            drop_database(admin, url)
    wall = time.perf_counter() - wall
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))
    rebuilt = result["rebuild"]
    n = result["events"]
    rate = n / rebuilt["wall_seconds"]
    baseline = result["baseline_events_per_second"]
    if args.json:
        print(
            json.dumps(
                {**result, "postgresql": version, "cpus": os.cpu_count(), "load": load}, default=str
            )
        )
        return 0
    print(
        f"national year: {result['participants']} participants, {n} events "
        f"({len(result['mix'])} types); PostgreSQL {version}, Tansu; {os.cpu_count()} CPUs, "
        f"load {load[0]:.2f} -> {load[1]:.2f}; wall {wall:.0f}s"
    )
    print(
        f"baseline consumer        {baseline:>10,.0f} events/s  "
        f"({result['baseline_seconds']:.2f} s)"
    )
    print(
        f"rebuild (command wall)   {rate:>10,.0f} events/s  ({rebuilt['wall_seconds']:.1f} s; "
        f"{rate / baseline:.3f} x baseline consumer; 1M events would take "
        f"{1_000_000 / rate:.0f} s)"
    )
    print(
        f"  of which replay+write  {n / rebuilt['replay_seconds']:>10,.0f} events/s  "
        f"({rebuilt['replay_seconds']:.1f} s); start-up and alerts "
        f"{rebuilt['wall_seconds'] - rebuilt['replay_seconds']:.1f} s "
        f"({rebuilt['alerts_opened']} alerts opened)"
    )
    print(
        "  seconds from the launch: "
        + ", ".join(f"{event} {t}" for event, t in rebuilt["phases"].items())
    )
    print(f"read model: {result['chains']} chains, {result['open_alerts']} open alerts")
    if "live" in result:
        live = result["live"]
        print(
            f"live apply (apply_batch) {n / live['seconds']:>10,.0f} events/s  "
            f"({live['seconds']:.1f} s incl. evaluate_all; the rebuild command is "
            f"{live['seconds'] / rebuilt['wall_seconds']:.1f} x faster)"
        )
        print(
            f"  of which apply_batch   {n / live['apply_seconds']:>10,.0f} events/s  "
            f"({live['apply_seconds']:.1f} s; the rebuild's replay+write is "
            f"{live['apply_seconds'] / rebuilt['replay_seconds']:.1f} x faster)"
        )
        print(
            f"compared: chains identical {result['identical_chains']} "
            f"({result['differing_chains']} differ), open alerts identical "
            f"{result['identical_open_alerts']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
