"""The integration leader's pages: overview, matrix, participants, alerts, the work
queue ('Min kø', an alert and its history), sign-in.

Server-rendered (Jinja2) and usable without JavaScript; charts are inline SVG. Norwegian
bokmål by default, English with ``?lang=en``; every text comes from the translation
files in ``templates/i18n``. A page reads the same read models as the JSON API, with the
same roles; without a valid session cookie it redirects to ``/login``, with a role that
may not see it it answers 403, and a participant of another municipality is a 404 page
that looks like any unknown id.

``/alerts``, ``/participants`` and ``/participants/{id}`` share their paths with the
JSON API: the page answers only a request that asks for HTML (``Accept: text/html``, as
a browser does), every other request goes on to the JSON route.

A module per page (``overview``, ``matrix``, ``participants``, ``alerts``, ``queue``) on what they
share: ``access`` (who is signed in, the form token, HTML-only routes), ``rendering``
(templates, navigation, error pages), ``texts`` (translations) and ``filters`` (filters
and paging). ``router`` has every page; ``install`` adds what they need to the app.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from helhet_common.web import sign_in_router
from reporting_service.entrypoints.pages import (
    alerts,
    cohorts,
    matrix,
    overview,
    participants,
    queue,
)
from reporting_service.entrypoints.pages.access import (
    HtmlRoute,
    PageError,
    csrf_token,
    login_required,
    signed_in,
)
from reporting_service.entrypoints.pages.filters import PAGE_SIZE
from reporting_service.entrypoints.pages.rendering import (
    OPERATIONS_ROLES,
    STATIC_DIR,
    TEMPLATES_DIR,
    href,
    page_error_response,
    render,
    sign_in_page,
    templates,
)
from reporting_service.entrypoints.pages.texts import (
    LANGUAGES,
    Translator,
    page_language,
    translations,
)

__all__ = [
    "LANGUAGES",
    "OPERATIONS_ROLES",
    "PAGE_SIZE",
    "TEMPLATES_DIR",
    "HtmlRoute",
    "PageError",
    "Translator",
    "csrf_token",
    "href",
    "install",
    "login_required",
    "page_language",
    "render",
    "router",
    "signed_in",
    "translations",
]

router = APIRouter(include_in_schema=False)
router.include_router(sign_in_router(home="/", form=sign_in_page))
router.include_router(overview.router)
router.include_router(matrix.router)
router.include_router(cohorts.router)
router.include_router(participants.router)
router.include_router(alerts.router)
router.include_router(queue.router)
router.include_router(queue.forms)


def install(app: FastAPI) -> None:
    """What the pages need besides their routes: the error pages and the static files.
    The translations are loaded here, so a missing text stops the app at start-up."""
    translations()
    # Compiled now, not on the first view of each page (most of a cold view's time).
    for template in TEMPLATES_DIR.glob("*.html"):
        templates.env.get_template(template.name)
    app.add_exception_handler(PageError, page_error_response)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
