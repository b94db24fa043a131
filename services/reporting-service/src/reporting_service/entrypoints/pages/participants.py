"""The participants: the list by stage, and one participant's chain with who acts
next, the open actions and the open alerts. They share their paths with the JSON API
and answer only requests that ask for HTML."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reporting_service.adapters import chain_rows, queries
from reporting_service.domain.chain import STAGE_ORDER, ChainState, LinkStatus, Stage, links
from reporting_service.domain.organisation import OrganisationModel, Responsibility
from reporting_service.entrypoints.alerts import alert_public
from reporting_service.entrypoints.deps import CatalogueDep, Today
from reporting_service.entrypoints.pages.access import (
    HtmlRoute,
    PageError,
    audited_page,
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
    unit_names,
    year_range,
)
from reporting_service.entrypoints.pages.people import names, search
from reporting_service.entrypoints.pages.rendering import href, render
from reporting_service.entrypoints.pages.texts import Translator, page_language
from reporting_service.service_layer import access
from reporting_service.service_layer.access import PARTICIPANT_READER_ROLES

router = APIRouter(include_in_schema=False, route_class=HtmlRoute)

STAGES = [s.value for s in (*STAGE_ORDER, Stage.UNKNOWN)]


HOUSEHOLDS = ["single", "couple", "family", "single_parent", "minor"]
SEARCH_MAX = 100


@router.get("/participants", response_class=HTMLResponse)
async def participants_page(
    request: Request,
    catalogue: CatalogueDep,
    today: Today,
    stage: str | None = None,
    unit: str | None = None,
    household: str | None = None,
    cohort: str | None = None,
    q: str | None = None,
    caseworker: str | None = None,
    sort: str | None = None,
    page: str | None = None,
) -> Response:
    principal = await signed_in(request, PARTICIPANT_READER_ROLES)
    t = Translator(page_language(request))
    model = catalogue.for_municipality(principal.municipality)
    units = unit_names(model)
    chosen = choice(stage, STAGES, "stage")
    unit_id = choice(unit, list(units), "unit")
    chosen_household = choice(household, HOUSEHOLDS, "household")
    cohort_year = cohort_filter(cohort, today)
    query = " ".join((q or "").split())
    worker = " ".join((caseworker or "").split())
    if len(query) > SEARCH_MAX or len(worker) > SEARCH_MAX:
        raise PageError(400, "error.bad_filter", "q" if len(query) > SEARCH_MAX else "caseworker")
    order = sort_choice(sort, queries.CHAIN_SORTS, "-settled")
    number = page_number(page)
    # The search by name or case number, and by caseworker, is plan-service's, with the
    # viewer's token; a single character finds nobody, and a search plan-service cannot
    # answer finds nobody and says so.
    found: list[UUID] | None = None
    search_failed = False
    if query or worker:
        too_short = any(0 < len(text) < 2 for text in (query, worker))
        found = [] if too_short else await search(request, principal, query or None, worker or None)
        if found is None:
            search_failed, found = True, []
    owned = _owned_by(model, unit_id) if unit_id else None
    params = {
        "stage": chosen,
        "unit": unit_id,
        "household": chosen_household,
        "cohort": cohort_year,
        "q": query or None,
        "caseworker": worker or None,
    }

    async def read(uow: Any, record: Any) -> tuple[int, list[dict[str, Any]], dict[Any, int]]:
        total, rows = await queries.list_chains(
            uow.session,
            principal.municipality,
            stage=chosen,
            household=chosen_household,
            next_steps=owned,
            ended_between=year_range(cohort_year) if cohort_year else None,
            among=found,
            sort=(order.key, order.descending),
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            readable=await access.readable(uow, record, access.CHAIN),
        )
        await access.note_all(uow, record, (r["participant_id"] for r in rows), access.CHAIN)
        counts = await queries.open_alerts_per_participant(
            uow.session, [r["participant_id"] for r in rows]
        )
        return total, rows, counts

    total, rows, alert_counts = await audited_page(request, principal, ["chain"], read)
    people = await names(request, principal, (r["participant_id"] for r in rows))
    items = [
        {
            "id": str(r["participant_id"]),
            "stage": t.maybe("stage", r["stage"]),
            "household": t.maybe("household", r["household_type"]),
            "settled_on": t.day(r["settlement_date"]),
            "programme_start": t.day(r["programme_start"]),
            "next_step": t.maybe("responsibility", r["next_step"]),
            "next_owner": _owner_name(model, r["next_step"], t),
            "alerts": alert_counts.get(r["participant_id"], 0),
        }
        for r in rows
    ]
    years = range(today.year, today.year - 6, -1)
    return render(
        request,
        "participants.html",
        principal=principal,
        lang=t.lang,
        active="participants",
        context={
            "items": items,
            "people": people,
            "search_failed": search_failed,
            "stages": [(s, t(f"stage.{s}")) for s in STAGES],
            "units": units,
            "households": [(h, t(f"household.{h}")) for h in HOUSEHOLDS],
            "cohorts": [(str(y), str(y)) for y in years],
            "filters": {
                "stage": chosen or "",
                "unit": unit_id or "",
                "household": chosen_household or "",
                "cohort": str(cohort_year or ""),
                "q": query,
                "caseworker": worker,
            },
            "filtered": any(v is not None for v in params.values()),
            "sort": order.param,
            "sorts": sort_headers(
                order,
                queries.CHAIN_SORTS,
                lambda key: href("/participants", t.lang, **params, sort=key),
            ),
            "pager": pager(
                number,
                total,
                lambda n: href(
                    "/participants",
                    t.lang,
                    **params,
                    sort=order.param if order.param != "-settled" else None,
                    page=n if n > 1 else None,
                ),
            ),
        },
    )


def _owned_by(model: OrganisationModel | None, unit_id: str) -> list[str]:
    """The responsibilities ``unit_id`` owns: its participants are those whose next step
    is one of them."""
    if model is None:
        return []
    return [r.value for r in Responsibility if model.owner(r) == unit_id]


def _owner_name(model: OrganisationModel | None, responsibility: str | None, t: Translator) -> str:
    if responsibility is None:
        return ""
    if model is None:
        return t("matrix.no_model_short")
    try:
        owner = model.owner(Responsibility(responsibility))
    except ValueError:
        return ""
    if owner is None:
        return t("matrix.unowned")
    unit = model.unit(owner)
    return unit.name if unit else owner


@router.get("/participants/{participant_id}", response_class=HTMLResponse)
async def participant_page(
    participant_id: str,
    request: Request,
    catalogue: CatalogueDep,
    today: Today,
) -> Response:
    principal = await signed_in(request, PARTICIPANT_READER_ROLES)
    t = Translator(page_language(request))
    try:
        pid = UUID(participant_id)
    except ValueError as exc:
        raise PageError(404) from exc

    async def read(uow: Any, record: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        row = await queries.chain(uow.session, pid)
        if row is None or row["municipality"] != principal.municipality:
            raise PageError(404)  # the same page whether it is unknown or another's
        await access.basis_for(uow, record, pid, access.CHAIN)
        return row, await queries.open_alerts_of(uow.session, pid)

    row, alert_rows = await audited_page(request, principal, ["chain", "alerts"], read)
    people = await names(request, principal, [pid])
    state = chain_rows.from_row(row)
    model = catalogue.for_municipality(state.municipality)
    units = unit_names(model)
    step = state.next_step
    timeline = []
    for link in links(state):
        owner = model.owner(link.responsibility) if model else None
        timeline.append(
            {
                "id": link.responsibility.value,
                "label": t(f"responsibility.{link.responsibility.value}"),
                "status": link.status.value,
                "status_label": t(f"link_status.{link.status.value}"),
                "started_on": t.day(link.started_on) if link.started_on else None,
                "ended_on": t.day(link.ended_on) if link.ended_on else None,
                "count": link.count,
                "owner": owner,
                "owner_name": units.get(owner, owner) if owner else None,
                "next": link.responsibility == step,
            }
        )
    next_owner = model.owner(step) if model and step else None
    routed = model.route(step) if model and step else None
    open_alerts = [alert_public(a) for a in alert_rows]
    return render(
        request,
        "participant.html",
        principal=principal,
        lang=t.lang,
        active="participants",
        context={
            "participant_id": str(pid),
            "people": people,
            "person": people.get(pid),
            "row": row,
            "state": state,
            "stage": t.maybe("stage", row["stage"]),
            "household": t.maybe("household", row["household_type"]),
            "timeline": timeline,
            "done": sum(1 for x in timeline if x["status"] == LinkStatus.DONE.value),
            "next_step": {
                "label": t(f"responsibility.{step.value}"),
                "owner": units.get(next_owner, next_owner) if next_owner else None,
                "routed_to": units.get(routed, routed) if routed else None,
            }
            if step
            else None,
            "actions": open_actions(state, units, t, today),
            "alerts": [
                {
                    "rule": t.maybe("rule", a.rule_id),
                    "responsibility": t.maybe("responsibility", a.responsibility),
                    "unit": units.get(a.unit_id, a.unit_id) if a.unit_id else "",
                    "unit_id": a.unit_id,
                    "since": t.day(a.since),
                    "opened": t.day(a.opened_at),
                }
                for a in open_alerts
            ],
        },
    )


def open_actions(
    state: ChainState, units: Mapping[str, str], t: Translator, today: date
) -> list[dict[str, Any]]:
    """The participant's open actions (plan follow-up events), soonest due first, and
    whether each is overdue as of ``today``."""
    return [
        {
            "id": action.action_id,
            "responsibility": t.maybe("responsibility", action.responsibility),
            "unit": units.get(action.owner_unit, action.owner_unit) if action.owner_unit else "",
            "unit_id": action.owner_unit,
            "due": t.day(action.due_date),
            "overdue": action.past_due(today),
        }
        for action in state.open_actions
    ]
