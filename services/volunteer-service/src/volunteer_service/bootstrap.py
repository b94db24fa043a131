"""volunteer-service described once: what it serves, publishes, consumes, migrates and
seeds."""

from __future__ import annotations

from pathlib import Path

from helhet_common.access.retention import prune_access_log_command
from helhet_common.service import ServiceDefinition
from volunteer_service import contracts
from volunteer_service.adapters import tables
from volunteer_service.entrypoints.app import create
from volunteer_service.entrypoints.seed import seed
from volunteer_service.service_layer.projection import make_projection
from volunteer_service.settings import VolunteerSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

definition = ServiceDefinition(
    name="volunteer-service",
    settings_factory=VolunteerSettings,
    app_factory=create,  # type: ignore[arg-type]
    migrations_dir=MIGRATIONS,
    tables=tables.shared,
    publishes=contracts.registry,
    make_projection=make_projection,
    seed=seed,  # type: ignore[arg-type]
    commands=[prune_access_log_command(tables.access_log)],
)
