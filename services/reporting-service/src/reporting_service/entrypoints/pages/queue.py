"""The work queue's pages: 'Min kø' (the open alerts not snoozed, by severity and then
oldest first, with forms to acknowledge, take, comment, snooze and close) and an alert's
page with its whole history.

The forms post to ``/alerts/{alert_id}/actions`` with the session's form token; the
action runs the same command as the JSON API (``service_layer.workflow``) through the
command runner, and the browser goes back to the page it came from with what happened
(``done=...``) or why nothing did (``error=<problem code>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from helhet_common.access.recorder import AccessRecord, operation_of, purpose_of
from helhet_common.clock import OSLO
from helhet_common.commands import CommandRunner
from helhet_common.domain_errors import DomainError
from reporting_service.adapters import queries, tables
from reporting_service.domain.workflow import TEXT_MAX, age_in_days
from reporting_service.entrypoints import inputs, schemas
from reporting_service.entrypoints.deps import (
    WORKER_ROLES,
    CatalogueDep,
    Today,
    get_uow,
)
from reporting_service.entrypoints.pages.access import (
    HtmlRoute,
    PageError,
    audited_page,
    check_form_token,
    signed_in,
)
from reporting_service.entrypoints.pages.filters import (
    PAGE_SIZE,
    choice,
    cohort_filter,
    page_number,
    pager,
    sort_choice,
    sort_headers,
    unit_filter,
    unit_names,
    year_range,
)
from reporting_service.entrypoints.pages.participants import HOUSEHOLDS, STAGES
from reporting_service.entrypoints.pages.people import names
from reporting_service.entrypoints.pages.rendering import href, render
from reporting_service.entrypoints.pages.texts import LANGUAGES, Translator, page_language
from reporting_service.entrypoints.queue import history_public, readable_alert, scoped
from reporting_service.service_layer import access, workflow

router = APIRouter(include_in_schema=False, route_class=HtmlRoute)
forms = APIRouter(include_in_schema=False)

SHOW = ("all", "mine")
SEVERITIES = ("high", "medium", "low")
UNASSIGNED = "none"  # the assignee filter's value for the alerts nobody has taken
QUEUE_SORTS = ("severity", "rule", "unit", "since", "assignee")
ACTIONS = ("acknowledge", "assign", "comment", "snooze", "close")
FORM = "application/x-www-form-urlencoded"


def alert_view(
    row: Mapping[str, Any], t: Translator, units: Mapping[str, str], today: Any
) -> dict[str, Any]:
    """An alert as the queue and the alert's page show it."""
    unit_id = row["unit_id"]
    return {
        "id": str(row["alert_id"]),
        "version": row["version"],
        "rule": t.maybe("rule", row["rule_id"]),
        "participant_id": str(row["participant_id"]) if row["participant_id"] else None,
        "responsibility": t.maybe("responsibility", row["responsibility"]),
        "unit": units.get(unit_id, unit_id) if unit_id else "",
        "unit_id": unit_id,
        "severity": row["severity"],
        "severity_label": t(f"severity.{row['severity']}"),
        "since": t.day(row["since"]),
        "opened": t.day(row["opened_at"]),
        "age": t("queue.age_days", n=age_in_days(row["since"], row["opened_at"], today)),
        "assignee": (row["assignee_name"] or row["assignee_sub"]) if row["assignee_sub"] else None,
        "acknowledged": t.day(row["acknowledged_at"]) if row["acknowledged_at"] else None,
        "snoozed_until": t.day(row["snoozed_until"]) if row["snoozed_until"] else None,
        "open": row["closed_at"] is None,
        "closed": t.day(row["closed_at"]),
        "reason": t.maybe("close_reason", row["close_reason"]),
    }


def outcome(request: Request, t: Translator) -> dict[str, str | None]:
    """What the last form did (``done``) or why it did nothing (``error``), as text."""
    done = request.query_params.get("done")
    error = request.query_params.get("error")
    return {
        "done": t(f"action.done.{done}") if done in ACTIONS else None,
        "error": (
            t(f"action.error.{error}")
            if t.has(f"action.error.{error}")
            else t("action.error.other")
        )
        if error
        else None,
    }


