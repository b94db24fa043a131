"""Rendering a page: the templates, the navigation, links that keep the language, the
error pages and the sign-in form, with the headers every page sends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from helhet_common import web
from helhet_common.auth import ADMIN, CASEWORKER, INTEGRATION_LEADER, OPERATOR, Principal
from helhet_common.municipalities import name_of
from reporting_service.entrypoints.pages.access import PageError, csrf_token
from reporting_service.entrypoints.pages.texts import Translator, page_language
from reporting_service.service_layer.access import PARTICIPANT_READER_ROLES

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
OPERATIONS_ROLES = (OPERATOR, ADMIN)

templates = Jinja2Templates(directory=TEMPLATES_DIR)

# The shared page headers; these pages also vary by Accept (they share paths with the
# JSON API).
PAGE_HEADERS = {**web.PAGE_HEADERS, "Vary": "Accept, Cookie"}


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str


NAV = (
    NavItem("overview", "/"),
    NavItem("cohorts", "/cohorts"),
    NavItem("matrix", "/matrix"),
    NavItem("participants", "/participants"),
    NavItem("queue", "/queue"),
    NavItem("alerts", "/alerts"),
)
NAV_OPERATIONS = NavItem("operations", "/operations")


def lands_on_queue(principal: Principal) -> bool:
    """A caseworker lands on their work queue (``/`` sends them there); the integration
    leader (also one who is a caseworker too), operators and admins on the overview."""
    return principal.has_role(CASEWORKER) and not principal.has_role(INTEGRATION_LEADER)


def nav_url(item: NavItem, principal: Principal, lang: str) -> str:
    if item.key == "overview" and lands_on_queue(principal):
        return href(item.path, lang, view="overview")
    return href(item.path, lang)


def href(path: str, lang: str, **params: object) -> str:
    """A link to a page, keeping the language; parameters that are None or "" are left out."""
    query = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    if lang != "nb":
        query["lang"] = lang
    return f"{path}?{urlencode(query)}" if query else path


def switch_url(request: Request, lang: str) -> str:
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
    # Operators and admins see no participant's chain (docs/decisions/0013).
    nav = [
        item
        for item in NAV
        if item.key != "participants" or principal.has_role(*PARTICIPANT_READER_ROLES)
    ]
    if principal.has_role(*OPERATIONS_ROLES):
        nav.append(NAV_OPERATIONS)
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
                    "url": nav_url(item, principal, t.lang),
                    "active": item.key == active,
                }
                for item in nav
            ],
            "switch_url": switch_url(request, t.lang),
            "href": lambda path, **params: href(path, t.lang, **params),
            "csrf_token": csrf_token(request),
            **context,
        },
        status_code=status_code,
        headers=PAGE_HEADERS,
    )


async def page_error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    if exc.status == 303:
        return RedirectResponse(
            web.login_location(request), status_code=303, headers={"Cache-Control": "no-store"}
        )
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
            "detail": error_detail(exc, t),
            "nav": [],
            "switch_url": switch_url(request, t.lang),
            "principal": None,
        },
        status_code=exc.status,
        headers=PAGE_HEADERS,
    )


def error_detail(exc: PageError, t: Translator) -> str:
    """The error's detail in the page's language: a text key, formatted (role codes by
    their names), or the value given when it is none (a filter's ``name=value``). A key
    of a problem the pages have no text for gets the general one."""
    if not exc.detail:
        return ""
    values = {
        k: ", ".join(t.maybe("role", r) for r in v) if k == "roles" and isinstance(v, tuple) else v
        for k, v in exc.values.items()
    }
    if t.has(exc.detail):
        return t(exc.detail, **values)
    if exc.detail.startswith("problem."):
        return t("problem.other")
    return exc.detail


# The sign-in's reasons for refusing a token (``helhet_common.auth.verifier``), by text key.
SIGN_IN_REFUSALS = {
    "token expired": "expired",
    "token not yet valid": "not_yet_valid",
    "invalid signature": "signature",
    "malformed token": "malformed",
    "invalid issuer": "issuer",
    "invalid audience": "audience",
}


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
            "switch_url": switch_url(request, t.lang),
            "error": t(f"login.refused.{SIGN_IN_REFUSALS.get(error, 'other')}") if error else None,
        },
        status_code=status_code,
        headers=PAGE_HEADERS,
    )
