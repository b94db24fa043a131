"""The integration leader's pages: overview, matrix, participants, alerts, sign-in.

Server-rendered (Jinja2) and usable without JavaScript; charts are inline SVG. Norwegian
bokmål by default, English with ``?lang=en``; every text comes from the translation
files in ``templates/i18n``. A page reads the same read models as the JSON API, with the
same roles; without a valid session cookie it redirects to ``/login``, with a role that
may not see it it answers 403, and a participant of another municipality is a 404 page
that looks like any unknown id.

``/alerts``, ``/participants`` and ``/participants/{id}`` share their paths with the
JSON API: the page answers only a request that asks for HTML (``Accept: text/html``, as
a browser does), every other request goes on to the JSON route.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.routing import Match
from starlette.types import Scope

from helhet_common import web
from helhet_common.auth import ADMIN, OPERATOR, TOKEN_COOKIE, Principal
from helhet_common.municipalities import name_of
from helhet_common.web import Translations, page_principal, sign_in_router
from reporting_service.adapters import chain_rows, queries
from reporting_service.domain.alerts import RULES
from reporting_service.domain.chain import STAGE_ORDER, ChainState, LinkStatus, Stage, links
from reporting_service.domain.organisation import (
    RESPONSIBILITIES,
    GapKind,
    OrganisationModel,
    Responsibility,
)
from reporting_service.entrypoints import charts
from reporting_service.entrypoints.alerts import AlertStatus, alert_public
from reporting_service.entrypoints.deps import READER_ROLES, CatalogueDep, SessionDep, Today
from reporting_service.service_layer import kpis as kpi_service

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
LANGUAGES = ("nb", "en")
PAGE_SIZE = 25
DASH = "\u2013"  # shown for a date or figure that is not there
UNIT_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
OPERATIONS_ROLES = (OPERATOR, ADMIN)

templates = Jinja2Templates(directory=TEMPLATES_DIR)

# The shared page headers; these pages also vary by Accept (they share paths with the
# JSON API).
PAGE_HEADERS = {**web.PAGE_HEADERS, "Vary": "Accept, Cookie"}


# -- translations -------------------------------------------------------------------------


@cache
def translations() -> Translations:
    """The texts of every language, ``templates/i18n/<lang>.json``; a file that lacks a
    key another has stops the app at start-up (``install``)."""
    return Translations(TEMPLATES_DIR / "i18n", default="nb")


class Translator:
    """``t("key", n=3)``: the text of ``key`` in the page's language, formatted."""

    def __init__(self, lang: str) -> None:
        texts = translations()
        self.lang = texts.pick(lang)
        self._texts = texts[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        text = self._texts.get(key)
        if text is None:
            return key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._texts

    def maybe(self, prefix: str, code: str | None) -> str:
        """The text of ``prefix.code``, or the code itself when there is none."""
        if code is None:
            return ""
        key = f"{prefix}.{code}"
        return self(key) if key in self._texts else code

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return DASH
        if isinstance(value, datetime):
            value = value.date()
        return value.strftime("%d.%m.%Y") if self.lang == "nb" else value.isoformat()

    def month(self, value: date | str) -> str:
        """A month as "08.2026" (nb) or "2026-08" (en)."""
        if isinstance(value, str):
            value = date.fromisoformat(value[:7] + "-01")
        return value.strftime("%m.%Y") if self.lang == "nb" else value.strftime("%Y-%m")

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return DASH
        clock = value.strftime("%H:%M")
        return f"{self.day(value)} {clock}"

    def number(self, value: float, decimals: int = 0) -> str:
        text = f"{value:,.{decimals}f}"
        if self.lang == "nb":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    def percent(self, share: float) -> str:
        """A share (0..1) as a percentage, "68 %" in Norwegian, "68%" in English."""
        shown = self.number(share * 100, 0 if abs(share * 100 - round(share * 100)) < 0.05 else 1)
        return f"{shown}\u00a0%" if self.lang == "nb" else f"{shown}%"


def page_language(request: Request) -> str:
    lang = request.query_params.get("lang", "nb")
    return lang if lang in LANGUAGES else "nb"


# -- errors and content negotiation -------------------------------------------------------


class PageError(Exception):
    """Ends a page request: a redirect to sign-in, or an error page in the page's language."""

    def __init__(self, status: int, key: str = "", detail: str = "") -> None:
        super().__init__(detail or key)
        self.status = status
        self.key = key
        self.detail = detail


def login_required() -> PageError:
    return PageError(303)


async def page_error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    if exc.status == 303:
        return RedirectResponse("/login", status_code=303, headers={"Cache-Control": "no-store"})
    t = Translator(page_language(request))
    key = exc.key or {403: "error.forbidden", 404: "error.not_found"}.get(
        exc.status, "error.bad_request"
    )
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "t": t,
            "lang": t.lang,
            "status": exc.status,
            "message": t(key),
            "detail": exc.detail,
            "nav": [],
            "switch_url": _switch_url(request, t.lang),
            "principal": None,
        },
        status_code=exc.status,
        headers=PAGE_HEADERS,
    )


