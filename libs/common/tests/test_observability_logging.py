"""configure_logging: JSON lines with service, level, bound context and trace ids."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import structlog
from opentelemetry.sdk.trace import TracerProvider

from helhet_common.observability import bind_context, bound, clear_context, configure_logging
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

    assert first.getvalue() == ""
    [line] = lines(second)
    assert line["service"] == "second"


def test_the_console_renderer_is_used_when_json_is_off(configure: Configure) -> None:
    stream = configure(log_json=False)

    structlog.get_logger("helhet.test").info("readable_line", answer=42)

    output = stream.getvalue()
    assert "readable_line" in output
    assert "answer" in output
    assert not output.lstrip().startswith("{")
