"""placement-service described once: what it serves, publishes, consumes and migrates."""

from __future__ import annotations

from pathlib import Path

from helhet_common.access.retention import prune_access_log_command
from helhet_common.service import ServiceDefinition
from placement_service import contracts
from placement_service.adapters import tables
from placement_service.entrypoints.app import create
from placement_service.entrypoints.seed import seed
from placement_service.service_layer.projection import make_projection
from placement_service.settings import PlacementSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

definition = ServiceDefinition(
    name="placement-service",
    settings_factory=PlacementSettings,
    app_factory=create,  # type: ignore[arg-type]
    migrations_dir=MIGRATIONS,
    tables=tables.shared,
    publishes=contracts.registry,
    make_projection=make_projection,
    seed=seed,  # type: ignore[arg-type]
    commands=[prune_access_log_command(tables.access_log)],
)
