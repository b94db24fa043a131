"""The adapter's integration tests run it against a real plan-service app (its own
database, PostgreSQL and SQLite, migrated to head), through plan-service's HTTP API
only: the shared service fixtures of ``helhet_common.testing.services``."""

from __future__ import annotations

from helhet_common.testing.services import service_fixtures
from plan_service.adapters.tables import metadata
from plan_service.bootstrap import definition

globals().update(service_fixtures(definition, metadata))
