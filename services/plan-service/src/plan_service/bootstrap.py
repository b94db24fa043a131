"""plan-service described once: what it serves, publishes, consumes and migrates."""

from __future__ import annotations

from pathlib import Path

from helhet_common.access.retention import prune_access_log_command
from helhet_common.service import ServiceDefinition
from plan_service import contracts
from plan_service.adapters import tables
from plan_service.entrypoints.app import create
from plan_service.entrypoints.jobs import CHECK_TIMETABLE_WEEKS, ERASE_DUE, EXPIRE_CONSENTS
from plan_service.entrypoints.seed import seed
from plan_service.entrypoints.webhooks import WEBHOOKS
from plan_service.service_layer.access_log import make_projection
from plan_service.settings import PlanSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

definition = ServiceDefinition(
    name="plan-service",
    settings_factory=PlanSettings,
    app_factory=create,  # type: ignore[arg-type]
    migrations_dir=MIGRATIONS,
    tables=tables.shared,
    publishes=contracts.registry,
    make_projection=make_projection,
    seed=seed,  # type: ignore[arg-type]
    commands=[
        EXPIRE_CONSENTS,
        ERASE_DUE,
        CHECK_TIMETABLE_WEEKS,
        prune_access_log_command(tables.access_log),
        WEBHOOKS,
    ],
)
