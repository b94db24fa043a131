"""Fixtures for placement-service's tests: a migrated database, tokens, an HTTP client."""

from __future__ import annotations

from helhet_common.testing.services import service_fixtures
from placement_service.adapters.tables import metadata
from placement_service.bootstrap import definition

globals().update(service_fixtures(definition, metadata))
