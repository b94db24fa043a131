"""reporting-service described once: what it serves, publishes, consumes and migrates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from helhet_common.access.retention import prune_access_log_command
from helhet_common.service import ServiceDefinition
from helhet_common.settings import ServiceSettings
from reporting_service import contracts
from reporting_service.adapters import tables
from reporting_service.entrypoints.digest import SEND_DIGEST
from reporting_service.entrypoints.jobs import (
    EVALUATE_ALERTS,
    check_organisation_models,
    reconcile_alerts_after_rebuild,
)
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _create_app(settings: ServiceSettings) -> FastAPI:
    """The api, imported only by the commands that serve it (a rebuild or a consumer
    starts seconds faster without the web stack)."""
    from reporting_service.entrypoints.app import create

    return create(cast(ReportingSettings, settings))


definition = ServiceDefinition(
    name="reporting-service",
    settings_factory=ReportingSettings,
    app_factory=_create_app,
    migrations_dir=MIGRATIONS,
    publishes=contracts.published,
    tables=tables.shared,
    make_projection=make_projection,
    commands=[EVALUATE_ALERTS, SEND_DIGEST, prune_access_log_command(tables.access_log)],
    check=check_organisation_models,
    after_rebuild=reconcile_alerts_after_rebuild,
)
