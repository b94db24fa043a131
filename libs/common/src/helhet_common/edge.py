"""What every request meets at the app's edge, before a route runs.

Four pure ASGI middlewares, added by ``create_app``:

- ``MethodsMiddleware``: ``OPTIONS`` answers 204 with an ``Allow`` header that lists
  every method the path supports (the union over all its routes, ``HEAD`` wherever
  ``GET`` is, and ``OPTIONS``); ``HEAD`` is served as a ``GET`` without the body; any
  other method the path does not support is a 405 problem with the same ``Allow``.
  (Starlette's router answers from the first route of the path only, so a path served
  by a ``GET`` route and a ``POST`` route listed just one of them.)
- ``RequestTimeoutMiddleware``: a request that has not started its response after
  ``timeout_s`` is cancelled and answered 504 ``request-timeout``. The cancellation
  reaches the route wherever it waits; the unit of work then rolls back, so a write
  is either committed whole or not at all (a cancellation that lands while the
  database is committing may leave the write committed: repeat with the same
  ``Idempotency-Key`` to find out). Once the response has started it runs to the end.
- ``BodySizeLimitMiddleware``: a body larger than ``max_bytes`` is a 413
  ``body-too-large``: at once when ``Content-Length`` says so, else as soon as the
  bytes received (a chunked body) pass the limit; the route never sees the rest.
- ``NoStoreMiddleware``: a response that does not say how it may be cached gets
  ``Cache-Control: no-store``. The APIs answer with personal data about participants
  (and with problems naming them); no browser, proxy or gateway may keep a copy. A
  route that serves something cacheable says so itself.
"""

from __future__ import annotations

import asyncio
from typing import Final

import structlog
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helhet_common.errors import HTTPProblem, Problem, problem_response

__all__ = [
    "BodySizeLimitMiddleware",
    "BodyTooLarge",
    "MethodsMiddleware",
    "NoStoreMiddleware",
    "RequestTimeout",
    "RequestTimeoutMiddleware",
    "allow_header",
    "allowed_methods",
    "declared_methods",
]

log = structlog.get_logger(__name__)

# The order methods are listed in ``Allow``.
_METHOD_ORDER: Final = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class BodyTooLarge(Problem):
    status = 413
    code = "body-too-large"
    title = "Request body too large"

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"The request body is larger than the limit of {max_bytes} bytes.")


class RequestTimeout(Problem):
    status = 504
    code = "request-timeout"
    title = "Request timed out"

    def __init__(self, timeout_s: float) -> None:
        super().__init__(
            f"The request took longer than {timeout_s:g} s and was stopped; a change it "
            "had not committed was rolled back. Repeat it (with the same Idempotency-Key, "
            "if it had one)."
        )


async def _send_problem(problem: Problem, scope: Scope, receive: Receive, send: Send) -> None:
    await problem_response(problem, Request(scope))(scope, receive, send)


# -- methods ------------------------------------------------------------------------------


# The methods a path is probed for; HEAD and OPTIONS follow from them.
_PROBED: Final = ("GET", "POST", "PUT", "PATCH", "DELETE")


def declared_methods(routes: list[BaseRoute], scope: Scope) -> set[str] | None:
    """The methods the routes serve at the request's path (an empty set when none
    has the path), found by asking each route whether it matches the path with each
    method (so routers included in routers answer for themselves); ``None`` when a
    mount has the path: it answers for itself."""
    declared: set[str] = set()
    for route in routes:
        if isinstance(route, Mount):
            if route.matches(scope)[0] is not Match.NONE:
                return None
            continue
        for method in _PROBED:
            if method not in declared and _serves(route, scope, method):
                declared.add(method)
    return declared


def _serves(route: BaseRoute, scope: Scope, method: str) -> bool:
    match, _ = route.matches({**scope, "method": method})
    return match is Match.FULL


def allowed_methods(declared: set[str]) -> set[str]:
    """What a path serves: its routes' methods, ``HEAD`` where ``GET`` is, and ``OPTIONS``."""
    allowed = set(declared) | {"OPTIONS"}
    if "GET" in declared:
        allowed.add("HEAD")
    return allowed


def allow_header(methods: set[str]) -> str:
    ordered = [m for m in _METHOD_ORDER if m in methods]
    return ", ".join(ordered + sorted(methods - set(_METHOD_ORDER)))


class MethodsMiddleware:
    """``OPTIONS``, ``HEAD`` and 405 with an ``Allow`` that lists what the path serves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        router = getattr(scope.get("app"), "router", None)
        if scope["type"] != "http" or router is None:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if any(_serves(route, scope, method) for route in router.routes):
            await self.app(scope, receive, send)  # the usual case: a route serves it
            return
        declared = declared_methods(router.routes, scope)
        if not declared:
            await self.app(scope, receive, send)
            return
        allowed = allowed_methods(declared)
        if method == "OPTIONS":
            headers = [(b"allow", allow_header(allowed).encode()), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
        elif method == "HEAD" and "GET" in declared:
            as_get = {**scope, "method": "GET"}
            try:
                await self.app(as_get, receive, _without_body(send))
            finally:
                if "route" in as_get:  # for the request metrics outside
                    scope["route"] = as_get["route"]
        else:
            problem = Problem(
                f"{method} is not supported here; the path supports {allow_header(allowed)}.",
                status=405,
                code="method-not-allowed",
                title="Method not allowed",
                headers={"Allow": allow_header(allowed)},
            )
            await _send_problem(problem, scope, receive, send)


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b""}
        await send(message)

    return send_head


# -- request timeout ----------------------------------------------------------------------


class RequestTimeoutMiddleware:
    """Cancels a request that has not started its response within ``timeout_s``
    (0: no limit) and answers 504."""

    def __init__(self, app: ASGIApp, timeout_s: float) -> None:
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.timeout_s <= 0:
            await self.app(scope, receive, send)
            return
        started = False
        try:
            async with asyncio.timeout(self.timeout_s) as deadline:

                async def send_once_started(message: Message) -> None:
                    nonlocal started
                    if message["type"] == "http.response.start":
                        started = True
                        deadline.reschedule(None)  # a started response runs to its end
                    await send(message)

                await self.app(scope, receive, send_once_started)
        except TimeoutError:
            if started or not deadline.expired():
                raise
            log.warning(
                "http_request_timed_out",
                method=scope.get("method"),
                path=scope.get("path"),
                timeout_s=self.timeout_s,
            )
            await _send_problem(RequestTimeout(self.timeout_s), scope, receive, send)


# -- body size ----------------------------------------------------------------------------


class BodySizeLimitMiddleware:
    """Refuses a request body larger than ``max_bytes`` with a 413 problem."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = BodyTooLarge(self.max_bytes)
        declared = Headers(scope=scope).get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:
            await _send_problem(too_large, scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException: FastAPI lets it through from reading the body,
                    # and the problem handlers answer it.
                    raise HTTPProblem(too_large)
            return message

        async def send_started(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, send_started)
        except HTTPProblem as exc:
            if started or exc.problem is not too_large:
                raise
            await _send_problem(too_large, scope, receive, send)


class NoStoreMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    message["headers"] = [*headers, (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, send_no_store)
