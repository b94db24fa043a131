"""The deploy files, validated without a container engine or a cluster.

- docker-compose.yml: `docker-compose config` (Debian's docker-compose 1.29), with the
  required secrets set, and refusing to start without them;
- the Kubernetes manifests: `kubectl kustomize` of the base and both overlays, the core
  kinds with kubernetes-validate --strict, the Prometheus Operator, KEDA, cert-manager and
  Gateway API kinds with the kubernetes-models packages, the Strimzi and CloudNativePG
  kinds with the schemas in deploy/schemas/;
- the Dockerfile: hadolint (rules in .hadolint.yaml);
- Prometheus: `promtool check config`, `promtool check rules`, `promtool test rules`;
- generated files (dashboards, PrometheusRule) are current (deploy/tools/render.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OPERATOR_MODELS = ROOT / ".tools" / "operator-models"
OVERLAYS = ["base", "overlays/dev", "overlays/production"]
Tool = Callable[[str], str]
Run = Callable[..., str]
SCHEMAS = ROOT / "deploy" / "schemas"
COMPOSE_SECRETS = {
    "HELHET_DB_PASSWORD": "test-db-password",
    "HELHET_DB_OWNER_PASSWORD": "test-db-owner-password",
    "HELHET_DB_RUNTIME_PASSWORD": "test-db-runtime-password",
    "HELHET_KAFKA_PASSWORD": "test-kafka-password",
    "HELHET_KAFKA_ADMIN_PASSWORD": "test-kafka-admin-password",
    "GRAFANA_ADMIN_PASSWORD": "test-grafana-password",
    "HELHET_SESSION_SECRET": "test-session-secret",
    "HELHET_ISSUERS": "./deploy/identity/issuers.example.toml",
}


# -- compose ----------------------------------------------------------------------------


def test_compose_file_is_valid_with_its_required_secrets(tool: Tool, run: Run) -> None:
    compose = tool("docker-compose")
    run(compose, "-f", "docker-compose.yml", "config", "-q", env=COMPOSE_SECRETS)
    services = run(
        compose, "-f", "docker-compose.yml", "config", "--services", env=COMPOSE_SECRETS
    ).split()
    for expected in ("kafka", "kafka-topics", "postgres", "jaeger", "prometheus", "grafana"):
        assert expected in services
    rendered = yaml.safe_load(
        run(compose, "-f", "docker-compose.yml", "config", env=COMPOSE_SECRETS)
    )
    api = rendered["services"]["plan-api"]["environment"]
    assert api["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert api["KAFKA_SASL_PASSWORD"] == "test-kafka-password"
    # The processes connect as the runtime role, `migrate` as the database's owner.
    assert api["PLAN_DATABASE_URL"].startswith("postgresql+asyncpg://plan_app:test-db-runtime")
    assert "PLAN_MIGRATION_DATABASE_URL" not in api
    assert api["HELHET_ISSUERS_FILE"] == "/etc/helhet/identity/issuers.toml"
    assert api["HELHET_SESSION_SECRET"] == "test-session-secret"
    # docker-compose renders a volume as "source:target:mode" or as a mapping.
    mounts = [
        (v["source"], v["target"]) if isinstance(v, dict) else tuple(v.split(":")[:2])
        for v in rendered["services"]["plan-api"]["volumes"]
    ]
    assert any(
        source.endswith("issuers.example.toml") and target == "/etc/helhet/identity/issuers.toml"
        for source, target in mounts
    ), mounts
    migrate = rendered["services"]["plan-migrate"]["environment"]
    assert migrate["PLAN_MIGRATION_DATABASE_URL"].startswith(
        "postgresql+asyncpg://plan:test-db-owner-password@"
    )


@pytest.mark.parametrize("missing", sorted(COMPOSE_SECRETS))
def test_compose_refuses_to_start_without_a_required_secret(
    missing: str, tool: Tool, run: Run
) -> None:
    compose = tool("docker-compose")
    env = {k: v for k, v in COMPOSE_SECRETS.items() if k != missing}
    result = subprocess.run(
        [compose, "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
    )
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


# -- Kubernetes ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, tool: Tool, run: Run) -> dict[str, Path]:
    kubectl = tool("kubectl")
    out = tmp_path_factory.mktemp("k8s")
    files = {}
    for overlay in OVERLAYS:
        path = out / (overlay.replace("/", "-") + ".yaml")
        path.write_text(run(kubectl, "kustomize", f"deploy/k8s/{overlay}"))
        files[overlay] = path
    return files


def _objects(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _is_core(obj: dict[str, Any]) -> bool:
    group = obj["apiVersion"].split("/")[0] if "/" in obj["apiVersion"] else ""
    return (
        group == ""
        or (group.endswith(".k8s.io") and "gateway" not in group)
        or group
        in {
            "apps",
            "batch",
            "policy",
            "autoscaling",
        }
    )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_core_kinds_validate_strictly(
    rendered: dict[str, Path], overlay: str, tool: Tool, run: Run
) -> None:
    validate = tool("kubernetes-validate")
    core = [o for o in _objects(rendered[overlay]) if _is_core(o)]
    path = rendered[overlay].with_suffix(".core.yaml")
    path.write_text(yaml.safe_dump_all(core))
    output = run(validate, "--strict", "--quiet", str(path))
    assert "error" not in output.lower()


def _validate_with_models(objects: list[dict[str, Any]], tool: Tool) -> list[dict[str, Any]]:
    node = shutil.which("node")
    script = OPERATOR_MODELS / "validate.mjs"
    if node is None or not (OPERATOR_MODELS / "node_modules").is_dir():
        tool("operator-models (node)")
    result = subprocess.run(
        [node or "node", str(script)],
        input="".join(json.dumps(o) + "\n" for o in objects),
        capture_output=True,
        text=True,
        cwd=OPERATOR_MODELS,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _validate_with_schemas(objects: list[dict[str, Any]], tool: Tool) -> list[str]:
    """Errors of ``objects`` against deploy/schemas/ (one run of the tools' jsonschema)."""
    python = tool("python")
    code = (
        "import json, pathlib, sys, jsonschema\n"
        "schemas = pathlib.Path(sys.argv[1])\n"
        "for obj in json.load(sys.stdin):\n"
        "    group, version = obj['apiVersion'].split('/')\n"
        "    where = f\"{obj['kind']}/{obj['metadata']['name']}\"\n"
        "    path = schemas / f\"{group}-{version}-{obj['kind']}.json\"\n"
        "    if not path.exists():\n"
        "        print(f'{where}: no schema {path.name}')\n"
        "        continue\n"
        "    v = jsonschema.Draft202012Validator(json.loads(path.read_text()))\n"
        "    for e in v.iter_errors(obj):\n"
        "        print(where + ' ' + '/'.join(map(str, e.absolute_path)) + ': ' + e.message)\n"
    )
    result = subprocess.run(
        [python, "-c", code, str(SCHEMAS)],
        input=json.dumps(objects),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()


OPERATOR_GROUPS_WITH_MODELS = {
    "monitoring.coreos.com",
    "keda.sh",
    "cert-manager.io",
    "gateway.networking.k8s.io",
}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_operator_kinds_validate(
    rendered: dict[str, Path], overlay: str, tool: Tool, run: Run
) -> None:
    operator = [o for o in _objects(rendered[overlay]) if not _is_core(o)]
    with_models = [
        o for o in operator if o["apiVersion"].split("/")[0] in OPERATOR_GROUPS_WITH_MODELS
    ]
    results = _validate_with_models(with_models, tool) if with_models else []
    problems = [r for r in results if r["status"] != "valid"]
    others = [o for o in operator if o not in with_models]
    problems += [{"error": e} for e in _validate_with_schemas(others, tool)]
    assert not problems, json.dumps(problems, indent=1)
    kinds = Counter(o["kind"] for o in operator)
    # What the platform needs from the operators, in every rendering.
    for kind in ("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "Database"):
        assert kinds[kind] >= 1, kind
    assert kinds["KafkaUser"] == 4
    assert kinds["KafkaTopic"] == 12
    assert {"ServiceMonitor", "PodMonitor", "PrometheusRule"} <= set(kinds)


def test_strimzi_objects_use_the_v1_api(rendered: dict[str, Path], tool: Tool, run: Run) -> None:
    for overlay, path in rendered.items():
        for obj in _objects(path):
            if obj["apiVersion"].startswith("kafka.strimzi.io/"):
                assert obj["apiVersion"] == "kafka.strimzi.io/v1", (overlay, obj["kind"])


def test_schemas_reject_fields_strimzi_v1_removed(tool: Tool, run: Run) -> None:
    tool("python")
    kafka = {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "Kafka",
        "metadata": {"name": "k"},
        "spec": {
            "kafka": {
                "replicas": 3,
                "listeners": [{"name": "plain", "port": 9092, "type": "internal", "tls": False}],
            }
        },
    }
    errors = _validate_with_schemas([kafka], tool)
    assert any("replicas" in e for e in errors), errors


def test_every_process_gets_kafka_credentials(
    rendered: dict[str, Path], tool: Tool, run: Run
) -> None:
    for obj in _objects(rendered["overlays/production"]):
        if obj["kind"] != "Deployment":
            continue
        container = obj["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e for e in container["env"]}
        service = obj["metadata"]["labels"]["app.kubernetes.io/name"]
        assert env["KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == service
        assert "KAFKA_SASL_USERNAME" in env
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert "/etc/helhet/kafka-ca" in mounts


# -- Dockerfile -------------------------------------------------------------------------


def test_dockerfile_passes_hadolint(tool: Tool, run: Run) -> None:
    run(tool("hadolint"), "--config", ".hadolint.yaml", "Dockerfile")


# -- Prometheus ---------------------------------------------------------------------------


def test_prometheus_config_and_rules_are_valid(tmp_path: Path, tool: Tool, run: Run) -> None:
    promtool = tool("promtool")
    # The compose config loads its rules from the mounted folder: check it with them.
    config = (ROOT / "deploy/prometheus/prometheus.yml").read_text()
    rules = ROOT / "deploy" / "prometheus" / "rules"
    (tmp_path / "prometheus.yml").write_text(config.replace("/etc/prometheus/rules/", f"{rules}/"))
    output = run(promtool, "check", "config", str(tmp_path / "prometheus.yml"))
    assert "SUCCESS" in output
    assert "rules found" in output
    for path in sorted(rules.rglob("*.yml")):
        run(promtool, "check", "rules", str(path))


def test_alert_rules_unit_tests_pass(tool: Tool, run: Run) -> None:
    promtool = tool("promtool")
    for path in sorted((ROOT / "deploy/prometheus/tests").glob("*.yml")):
        assert "SUCCESS" in run(promtool, "test", "rules", str(path))


def test_every_alert_has_a_runbook_section(tool: Tool, run: Run) -> None:
    alerts_doc = (ROOT / "docs" / "alerts.md").read_text()
    anchors = {
        line[4:].strip().lower() for line in alerts_doc.splitlines() if line.startswith("### ")
    }
    for path in sorted((ROOT / "deploy/prometheus/rules").rglob("*.yml")):
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                if "alert" not in rule:
                    continue
                name = rule["alert"]
                assert name.lower() in anchors, f"docs/alerts.md has no section {name}"
                assert rule["annotations"]["runbook_url"] == f"docs/alerts.md#{name.lower()}"
                assert rule["labels"]["severity"] in {"critical", "warning"}


def test_generated_files_are_current(tool: Tool, run: Run) -> None:
    run(sys.executable, "deploy/tools/render.py", "--check")


def test_rebuild_job_template_is_valid(tool: Tool, run: Run) -> None:
    validate = tool("kubernetes-validate")
    run(validate, "--strict", "--quiet", "deploy/k8s/base/reporting-service/rebuild-job.yaml")


def test_consumers_scale_on_lag_with_keda(rendered: dict[str, Path]) -> None:
    objects = _objects(rendered["overlays/production"])
    assert not [o for o in objects if o["kind"] == "HorizontalPodAutoscaler"]
    scaled = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ScaledObject"}
    assert set(scaled) == {
        "plan-consumer",
        "placement-consumer",
        "volunteer-consumer",
        "reporting-consumer",
    }
    for name, obj in scaled.items():
        assert obj["spec"]["minReplicaCount"] == 2
        assert obj["spec"]["maxReplicaCount"] == 3
        trigger = obj["spec"]["triggers"][0]
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == name.replace("-consumer", "-service")


# -- database roles -----------------------------------------------------------------------

SERVICE_DATABASES = {
    "plan-service": "plan",
    "placement-service": "placement",
    "volunteer-service": "volunteer",
    "reporting-service": "reporting",
}


def test_kustomize_copy_of_the_runtime_grants_is_current() -> None:
    # configMapGenerator reads files inside the kustomization folder only: the copy must
    # stay equal to the file compose and the role test use.
    original = ROOT / "deploy" / "postgres" / "runtime-role.sql"
    copy = ROOT / "deploy" / "k8s" / "base" / "postgres" / "runtime-role.sql"
    assert copy.read_text() == original.read_text(), f"cp {original.relative_to(ROOT)} {copy}"


def test_the_dev_overlays_issuers_file_is_the_example() -> None:
    original = ROOT / "deploy" / "identity" / "issuers.example.toml"
    copy = ROOT / "deploy" / "k8s" / "overlays" / "dev" / "identity" / "issuers.toml"
    assert copy.read_text() == original.read_text(), f"cp {original.relative_to(ROOT)} {copy}"


def test_every_api_gets_the_issuers_file_and_the_session_key(
    rendered: dict[str, Path],
) -> None:
    for overlay in ("overlays/dev", "overlays/production"):
        apis = [
            o
            for o in _objects(rendered[overlay])
            if o["kind"] == "Deployment"
            and o["metadata"]["labels"].get("app.kubernetes.io/component") == "api"
        ]
        assert len(apis) == 4, overlay
        for api in apis:
            spec = _pod_spec(api)
            container = spec["containers"][0]
            env = {e["name"]: e for e in container["env"]}
            assert env["HELHET_ISSUERS_FILE"]["value"] == "/etc/helhet/identity/issuers.toml"
            # The dev overlay's generated Secret has a hash suffix (a change rolls the pods).
            assert _secret_refs(container)["HELHET_SESSION_SECRET"].startswith("helhet-identity")
            volumes = {v["name"]: v for v in spec["volumes"]}
            assert volumes["identity"]["secret"]["secretName"].startswith("helhet-identity")
            mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
            assert mounts["identity"] == "/etc/helhet/identity"
    dev_secrets = [
        o["metadata"]["name"] for o in _objects(rendered["overlays/dev"]) if o["kind"] == "Secret"
    ]
    assert any(name.startswith("helhet-identity") for name in dev_secrets)


def _pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]  # type: ignore[no-any-return]
    return obj["spec"]["template"]["spec"]  # type: ignore[no-any-return]


def _secret_refs(container: dict[str, Any]) -> dict[str, str]:
    return {
        e["name"]: e["valueFrom"]["secretKeyRef"]["name"]
        for e in container.get("env", [])
        if "secretKeyRef" in e.get("valueFrom", {})
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_has_an_owner_and_a_runtime_role(
    rendered: dict[str, Path], overlay: str
) -> None:
    objects = _objects(rendered[overlay])
    cluster = next(o for o in objects if o["kind"] == "Cluster")
    roles = {r["name"]: r for r in cluster["spec"]["managed"]["roles"]}
    databases = {o["spec"]["name"]: o for o in objects if o["kind"] == "Database"}
    for service, db in SERVICE_DATABASES.items():
        assert roles[db]["passwordSecret"]["name"] == f"{service}-database"
        runtime = roles[f"{db}_app"]
        assert runtime["passwordSecret"]["name"] == f"{service}-database-runtime"
        assert runtime["login"] is True
        for flag in ("superuser", "createdb", "createrole", "replication", "bypassrls"):
            assert runtime.get(flag, False) is False, (db, flag)
        assert databases[db]["spec"]["owner"] == db
    if overlay == "overlays/dev":
        secrets = {o["metadata"]["name"]: o for o in objects if o["kind"] == "Secret"}
        for service in SERVICE_DATABASES:
            for name in (f"{service}-database", f"{service}-database-runtime"):
                assert secrets[name]["type"] == "kubernetes.io/basic-auth"

    for obj in objects:
        if obj["kind"] not in {"Deployment", "CronJob", "Job"}:
            continue
        service = obj["metadata"]["labels"]["app.kubernetes.io/name"]
        prefix = SERVICE_DATABASES[service].upper()
        spec = _pod_spec(obj)
        container = spec["containers"][0]
        env = {e["name"] for e in container["env"]}
        refs = set(_secret_refs(container).values())
        where = obj["metadata"]["name"]
        if obj["metadata"]["labels"]["app.kubernetes.io/component"] == "migration":
            # migrate: the owner only; the grants first, as the owner, for the runtime role.
            assert f"{prefix}_MIGRATION_DATABASE_URL" in env, where
            assert f"{prefix}_DATABASE_URL" not in env, where
            assert refs == {f"{service}-database"}, where
            (grants,) = spec["initContainers"]
            assert set(_secret_refs(grants).items()) == {
                ("PGUSER", f"{service}-database"),
                ("PGPASSWORD", f"{service}-database"),
                ("RUNTIME_USERNAME", f"{service}-database-runtime"),
            }, where
            volumes = {v["name"]: v for v in spec["volumes"]}
            sql = volumes["runtime-role-sql"]["configMap"]["name"]
            assert sql.startswith("helhet-runtime-role-sql"), where
        else:
            assert f"{prefix}_DATABASE_URL" in env, where
            assert f"{prefix}_MIGRATION_DATABASE_URL" not in env, where
            assert refs & {f"{service}-database", f"{service}-database-runtime"} == {
                f"{service}-database-runtime"
            }, where


def test_rebuild_job_template_uses_the_runtime_role() -> None:
    job = yaml.safe_load((ROOT / "deploy/k8s/base/reporting-service/rebuild-job.yaml").read_text())
    refs = set(_secret_refs(job["spec"]["template"]["spec"]["containers"][0]).values())
    assert "reporting-service-database-runtime" in refs
    assert "reporting-service-database" not in refs


# -- processes, jobs and Kafka ACLs against the services' own definitions ----------------


def _definitions() -> dict[str, Any]:
    from placement_service.bootstrap import definition as placement
    from plan_service.bootstrap import definition as plan
    from reporting_service.bootstrap import definition as reporting
    from volunteer_service.bootstrap import definition as volunteer

    return {d.name: d for d in (plan, placement, volunteer, reporting)}


def _accepts(definition: Any, command: str) -> bool:
    """``<service> <command> --help`` parses (exit 0), an unknown command does not (2)."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from helhet_common.service import run_cli

    with redirect_stdout(StringIO()), redirect_stderr(StringIO()):
        try:
            run_cli(definition, [command, "--help"])
        except SystemExit as exit_:
            return exit_.code == 0
    return False


def test_every_process_and_job_runs_a_command_its_service_has(
    rendered: dict[str, Path],
) -> None:
    definitions = _definitions()
    run: set[tuple[str, str]] = set()
    for obj in _objects(rendered["overlays/production"]):
        spec = {
            "Deployment": lambda o: o["spec"]["template"]["spec"],
            "Job": lambda o: o["spec"]["template"]["spec"],
            "CronJob": lambda o: o["spec"]["jobTemplate"]["spec"]["template"]["spec"],
        }.get(obj["kind"])
        service = obj["metadata"].get("labels", {}).get("app.kubernetes.io/name")
        if spec is None or service not in definitions:
            continue
        for container in spec(obj)["containers"]:
            if container["image"].startswith(f"helhet/{service}") and container.get("args"):
                run.add((service, container["args"][0]))
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for body in compose.values():
        image = str(body.get("image", ""))
        if "entrypoint" in body:  # a shell loop around a command (reporting-alerts)
            continue
        for service in definitions:
            if image.startswith(f"helhet/{service}:") and body.get("command"):
                run.add((service, body["command"][0]))
    assert not {(s, c) for s, c in run if not _accepts(definitions[s], c)}
    # Every consumer runs, and the access log is pruned everywhere.
    for service, definition in definitions.items():
        if definition.consumes:
            assert (service, "consume") in run
        assert (service, "prune-access-log") in run
    assert ("plan-service", "erase-due") in run


def test_kafka_acls_let_every_service_do_what_its_definition_says() -> None:
    path = ROOT / "deploy/k8s/base/platform"
    users = {
        o["metadata"]["name"]: o["spec"]["authorization"]["acls"]
        for o in yaml.safe_load_all((path / "kafka-users.yaml").read_text())
        if o
    }
    topics = {
        o["spec"]["topicName"]
        for o in yaml.safe_load_all((path / "kafka-topics.yaml").read_text())
        if o
    }

    def allowed(service: str, kind: str, name: str, operation: str) -> bool:
        for acl in users[service]:
            resource = acl["resource"]
            if resource["type"] != kind or operation not in acl["operations"]:
                continue
            if resource["patternType"] == "literal" and resource["name"] == name:
                return True
            if resource["patternType"] == "prefix" and name.startswith(resource["name"]):
                return True
        return False

    for service, definition in _definitions().items():
        published = definition.publishes.topics if definition.publishes else []
        for topic in published:
            assert topic in topics, topic
            assert allowed(service, "topic", topic, "Write"), (service, topic)
        projection = definition.projection_for(definition.settings_factory())
        if projection is None:
            continue
        assert allowed(service, "group", service, "Read"), service
        for topic in projection.topics:
            assert {topic, f"{topic}.dlq"} <= topics, topic
            assert allowed(service, "topic", topic, "Read"), (service, topic)
            assert allowed(service, "topic", f"{topic}.dlq", "Write"), (service, topic)
