"""The alert work queue over HTTP: the queue, one alert and its history, and what a
person does with an alert (acknowledge, take, comment, snooze, close). See
``docs/alerts.md``, "The work queue"."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.access.recorder import AccessRecord, audited
from helhet_common.domain_errors import NotFound
from helhet_common.pagination import PageDep
from reporting_service.adapters import queries
from reporting_service.domain.alerts import RuleId
from reporting_service.domain.workflow import CLOSED_BY_HAND, age_in_days
from reporting_service.entrypoints import inputs, schemas
from reporting_service.entrypoints.alerts import PROBLEMS, alert_fields, alert_public
from reporting_service.entrypoints.deps import AlertsRead, Change, Today, UowDep
from reporting_service.service_layer import access, workflow
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork

router = APIRouter(tags=["alerts"])

UnitQuery = Annotated[
    str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60, description="unit id")
]

NOT_FOUND = schemas.problem_example(404, "alert-not-found", "Not found", "No such alert.")
WRITE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **PROBLEMS,
    400: schemas.problem_example(
        400, "malformed-json", "Malformed JSON", "The request body is not valid JSON."
    ),
    403: {"description": "Role not allowed (caseworker or integration_leader acts on alerts)"},
    404: NOT_FOUND,
    409: schemas.problem_example(
        409,
        "stale-version",
        "Conflict",
        "The resource is at version 4; the change was based on 3.",
    ),
    422: schemas.problem_example(
        422,
        "snooze-not-in-future",
        "Unprocessable",
        "A snooze must end after today (2026-11-20).",
    ),
}


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def queue_item(row: dict[str, Any], today: date) -> schemas.QueueItemPublic:
    return schemas.QueueItemPublic(
        **alert_fields(row), age_days=age_in_days(row["since"], row["opened_at"], today)
    )


@router.get(
    "/queue",
    response_model=schemas.QueuePublic,
    summary="The work queue: open alerts not snoozed, by severity and then oldest first",
    description="As `GET /alerts`: the alerts that name a participant only for the "
    "participants you have a basis for, each of them in their access log (one read).",
    responses={**schemas.ok(schemas.QUEUE_EXAMPLE), **PROBLEMS},
)
async def get_queue(
    record: AlertsRead,
    uow: UowDep,
    page: PageDep,
    today: Today,
    unit: UnitQuery = None,
    mine: Annotated[bool, Query(description="only the alerts assigned to the caller")] = False,
    severity: Annotated[Severity | None, Query()] = None,
    rule: Annotated[RuleId | None, Query(description="a gap rule's id")] = None,
) -> schemas.QueuePublic:

    async def read() -> schemas.QueuePublic:
        total, rows = await queries.queue(
            uow.session,
            record.municipality,
            today=today,
            unit_id=unit,
            assignee_sub=record.principal.sub if mine else None,
            severity=severity.value if severity else None,
            rule_id=rule.value if rule else None,
            limit=page.limit,
            offset=page.offset,
            readable=await access.readable(uow, record, access.ALERTS),
        )
        await access.note_all(uow, record, (r["participant_id"] for r in rows), access.ALERTS)
        return schemas.QueuePublic(
            items=[queue_item(r, today) for r in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


async def _alert_row(session: AsyncSession, municipality: str, alert_id: UUID) -> dict[str, Any]:
    row = await queries.alert(session, municipality, alert_id)
    if row is None:
        raise NotFound.of("alert")
    return row


async def readable_alert(
    uow: ReportingUnitOfWork, record: AccessRecord, alert_id: UUID
) -> dict[str, Any]:
    """One alert of the reader's municipality; one that names a participant only if the
    reader has a basis for them (noted in ``record``), else the same 404 as an unknown
    alert."""
    row = await _alert_row(uow.session, record.municipality, alert_id)
    if row["participant_id"] is not None:
        await access.basis_for(uow, record, row["participant_id"], access.ALERTS, what="alert")
    return row


def history_public(
    row: dict[str, Any], entries: list[dict[str, Any]]
) -> schemas.AlertHistoryPublic:
    """Oldest first: the rules' opening, every person's action, and the rules' closing
    when the data closed it."""
    items = [
        schemas.HistoryEntryPublic(
            action="opened", at=row["opened_at"], by=None, text=None, until=None, version=None
        )
    ]
    items += [
        schemas.HistoryEntryPublic(
            action=e["action"],
            at=e["at"],
            by=schemas.PersonPublic(sub=e["actor_sub"], name=e["actor_name"]),
            text=e["text"],
            until=e["until"],
            version=e["version"],
        )
        for e in entries
    ]
    if row["closed_at"] is not None and row["close_reason"] != CLOSED_BY_HAND:
        items.append(
            schemas.HistoryEntryPublic(
                action="resolved",
                at=row["closed_at"],
                by=None,
                text=row["close_reason"],
                until=None,
                version=None,
            )
        )
    return schemas.AlertHistoryPublic(alert=alert_public(row), items=items)


@router.get(
    "/alerts/{alert_id}",
    response_model=schemas.AlertPublic,
    summary="One alert of the caller's municipality, with its workflow state",
    responses={**schemas.ok(schemas.ALERT_EXAMPLE), **PROBLEMS, 404: NOT_FOUND},
)
async def get_alert(alert_id: UUID, record: AlertsRead, uow: UowDep) -> schemas.AlertPublic:
    async def read() -> schemas.AlertPublic:
        return alert_public(await readable_alert(uow, record, alert_id))

    return await audited(uow, record, read)


@router.get(
    "/alerts/{alert_id}/history",
    response_model=schemas.AlertHistoryPublic,
    summary="An alert's whole history: opened, every action, closed",
    responses={**schemas.ok(schemas.HISTORY_EXAMPLE), **PROBLEMS, 404: NOT_FOUND},
)
async def get_alert_history(
    alert_id: UUID, record: AlertsRead, uow: UowDep
) -> schemas.AlertHistoryPublic:
    async def read() -> schemas.AlertHistoryPublic:
        row = await readable_alert(uow, record, alert_id)
        return history_public(row, await queries.alert_history_of(uow.session, alert_id))

    return await audited(uow, record, read)


def scoped(handler: Any, record: AccessRecord, *, answers: bool = True) -> Any:
    """The action only on an alert the caller may read: the same 404 (or 403) as a read,
    before anything changes. ``answers``: the action answers with the alert, so it is the
    caller's read of it, logged in the action's own transaction (an error logs nothing)."""

    async def act(command: Any, uow: ReportingUnitOfWork) -> Any:
        await readable_alert(uow, record, command.alert_id)
        result = await handler(command, uow)
        if answers:
            await record.write(uow)
        return result

    return act


def _view(run: Change) -> Any:
    """The alert as it is after the action, read in the action's transaction."""

    async def view(alert_id: UUID) -> schemas.AlertPublic:
        return alert_public(await _alert_row(run.uow.session, run.municipality, alert_id))

    return view


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response_model=schemas.AlertPublic,
    summary="Acknowledge (kvittere) an alert: someone has seen it",
    responses=WRITE_PROBLEMS,
)
async def acknowledge_alert(
    alert_id: UUID, body: schemas.AlertVersion, run: Change, record: AlertsRead
) -> Any:
    command = inputs.acknowledge(alert_id, body, run.principal)
    return await run(scoped(workflow.acknowledge_alert, record), command, view=_view(run))


