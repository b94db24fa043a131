"""``GET /changes``: the alerts opened and closed, in order, for systems that poll
(``helhet_common.changes.read_changes`` over ``alert_changes``).

reporting-service publishes on Kafka only the reads it recorded; what it decides on its
own is which alerts open and close, so that is its feed. Each change is a CloudEvent
(``helhet.alert.opened.v1``, ``helhet.alert.closed.v1``) whose ``data`` is the alert as
``GET /alerts`` shows it, and a reader sees the changes of its municipality as it sees
the alerts: an alert that names a participant only if the reader has a basis for them
(none for operators and admins), and each participant a page names is in their access
log (one read per page).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from fastapi import APIRouter

from helhet_common.access.recorder import audited
from helhet_common.changes import After, Change, ChangesPage, Limit, read_changes
from helhet_common.clock import SYSTEM_CLOCK
from reporting_service.adapters import tables
from reporting_service.entrypoints.alerts import PROBLEMS
from reporting_service.entrypoints.deps import AlertsRead, UowDep
from reporting_service.service_layer import access

router = APIRouter(tags=["changes"])


def participant_of(change: Change) -> UUID | None:
    """The participant an alert change names (its ``data.participant_id``), if any."""
    data = change.event.get("data")
    named = data.get("participant_id") if isinstance(data, dict) else None
    try:
        return UUID(str(named)) if named else None
    except ValueError:
        return None


@router.get(
    "/changes",
    response_model=ChangesPage,
    summary="The alerts reporting-service opened and closed, after a cursor (for systems "
    "that poll)",
    description="Oldest first, each alert opened (`helhet.alert.opened.v1`) or closed "
    "(`helhet.alert.closed.v1`) as a CloudEvent whose `data` is the alert as `GET /alerts` "
    "shows it. Start with `after=0`, then send each page's `next_cursor`; `has_more` says "
    "to ask again at once. Only the changes of the caller's municipality, and of an alert "
    "that names a participant only if you have a basis for them (as in `GET /alerts`; "
    "each participant named is in their access log). Changes are served from two seconds "
    "after they are written, and kept for good.",
    responses={**PROBLEMS, 422: {"description": "A malformed cursor or limit"}},
)
async def changes(
    record: AlertsRead, uow: UowDep, after: After = "0", limit: Limit = 100
) -> ChangesPage:
    async def read() -> ChangesPage:
        readable = await access.readable(uow, record, access.ALERTS)
        allowed = None if readable is None else set(readable)

        async def visible(found: Sequence[Change]) -> list[Change]:
            return [
                c
                for c in found
                if c.event.get("municipality") == record.municipality
                and (allowed is None or (named := participant_of(c)) is None or named in allowed)
            ]

        page, shown = await read_changes(
            uow.session,
            tables.alert_changes,
            after=int(after),
            limit=limit,
            # the machine's time, as every service's feed (rows settle in real time)
            now=SYSTEM_CLOCK.now(),
            visible=visible,
        )
        await access.note_all(uow, record, (participant_of(c) for c in shown), access.ALERTS)
        return page

    return await audited(uow, record, read)
