"""Backup and restore, tried for real: plan-service's database (a write-side database,
which Kafka cannot rebuild) is dumped with deploy/postgres/backup.sh, restored with
deploy/postgres/restore.sh into a fresh database, and the service answers the same on
the restored one as on the original."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.services import DevTokens, migrate_database, service_settings
from plan_service.bootstrap import definition
from plan_service.settings import PlanSettings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
HAMAR = "3403"


def _libpq_env(url: str) -> dict[str, str]:
    parsed = make_url(url)
    env = {
        "PGHOST": parsed.host or "127.0.0.1",
        "PGPORT": str(parsed.port or 5432),
        "PGUSER": parsed.username or "postgres",
    }
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return env


async def _answers(settings: PlanSettings, tokens: DevTokens, ids: list[str]) -> dict[str, Any]:
    """What the API says about the participants: the list, each one, its plan."""
    app = definition.app_factory(settings)
    headers = tokens.headers("caseworker", municipality=HAMAR)
    answers: dict[str, Any] = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://plan") as http,
    ):
        listing = await http.get("/participants", headers=headers, params={"municipality": HAMAR})
        assert listing.status_code == 200, listing.text
        answers["list"] = listing.json()
        for pid in ids:
            one = await http.get(f"/participants/{pid}", headers=headers)
            assert one.status_code == 200, one.text
            answers[pid] = one.json()
        ready = await http.get("/health/live")
        assert ready.status_code == 200
    return answers


async def _write(settings: PlanSettings, tokens: DevTokens) -> list[str]:
    app = definition.app_factory(settings)
    headers = tokens.headers("caseworker", municipality=HAMAR)
    ids = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://plan") as http,
    ):
        for year, languages in ((1994, ["ti"]), (1988, ["ar", "en"]), (2001, ["uk"])):
            response = await http.post(
                "/participants",
                headers=headers,
                json={
                    "municipality": HAMAR,
                    "settlement_date": "2026-08-15",
                    "birth_year": year,
                    "household_type": "single",
                    "languages": languages,
                },
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
    return ids


async def test_a_dumped_database_restores_and_serves_the_same_answers(
    make_database: MakeDatabase,
    tmp_path: Path,
    run: Callable[..., str],
    tool: Callable[[str], str],
) -> None:
    tool("pg_dump")
    tool("pg_restore")
    tokens = DevTokens(tmp_path / "home")
    original_url = migrate_database(definition.migrations_dir, make_database("backup"))
    original = service_settings(
        PlanSettings, database_url=original_url, kafka_bootstrap="127.0.0.1:9", home=tokens.home
    )
    ids = await _write(original, tokens)
    before = await _answers(original, tokens, ids)

    env = _libpq_env(original_url)
    source = make_url(original_url).database or ""
    backups = tmp_path / "backups"
    out = run("bash", "deploy/postgres/backup.sh", str(backups), source, env=env)
    dumps = sorted((backups / source).glob("*.dump"))
    assert len(dumps) == 1, out

    # A fresh database: created by make_database (so the session drops it), then emptied
    # of nothing; restore.sh creates its target itself, so hand it a new name.
    scratch = make_database("restored")
    target = make_url(scratch).database or ""
    run("dropdb", target, env=env)
    out = run("bash", "deploy/postgres/restore.sh", str(dumps[0]), target, env=env)
    assert f"restored {dumps[0]} into {target}" in out

    restored = service_settings(
        PlanSettings, database_url=scratch, kafka_bootstrap="127.0.0.1:9", home=tokens.home
    )
    after = await _answers(restored, tokens, ids)
    assert after == before
    assert len(after["list"]["items"] if isinstance(after["list"], dict) else after["list"]) >= 3

    # The restored copy takes writes again.
    more = await _write(restored, tokens)
    assert len(more) == 3


def test_restore_refuses_an_existing_database(
    make_database: MakeDatabase, tmp_path: Path, tool: Callable[[str], str]
) -> None:
    tool("pg_restore")
    url = make_database("exists")
    env = {**os.environ, **_libpq_env(url)}
    dump = tmp_path / "x.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", f"--dbname={make_url(url).database}"],
        env=env,
        check=True,
    )
    result = subprocess.run(
        ["bash", "deploy/postgres/restore.sh", str(dump), make_url(url).database or ""],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "already exists" in result.stderr
