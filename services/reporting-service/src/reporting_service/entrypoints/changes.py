"""``GET /changes``: the alerts opened and closed, in order, for systems that poll
(``helhet_common.changes.municipality_feed`` over ``alert_changes``).

reporting-service publishes no events on Kafka; what it decides on its own is which
alerts open and close, so that is its feed. Each change is a CloudEvent
(``helhet.alert.opened.v1``, ``helhet.alert.closed.v1``) whose ``data`` is the alert as
``GET /alerts`` shows it, and a reader sees the changes of its municipality, as it sees
its alerts.
"""

from __future__ import annotations

from helhet_common.auth import require_roles
from helhet_common.changes import municipality_feed
from reporting_service.adapters import tables
from reporting_service.entrypoints.alerts import PROBLEMS
from reporting_service.entrypoints.deps import READER_ROLES

router = municipality_feed(
    outbox=tables.alert_changes,
    reader=require_roles(*READER_ROLES),
    service="reporting-service",
    who="every reader of the alerts sees all of them, as in `GET /alerts`",
    responses={**PROBLEMS, 422: {"description": "A malformed cursor or limit"}},
    items="each alert opened (`helhet.alert.opened.v1`) or closed "
    "(`helhet.alert.closed.v1`) as a CloudEvent whose `data` is the alert as `GET /alerts` "
    "shows it (reporting-service publishes nothing on Kafka)",
    kept="kept for good",
)
