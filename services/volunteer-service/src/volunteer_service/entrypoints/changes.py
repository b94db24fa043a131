"""``GET /changes``: volunteer-service's published events for systems that poll
(``helhet_common.changes.municipality_feed``): every event of the caller's
municipality, for those who read volunteer-service's API."""

from __future__ import annotations

from helhet_common.changes import municipality_feed
from volunteer_service.adapters import tables
from volunteer_service.entrypoints.deps import PROBLEMS, volunteer_staff

router = municipality_feed(
    outbox=tables.shared.outbox,
    reader=volunteer_staff,
    service="volunteer-service",
    who="the caseworkers, the integration leader and the volunteer coordinator see all "
    "of them, as over the API",
    responses=PROBLEMS,
)
