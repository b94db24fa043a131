"""Fixtures for plan-service's tests: a migrated database, tokens, an HTTP client.

The shared service fixtures (``helhet_common.testing.services.service_fixtures``):
``dev_tokens``, ``database_url``, ``session_settings``, ``test_engine``, ``settings``
(tables emptied after the test), ``app`` and ``client``.
"""

from __future__ import annotations

from helhet_common.testing.services import service_fixtures
from plan_service.adapters.tables import metadata
from plan_service.bootstrap import definition

globals().update(service_fixtures(definition, metadata))
