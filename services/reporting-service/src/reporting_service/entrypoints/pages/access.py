"""Which requests a page answers: a caller signed in with a role that may see it (else
the sign-in page or a 403 page), forms carrying the session's token, and, on the paths
the pages share with the JSON API, only requests that ask for HTML."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from helhet_common.access.recorder import (
    PURPOSE_HEADER,
    PURPOSE_PATTERN,
    AccessRecord,
    audited,
    operation_of,
    purpose_of,
)
from helhet_common.auth import TOKEN_COOKIE, Principal
from helhet_common.domain_errors import NotAllowed, NotFound
from helhet_common.web import page_principal
from reporting_service.adapters import tables
from reporting_service.entrypoints.deps import READER_ROLES, get_uow
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork

T = TypeVar("T")


class PageError(Exception):
    """Ends a page request: a redirect to sign-in, or an error page in the page's language.

    ``detail`` is a text key of the pages (formatted with ``values``; ``roles``, a tuple
    of role codes, is shown by the roles' names), or a value as it was given (a filter's
    ``name=value``): never an English sentence on a Norwegian page."""

    def __init__(self, status: int, key: str = "", detail: str = "", **values: object) -> None:
        super().__init__(detail or key)
        self.status = status
        self.key = key
        self.detail = detail
        self.values = values


def login_required() -> PageError:
    return PageError(303)


async def signed_in(request: Request, roles: Sequence[str] = READER_ROLES) -> Principal:
    """The caller from the session cookie (or a bearer token), with one of ``roles``."""
    principal = await page_principal(request)
    if principal is None:
        raise login_required()
    if not principal.has_role(*roles):
        raise PageError(403, "error.forbidden", "error.requires_roles", roles=tuple(roles))
    return principal


def page_purpose(request: Request) -> str | None:
    """The purpose a page request names (``X-Purpose``, which an agency's client may send
    to a page as to the API): checked as the JSON routes check it; a malformed one is 400."""
    named = request.headers.get(PURPOSE_HEADER)
    if named is None:
        return None
    if re.fullmatch(PURPOSE_PATTERN, named) is None:
        raise PageError(400)
    return named


async def audited_page(
    request: Request,
    principal: Principal,
    categories: Sequence[str],
    read: Callable[[ReportingUnitOfWork, AccessRecord], Awaitable[T]],
) -> T:
    """A page's read of participants' personal data, recorded in the access log as the
    JSON API's reads are (``helhet_common.access``; purpose: ``X-Purpose`` as the JSON
    routes take it, else the caller's default). No
    basis for the participant: the 404 page; a basis not for this: the 403 page."""
    uow = get_uow(request)
    record = AccessRecord(
        table=tables.access_log,
        principal=principal,
        purpose=purpose_of(principal, page_purpose(request)),
        operation=operation_of(request),
        categories=tuple(categories),
    )
    try:
        return await audited(uow, record, lambda: read(uow, record))
    except NotFound as exc:
        raise PageError(404) from exc
    except NotAllowed as exc:
        raise PageError(403, "error.forbidden", f"problem.{exc.code}") from exc


def csrf_token(request: Request) -> str:
    """The form token of this session: an HMAC of the session cookie, which a page of
    another site can neither read nor compute. Empty without a cookie."""
    cookie = request.cookies.get(TOKEN_COOKIE)
    if not cookie:
        return ""
    return hmac.new(cookie.encode(), b"helhet-csrf-v1", hashlib.sha256).hexdigest()


def check_form_token(request: Request, sent: str | None) -> None:
    """A page's form POST must carry the session's token (``csrf_token``): else 403."""
    expected = csrf_token(request)
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise PageError(403, "error.forbidden", "error.form_token")


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