@router.post(
    "/alerts/{alert_id}/assign",
    response_model=schemas.AlertPublic,
    summary="Take an alert: assign it to the caller (acknowledging it too)",
    responses=WRITE_PROBLEMS,
)
async def assign_alert(
    alert_id: UUID, body: schemas.AlertVersion, run: Change, record: AlertsRead
) -> Any:
    command = inputs.take(alert_id, body, run.principal)
    return await run(scoped(workflow.take_alert, record), command, view=_view(run))


@router.post(
    "/alerts/{alert_id}/comments",
    response_model=schemas.AlertPublic,
    summary="Comment on an alert",
    responses=WRITE_PROBLEMS,
)
async def comment_on_alert(
    alert_id: UUID, body: schemas.AlertComment, run: Change, record: AlertsRead
) -> Any:
    command = inputs.comment(alert_id, body, run.principal)
    return await run(scoped(workflow.comment_on_alert, record), command, view=_view(run))


@router.post(
    "/alerts/{alert_id}/snooze",
    response_model=schemas.AlertPublic,
    summary="Snooze an alert with a reason: out of the queue until a day after today",
    responses=WRITE_PROBLEMS,
)
async def snooze_alert(
    alert_id: UUID, body: schemas.AlertSnooze, run: Change, record: AlertsRead
) -> Any:
    command = inputs.snooze(alert_id, body, run.principal)
    return await run(scoped(workflow.snooze_alert, record), command, view=_view(run))


@router.post(
    "/alerts/{alert_id}/close",
    response_model=schemas.AlertPublic,
    summary="Close an alert by hand with a reason (the rules do not open it again while "
    "its condition holds)",
    responses=WRITE_PROBLEMS,
)
async def close_alert(
    alert_id: UUID, body: schemas.AlertClose, run: Change, record: AlertsRead
) -> Any:
    command = inputs.close(alert_id, body, run.principal)
    return await run(scoped(workflow.close_alert, record), command, view=_view(run))