@router.get("/queue", response_class=HTMLResponse)
async def queue_page(
    request: Request,
    catalogue: CatalogueDep,
    today: Today,
    show: str | None = None,
    unit: str | None = None,
    severity: str | None = None,
    stage: str | None = None,
    household: str | None = None,
    cohort: str | None = None,
    assignee: str | None = None,
    sort: str | None = None,
    page: str | None = None,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    order = sort_choice(sort, QUEUE_SORTS, "severity")
    sort_param = order.param if order.param != "severity" else None
    chosen_show = choice(show, SHOW, "show") or "all"
    unit_id = unit_filter(unit)
    chosen_severity = choice(severity, SEVERITIES, "severity")
    chosen_stage = choice(stage, STAGES, "stage")
    chosen_household = choice(household, HOUSEHOLDS, "household")
    cohort_year = cohort_filter(cohort, today)
    number = page_number(page)
    # The filters as the links carry them (the defaults stay out of links).
    params: dict[str, Any] = {
        "show": chosen_show if chosen_show != "all" else None,
        "unit": unit_id,
        "severity": chosen_severity,
        "stage": chosen_stage,
        "household": chosen_household,
        "cohort": cohort_year,
        "assignee": assignee or None,
    }

    async def read(
        uow: Any, record: Any
    ) -> tuple[int, list[dict[str, Any]], list[tuple[str, str | None]]]:
        assignees = await queries.queue_assignees(uow.session, principal.municipality, today)
        chosen_assignee = choice(assignee, [UNASSIGNED, *(sub for sub, _ in assignees)], "assignee")
        mine = chosen_show == "mine"
        total, rows = await queries.queue(
            uow.session,
            principal.municipality,
            today=today,
            unit_id=unit_id,
            assignee_sub=principal.sub
            if mine
            else (chosen_assignee if chosen_assignee != UNASSIGNED else None),
            unassigned=chosen_assignee == UNASSIGNED and not mine,
            severity=chosen_severity,
            stage=chosen_stage,
            household=chosen_household,
            ended_between=year_range(cohort_year) if cohort_year else None,
            sort=(order.key, order.descending),
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            readable=await access.readable(uow, record, access.ALERTS),
        )
        await access.note_all(uow, record, (r["participant_id"] for r in rows), access.ALERTS)
        return total, rows, assignees

    total, rows, assignees = await audited_page(request, principal, ["alerts"], read)
    people = await names(request, principal, (r["participant_id"] for r in rows))
    units = unit_names(catalogue.for_municipality(principal.municipality))
    if unit_id and unit_id not in units:
        units = {**units, unit_id: unit_id}
    filters = {
        "show": chosen_show,
        "unit": unit_id or "",
        "severity": chosen_severity or "",
        "stage": chosen_stage or "",
        "household": chosen_household or "",
        "cohort": str(cohort_year or ""),
        "assignee": assignee or "",
    }
    return render(
        request,
        "queue.html",
        principal=principal,
        lang=t.lang,
        active="queue",
        context={
            "items": [alert_view(r, t, units, today) for r in rows],
            "people": people,
            "units": units,
            "shows": [(s, t(f"queue.show_{s}")) for s in SHOW],
            "severities": [(s, t(f"severity.{s}")) for s in SEVERITIES],
            "stages": [(s, t(f"stage.{s}")) for s in STAGES],
            "households": [(h, t(f"household.{h}")) for h in HOUSEHOLDS],
            "cohorts": [(str(y), str(y)) for y in range(today.year + 1, today.year - 6, -1)],
            "assignees": [
                (UNASSIGNED, t("queue.unassigned_filter")),
                *((sub, name or sub) for sub, name in assignees),
            ],
            "filters": filters,
            "filtered": any(v for k, v in params.items() if k != "show") or chosen_show != "all",
            "may_act": principal.may_change(*WORKER_ROLES),
            "today": today.isoformat(),
            "text_max": TEXT_MAX,
            "back": href(
                "/queue", t.lang, **params, sort=sort_param, page=number if number > 1 else None
            ),
            "sort": order.param,
            "sorts": sort_headers(
                order, QUEUE_SORTS, lambda key: href("/queue", t.lang, **params, sort=key)
            ),
            **outcome(request, t),
            "pager": pager(
                number,
                total,
                lambda n: href(
                    "/queue", t.lang, **params, sort=sort_param, page=n if n > 1 else None
                ),
            ),
        },
    )


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
async def alert_page(
    request: Request, alert_id: str, catalogue: CatalogueDep, today: Today
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    try:
        key = UUID(alert_id)
    except ValueError:
        raise PageError(404) from None

    async def read(uow: Any, record: Any) -> tuple[dict[str, Any], schemas.AlertHistoryPublic]:
        row = await readable_alert(uow, record, key)
        return row, history_public(row, await queries.alert_history_of(uow.session, key))

    row, history = await audited_page(request, principal, ["alerts"], read)
    people = await names(request, principal, [row["participant_id"]])
    units = unit_names(catalogue.for_municipality(principal.municipality))
    return render(
        request,
        "alert.html",
        principal=principal,
        lang=t.lang,
        active="queue",
        context={
            "a": alert_view(row, t, units, today),
            "people": people,
            "history": [history_entry(e, t) for e in history.items],
            "may_act": principal.may_change(*WORKER_ROLES),
            "today": today.isoformat(),
            "text_max": TEXT_MAX,
            "back": href(f"/alerts/{key}", t.lang),
            **outcome(request, t),
        },
    )


def history_entry(entry: schemas.HistoryEntryPublic, t: Translator) -> dict[str, Any]:
    text = entry.text
    if entry.action == "resolved":
        text = t.maybe("close_reason", entry.text)
    return {
        "when": t.moment(entry.at.astimezone(OSLO)),
        "what": t(f"history.{entry.action}", until=t.day(entry.until)),
        "who": (entry.by.name or entry.by.sub) if entry.by else t("history.rules"),
        "text": text,
    }


# -- the forms ------------------------------------------------------------------------------

# Each form's action: its body (the JSON API's schema), its command and its handler.
FORM_ACTIONS: dict[str, tuple[type[BaseModel], Any, Any]] = {
    "acknowledge": (schemas.AlertVersion, inputs.acknowledge, workflow.acknowledge_alert),
    "assign": (schemas.AlertVersion, inputs.take, workflow.take_alert),
    "comment": (schemas.AlertComment, inputs.comment, workflow.comment_on_alert),
    "snooze": (schemas.AlertSnooze, inputs.snooze, workflow.snooze_alert),
    "close": (schemas.AlertClose, inputs.close, workflow.close_alert),
}


@forms.post("/alerts/{alert_id}/actions")
async def alert_action(request: Request, alert_id: UUID) -> Response:
    """A form of the queue or the alert's page: the same command as the JSON API."""
    if not request.headers.get("content-type", "").startswith(FORM):
        raise PageError(415, "error.bad_request", "error.form_post")
    raw = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    fields = {k: v[0] for k, v in raw.items()}
    lang = fields.get("lang") if fields.get("lang") in LANGUAGES else "nb"
    principal = await signed_in(request, WORKER_ROLES)
    if not principal.may_change(*WORKER_ROLES):
        raise PageError(403, "error.forbidden", "error.read_only")
    check_form_token(request, fields.get("csrf_token"))
    action = fields.get("action", "")
    if action not in FORM_ACTIONS:
        raise PageError(400, "error.bad_request", f"action={action}")
    back = _back(fields.get("back"), alert_id, str(lang))
    version = fields.get("version", "")
    values = {
        "version": int(version) if version.isdigit() and len(version) < 8 else version,
        "comment": fields.get("text"),
        "reason": fields.get("text"),
        "until": fields.get("until"),
    }
    body_type, build, handler = FORM_ACTIONS[action]
    try:
        body = body_type.model_validate(
            {k: v for k, v in values.items() if k in body_type.model_fields}
        )
    except ValidationError:
        return _go(back, error="invalid-input")
    command = build(alert_id, body, principal)
    run = CommandRunner(get_uow(request), principal=principal)
    # Only on an alert the person may read (the form answers with a redirect: no read).
    record = AccessRecord(
        table=tables.access_log,
        principal=principal,
        purpose=purpose_of(principal, None),
        operation=operation_of(request),
        categories=("alerts",),
    )
    try:
        await run(scoped(handler, record, answers=False), command, view=lambda _: None)
    except DomainError as exc:
        return _go(back, error=exc.code)
    return _go(back, done=action)


def _back(value: str | None, alert_id: UUID, lang: str) -> str:
    """Where the form came from: the queue (with its filters) or the alert's page; never
    another site."""
    if value and value.startswith(("/queue", f"/alerts/{alert_id}")) and "//" not in value:
        return value
    return href("/queue", lang)


def _go(back: str, **params: str) -> RedirectResponse:
    path, _, query = back.partition("?")
    kept = [(k, v) for k, vs in parse_qs(query).items() for v in vs if k not in ("done", "error")]
    kept += list(params.items())
    url = f"{path}?{urlencode(kept)}" if kept else path
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})