def _accepts_html(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            return b"text/html" in value
    return False


class HtmlRoute(APIRoute):
    """A page on a path the JSON API also serves: matches only requests that ask for
    HTML, so API clients (``Accept: application/json`` or ``*/*``) reach the JSON route."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if match is not Match.NONE and not _accepts_html(scope):
            return Match.NONE, {}
        return match, child


router = APIRouter(include_in_schema=False)
negotiated = APIRouter(include_in_schema=False, route_class=HtmlRoute)


def install(app: FastAPI) -> None:
    """What the pages need besides their routes: the error pages and the static files.
    The translations are loaded here, so a missing text stops the app at start-up."""
    translations()
    app.add_exception_handler(PageError, page_error_response)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


# -- who is signed in ---------------------------------------------------------------------


async def signed_in(request: Request, roles: Sequence[str] = READER_ROLES) -> Principal:
    """The caller from the session cookie (or a bearer token), with one of ``roles``."""
    principal = await page_principal(request)
    if principal is None:
        raise login_required()
    if not principal.has_role(*roles):
        raise PageError(403, "error.forbidden", f"requires one of the roles: {', '.join(roles)}")
    return principal


def csrf_token(request: Request) -> str:
    """The form token of this session: an HMAC of the session cookie, which a page of
    another site can neither read nor compute. Empty without a cookie."""
    cookie = request.cookies.get(TOKEN_COOKIE)
    if not cookie:
        return ""
    return hmac.new(cookie.encode(), b"helhet-csrf-v1", hashlib.sha256).hexdigest()


# -- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str


NAV = (
    NavItem("overview", "/"),
    NavItem("matrix", "/matrix"),
    NavItem("participants", "/participants"),
    NavItem("alerts", "/alerts"),
)
NAV_OPERATIONS = NavItem("operations", "/operations")


def href(path: str, lang: str, **params: object) -> str:
    """A link to a page, keeping the language; parameters that are None or "" are left out."""
    query = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    if lang != "nb":
        query["lang"] = lang
    return f"{path}?{urlencode(query)}" if query else path


def _switch_url(request: Request, lang: str) -> str:
    """The same page in the other language (with the same filters)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if lang == "nb":
        query.append(("lang", "en"))
    return f"{request.url.path}?{urlencode(query)}" if query else request.url.path


def render(
    request: Request,
    template: str,
    *,
    principal: Principal,
    lang: str,
    active: str,
    context: Mapping[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    t = Translator(lang)
    nav = [*NAV, NAV_OPERATIONS] if principal.has_role(*OPERATIONS_ROLES) else list(NAV)
    return templates.TemplateResponse(
        request,
        template,
        {
            "t": t,
            "lang": t.lang,
            "principal": principal,
            "municipality_name": name_of(principal.municipality),
            "nav": [
                {
                    "label": t(f"nav.{item.key}"),
                    "url": href(item.path, t.lang),
                    "active": item.key == active,
                }
                for item in nav
            ],
            "switch_url": _switch_url(request, t.lang),
            "href": lambda path, **params: href(path, t.lang, **params),
            "csrf_token": csrf_token(request),
            **context,
        },
        status_code=status_code,
        headers=PAGE_HEADERS,
    )


# -- sign-in ------------------------------------------------------------------------------


def sign_in_page(request: Request, error: str | None, status_code: int) -> Response:
    """The development sign-in form of ``helhet_common.web.sign_in_router``, in the
    pages' look and language."""
    t = Translator(page_language(request))
    return templates.TemplateResponse(
        request,
        "login.html",
        {
            "t": t,
            "lang": t.lang,
            "nav": [],
            "switch_url": _switch_url(request, t.lang),
            "error": error,
        },
        status_code=status_code,
        headers=PAGE_HEADERS,
    )


router.include_router(sign_in_router(home="/", form=sign_in_page))


# -- filters ------------------------------------------------------------------------------


def _choice(value: str | None, allowed: Sequence[str], name: str) -> str | None:
    """A filter's value, None when empty; a value the page does not offer is a 400 page."""
    if value is None or value == "":
        return None
    if value not in allowed:
        raise PageError(400, "error.bad_filter", f"{name}={value}")
    return value


def _unit_filter(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) > 60 or not set(value) <= UNIT_ID_CHARS or value.startswith("-"):
        raise PageError(400, "error.bad_filter", f"unit={value}")
    return value


def _page_number(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise PageError(400, "error.bad_filter", f"page={value}")
    return int(value)


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    total: int
    first: int
    last: int
    previous_url: str | None
    next_url: str | None


def pager(page: int, total: int, url: Callable[[int], str]) -> Pager:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    first = (page - 1) * PAGE_SIZE + 1 if total else 0
    return Pager(
        page=page,
        pages=pages,
        total=total,
        first=first,
        last=min(total, page * PAGE_SIZE),
        previous_url=url(page - 1) if page > 1 else None,
        next_url=url(page + 1) if page < pages else None,
    )


def _unit_names(model: OrganisationModel | None) -> dict[str, str]:
    return {u.id: u.name for u in model.units} if model else {}


# -- the overview ---------------------------------------------------------------------------


def stage_tiles(overview: queries.Overview, t: Translator) -> list[dict[str, Any]]:
    stages = list(STAGE_ORDER)
    if overview.by_stage.get(Stage.UNKNOWN, 0):
        stages.append(Stage.UNKNOWN)
    return [
        {"stage": s.value, "label": t(f"stage.{s.value}"), "count": overview.by_stage.get(s, 0)}
        for s in stages
    ]


def kpi_label(kpi: kpi_service.KpiValue, t: Translator) -> str:
    return str(kpi.label.get(t.lang) or kpi.label.get("nb") or kpi.id)


def kpi_number(value: float, unit: str, t: Translator) -> str:
    if unit == "share":
        return t.percent(value)
    if unit == "days":
        return t("kpi.days", n=t.number(value))
    return t.number(value)


def kpi_formatter(unit: str, t: Translator) -> Callable[[float], str]:
    def formatted(value: float) -> str:
        return kpi_number(value, unit, t)

    return formatted


def kpi_shown(kpi: kpi_service.KpiValue, t: Translator) -> str:
    """The value as text: "skjult (<5)" when suppressed, never a number then."""
    if kpi.suppressed:
        return t("kpi.suppressed")
    if kpi.value is None:
        return t("kpi.no_data")
    return kpi_number(kpi.value, kpi.unit, t)


def kpi_tile(kpi: kpi_service.KpiValue, t: Translator, units: Mapping[str, str]) -> dict[str, Any]:
    shown = not kpi.suppressed and kpi.value is not None
    target = None
    if kpi.target is not None:
        sign = "\u2264" if kpi.direction == "lower" else "\u2265"
        target = f"{sign} {kpi_number(kpi.target, kpi.unit, t)}"
    return {
        "id": kpi.id,
        "label": kpi_label(kpi, t),
        "value": kpi_shown(kpi, t),
        "suppressed": kpi.suppressed,
        "empty": not kpi.suppressed and kpi.value is None,
        "fraction": t("kpi.fraction", numerator=kpi.numerator, denominator=kpi.denominator)
        if shown and kpi.unit == "share" and kpi.denominator
        else None,
        "target": target,
        "meets_target": kpi.meets_target if shown else None,
        "owner": units.get(kpi.owner_unit, kpi.owner_unit) if kpi.owner_unit else None,
    }


def kpi_trend_view(
    kpi: kpi_service.KpiValue, points: Sequence[kpi_service.TrendPoint], t: Translator
) -> dict[str, Any]:
    """A KPI's last twelve months as a chart and a table. A suppressed month is a gap
    in the line and "skjult (<5)" in the table: its value never reaches the page."""
    label = kpi_label(kpi, t)
    months = [t.month(p.month) for p in points]
    values = [None if p.suppressed else p.value for p in points]
    return {
        "id": kpi.id,
        "label": label,
        "rows": [
            {"month": month, "value": kpi_shown(p, t)}
            for month, p in zip(months, points, strict=True)
        ],
        "suppressed": sum(1 for p in points if p.suppressed),
        "chart": charts.trend_chart(
            label=t("kpi.trend_label", kpi=label),
            x_labels=months,
            values=values,
            series_label=t("chart.value"),
            formatter=kpi_formatter(kpi.unit, t),
            no_data=t("kpi.no_data"),
            target=kpi.target,
            target_label=t("kpi.target"),
            max_value=1.0 if kpi.unit == "share" else None,
            whole_numbers=kpi.unit != "share",
        ),
    }


def _cohort_filter(value: str | None, today: date) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1990 <= int(value) <= today.year + 1:
        raise PageError(400, "error.bad_filter", f"cohort={value}")
    return int(value)


@router.get("/", response_class=HTMLResponse)
async def overview_page(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    unit: str | None = None,
    cohort: str | None = None,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    model = catalogue.for_municipality(principal.municipality)
    units = _unit_names(model)
    unit_id = _choice(unit, list(units), "unit")
    cohort_year = _cohort_filter(cohort, today)
    overview = await queries.overview(session, principal.municipality)
    open_alerts = await queries.open_alert_count(session, principal.municipality)
    chains = await kpi_service.load_chains(session, principal.municipality)
    report = await kpi_service.compute_kpis(
        session,
        principal.municipality,
        unit=unit_id,
        cohort=cohort_year,
        today=today,
        catalogue=catalogue,
        chains=chains,
    )
    trends = await kpi_service.kpi_trends(
        session,
        principal.municipality,
        months=12,
        today=today,
        catalogue=catalogue,
        chains=chains,
    )

    def shown(kpi_id: str) -> bool:
        """A trend with a month to show; one that is all suppressed or empty gets no chart."""
        return any(not p.suppressed and p.value is not None for p in trends.get(kpi_id, []))

    years = sorted({*report.cohorts, *([cohort_year] if cohort_year else [])}, reverse=True)
    return render(
        request,
        "overview.html",
        principal=principal,
        lang=t.lang,
        active="overview",
        context={
            "municipality": principal.municipality,
            "total": overview.total,
            "open_alerts": open_alerts,
            "stages": stage_tiles(overview, t),
            "units": units,
            "years": [str(y) for y in years],
            "filters": {"unit": unit_id or "", "cohort": str(cohort_year or "")},
            "kpis": [kpi_tile(kpi, t, units) for kpi in report.kpis],
            "trends": [
                kpi_trend_view(kpi, trends[kpi.id], t) for kpi in report.kpis if shown(kpi.id)
            ],
            "without_trend": [kpi_label(kpi, t) for kpi in report.kpis if not shown(kpi.id)],
        },
    )


# -- the matrix ---------------------------------------------------------------------------


@router.get("/matrix", response_class=HTMLResponse)
async def matrix_page(request: Request, session: SessionDep, catalogue: CatalogueDep) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    model = catalogue.for_municipality(principal.municipality)
    if model is None:
        return render(
            request,
            "matrix.html",
            principal=principal,
            lang=t.lang,
            active="matrix",
            context={"model": None},
        )
    at_step = await queries.participants_by_next_step(session, principal.municipality)
    cells = await queries.open_alerts_by_cell(session, principal.municipality)
    gaps: dict[Responsibility, list[GapKind]] = {}
    for gap in model.gaps():
        gaps.setdefault(gap.responsibility, []).append(gap.kind)
    rows = []
    for responsibility in RESPONSIBILITIES:
        assignment = model.assignments.get(responsibility)
        owner = assignment.owner if assignment else None
        deliverers = set(assignment.deliverers) if assignment else set()
        agreement = assignment.agreement if assignment else None
        rows.append(
            {
                "id": responsibility.value,
                "label": t(f"responsibility.{responsibility.value}"),
                "owner": owner,
                "routed_to": model.route(responsibility),
                "participants": at_step.get(responsibility.value, 0),
                "alerts": sum(n for (r, _), n in cells.items() if r == responsibility.value),
                "agreement": agreement,
                "gaps": [g.value for g in gaps.get(responsibility, [])],
                "cells": [
                    {
                        "unit": u.id,
                        "owner": u.id == owner,
                        "deliverer": u.id in deliverers,
                        "alerts": cells.get((responsibility.value, u.id), 0),
                    }
                    for u in model.units
                ],
            }
        )
    return render(
        request,
        "matrix.html",
        principal=principal,
        lang=t.lang,
        active="matrix",
        context={
            "model": model,
            "rows": rows,
            "units": _unit_names(model),
            "unowned": [t(f"responsibility.{r.value}") for r in model.unowned()],
        },
    )


# -- participants -------------------------------------------------------------------------

STAGES = [s.value for s in (*STAGE_ORDER, Stage.UNKNOWN)]


@negotiated.get("/participants", response_class=HTMLResponse)
async def participants_page(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    stage: str | None = None,
    page: str | None = None,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    chosen = _choice(stage, STAGES, "stage")
    number = _page_number(page)
    total, rows = await queries.list_chains(
        session,
        principal.municipality,
        stage=chosen,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    model = catalogue.for_municipality(principal.municipality)
    alert_counts = await queries.open_alerts_per_participant(
        session, [r["participant_id"] for r in rows]
    )
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
    return render(
        request,
        "participants.html",
        principal=principal,
        lang=t.lang,
        active="participants",
        context={
            "items": items,
            "stages": [(s, t(f"stage.{s}")) for s in STAGES],
            "filters": {"stage": chosen or ""},
            "pager": pager(
                number,
                total,
                lambda n: href("/participants", t.lang, stage=chosen, page=n if n > 1 else None),
            ),
        },
    )


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


@negotiated.get("/participants/{participant_id}", response_class=HTMLResponse)
async def participant_page(
    participant_id: str,
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    try:
        pid = UUID(participant_id)
    except ValueError as exc:
        raise PageError(404) from exc
    row = await queries.chain(session, pid)
    if row is None or row["municipality"] != principal.municipality:
        raise PageError(404)  # the same page whether it is unknown or another's
    state = chain_rows.from_row(row)
    model = catalogue.for_municipality(state.municipality)
    units = _unit_names(model)
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
    open_alerts = [alert_public(a) for a in await queries.open_alerts_of(session, pid)]
    return render(
        request,
        "participant.html",
        principal=principal,
        lang=t.lang,
        active="participants",
        context={
            "participant_id": str(pid),
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


# -- alerts -------------------------------------------------------------------------------

RULE_IDS = [rule.id for rule in RULES]
ALERT_STATUSES = [s.value for s in AlertStatus]


@negotiated.get("/alerts", response_class=HTMLResponse)
async def alerts_page(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    rule: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    page: str | None = None,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    rule_id = _choice(rule, RULE_IDS, "rule")
    unit_id = _unit_filter(unit)
    chosen_status = _choice(status, ALERT_STATUSES, "status") or AlertStatus.OPEN.value
    number = _page_number(page)
    total, rows = await queries.list_alerts(
        session,
        principal.municipality,
        rule_id=rule_id,
        unit_id=unit_id,
        status=chosen_status,
        participant_id=None,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    model = catalogue.for_municipality(principal.municipality)
    units = _unit_names(model)
    if unit_id and unit_id not in units:
        units = {**units, unit_id: unit_id}
    items = []
    for alert in (alert_public(r) for r in rows):
        items.append(
            {
                "rule": t.maybe("rule", alert.rule_id),
                "participant_id": str(alert.participant_id) if alert.participant_id else None,
                "responsibility": t.maybe("responsibility", alert.responsibility),
                "unit": units.get(alert.unit_id, alert.unit_id) if alert.unit_id else "",
                "unit_id": alert.unit_id,
                "since": t.day(alert.since),
                "opened": t.day(alert.opened_at),
                "open": alert.status == "open",
                "closed": t.day(alert.closed_at),
                "reason": t.maybe("close_reason", alert.close_reason),
            }
        )
    filters = {"rule": rule_id or "", "unit": unit_id or "", "status": chosen_status}
    return render(
        request,
        "alerts.html",
        principal=principal,
        lang=t.lang,
        active="alerts",
        context={
            "items": items,
            "rules": [(r, t(f"rule.{r}")) for r in RULE_IDS],
            "units": units,
            "statuses": [(s, t(f"alert_status.{s}")) for s in ALERT_STATUSES],
            "filters": filters,
            "pager": pager(
                number,
                total,
                lambda n: href(
                    "/alerts",
                    t.lang,
                    rule=rule_id,
                    unit=unit_id,
                    status=chosen_status,
                    page=n if n > 1 else None,
                ),
            ),
        },
    )


router.include_router(negotiated)
