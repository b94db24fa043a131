"""``GET /changes``: placement-service's published events for systems that poll
(``helhet_common.changes.municipality_feed``): every event of the caller's
municipality, for those who read placement-service's API."""

from __future__ import annotations

from helhet_common.changes import municipality_feed
from placement_service.adapters import tables
from placement_service.entrypoints.deps import PROBLEMS, reader

router = municipality_feed(
    outbox=tables.shared.outbox,
    reader=reader,
    service="placement-service",
    who="the caseworkers, the integration leader and plan editors see all of them, as over the API",
    responses=PROBLEMS,
)
