"""Per-request context: request and correlation ids, one log line, HTTP metrics.

``RequestContextMiddleware`` is a pure ASGI middleware, so streaming responses pass
through untouched. Add it last (outermost) so that it sees every response::

    app.add_middleware(RequestContextMiddleware, service_name=settings.service_name)
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Final

import structlog
from opentelemetry import trace
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helhet_common.observability import metrics
from helhet_common.observability.logging import bind_context, mark_logged

__all__ = [
    "CORRELATION_ID_HEADER",
    "REQUEST_ID_HEADER",
    "RequestContextMiddleware",
    "get_correlation_id",
    "get_request_id",
]

REQUEST_ID_HEADER: Final = "X-Request-ID"
CORRELATION_ID_HEADER: Final = "X-Correlation-ID"
UNMATCHED_ROUTE: Final = "unmatched"

# Ids from clients end up in logs and event envelopes: accept only short, plain tokens.
_VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_KNOWN_METHODS = frozenset(
    {"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY", "TRACE"}
)
# Status recorded when the request is cancelled before a response starts
# (the client went away or the server is shutting down); nginx's convention.
_CLIENT_CLOSED = 499

log = structlog.get_logger(__name__)


def get_request_id() -> str | None:
    """The id of the HTTP request being handled, if any."""
    value = structlog.contextvars.get_contextvars().get("request_id")
    return value if isinstance(value, str) else None


def get_correlation_id() -> str | None:
    """The correlation id bound in this context (by the middleware or a consumer), if any."""
    value = structlog.contextvars.get_contextvars().get("correlation_id")
    return value if isinstance(value, str) else None


def _valid_id(value: str | None) -> str | None:
    return value if value is not None and _VALID_ID.fullmatch(value) else None


def _is_quiet(path: str) -> bool:
    return path.startswith("/health/") or path in ("/health", "/metrics")


def _route_template(scope: Scope) -> str:
    """The template of the route the router matched, never the raw path."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else UNMATCHED_ROUTE


class RequestContextMiddleware:
    """Binds ``request_id`` and ``correlation_id``, echoes them, logs and measures requests.

    - ``X-Request-ID`` is taken from the request when it is a plain token of at most 128
      characters, else a new one (uuid4 hex) is made; ``X-Correlation-ID`` likewise,
      defaulting to the request id. Both are bound to the log context for the request
      and set on the response.
    - ``http_requests_total`` and ``http_request_duration_seconds`` are labelled with the
      matched route template (``"unmatched"`` when no route matched).
    - One ``http_request`` line per request: info, debug for ``/health/*`` and
      ``/metrics``, error (with the traceback) when the application raised, which is
      recorded as status 500. That line is the only record of the error: it is marked
      logged (``mark_logged``), so the 500 handler and the server do not log it again.
    """

    def __init__(self, app: ASGIApp, service_name: str) -> None:
        self.app = app
        self.service_name = service_name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = Headers(scope=scope)
        request_id = _valid_id(headers.get(REQUEST_ID_HEADER)) or uuid.uuid4().hex
        correlation_id = _valid_id(headers.get(CORRELATION_ID_HEADER)) or request_id
        status: int | None = None

        async def send_with_ids(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message.setdefault("headers", [])
                response_headers = MutableHeaders(scope=message)
                response_headers[REQUEST_ID_HEADER] = request_id
                response_headers[CORRELATION_ID_HEADER] = correlation_id
            await send(message)

        # The server span ends with the last body message, before the request line is
        # logged, so its ids are taken now.
        trace_fields: dict[str, str] = {}
        span = trace.get_current_span()
        if span.is_recording():
            span.set_attribute("helhet.request_id", request_id)
            span.set_attribute("helhet.correlation_id", correlation_id)
            context = span.get_span_context()
            trace_fields["trace_id"] = trace.format_trace_id(context.trace_id)
            trace_fields["span_id"] = trace.format_span_id(context.span_id)

        tokens = bind_context(request_id=request_id, correlation_id=correlation_id)
        started = time.perf_counter()
        error: Exception | None = None
        try:
            await self.app(scope, receive, send_with_ids)
        except Exception as exc:
            error = exc
            raise
        finally:
            duration = time.perf_counter() - started
            if error is not None:
                final_status = 500
            elif status is None:
                final_status = _CLIENT_CLOSED
            else:
                final_status = status
            self._observe(scope, final_status, duration, error, trace_fields)
            structlog.contextvars.reset_contextvars(**tokens)

    def _observe(
        self,
        scope: Scope,
        status: int,
        duration: float,
        error: Exception | None,
        trace_fields: dict[str, str],
    ) -> None:
        method = str(scope.get("method", ""))
        method_label = method if method in _KNOWN_METHODS else "_OTHER"
        route = _route_template(scope)
        metrics.http_requests_total.labels(
            self.service_name, method_label, route, str(status)
        ).inc()
        metrics.http_request_duration_seconds.labels(
            self.service_name, method_label, route
        ).observe(duration)

        path = str(scope.get("path", ""))
        fields: dict[str, object] = {
            **trace_fields,
            "method": method,
            "path": path,
            "route": route,
            "status": status,
            "duration_ms": round(duration * 1000, 2),
        }
        if error is not None:
            log.error("http_request", error=type(error).__name__, exc_info=error, **fields)
            mark_logged(error)  # the one record of it: not again by the 500 handler or uvicorn
        elif _is_quiet(path):
            log.debug("http_request", **fields)
        else:
            log.info("http_request", **fields)
