"""Property-based bad-input testing of the four public APIs (schemathesis).

The four services run as processes, as ``make dev`` runs them (each api, plan-service's
relay and the three consumers), on PostgreSQL and on the embedded default (SQLite), each
seeded with the demo municipality. Schemathesis's command line runs against each API with
every check it has and every phase: the schema's examples, the coverage phase (boundary
and near-boundary values of every field), fuzzing (valid and invalid data) and the
stateful phase, which chains calls through the ids earlier answers returned (a settled
participant's programme started, then extended, then ended). The seeded ids go into the
generated paths too (``fuzz_hooks.py``), so the deep states are reached: a started
programme, a plan with contributions, a running placement, an active match.

Whatever it sends, the answer is never a 5xx, invalid data is refused with a 4xx, and
answers use the documented status codes, content types, headers and schemas. The only
failures dropped are schema-valid requests that a domain rule refused with a 409 or 422
problem naming the rule (see ``fuzz_hooks.filter_failure``).

``HELHET_FUZZ_EXAMPLES`` sets the examples per operation (default 8: about a minute per
service here); a probe runs it at 100.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from helhet_common.broker import free_port
from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database
from helhet_common.testing.waiting import wait_until
from placement_service.bootstrap import MIGRATIONS as PLACEMENT_MIGRATIONS
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.bootstrap import MIGRATIONS as REPORTING_MIGRATIONS
from volunteer_service.bootstrap import MIGRATIONS as VOLUNTEER_MIGRATIONS

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("HELHET_FUZZ_EXAMPLES", "8"))
SEED = 20261207
HAMAR = "3403"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "fuzz"
# Every role a municipal user may hold, so that no operation answers only 403.
ROLES = ("caseworker", "plan_editor", "integration_leader", "operator", "admin")

SERVICES = {
    "plan": PLAN_MIGRATIONS,
    "placement": PLACEMENT_MIGRATIONS,
    "volunteer": VOLUNTEER_MIGRATIONS,
    "reporting": REPORTING_MIGRATIONS,
}
SEEDED = ("plan", "placement", "volunteer")
CONSUMERS = ("placement", "volunteer", "reporting")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class FuzzPlatform:
    database: str
    tokens: DevTokens
    workdir: Path
    urls: dict[str, str] = field(default_factory=dict)
    processes: list[ServiceProcess] = field(default_factory=list)

    def headers(self) -> dict[str, str]:
        return self.tokens.headers(*ROLES, municipality=HAMAR)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def _module(service: str) -> str:
    return f"{service}_service.entrypoints.cli"


def _run_once(service: str, command: str, env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        subprocess.run(
            [sys.executable, "-m", _module(service), command],
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=300,
        )


def _start(
    database: str,
    make_database: MakeDatabase,
    kafka_bootstrap: str,
    workdir: Path,
) -> FuzzPlatform:
    home = workdir / "home"
    platform = FuzzPlatform(database=database, tokens=DevTokens(home), workdir=workdir)
    common = {
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "HELHET_HOME": str(home),
        "HELHET_ENVIRONMENT": "test",
        "KAFKA_CONSUMER_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_REQUEST_TIMEOUT_MS": "2000",
        "LOG_LEVEL": "WARNING",
    }
    envs: dict[str, dict[str, str]] = {}
    for service, migrations in SERVICES.items():
        prefix = service.upper()
        env = {**common, f"{prefix}_PORT": str(free_port())}
        if database == "postgresql":
            env[f"{prefix}_DATABASE_URL"] = migrate_database(
                migrations, make_database(f"fuzz_{service}")
            )
        else:  # the embedded default: a SQLite file under HELHET_HOME, as in make dev
            _run_once(service, "migrate", env, workdir / f"{service}-migrate.log")
        envs[service] = env
        platform.urls[service] = f"http://127.0.0.1:{env[f'{prefix}_PORT']}"
    for service in SEEDED:
        _run_once(service, "seed", envs[service], workdir / f"{service}-seed.log")
    kinds = [(s, "api") for s in SERVICES] + [("plan", "relay")]
    kinds += [(s, "consume") for s in CONSUMERS]
    for service, command in kinds:
        env = dict(envs[service])
        if command != "api":
            env[f"{service.upper()}_METRICS_PORT"] = str(free_port())
        url = platform.urls[service] if command == "api" else None
        platform.processes.append(
            ServiceProcess(
                _module(service),
                [command],
                env=env,
                log_path=workdir / f"{service}-{command}.log",
                health_url=f"{url}/health/live" if url else None,
            ).start()
        )
    try:
        for process in platform.processes:
            process.wait_healthy()
        _wait_for_projections(platform)
    except BaseException:
        platform.stop()
        raise
    return platform


def _wait_for_projections(platform: FuzzPlatform) -> None:
    """Until reporting shows plan-service's seeded participants (the events went through)."""

    def seen() -> bool:
        response = httpx.get(
            f"{platform.urls['reporting']}/participants",
            headers=platform.headers(),
            timeout=5,
        )
        return response.status_code == 200 and response.json().get("total", 0) >= 5

    wait_until(seen, timeout=180, message="reporting has the seeded participants")


