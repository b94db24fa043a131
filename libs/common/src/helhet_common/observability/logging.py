"""Structured logging: structlog for our own calls, stdlib records through the same renderer.

Every line is one JSON object on stdout (or a readable console line when ``log_json`` is
false) carrying ``timestamp`` (ISO 8601, UTC), ``level``, ``logger``, ``service``, the
context bound with :func:`bind_context` / :func:`bound` (``request_id``,
``correlation_id``, ``event_id``) and, inside a recording OpenTelemetry span, ``trace_id``
and ``span_id``.

Log calls name what happened in ``snake_case`` and pass the details as keyword fields::

    log = structlog.get_logger(__name__)
    log.info("placement_started", placement_id=placement.id)

When running uvicorn, pass ``log_config=None`` so that it keeps our handlers instead of
installing its own.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import Token
from typing import IO, Any

import structlog
from opentelemetry import trace
from structlog.typing import EventDict, Processor, WrappedLogger

from helhet_common.settings import ServiceSettings

__all__ = [
    "add_trace_context",
    "bind_context",
    "bound",
    "clear_context",
    "configure_logging",
]

# Libraries that are chatty below WARNING; their warnings and errors still come through.
_QUIET_LOGGERS = ("aiokafka", "httpx", "sqlalchemy", "uvicorn.access")
# Loggers that install their own handlers; we route them through the root handler.
_ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "aiokafka", "sqlalchemy")
# Keys that lead every line, in this order, so that a raw line reads naturally.
_LEADING_KEYS = ("timestamp", "level", "service", "logger", "event")


class _HelhetHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The root handler installed by :func:`configure_logging` (found again by its type)."""


class _AddService:
    """Adds ``service`` to every event."""

    def __init__(self, service: str) -> None:
        self.service = service

    def __call__(self, _logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", self.service)
        return event_dict


def _leading_keys_first(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    ordered = {key: event_dict.pop(key) for key in _LEADING_KEYS if key in event_dict}
    ordered.update(event_dict)
    return ordered


def add_trace_context(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Adds ``trace_id`` and ``span_id`` (lower-case hex) of the current recording span."""
    span = trace.get_current_span()
    if span.is_recording():
        context = span.get_span_context()
        if context.is_valid:
            event_dict.setdefault("trace_id", trace.format_trace_id(context.trace_id))
            event_dict.setdefault("span_id", trace.format_span_id(context.span_id))
    return event_dict


def _parse_level(name: str) -> int:
    text = name.strip()
    if text.isdigit():
        return int(text)
    level = logging.getLevelNamesMapping().get(text.upper())
    if level is None:
        raise ValueError(f"unknown log level {name!r}")
    return level


def configure_logging(settings: ServiceSettings, *, stream: IO[str] | None = None) -> None:
    """Configure structlog and stdlib logging for this process.

    Safe to call more than once: each call replaces the previous configuration (the
    root handler it installed, the renderer, the service name, the level).

    ``stream`` defaults to ``sys.stdout``; tests pass a ``StringIO``.
    """
    level = _parse_level(settings.log_level)
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _AddService(settings.service_name),
        add_trace_context,
    ]
    renderer: Processor
    if settings.log_json:
        renderer = structlog.processors.JSONRenderer()
        rendering: list[Processor] = [
            structlog.processors.format_exc_info,
            _leading_keys_first,
            renderer,
        ]
    else:
        target = stream if stream is not None else sys.stdout
        colors = bool(getattr(target, "isatty", lambda: False)())
        rendering = [structlog.dev.ConsoleRenderer(colors=colors)]

    formatter = structlog.stdlib.ProcessorFormatter(
        # Records from stdlib loggers (uvicorn, aiokafka, sqlalchemy, warnings).
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *rendering],
    )
    handler = _HelhetHandler(stream if stream is not None else sys.stdout)
    handler.setFormatter(formatter)

    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _HelhetHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)

    for name in _ROUTED_LOGGERS:
        routed = logging.getLogger(name)
        routed.handlers.clear()
        routed.propagate = True
        routed.setLevel(logging.NOTSET)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        context_class=dict,
        # Not cached: a logger first used before configure_logging (or before a test
        # reconfigures it) would otherwise keep the old processors for good.
        cache_logger_on_first_use=False,
    )


def bind_context(**fields: Any) -> Mapping[str, Token[Any]]:
    """Bind fields to every log line of the current context (task); ``None`` is skipped.

    Returns the tokens that restore the previous values
    (``structlog.contextvars.reset_contextvars(**tokens)``).
    """
    return structlog.contextvars.bind_contextvars(
        **{key: value for key, value in fields.items() if value is not None}
    )


def clear_context() -> None:
    """Unbind everything bound in the current context."""
    structlog.contextvars.clear_contextvars()


@contextmanager
def bound(**fields: Any) -> Iterator[None]:
    """Bind fields for the duration of a ``with`` block, then restore the previous values.

    ``None`` values are skipped, so ``bound(correlation_id=envelope.correlationid)`` is
    safe when the event carries none.
    """
    tokens = bind_context(**fields)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
