"""An unhandled error in an api, served as ``<service> api`` serves it (uvicorn).

It is logged once, with a short traceback (no locals, bounded in length) in JSON and on
the console alike; the client gets a 500 and keeps its connection; and writing the log
never holds up the event loop, however slow the output is.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
import uvicorn
from fastapi import APIRouter

from helhet_common.app import create_app, server_config
from helhet_common.broker import free_port
from helhet_common.observability.logging import (
    MAX_TRACEBACK_CHARS,
    configure_logging,
    flush_logs,
)
from helhet_common.settings import ServiceSettings

LOCAL_SENTINEL = "a-local-variable-nobody-should-see"
DEPTH = 150


def _fail(depth: int) -> None:
    payload = LOCAL_SENTINEL * 100  # a large local, as a request body would be
    if depth == 0:
        raise RuntimeError("database said no: " + "x" * 200_000 + f" ({len(payload)})")
    _fail(depth - 1)


def _router() -> APIRouter:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        _fail(DEPTH)

    return router


class SlowStream(io.StringIO):
    """An output that blocks every write while its gate is closed (a stalled console)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def write(self, text: str) -> int:
        self.gate.wait(timeout=5)
        return super().write(text)


@dataclass
class Served:
    url: str
    port: int
    reconfigure: Callable[..., io.StringIO]


def _settings(tmp_path: Path, **fields: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "service_name": "errors-test",
        "home": tmp_path,
        "log_level": "INFO",
        "log_json": True,
        "otlp_endpoint": None,
    }
    return ServiceSettings().model_copy(update={**values, **fields})


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_structlog = structlog.get_config()
    yield
    flush_logs()
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    logging.captureWarnings(False)
    structlog.configure(**saved_structlog)


@pytest.fixture
async def served(tmp_path: Path, restore_logging: None) -> AsyncIterator[Served]:
    """The app under uvicorn in this event loop; ``reconfigure(stream=..., **settings)``
    points the logs at a stream of the test's."""
    settings = _settings(tmp_path)
    app = create_app(settings=settings, title="t", description="t", routers=[_router()])
    port = free_port()
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port))
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        await asyncio.sleep(0.02)

    def reconfigure(stream: io.StringIO | None = None, **fields: Any) -> io.StringIO:
        target = stream if stream is not None else io.StringIO()
        configure_logging(_settings(tmp_path, **fields), stream=target)
        return target

    try:
        yield Served(f"http://127.0.0.1:{port}", port, reconfigure)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)


def _records(stream: io.StringIO) -> list[dict[str, Any]]:
    flush_logs()
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_an_unhandled_error_is_one_record_with_a_bounded_traceback(
    served: Served,
) -> None:
    stream = served.reconfigure()
    async with httpx.AsyncClient(base_url=served.url) as client:
        response = await client.get("/boom")

    assert response.status_code == 500
    assert response.json()["code"] == "internal-error"
    records = _records(stream)
    with_traceback = [r for r in records if "exception" in r]
    assert len(with_traceback) == 1, [(r["event"], r["logger"]) for r in with_traceback]
    [record] = with_traceback
    assert (record["event"], record["level"], record["status"]) == ("http_request", "error", 500)
    assert record["path"] == "/boom"
    assert len(record["exception"]) <= MAX_TRACEBACK_CHARS
    assert "RuntimeError: database said no" in record["exception"]
    assert "_fail" in record["exception"]
    assert LOCAL_SENTINEL not in record["exception"]
    assert sum(len(json.dumps(r)) for r in records) < 3 * MAX_TRACEBACK_CHARS


async def test_the_console_shows_one_short_plain_traceback(served: Served) -> None:
    stream = served.reconfigure(log_json=False)
    async with httpx.AsyncClient(base_url=served.url) as client:
        response = await client.get("/boom")

    assert response.status_code == 500
    flush_logs()
    output = stream.getvalue()
    assert output.count("Traceback (most recent call last)") == 1
    assert "RuntimeError: database said no" in output
    assert LOCAL_SENTINEL not in output
    assert len(output) < 2 * MAX_TRACEBACK_CHARS
    assert len(output.splitlines()) < 200


async def test_the_client_keeps_its_connection_after_a_500(served: Served) -> None:
    served.reconfigure()
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    try:
        first = await _exchange(reader, writer, "/boom")
        second = await _exchange(reader, writer, "/health/live")
    finally:
        writer.close()
    assert first.startswith(b"HTTP/1.1 500")
    assert second.startswith(b"HTTP/1.1 200")


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> bytes:
    """One request on a kept-alive connection; the whole response (status line first)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    body = await asyncio.wait_for(reader.readexactly(length), timeout=10)
    return head + body


async def test_the_loop_answers_while_a_large_error_is_written_to_a_slow_output(
    served: Served,
) -> None:
    slow = SlowStream()
    served.reconfigure(stream=slow)
    probe: dict[str, Any] = {}

    def probe_while_the_error_is_logged() -> None:
        time.sleep(0.3)  # the error has been raised and is being logged by now
        started = time.monotonic()
        try:
            probe["status"] = httpx.get(f"{served.url}/health/live", timeout=2).status_code
        except httpx.HTTPError as exc:
            probe["status"] = repr(exc)
        probe["seconds"] = time.monotonic() - started

    slow.gate.clear()  # the console stalls
    prober = threading.Thread(target=probe_while_the_error_is_logged)
    prober.start()
    try:
        async with httpx.AsyncClient(base_url=served.url) as client:
            error = await client.get("/boom")
        await asyncio.to_thread(prober.join, 10)
    finally:
        slow.gate.set()

    assert error.status_code == 500
    assert probe["status"] == 200
    assert probe["seconds"] < 1.0
    [record] = [r for r in _records(slow) if "exception" in r]
    assert record["event"] == "http_request"
