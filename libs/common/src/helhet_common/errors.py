"""Errors as RFC 9457 problem details (``application/problem+json``).

Raise a ``Problem`` (or a subclass) anywhere below a route; the handlers installed by
``install_problem_handlers`` turn it, request validation errors, malformed JSON and
unexpected exceptions into a problem response. Unexpected exceptions give a 500 whose
body says nothing about internals; they are logged with the request id.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from helhet_common.observability.logging import is_logged

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://helhet.no/problems/"

log = structlog.get_logger(__name__)


class Problem(Exception):
    """An error with an HTTP status, a stable machine-readable ``code`` and a message."""

    status: int = 400
    code: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        code: str | None = None,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        if title is not None:
            self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": TYPE_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "code": self.code,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(jsonable_encoder(self.extra))
        return body


class NotFound(Problem):
    status = 404
    code = "not-found"
    title = "Not found"


class Conflict(Problem):
    status = 409
    code = "conflict"
    title = "Conflict"


class Unauthorized(Problem):
    status = 401
    code = "unauthorized"
    title = "Authentication required"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class Forbidden(Problem):
    status = 403
    code = "forbidden"
    title = "Forbidden"


class InvalidInput(Problem):
    status = 422
    code = "invalid-input"
    title = "Invalid input"


class HTTPProblem(StarletteHTTPException):
    """A problem raised where only an ``HTTPException`` gets through unchanged: FastAPI
    turns any other error raised while it reads the request body into a 400."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.status, problem.detail, problem.headers or None)
        self.problem = problem


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    return JSONResponse(
        problem.body(instance),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=problem.headers or None,
    )


def _validation_problem(exc: RequestValidationError) -> Problem:
    errors = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            return Problem(
                "The request body is not valid JSON.",
                status=400,
                code="malformed-json",
                title="Malformed JSON",
            )
        errors.append(
            {
                "location": [str(part) for part in error.get("loc", ())],
                "message": error.get("msg", ""),
                "type": error.get("type", ""),
            }
        )
    return InvalidInput("The request did not validate.", errors=errors)


async def _handle_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc, request)


async def _handle_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(_validation_problem(exc), request)


async def _handle_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, HTTPProblem):
        return problem_response(exc.problem, request)
    status = exc.status_code
    if status == 400 and exc.detail == "There was an error parsing the body":
        # FastAPI's answer to a body it cannot decode at all (e.g. not UTF-8).
        return problem_response(
            Problem(
                "The request body could not be read as JSON.",
                status=400,
                code="malformed-json",
                title="Malformed JSON",
            ),
            request,
        )
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    code = phrase.lower().replace(" ", "-")
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    problem = Problem(
        detail, status=status, code=code, title=phrase, headers=dict(exc.headers or {})
    )
    return problem_response(problem, request)


async def _handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    if not is_logged(exc):  # the request middleware logs it once, with the request
        log.exception("unhandled_error", path=request.url.path)
    problem = Problem(
        "An unexpected error occurred. It has been logged.",
        status=500,
        code="internal-error",
        title="Internal server error",
    )
    return problem_response(problem, request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _handle_problem)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
    app.add_exception_handler(Exception, _handle_unexpected)
