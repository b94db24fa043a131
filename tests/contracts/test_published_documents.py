"""The documents under ``contracts/`` are usable by an integrator: they pass the official
validators and say what is sent.

- OpenAPI: ``openapi-spec-validator`` (OpenAPI 3.1); every error response is a problem
  with a schema and an example; every operation declares its security.
- AsyncAPI: the official parser (``@asyncapi/parser``, installed by ``make
  contract-tools`` into ``tools/asyncapi``), with warnings counted as failures.
- Event schemas: valid JSON Schema 2020-12 describing the CloudEvents envelope.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "contracts"
ASYNCAPI_TOOL = ROOT / "tools" / "asyncapi"
OPENAPI_FILES = sorted(CONTRACTS.glob("*/openapi.json"))
ASYNCAPI_FILES = sorted(CONTRACTS.glob("*/asyncapi.json"))
EVENT_SCHEMAS = sorted(CONTRACTS.glob("*/helhet.*.schema.json"))
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_service_publishes_an_openapi_document() -> None:
    services = {p.parent.name for p in OPENAPI_FILES}
    assert services == {
        "plan-service",
        "placement-service",
        "volunteer-service",
        "reporting-service",
    }


@pytest.mark.parametrize("path", OPENAPI_FILES, ids=lambda p: p.parent.name)
def test_the_openapi_document_is_valid(path: Path) -> None:
    validate(_load(path))


@pytest.mark.parametrize("path", OPENAPI_FILES, ids=lambda p: p.parent.name)
def test_every_error_response_is_a_problem_with_an_example(path: Path) -> None:
    document = _load(path)
    missing = []
    for route, method, operation in _operations(document):
        for status, response in operation["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            media = response.get("content", {})
            if not media or not all(
                "schema" in m and ("example" in m or "examples" in m) for m in media.values()
            ):
                missing.append(f"{method.upper()} {route} {status}")
    assert missing == []


@pytest.mark.parametrize("path", OPENAPI_FILES, ids=lambda p: p.parent.name)
def test_every_request_body_has_an_example(path: Path) -> None:
    document = _load(path)
    missing = [
        f"{method.upper()} {route}"
        for route, method, operation in _operations(document)
        for media in operation.get("requestBody", {}).get("content", {}).values()
        if "example" not in media and "examples" not in media
    ]
    assert missing == []


@pytest.mark.parametrize("path", OPENAPI_FILES, ids=lambda p: p.parent.name)
def test_every_example_fits_its_schema(path: Path) -> None:
    """Request bodies and problem responses: what an integrator copies is valid.

    (Not yet the success answers: FastAPI writes the document without null values, so
    an example's ``"closed_at": null`` is dropped and a required nullable field goes
    missing from it.)"""
    document = _load(path)
    wrong = []
    for route, method, operation in _operations(document):
        media = [
            (f"{method.upper()} {route} body", m)
            for m in operation.get("requestBody", {}).get("content", {}).values()
        ] + [
            (f"{method.upper()} {route} {status}", m)
            for status, response in operation["responses"].items()
            if status.startswith(("4", "5"))
            for m in response.get("content", {}).values()
        ]
        for where, item in media:
            if "example" not in item or "schema" not in item:
                continue
            schema = {**item["schema"], "components": document["components"]}
            errors = list(Draft202012Validator(schema).iter_errors(item["example"]))
            if errors:
                wrong.append(f"{where}: {errors[0].message}")
    assert wrong == []


@pytest.mark.parametrize("path", OPENAPI_FILES, ids=lambda p: p.parent.name)
def test_every_operation_declares_its_security(path: Path) -> None:
    document = _load(path)
    schemes = set(document["components"]["securitySchemes"])
    public = []
    for route, method, operation in _operations(document):
        assert "security" in operation, f"{method.upper()} {route}"
        for requirement in operation["security"]:
            assert set(requirement) <= schemes
        if not operation["security"]:
            public.append(route)
    assert set(public) <= {"/health/live", "/health/ready", "/health/outbox"}


def _node_validator() -> list[str]:
    node = shutil.which("node")
    installed = (ASYNCAPI_TOOL / "node_modules" / "@asyncapi" / "parser").is_dir()
    if node is None or not installed:
        message = "the AsyncAPI parser is not installed: run `make contract-tools`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [node, str(ASYNCAPI_TOOL / "validate.mjs"), "--strict"]


def test_the_asyncapi_documents_pass_the_official_parser() -> None:
    assert ASYNCAPI_FILES
    result = subprocess.run(
        [*_node_validator(), *map(str, ASYNCAPI_FILES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_parser_refuses_a_document_with_a_dangling_reference(tmp_path: Path) -> None:
    """The check can fail: the kind of error that once stood in plan-service's document."""
    document = _load(ASYNCAPI_FILES[0])
    message = next(iter(document["components"]["messages"].values()))
    message["payload"]["properties"]["data"] = {"$ref": "#/$defs/Nowhere"}
    broken = tmp_path / "asyncapi.json"
    broken.write_text(json.dumps(document), encoding="utf-8")

    result = subprocess.run(
        [*_node_validator(), str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "invalid-ref" in result.stdout


@pytest.mark.parametrize("path", EVENT_SCHEMAS, ids=lambda p: p.name)
def test_every_event_schema_is_a_cloudevents_envelope(path: Path) -> None:
    schema = _load(path)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:helhet:event:{path.name.removesuffix('.schema.json')}"
    for attribute in ("specversion", "id", "source", "type", "time", "data"):
        assert attribute in schema["required"]
    data = schema["properties"]["data"]["$ref"].removeprefix("#/$defs/")
    assert schema["$defs"][data]["type"] == "object"


def test_the_asyncapi_messages_carry_key_headers_and_envelope() -> None:
    for path in ASYNCAPI_FILES:
        document = _load(path)
        for message in document["components"]["messages"].values():
            assert message["bindings"]["kafka"]["key"]["format"] == "uuid"
            assert "content-type" in message["headers"]["properties"]
            assert message["payload"]["properties"]["type"]["const"] == message["name"]
