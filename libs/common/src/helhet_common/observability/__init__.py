"""Observability at the edges: structured logs, traces and metrics.

- :mod:`.logging`: :func:`configure_logging`, and :func:`bind_context` /
  :func:`clear_context` / :func:`bound` for ``request_id``, ``correlation_id``,
  ``event_id``.
- :mod:`.telemetry`: :func:`setup_telemetry`, :func:`instrument_app`,
  :func:`instrument_engine`, :func:`current_traceparent`, :func:`extract_context`,
  :func:`tracer`.
- :mod:`.metrics`: the Prometheus metrics and :func:`metrics_response`.
- :mod:`.middleware`: :class:`RequestContextMiddleware`, :func:`get_request_id`,
  :func:`get_correlation_id`.
"""

from helhet_common.observability import metrics
from helhet_common.observability.logging import (
    bind_context,
    bound,
    clear_context,
    configure_logging,
)
from helhet_common.observability.metrics import metrics_response
from helhet_common.observability.middleware import (
    CORRELATION_ID_HEADER,
    REQUEST_ID_HEADER,
    RequestContextMiddleware,
    get_correlation_id,
    get_request_id,
)
from helhet_common.observability.telemetry import (
    current_traceparent,
    extract_context,
    instrument_app,
    instrument_engine,
    setup_telemetry,
    tracer,
)

__all__ = [
    "CORRELATION_ID_HEADER",
    "REQUEST_ID_HEADER",
    "RequestContextMiddleware",
    "bind_context",
    "bound",
    "clear_context",
    "configure_logging",
    "current_traceparent",
    "extract_context",
    "get_correlation_id",
    "get_request_id",
    "instrument_app",
    "instrument_engine",
    "metrics",
    "metrics_response",
    "setup_telemetry",
    "tracer",
]
