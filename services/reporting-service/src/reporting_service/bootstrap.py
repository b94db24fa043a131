"""reporting-service described once: what it serves, consumes and migrates."""

from __future__ import annotations

from pathlib import Path

from helhet_common.service import ServiceDefinition
from reporting_service.adapters import tables
from reporting_service.entrypoints.app import create
from reporting_service.entrypoints.jobs import (
    EVALUATE_ALERTS,
    check_organisation_models,
    reconcile_alerts_after_rebuild,
)
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

definition = ServiceDefinition(
    name="reporting-service",
    settings_factory=ReportingSettings,
    app_factory=create,  # type: ignore[arg-type]
    migrations_dir=MIGRATIONS,
    tables=tables.shared,
    make_projection=make_projection,
    commands=[EVALUATE_ALERTS],
    check=check_organisation_models,
    after_rebuild=reconcile_alerts_after_rebuild,
)
