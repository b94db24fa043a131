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
installing its own (``helhet_common.app.server_config`` does).

Logging never holds up the event loop: a line is rendered in the thread that logs it
(where the bound context and the current span are), then handed through a bounded queue
to one writer thread per process, which writes it to the stream. A slow or stalled
output therefore delays only the writer; if the queue fills up, lines are dropped and
counted (a ``log_lines_dropped`` line says how many). ``flush_logs`` waits until what
was logged so far is written; it runs by itself when the process exits.

Tracebacks are short in both renderings: Python's plain format without local variables,
the innermost ``MAX_TRACEBACK_FRAMES`` frames of each exception, lines cut at
``MAX_TRACEBACK_LINE_CHARS`` and the whole at ``MAX_TRACEBACK_CHARS`` characters.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import logging.handlers
import os
import queue
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import Token
from typing import IO, Any, TextIO

import structlog
from opentelemetry import trace
from structlog.typing import EventDict, ExcInfo, Processor, WrappedLogger

from helhet_common.settings import ServiceSettings

__all__ = [
    "MAX_TRACEBACK_CHARS",
    "add_trace_context",
    "bind_context",
    "bound",
    "bounded_traceback",
    "clear_context",
    "configure_logging",
    "flush_logs",
    "is_logged",
    "mark_logged",
]

# Libraries that are chatty below WARNING; their warnings and errors still come through.
_QUIET_LOGGERS = ("aiokafka", "httpx", "sqlalchemy", "uvicorn.access")
# Loggers that install their own handlers; we route them through the root handler.
_ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "aiokafka", "sqlalchemy")
# Keys that lead every line, in this order, so that a raw line reads naturally.
_LEADING_KEYS = ("timestamp", "level", "service", "logger", "event")


# A traceback in a log line: at most this many characters, the innermost frames of each
# exception in the chain, and lines (an exception's message can be megabytes) cut short.
MAX_TRACEBACK_CHARS = 8_000
MAX_TRACEBACK_FRAMES = 30
MAX_TRACEBACK_LINE_CHARS = 1_000
# Lines rendered but not yet written; beyond this they are dropped (and counted).
QUEUE_SIZE = 10_000
# How long the process waits at exit for the writer to write what is queued.
EXIT_FLUSH_TIMEOUT_S = 5.0


def _cut(text: str, limit: int, *, head_share: float = 1 / 3) -> str:
    """``text`` in at most ``limit`` characters: its start and its end, a note between."""
    if len(text) <= limit:
        return text
    note = f" ... [{len(text) - limit} characters left out] ... "
    keep = max(limit - len(note), 0)
    head = int(keep * head_share)
    return text[:head] + note + text[len(text) - (keep - head) :]


def bounded_traceback(exc_info: ExcInfo) -> str:
    """A traceback as Python prints it, without local variables and bounded in length.

    Each exception of the chain keeps its innermost ``MAX_TRACEBACK_FRAMES`` frames
    (where it was raised); every line is cut at ``MAX_TRACEBACK_LINE_CHARS`` and the
    whole at ``MAX_TRACEBACK_CHARS`` characters, mostly from the start: the end names
    the exception.
    """
    exc_type, exc, tb = exc_info
    try:
        chunks = traceback.TracebackException(
            exc_type, exc, tb, limit=-MAX_TRACEBACK_FRAMES, max_group_width=5, max_group_depth=3
        ).format()
        text = "\n".join(
            _cut(line, MAX_TRACEBACK_LINE_CHARS) for chunk in chunks for line in chunk.splitlines()
        )
    except Exception as failure:  # a traceback must never cost the log line
        name = exc_type.__name__ if exc_type is not None else "Exception"
        text = f"{name} (no traceback: {failure!r})"
    return _cut(text, MAX_TRACEBACK_CHARS, head_share=1 / 4)


def mark_logged(error: BaseException) -> None:
    """Note that ``error`` has been logged with its traceback (see :func:`is_logged`)."""
    with contextlib.suppress(AttributeError, TypeError):  # a type without a __dict__
        error.__dict__["_helhet_logged"] = True


def is_logged(error: BaseException) -> bool:
    """Whether ``error`` was logged already: whoever meets it later need not log it again."""
    return bool(getattr(error, "__dict__", {}).get("_helhet_logged", False))


