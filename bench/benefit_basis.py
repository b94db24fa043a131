"""The monthly introduction-benefit basis for a whole municipality, next to a plain SQL
aggregate over the same ledger rows.

One run creates a throw-away PostgreSQL database, migrates plan-service into it, and
loads (untimed, with COPY) N participants of one municipality, each with a programme
and a year of ledger entries (2024: one entry per weekday, about one in ten an absence
under the default codes), the months January to November exported on the 3rd of the
next month, and about one absence in 200 corrected on the 10th of the next month (after
the export, so the correction is a line of a later month). Then, for December 2024:

1. baseline      a plain SQL aggregate over the rows the basis reads (December's
                 entries and the entries recorded after their month's export): per
                 participant, minutes of invalid absence and of leave without benefit
2. basis         ``bases_of_municipality``: the service's read (participants' facts,
                 exports, those ledger rows and the entries they correct) and the
                 domain's line-by-line computation, for every participant
3. compute only  the domain's ``monthly_basis`` over the entries stage 2 loaded,
                 informational (the share of stage 2 that is Python arithmetic)

Each stage runs ``--repeats`` times; the best time counts. Figures are ledger rows per
second, with each figure's ratio to the baseline of the same run. The stages check each
other: participants, and December's invalid-absence minutes, must agree.

    uv run --frozen python bench/benefit_basis.py [--participants 10000] [--repeats 3]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from helhet_common.db import create_engine
from helhet_common.db.engine import create_session_factory
from helhet_common.db.migrations import upgrade
from helhet_common.observability.logging import configure_logging
from helhet_common.testing.databases import check_server, create_database, drop_database
from plan_service.adapters import tables
from plan_service.adapters.repositories.ledger import basis_rows
from plan_service.bootstrap import MIGRATIONS
from plan_service.domain.benefit import GTable, monthly_basis, next_month
from plan_service.service_layer.benefit import bases_of_municipality
from plan_service.service_layer.unit_of_work import PlanUnitOfWork
from plan_service.settings import PlanSettings

DEFAULT_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
MUNICIPALITY = "3403"
SOURCE = "/helhet/plan-service"
YEAR = 2024
MONTH = date(YEAR, 12, 1)
ABSENCES = [("ugyldig", "reduces", 3), ("syk", "keeps", 4), ("ferie", "keeps", 2)]
ABSENCES.append(("permisjon_uten_stonad", "unpaid_leave", 1))
CHUNK = 500  # participants per COPY


def weekdays(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


async def load(url: str, participants: int, rng: random.Random) -> int:
    """Insert the participants, programmes, ledger and exports; return the ledger rows."""
    parsed = make_url(url)
    connection = await asyncpg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, database=parsed.database
    )
    days = weekdays(YEAR)
    codes = [c for c, _, weight in ABSENCES for _ in range(weight)]
    effects = {c: e for c, e, _ in ABSENCES}
    rows = 0
    try:
        for first in range(0, participants, CHUNK):
            people, programmes, ledger = [], [], []
            for _ in range(min(CHUNK, participants - first)):
                pid = uuid.UUID(int=rng.getrandbits(128), version=4)
                people.append(
                    (
                        pid,
                        MUNICIPALITY,
                        date(2023, 6, 1),
                        rng.randrange(1975, 2005),
                        "single",
                        "[]",
                        "{}",
                        at(date(2023, 6, 1), 9),
                    )
                )
                regime = "introduksjonsloven" if rng.random() < 0.1 else "integreringsloven"
                programmes.append((pid, regime, date(2023, 9, 1), date(2025, 12, 31), 1))
                for day in days:
                    entry = uuid.UUID(int=rng.getrandbits(128), version=4)
                    recorded = at(day, 16)
                    if rng.random() < 0.9:
                        ledger.append(
                            (
                                entry,
                                pid,
                                MUNICIPALITY,
                                "attendance",
                                day,
                                450,
                                None,
                                None,
                                None,
                                "kari",
                                "learning-centre",
                                recorded,
                            )
                        )
                        continue
                    code = rng.choice(codes)
                    minutes = rng.choice([450, 450, 60 * rng.randint(1, 7)])
                    ledger.append(
                        (
                            entry,
                            pid,
                            MUNICIPALITY,
                            "absence",
                            day,
                            minutes,
                            code,
                            effects[code],
                            None,
                            "kari",
                            "learning-centre",
                            recorded,
                        )
                    )
                    if day.month < 12 and rng.random() < 0.005:  # corrected after export
                        fixed = "syk" if code == "ugyldig" else "ugyldig"
                        later = at(date(YEAR, day.month + 1, 10), 9)
                        ledger.append(
                            (
                                uuid.UUID(int=rng.getrandbits(128), version=4),
                                pid,
                                MUNICIPALITY,
                                "absence",
                                day,
                                minutes,
                                fixed,
                                effects[fixed],
                                entry,
                                "kari",
                                "learning-centre",
                                later,
                            )
                        )
            await connection.copy_records_to_table(
                "participants",
                records=people,
                columns=[
                    "id",
                    "municipality",
                    "settlement_date",
                    "birth_year",
                    "household_type",
                    "languages",
                    "personal",
                    "created_at",
                ],
            )
            await connection.copy_records_to_table(
                "programmes",
                records=programmes,
                columns=["participant_id", "regime", "start_date", "expected_end_date", "version"],
            )
            await connection.copy_records_to_table(
                "ledger_entries",
                records=ledger,
                columns=[c.name for c in tables.ledger_entries.columns],
            )
            rows += len(ledger)
            print(f"  loaded {first + len(people)} participants, {rows} entries", file=sys.stderr)
        await connection.copy_records_to_table(
            "benefit_exports",
            records=[
                (
                    MUNICIPALITY,
                    f"{YEAR}-{m:02d}",
                    at(next_month(date(YEAR, m, 1)) + timedelta(2), 8),
                    "bench",
                    participants,
                    0,
                )
                for m in range(1, 12)
            ],
            columns=[c.name for c in tables.benefit_exports.columns],
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return rows


async def best(label: str, work: Callable[[], Awaitable[Any]], repeats: int) -> tuple[float, Any]:
    print(f"{label} ...", file=sys.stderr)
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = await work()
        times.append(time.perf_counter() - started)
    return min(times), result


async def bench(admin: str, participants: int, repeats: int) -> dict[str, Any]:
    check_server(admin)
    url = create_database(admin, "bench_benefit")
    try:
        upgrade(MIGRATIONS, url)
        print("loading ...", file=sys.stderr)
        total_rows = await load(url, participants, random.Random(16))
        engine = create_engine(url)
        factory = create_session_factory(engine)
        g_table = GTable()
        try:
            async with PlanUnitOfWork(factory, source=SOURCE) as uow:
                exports = await uow.benefit.exports(MUNICIPALITY)
            _L, _P = tables.ledger_entries, tables.participants
            aggregate = (
                select(
                    _L.c.participant_id,
                    func.count(),
                    func.sum(_L.c.minutes).filter(_L.c.effect == "reduces"),
                    func.sum(_L.c.minutes).filter(_L.c.effect == "unpaid_leave"),
                    func.sum(_L.c.minutes)
                    .filter(_L.c.effect == "reduces", _L.c.entry_date >= MONTH)
                    .label("december_invalid"),
                )
                .join(_P, _P.c.id == _L.c.participant_id)
                .where(_P.c.municipality == MUNICIPALITY, basis_rows(MONTH, exports))
                .group_by(_L.c.participant_id)
            )

            async def baseline() -> list[Any]:
                async with PlanUnitOfWork(factory, source=SOURCE) as uow:
                    return list(await uow.session.execute(aggregate))

            async def basis() -> list[Any]:
                async with PlanUnitOfWork(factory, source=SOURCE) as uow:
                    return await bases_of_municipality(uow, MUNICIPALITY, MONTH, g_table)

            base_s, sums = await best("baseline: SQL aggregate", baseline, repeats)
            basis_s, bases = await best("basis: bases_of_municipality", basis, repeats)
            async with PlanUnitOfWork(factory, source=SOURCE) as uow:
                everyone = await uow.benefit.facts(MUNICIPALITY, MONTH)
                loaded = await uow.ledger.for_basis(
                    [f.participant_id for f in everyone], MONTH, exports
                )
            read_rows = sum(len(v) for v in loaded.values())

            async def compute() -> list[Any]:
                return [
                    monthly_basis(
                        f, MONTH, loaded.get(f.participant_id, []), exports=exports, g_table=g_table
                    )
                    for f in everyone
                ]

            compute_s, _ = await best("compute only: monthly_basis", compute, repeats)
        finally:
            await engine.dispose()
        december = sum(int(row.december_invalid or 0) for row in sums)
        from_bases = sum(
            round((line.hours or 0) * 60)
            for b in bases
            for line in b.lines
            if line.kind == "invalid_absence"
        )
        if len(bases) != participants or december != from_bases:
            raise RuntimeError(
                f"stages disagree: {len(bases)} bases for {participants} participants; "
                f"December invalid minutes {from_bases} vs {december}"
            )
        corrections = sum(1 for b in bases for line in b.lines if line.kind == "correction")
        return {
            "participants": participants,
            "ledger_rows": total_rows,
            "rows_read": read_rows,
            "correction_lines": corrections,
            "stages": [
                {"stage": "baseline: SQL aggregate", "seconds": base_s},
                {"stage": "basis (read + compute)", "seconds": basis_s},
                {"stage": "compute only (informational)", "seconds": compute_s},
            ],
        }
    finally:
        drop_database(admin, url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--database-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_ADMIN)
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    configure_logging(PlanSettings(log_level="WARNING"))
    load_before = os.getloadavg()[0]
    result = asyncio.run(bench(args.database_url, args.participants, args.repeats))
    rows = result["rows_read"]
    base = result["stages"][0]["seconds"]
    for stage in result["stages"]:
        stage["rows_per_s"] = round(rows / stage["seconds"], 1)
        stage["ratio"] = round(base / stage["seconds"], 3)
        stage["seconds"] = round(stage["seconds"], 3)
    if args.json:
        print(json.dumps({"load_before": load_before, **result}, indent=2))
        return 0
    print(
        f"benefit basis, {result['participants']} participants, {result['ledger_rows']} "
        f"ledger rows in the database, {rows} read for {MONTH:%Y-%m} "
        f"({result['correction_lines']} correction lines) "
        f"(load {load_before:.1f} -> {os.getloadavg()[0]:.1f})"
    )
    for s in result["stages"]:
        print(
            f"  {s['stage']:<30} {s['seconds']:>8.3f} s {s['rows_per_s']:>11.1f} rows/s  "
            f"ratio {s['ratio']:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
