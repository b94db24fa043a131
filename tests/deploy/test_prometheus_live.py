"""A real Prometheus scrapes the services under test: the dashboards and alerts see them.

Debian's ``prometheus`` (``make deploy-tools``) scrapes plan-service's api, relay and
consumer and reporting-service's consumer and api, run as processes on fresh PostgreSQL
databases and a private Tansu broker, every second. The test then asks its HTTP API:

1. every rule in ``deploy/prometheus/rules/helhet.rules.yml`` loads and evaluates
   without error;
2. every dashboard panel's query returns series (``$service`` is ``.+``,
   ``$__rate_interval`` is ``10s``);
3. every metric selector in every alert expression returns series, except those listed
   in ``NO_SERIES_HERE`` with the reason, which must at least be known to Prometheus
   (their ``# TYPE`` line is scraped: the metric exists, it has no samples yet);
4. with plan-service's relay stopped while writes go on, ``HelhetOutboxNotDraining``
   fires.

The rules Prometheus loads are a copy with every duration shortened so that they can
fire within the test: each ``for:`` and each range ``[Nm]`` becomes ``[Ns]`` (minutes
become seconds, e.g. ``for: 5m`` -> ``for: 5s``, ``[10m]`` -> ``[10s]``). The
expressions are otherwise the real ones. The Kubernetes rules
(``rules/kubernetes/``) watch kube-state-metrics and CloudNativePG, which this setup does
not have; ``promtool test rules`` covers them.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from helhet_common.broker import free_port
from helhet_common.testing.plugin import MakeDatabase, TansuFactory
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.bootstrap import MIGRATIONS as REPORTING_MIGRATIONS

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules" / "helhet.rules.yml"
DASHBOARDS = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))

RUNNING = {"plan-service", "reporting-service"}
# Selectors that cannot have samples in this setup, with why. Each metric must still be
# known to Prometheus (scraped with its # TYPE line).
NO_SERIES_HERE = {
    "outbox_publish_failures_total": "no publication fails (the broker is up)",
    "dead_letters_total": "no event is dead-lettered (every event applies)",
    'http_requests_total{status=~"5..", route!~"/health/.*|/metrics"}': (
        "no request ends in a server error"
    ),
    'http_requests_total{route="/health/ready", status="503"}': (
        "readiness answers 503 only with the database down"
    ),
}
KEYWORDS = {
    "and", "or", "unless", "by", "on", "without", "ignoring", "group_left",
    "group_right", "offset", "bool", "inf", "nan",
}  # fmt: skip


def shortened(rules_text: str) -> str:
    """The rules with every ``for:`` and range duration in minutes made seconds."""
    text = re.sub(r"(for:\s*)(\d+)m\b", r"\g<1>\2s", rules_text)
    return re.sub(r"\[(\d+)m\]", r"[\1s]", text)


def panel_exprs() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(panels: list[dict[str, Any]], dashboard: str) -> None:
        for panel in panels:
            for target in panel.get("targets", []):
                if target.get("expr"):
                    found.append((f"{dashboard}: {panel['title']}", target["expr"]))
            walk(panel.get("panels", []), dashboard)

    for path in DASHBOARDS:
        walk(json.loads(path.read_text())["panels"], path.stem)
    return found


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def selectors(expr: str) -> list[str]:
    """The vector selectors (``metric`` or ``metric{...}``) of a PromQL expression."""
    # Without groupings (their names are labels) and range durations.
    text = re.sub(r"\b(by|on|without|ignoring)\s*\([^)]*\)", " ", expr)
    text = re.sub(r"\[[^\]]*\]", "", text)
    found = []
    pattern = r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?(?!\s*[(\w])"
    for match in re.finditer(pattern, text):
        name, matchers = match.group(1), match.group(2) or ""
        if name.lower() in KEYWORDS or _inside_braces(text, match.start()):
            continue  # an operator, or a label name inside a matcher block
        found.append(name + re.sub(r"\s+", " ", matchers))
    return found


def _inside_braces(text: str, position: int) -> bool:
    return text.rfind("{", 0, position) > text.rfind("}", 0, position)


def test_selectors_are_found() -> None:
    assert selectors(
        'sum by (service) (rate(http_requests_total{status=~"5..", route!~"/x"}[5m])) > 0'
    ) == ['http_requests_total{status=~"5..", route!~"/x"}']
    assert selectors("min_over_time(outbox_backlog[10m]) > 0 unless on (service) up") == [
        "outbox_backlog",
        "up",
    ]
    assert shortened("for: 15m\nexpr: x[10m]") == "for: 15s\nexpr: x[10s]"


class Prometheus:
    def __init__(self, workdir: Path, scrape_targets: dict[str, list[dict[str, Any]]]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        rules = workdir / "helhet.rules.yml"
        rules.write_text(shortened(RULES.read_text()))
        config = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(rules)],
            "scrape_configs": [
                {
                    "job_name": job,
                    "honor_labels": True,
                    "scrape_timeout": "900ms",
                    "static_configs": static,
                }
                for job, static in scrape_targets.items()
            ],
        }
        self.config = workdir / "prometheus.yml"
        self.config.write_text(yaml.safe_dump(config))
        self.log = workdir / "prometheus.log"
        self.workdir = workdir
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, binary: str) -> None:
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    binary,
                    f"--config.file={self.config}",
                    f"--storage.tsdb.path={self.workdir / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    "--storage.tsdb.retention.time=1h",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self._ready, 30, "prometheus ready")

    def _ready(self) -> bool:
        assert self._process is not None
        assert self._process.poll() is None, self.log_tail()
        try:
            return httpx.get(f"{self.url}/-/ready", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])

    def api(self, path: str, **params: str) -> Any:
        response = httpx.get(f"{self.url}/api/v1/{path}", params=params, timeout=5)
        response.raise_for_status()
        body = response.json()
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        data = self.api("query", query=expr)
        result: list[dict[str, Any]] = data["result"]
        return result


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Platform:
    def __init__(self) -> None:
        self.processes: dict[str, ServiceProcess] = {}
        self.plan_url = ""
        self.reporting_url = ""

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()


@pytest.fixture
def platform(
    make_database: MakeDatabase, tansu_factory: TansuFactory, tmp_path: Path
) -> Iterator[tuple[Platform, dict[str, list[dict[str, Any]]], DevTokens]]:
    broker = tansu_factory()
    tokens = DevTokens(tmp_path / "home")
    plan_db = migrate_database(PLAN_MIGRATIONS, make_database("prom_plan"))
    reporting_db = migrate_database(REPORTING_MIGRATIONS, make_database("prom_reporting"))
    plan_port, reporting_port = free_port(), free_port()
    relay_metrics, consumer_metrics = free_port(), free_port()
    plan_consumer_metrics = free_port()
    # Each api serves /metrics on its own metrics port (as in compose, one per container).
    plan_api_metrics, reporting_api_metrics = free_port(), free_port()
    common = {
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "HELHET_HOME": str(tokens.home),
        "HELHET_ENVIRONMENT": "test",
        "KAFKA_CONSUMER_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_REQUEST_TIMEOUT_MS": "2000",
        "LOG_LEVEL": "WARNING",
    }
    plan_env = {
        **common,
        "PLAN_DATABASE_URL": plan_db,
        "PLAN_PORT": str(plan_port),
        "PLAN_OUTBOX_POLL_INTERVAL_S": "0.05",
        "PLAN_METRICS_PORT": str(relay_metrics),
    }
    reporting_env = {
        **common,
        "REPORTING_DATABASE_URL": reporting_db,
        "REPORTING_PORT": str(reporting_port),
        "REPORTING_METRICS_PORT": str(consumer_metrics),
    }
    running = Platform()
    running.plan_url = f"http://127.0.0.1:{plan_port}"
    running.reporting_url = f"http://127.0.0.1:{reporting_port}"
    plan, reporting = "plan_service.entrypoints.cli", "reporting_service.entrypoints.cli"
    specs = {
        "plan-api": (
            plan,
            "api",
            {**plan_env, "PLAN_METRICS_PORT": str(plan_api_metrics)},
            running.plan_url,
        ),
        "plan-relay": (plan, "relay", plan_env, None),
        "plan-consumer": (
            plan,
            "consume",
            {**plan_env, "PLAN_METRICS_PORT": str(plan_consumer_metrics)},
            None,
        ),
        "reporting-consumer": (reporting, "consume", reporting_env, None),
        "reporting-api": (
            reporting,
            "api",
            {**reporting_env, "REPORTING_METRICS_PORT": str(reporting_api_metrics)},
            running.reporting_url,
        ),
    }
    for name, (module, command, env, url) in specs.items():
        running.processes[name] = ServiceProcess(
            module,
            [command],
            env=env,
            log_path=tmp_path / f"{name}.log",
            health_url=f"{url}/health/live" if url else None,
        ).start()
    # The same target labels as compose's scrape configs (deploy/prometheus/prometheus.yml).
    targets = {
        "helhet-api": [
            {
                "targets": [f"127.0.0.1:{plan_api_metrics}"],
                "labels": _labels("plan-service", "api"),
            },
            {
                "targets": [f"127.0.0.1:{reporting_api_metrics}"],
                "labels": _labels("reporting-service", "api"),
            },
        ],
        "helhet-relay": [
            {"targets": [f"127.0.0.1:{relay_metrics}"], "labels": _labels("plan-service", "relay")}
        ],
        "helhet-consumer": [
            {
                "targets": [f"127.0.0.1:{consumer_metrics}"],
                "labels": _labels("reporting-service", "consumer"),
            },
            {
                "targets": [f"127.0.0.1:{plan_consumer_metrics}"],
                "labels": _labels("plan-service", "consumer"),
            },
        ],
    }
    try:
        for process in running.processes.values():
            process.wait_healthy()
        # The public ports serve no /metrics once a metrics port is set.
        for url in (running.plan_url, running.reporting_url):
            assert httpx.get(f"{url}/metrics", timeout=5).status_code == 404
        yield running, targets, tokens
    finally:
        running.stop()


def _labels(service: str, process: str) -> dict[str, str]:
    return {"service": service, "process": process}


def _settle(plan_url: str, tokens: DevTokens) -> None:
    body = {
        "municipality": "3403",
        "settlement_date": "2026-06-01",
        "birth_year": 1993,
        "household_type": "single",
        "languages": ["ti"],
    }
    headers = tokens.headers("caseworker", municipality="3403")
    response = httpx.post(f"{plan_url}/participants", json=body, headers=headers, timeout=10)
    assert response.status_code == 201, response.text


def test_dashboards_and_alerts_see_the_services(
    platform: tuple[Platform, dict[str, list[dict[str, Any]]], DevTokens],
    tmp_path: Path,
    tool: Callable[[str], str],
) -> None:
    running, targets, tokens = platform
    prometheus = Prometheus(tmp_path / "prometheus", targets)
    prometheus.start(tool("prometheus"))
    try:
        _check(prometheus, running, tokens)
    except BaseException:
        print(prometheus.log_tail())
        for name, process in running.processes.items():
            print(f"--- {name}\n{process.log_tail(15)}")
        raise
    finally:
        prometheus.stop()


def _check(prometheus: Prometheus, running: Platform, tokens: DevTokens) -> None:
    # Traffic for every panel: writes (published, consumed, applied), reads, readiness.
    leader = tokens.headers("integration_leader", municipality="3403")
    for _ in range(3):
        _settle(running.plan_url, tokens)
        httpx.get(f"{running.reporting_url}/overview", headers=leader, timeout=5)
        httpx.get(f"{running.plan_url}/health/ready", timeout=5)
        httpx.get(f"{running.reporting_url}/health/ready", timeout=5)

    wait_for(
        lambda: len(prometheus.query("up == 1")) == 5,
        60,
        "five targets up",
    )
    wait_for(
        lambda: bool(prometheus.query("projection_delay_seconds_count > 0")),
        60,
        "reporting-service applied the events",
    )
    # Another round so that every rate window ([10s]) holds an increase.
    for _ in range(3):
        _settle(running.plan_url, tokens)
        httpx.get(f"{running.reporting_url}/overview", headers=leader, timeout=5)
        httpx.get(f"{running.plan_url}/health/ready", timeout=5)
    time.sleep(3)

    # 1. Every rule loads and evaluates without error.
    groups = prometheus.api("rules")["groups"]
    loaded = {rule["name"]: rule for group in groups for rule in group["rules"]}
    assert set(loaded) == {rule["alert"] for rule in alert_rules()}
    broken = {name: rule["lastError"] for name, rule in loaded.items() if rule.get("lastError")}
    assert not broken, broken
    assert all(rule["health"] == "ok" for rule in loaded.values()), loaded

    # 2. Every dashboard panel's query returns series.
    empty = []
    for title, expr in panel_exprs():
        concrete = expr.replace("$service", ".+").replace("$__rate_interval", "10s")
        if not prometheus.query(concrete):
            empty.append(f"{title}: {concrete}")
    assert not empty, "panels without series:\n" + "\n".join(empty)

    # 3. Every selector of every alert expression returns series (or is listed).
    missing = []
    exempt_seen = set()
    for rule in alert_rules():
        for selector in selectors(rule["expr"]):
            services = set(re.findall(r'service="([^"]+)"', selector))
            if services - RUNNING:
                continue  # absent(...) of a service this test does not run
            if selector in NO_SERIES_HERE:
                exempt_seen.add(selector)
                continue
            if not prometheus.query(selector):
                missing.append(f"{rule['alert']}: {selector}")
    assert not missing, "alert selectors without series:\n" + "\n".join(missing)
    assert exempt_seen == set(NO_SERIES_HERE), "stale entries in NO_SERIES_HERE"
    for selector in NO_SERIES_HERE:
        name = selector.split("{")[0]
        metadata = prometheus.api("targets/metadata", metric=name)
        assert metadata, f"{name} is not exported by any target"
    # The absent() alerts for the services that run: nothing missing.
    for alert in ("HelhetRelayMissing", "HelhetConsumerMissing"):
        assert loaded[alert]["state"] == "inactive" or _only_other_services(loaded[alert])

    # 4. The relay stops while writes go on: the outbox alert fires.
    running.processes["plan-relay"].stop()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        _settle(running.plan_url, tokens)
        if _firing(prometheus, "HelhetOutboxNotDraining", "plan-service"):
            break
        time.sleep(1)
    else:
        raise AssertionError(f"HelhetOutboxNotDraining never fired: {prometheus.api('alerts')}")


def _only_other_services(rule: dict[str, Any]) -> bool:
    return all(alert["labels"].get("service") not in RUNNING for alert in rule["alerts"])


def _firing(prometheus: Prometheus, name: str, service: str) -> bool:
    return any(
        alert["labels"]["alertname"] == name
        and alert["labels"].get("service") == service
        and alert["state"] == "firing"
        for alert in prometheus.api("alerts")["alerts"]
    )
