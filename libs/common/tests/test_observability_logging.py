"""configure_logging: JSON lines with service, level, bound context and trace ids."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
from opentelemetry.sdk.trace import TracerProvider

from helhet_common.observability import bind_context, bound, clear_context, configure_logging
from helhet_common.observability.logging import MAX_TRACEBACK_CHARS, flush_logs
from helhet_common.settings import ServiceSettings

Configure = Callable[..., io.StringIO]


def settings(**fields: Any) -> ServiceSettings:
    """Explicit values, whatever the environment says (model_copy skips the aliases)."""
    defaults: dict[str, Any] = {
        "service_name": "logging-test",
        "log_level": "INFO",
        "log_json": True,
        "otlp_endpoint": None,
    }
    return ServiceSettings().model_copy(update={**defaults, **fields})


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    flush_logs()
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def configure() -> Iterator[Configure]:
    """configure_logging into a StringIO; the previous logging setup is restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_structlog = structlog.get_config()

    def _configure(**fields: Any) -> io.StringIO:
        stream = io.StringIO()
        configure_logging(settings(**fields), stream=stream)
        return stream

    yield _configure
    flush_logs()
    clear_context()
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    logging.captureWarnings(False)
    structlog.configure(**saved_structlog)


def test_a_log_call_is_one_json_line_with_event_level_and_service(configure: Configure) -> None:
    stream = configure(service_name="plan-service")

    structlog.get_logger("helhet.test").info("plan_created", plan_id="p-1")

    [line] = lines(stream)
    assert line["event"] == "plan_created"
    assert line["level"] == "info"
    assert line["service"] == "plan-service"
    assert line["logger"] == "helhet.test"
    assert line["plan_id"] == "p-1"
    assert line["timestamp"].endswith("Z")


def test_lines_below_the_configured_level_are_dropped(configure: Configure) -> None:
    stream = configure(log_level="warning")
    log = structlog.get_logger("helhet.test")

    log.info("routine")
    log.warning("unusual")

    assert [line["event"] for line in lines(stream)] == ["unusual"]


def test_an_unknown_level_is_refused(configure: Configure) -> None:
    with pytest.raises(ValueError, match="loud"):
        configure(log_level="loud")


def test_bound_context_appears_on_every_line_until_cleared(configure: Configure) -> None:
    stream = configure()
    log = structlog.get_logger("helhet.test")

    bind_context(request_id="r-1", correlation_id="c-1")
    log.info("first")
    clear_context()
    log.info("second")

    first, second = lines(stream)
    assert (first["request_id"], first["correlation_id"]) == ("r-1", "c-1")
    assert "request_id" not in second


def test_bound_restores_the_outer_values_and_skips_none(configure: Configure) -> None:
    stream = configure()
    log = structlog.get_logger("helhet.test")

    with bound(event_id="e-1", correlation_id=None):
        with bound(event_id="e-2"):
            log.info("inner")
        log.info("outer")
    log.info("after")

    inner, outer, after = lines(stream)
    assert inner["event_id"] == "e-2"
    assert outer["event_id"] == "e-1"
    assert "correlation_id" not in outer
    assert "event_id" not in after


def test_lines_inside_a_span_carry_its_trace_and_span_ids(configure: Configure) -> None:
    stream = configure()
    log = structlog.get_logger("helhet.test")
    tracer = TracerProvider().get_tracer("test")

    with tracer.start_as_current_span("work") as span:
        log.info("inside")
    log.info("outside")

    inside, outside = lines(stream)
    context = span.get_span_context()
    assert inside["trace_id"] == f"{context.trace_id:032x}"
    assert inside["span_id"] == f"{context.span_id:016x}"
    assert "trace_id" not in outside


def test_stdlib_records_go_through_the_same_renderer(configure: Configure) -> None:
    stream = configure(service_name="reporting-service")

    logging.getLogger("uvicorn.error").warning("Started server process [%d]", 42)
    logging.getLogger("aiokafka").info("chatty library detail")
    try:
        raise RuntimeError("broker gone")
    except RuntimeError:
        logging.getLogger("aiokafka.consumer").exception("Unexpected error in fetcher")

    started, failed = lines(stream)
    assert (
        started.items()
        >= {
            "event": "Started server process [42]",
            "level": "warning",
            "logger": "uvicorn.error",
            "service": "reporting-service",
        }.items()
    )
    assert failed["level"] == "error"
    assert "RuntimeError: broker gone" in failed["exception"]


def test_configuring_twice_replaces_the_first_configuration(configure: Configure) -> None:
    first = configure(service_name="first")
    second = configure(service_name="second")

    structlog.get_logger("helhet.test").info("once")

    flush_logs()
    assert first.getvalue() == ""
    [line] = lines(second)
    assert line["service"] == "second"


def test_the_console_renderer_is_used_when_json_is_off(configure: Configure) -> None:
    stream = configure(log_json=False)

    structlog.get_logger("helhet.test").info("readable_line", answer=42)

    flush_logs()
    output = stream.getvalue()
    assert "readable_line" in output
    assert "answer" in output
    assert not output.lstrip().startswith("{")


class StalledStream(io.StringIO):
    """An output whose writes wait while ``gate`` is closed (a console nobody reads)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def write(self, text: str) -> int:
        self.gate.wait(timeout=10)
        return super().write(text)


def test_a_log_call_returns_at_once_while_the_output_is_stalled(configure: Configure) -> None:
    stalled = StalledStream()
    configure_logging(settings(), stream=stalled)
    log = structlog.get_logger("helhet.test")

    started = time.monotonic()
    for number in range(3):
        log.info("written_later", number=number)
    assert time.monotonic() - started < 0.5
    assert stalled.getvalue() == ""

    stalled.gate.set()
    assert [line["number"] for line in lines(stalled)] == [0, 1, 2]


def _raise_deep(depth: int) -> None:
    hidden_local = "a-local-nobody-should-see"  # noqa: F841 - looked for in the output
    if depth == 0:
        raise ValueError("m" * 100_000)
    _raise_deep(depth - 1)


@pytest.mark.parametrize("log_json", [True, False])
def test_tracebacks_are_plain_bounded_and_without_locals(
    configure: Configure, log_json: bool
) -> None:
    stream = configure(log_json=log_json)
    try:
        try:
            _raise_deep(200)
        except ValueError as cause:
            raise RuntimeError("while saving") from cause
    except RuntimeError:
        structlog.get_logger("helhet.test").exception("save_failed")

    flush_logs()
    output = stream.getvalue()
    text = json.loads(output)["exception"] if log_json else output
    assert len(text) <= MAX_TRACEBACK_CHARS
    assert "a-local-nobody-should-see" not in output
    assert "RuntimeError: while saving" in text  # the end of the chain is kept
    assert "characters left out" in text
    assert text.count("_raise_deep") <= 40


def test_lines_still_queued_are_written_when_the_process_exits(tmp_path: Path) -> None:
    script = (
        "import structlog\n"
        "from helhet_common.observability import configure_logging\n"
        "from helhet_common.settings import ServiceSettings\n"
        "configure_logging(ServiceSettings(service_name='exiting'))\n"
        "for n in range(500):\n"
        "    structlog.get_logger('t').info('before_exit', n=n)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "LOG_JSON": "true"},
    )
    assert result.returncode == 0, result.stderr
    written = [json.loads(line)["n"] for line in result.stdout.splitlines()]
    assert written == list(range(500))
