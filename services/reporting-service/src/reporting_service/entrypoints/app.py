"""reporting-service's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from helhet_common.app import create_app
from reporting_service import contracts
from reporting_service.adapters.organisation import catalogue
from reporting_service.entrypoints import (
    alerts,
    changes,
    cohorts,
    kpis,
    operations,
    overview,
    pages,
    personal_data,
    queue,
)
from reporting_service.settings import ReportingSettings

DESCRIPTION = """
The integration leader's cross-silo overview. Read models only, built from the
events the agency services publish: every participant's chain, counts per link,
the organisation model (who owns each link) and the alerts of the gap rules; the
alerts opened and closed are a change feed (`GET /changes`) for systems that poll.
Errors are RFC 9457 problem details with a machine-readable `code`.
"""


def create(settings: ReportingSettings | None = None) -> FastAPI:
    """The app; the organisation models are loaded and validated here, so an invalid
    model stops the api at startup with a message naming file, line and field."""
    settings = settings or ReportingSettings()
    organisation = catalogue(settings.organisation_models_dir)
    app = create_app(
        settings=settings,
        title="Helhet reporting-service",
        description=DESCRIPTION,
        # The pages first: on the paths they share with the JSON API they answer only
        # requests that ask for HTML.
        routers=[
            pages.router,
            operations.router,
            overview.router,
            alerts.router,
            queue.router,
            kpis.router,
            cohorts.router,
            changes.router,
            personal_data.router,
        ],
        # The api serves the consumer's read model: its readiness follows the consumer.
        consumer_topics=contracts.registry.topics,
    )
    app.state.organisation_catalogue = organisation
    # The operations page's broker clients, kept open between views (operations.py).
    app.state.broker_view = operations.broker_view(settings)
    app.state.on_close.append(app.state.broker_view.close)
    pages.install(app)
    return app