def _singular(segment: str) -> str:
    name = segment.replace("-", "_")
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ches", "shes", "sses", "xes")):
        return name[:-2]
    return name.removesuffix("s")


def _collect(value: Any, list_name: str | None, found: dict[str, set[str]]) -> None:
    """Ids in an answer: ``items[].id`` under the list's name, and every ``*_id`` field."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_id") and isinstance(item, str) and UUID_RE.match(item):
                found[key].add(item)
            elif key == "items" and isinstance(item, list) and list_name:
                for entry in item:
                    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                        found[f"{list_name}_id"].add(entry["id"])
            _collect(item, None, found)
    elif isinstance(value, list):
        for item in value:
            _collect(item, list_name, found)


def _seeded_ids(base_url: str, headers: dict[str, str]) -> dict[str, list[str]]:
    """The ids a caseworker can see: lists first, then the lists under each id found."""
    document = httpx.get(f"{base_url}/openapi.json", timeout=10).json()
    found: dict[str, set[str]] = defaultdict(set)
    paths = [
        path
        for path, item in document["paths"].items()
        if "get" in item and not path.startswith(("/health", "/metrics"))
    ]
    for depth in (0, 1):
        for path in paths:
            params = re.findall(r"{([^}]+)}", path)
            if len(params) != depth:
                continue
            last = [s for s in path.split("/") if s and not s.startswith("{")][-1:]
            list_name = _singular(last[0]) if last and not path.endswith("}") else None
            values = [""] if depth == 0 else sorted(found.get(params[0], ()))[:20]
            for value in values:
                url = base_url + (path.replace("{" + params[0] + "}", value) if depth else path)
                response = httpx.get(url, headers=headers, timeout=10)
                if response.status_code == 200 and "json" in response.headers.get(
                    "content-type", ""
                ):
                    _collect(response.json(), list_name, found)
    return {name: sorted(values) for name, values in found.items()}


def _fuzz(platform: FuzzPlatform, service: str) -> tuple[int, str]:
    """Run schemathesis against one API; its exit code and its report."""
    base_url = platform.urls[service]
    headers = platform.headers()
    artifacts = ARTIFACTS / platform.database / service
    artifacts.mkdir(parents=True, exist_ok=True)
    ids_file = artifacts / "seeded-ids.json"
    ids_file.write_text(json.dumps(_seeded_ids(base_url, headers), indent=1))
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--workers",
        "1",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(artifacts),
        "-H",
        f"Authorization: {headers['Authorization']}",
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "fuzz_hooks",
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
        ),
        "HELHET_FUZZ_IDS": str(ids_file),
    }
    finished = subprocess.run(
        command,
        env=env,
        cwd=artifacts,  # schemathesis keeps a cache folder in its working directory
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    report = finished.stdout + finished.stderr
    (artifacts / "report.txt").write_text(report)
    return finished.returncode, report


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def platform(
    request: pytest.FixtureRequest,
    make_database: MakeDatabase,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[FuzzPlatform]:
    database: str = request.param
    started = _start(
        database, make_database, kafka_bootstrap, tmp_path_factory.mktemp(f"fuzz-{database}")
    )
    try:
        yield started
    finally:
        started.stop()


def _summary(report: str) -> str:
    """The failures and the summary of a report, short enough for an assertion message."""
    start = report.find("=== FAILURES")
    return report[start:] if start >= 0 else report[-6000:]


# The first case also starts the platform (four services, migrated and seeded); a run of
# schemathesis over plan-service's whole API takes minutes on a busy 2-core machine.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("service", list(SERVICES))
def test_api_answers_generated_input_as_documented(platform: FuzzPlatform, service: str) -> None:
    code, report = _fuzz(platform, service)
    assert "Tested:" in report, report[-3000:]
    assert code == 0, _summary(report)[-20000:]