class _DropRelogged(logging.Filter):
    """On ``uvicorn.error``: uvicorn logs every exception an application lets out
    ("Exception in ASGI application"); one we logged already is not logged twice."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return error is None or not is_logged(error)


def _console_traceback(sio: TextIO, exc_info: ExcInfo) -> None:
    sio.write("\n" + bounded_traceback(exc_info))


# -- the writer thread ------------------------------------------------------------------


class _Writer:
    """One per process: the queue of rendered lines and the listener thread writing them.

    Each queued record carries the stream handler it is meant for, so that handlers of
    earlier configurations (a test restoring the previous set-up) still write to their
    own stream through the same thread.
    """

    def __init__(self) -> None:
        self.queue: queue.Queue[logging.LogRecord] = queue.Queue(QUEUE_SIZE)
        self.listener = logging.handlers.QueueListener(self.queue, _Dispatch())
        self.listener.start()


class _Dispatch(logging.Handler):
    """Runs in the writer thread: writes each line with its own handler."""

    def handle(self, record: logging.LogRecord) -> bool:
        target: logging.Handler | None = getattr(record, "helhet_target", None)
        if target is not None:
            target.handle(record)
        done: threading.Event | None = getattr(record, "helhet_flushed", None)
        if done is not None:
            done.set()
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() instead
        self.handle(record)


_writer: _Writer | None = None
_writer_lock = threading.Lock()


def _current_writer() -> _Writer:
    global _writer
    running = _writer
    if running is not None:
        return running
    with _writer_lock:
        if _writer is None:
            _writer = _Writer()
        return _writer


def _forget_writer_in_child() -> None:
    """A forked child has the queue but not the thread: it starts its own on first use."""
    global _writer, _writer_lock
    _writer, _writer_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_writer_in_child)


def flush_logs(timeout: float = 5.0) -> bool:
    """Wait until every line logged so far has been written; ``False`` if ``timeout``
    passed first (the output is stalled). Called at process exit; tests call it before
    reading a captured stream."""
    writer = _writer
    if writer is None:
        return True
    done = threading.Event()
    marker = logging.makeLogRecord({"msg": "", "helhet_flushed": done})
    try:
        writer.queue.put(marker, timeout=timeout)
    except queue.Full:
        return False
    return done.wait(timeout)


atexit.register(flush_logs, EXIT_FLUSH_TIMEOUT_S)


class _HelhetHandler(logging.handlers.QueueHandler):
    """The root handler installed by :func:`configure_logging` (found again by its type).

    Renders a record in the caller's thread (``format``) and queues the finished line
    for the writer thread, which writes it with ``target``; never waits for the output.
    """

    def __init__(self, target: logging.Handler) -> None:
        super().__init__(_current_writer().queue)
        self.target = target
        self.dropped = 0

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return logging.makeLogRecord(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "msg": self.format(record),
                "helhet_target": self.target,
            }
        )

    def enqueue(self, record: logging.LogRecord) -> None:
        # The queue of the writer running now (a forked child has a new one).
        lines = _current_writer().queue
        if self.dropped:
            note = self._dropped_note()
            with contextlib.suppress(queue.Full):
                lines.put_nowait(note)
                self.dropped = 0
        try:
            lines.put_nowait(record)
        except queue.Full:
            self.dropped += 1

    def _dropped_note(self) -> logging.LogRecord:
        note = logging.makeLogRecord(
            {
                "name": __name__,
                "levelno": logging.WARNING,
                "levelname": "WARNING",
                "msg": "log_lines_dropped",
                "dropped": self.dropped,
            }
        )
        return self.prepare(note)


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

    ``stream`` defaults to ``sys.stdout``; tests pass a ``StringIO`` (and call
    :func:`flush_logs` before reading it: lines are written by the writer thread).
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
    rendering: list[Processor]
    if settings.log_json:
        rendering = [
            structlog.processors.ExceptionRenderer(bounded_traceback),
            _leading_keys_first,
            structlog.processors.JSONRenderer(),
        ]
    else:
        target = stream if stream is not None else sys.stdout
        colors = bool(getattr(target, "isatty", lambda: False)())
        # Never Rich's or better-exceptions' tracebacks (with every frame's locals).
        rendering = [
            structlog.dev.ConsoleRenderer(colors=colors, exception_formatter=_console_traceback)
        ]

    formatter = structlog.stdlib.ProcessorFormatter(
        # Records from stdlib loggers (uvicorn, aiokafka, sqlalchemy, warnings).
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *rendering],
    )
    output = logging.StreamHandler(stream if stream is not None else sys.stdout)
    handler = _HelhetHandler(output)
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
    server_errors = logging.getLogger("uvicorn.error")
    for old_filter in [f for f in server_errors.filters if isinstance(f, _DropRelogged)]:
        server_errors.removeFilter(old_filter)
    server_errors.addFilter(_DropRelogged())
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
