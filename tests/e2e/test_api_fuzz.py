"""Property-based bad-input testing of the public APIs (schemathesis).

Schemathesis reads each service's OpenAPI document and generates requests for every
operation, both valid (positive) and invalid (negative), sent to the service running
as a process with a valid token. Whatever it sends, the answer is never a 5xx,
invalid data is rejected with a 4xx, and responses use the documented status codes and
schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from helhet_common.broker import free_port
from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import migrate_database
from placement_service.bootstrap import MIGRATIONS as PLACEMENT_MIGRATIONS
from volunteer_service.bootstrap import MIGRATIONS as VOLUNTEER_MIGRATIONS

from .conftest import Platform, PlatformFactory

CHECKS = [
    not_a_server_error,
    negative_data_rejection,
    status_code_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def platform(platform_factory_module: PlatformFactory, kafka_bootstrap: str) -> Platform:
    return platform_factory_module(kafka_bootstrap)


@pytest.fixture(scope="module")
def agency_apis(
    platform: Platform,
    make_database: MakeDatabase,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, str]]:
    """placement-service's and volunteer-service's apis, each on its own database."""
    workdir = tmp_path_factory.mktemp("agency-apis")
    processes, urls = [], {}
    for name, migrations in (
        ("placement", PLACEMENT_MIGRATIONS),
        ("volunteer", VOLUNTEER_MIGRATIONS),
    ):
        port = free_port()
        prefix = name.upper()
        process = ServiceProcess(
            f"{name}_service.entrypoints.cli",
            ["api"],
            env={
                f"{prefix}_DATABASE_URL": migrate_database(
                    migrations, make_database(f"e2e_{name}")
                ),
                f"{prefix}_PORT": str(port),
                "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
                "HELHET_HOME": str(platform.tokens.home),
                "HELHET_ENVIRONMENT": "test",
            },
            log_path=workdir / f"{name}-api.log",
            health_url=f"http://127.0.0.1:{port}/health/live",
        )
        processes.append(process.start())
        urls[name] = f"http://127.0.0.1:{port}"
    try:
        for process in processes:
            process.wait_healthy()
        yield urls
    finally:
        for process in processes:
            process.stop()


def _fuzz(base_url: str, headers: dict[str, str], mode: GenerationMode) -> list[str]:
    document = httpx.get(f"{base_url}/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(document)
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case: Any) -> None:
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=10)

        try:
            check()
        except Unsatisfiable:
            # An operation with no inputs (e.g. GET /health/live) has no invalid form.
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        tested.append(operation.label)
    return tested


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_plan_service_answers_generated_input_without_server_errors(
    platform: Platform, mode: GenerationMode
) -> None:
    tested = _fuzz(platform.plan_url, platform.caseworker(), mode)
    assert "POST /participants" in tested
    assert "PUT /participants/{participant_id}/plan" in tested


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_reporting_service_answers_generated_input_without_server_errors(
    platform: Platform, mode: GenerationMode
) -> None:
    tested = _fuzz(platform.reporting_url, platform.leader(), mode)
    assert "GET /overview" in tested


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_placement_service_answers_generated_input_without_server_errors(
    platform: Platform, agency_apis: dict[str, str], mode: GenerationMode
) -> None:
    tested = _fuzz(agency_apis["placement"], platform.caseworker(), mode)
    assert "POST /employers" in tested


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_volunteer_service_answers_generated_input_without_server_errors(
    platform: Platform, agency_apis: dict[str, str], mode: GenerationMode
) -> None:
    tested = _fuzz(agency_apis["volunteer"], platform.caseworker(), mode)
    assert "POST /volunteers" in tested
