"""The app's edge: OPTIONS, HEAD and 405 with an ``Allow`` that lists what a path
serves, the body-size limit (413) and the request timeout (504), as problems."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from helhet_common.edge import (
    BodySizeLimitMiddleware,
    MethodsMiddleware,
    RequestTimeoutMiddleware,
)
from helhet_common.errors import PROBLEM_CONTENT_TYPE, install_problem_handlers

LIMIT = 1000
JSON = "application/json"
TIMEOUT_S = 0.3


class Note(BaseModel):
    text: str


def build_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.seen = []
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=LIMIT)
    app.add_middleware(RequestTimeoutMiddleware, timeout_s=TIMEOUT_S)
    app.add_middleware(MethodsMiddleware)

    @app.get("/notes")
    async def list_notes() -> dict[str, list[str]]:
        return {"items": ["a"]}

    @app.post("/notes", status_code=201)
    async def add_note(note: Note, request: Request) -> dict[str, int]:
        request.app.state.seen.append(note.text)
        return {"length": len(note.text)}

    @app.put("/notes/{note_id}")
    async def put_note(note_id: int, note: Note) -> dict[str, int]:
        return {"id": note_id}

    @app.delete("/notes/{note_id}", status_code=204)
    async def delete_note(note_id: int) -> None:
        return None

    @app.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        return {"length": len(await request.body())}

    @app.get("/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(5)
        return {"never": "answered"}

    @app.get("/own-timeout")
    async def own_timeout() -> dict[str, str]:
        await asyncio.wait_for(asyncio.sleep(5), timeout=0.01)
        return {"never": "answered"}

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for part in (b"one ", b"two ", b"three"):
                await asyncio.sleep(TIMEOUT_S / 2)
                yield part

        return StreamingResponse(chunks(), media_type="text/plain")

    return app


@pytest.fixture
async def app() -> FastAPI:
    return build_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://edge.test",
    ) as http:
        yield http


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["code"] == code
    return problem


# -- methods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/notes", "GET, HEAD, POST, OPTIONS"),
        ("/notes/7", "PUT, DELETE, OPTIONS"),
        ("/raw", "POST, OPTIONS"),
    ],
)
async def test_options_lists_every_method_the_path_serves(
    client: httpx.AsyncClient, path: str, allow: str
) -> None:
    response = await client.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == allow
    assert response.content == b""


async def test_a_method_the_path_does_not_serve_is_a_405_problem_with_the_full_allow(
    client: httpx.AsyncClient,
) -> None:
    response = await client.delete("/notes")
    problem = assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert problem["instance"] == "/notes"
    response = await client.patch("/notes/7", json={"text": "x"})
    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "PUT, DELETE, OPTIONS"


async def test_head_is_a_get_without_its_body(client: httpx.AsyncClient) -> None:
    got = await client.get("/notes")
    head = await client.head("/notes")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == got.headers["content-length"]


async def test_a_path_no_route_serves_is_still_a_404(client: httpx.AsyncClient) -> None:
    assert_problem(await client.options("/nowhere"), 404, "not-found")


# -- body size ------------------------------------------------------------------------------


async def test_a_body_within_the_limit_is_read(client: httpx.AsyncClient, app: FastAPI) -> None:
    text = "x" * (LIMIT - len('{"text":""}'))
    response = await client.post(
        "/notes", content=f'{{"text":"{text}"}}'.encode(), headers={"content-type": JSON}
    )
    assert response.status_code == 201, response.text
    assert app.state.seen == [text]


async def test_a_content_length_over_the_limit_is_a_413_before_the_route_runs(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = b'{"text":"' + b"x" * LIMIT + b'"}'
    response = await client.post("/notes", content=body, headers={"content-type": JSON})
    problem = assert_problem(response, 413, "body-too-large")
    assert str(LIMIT) in problem["detail"]
    assert app.state.seen == []


async def chunked(body: bytes, size: int = 100) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("path", ["/notes", "/raw"])
async def test_a_streamed_body_over_the_limit_is_a_413(
    client: httpx.AsyncClient, app: FastAPI, path: str
) -> None:
    body = b'{"text":"' + b"x" * (3 * LIMIT) + b'"}'
    response = await client.post(path, content=chunked(body), headers={"content-type": JSON})
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "body-too-large")
    assert app.state.seen == []


async def test_a_streamed_body_within_the_limit_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post("/raw", content=chunked(b"y" * LIMIT))
    assert response.status_code == 200, response.text
    assert response.json() == {"length": LIMIT}


# -- timeout --------------------------------------------------------------------------------


async def test_a_request_slower_than_the_timeout_is_a_504_problem(
    client: httpx.AsyncClient,
) -> None:
    started = asyncio.get_running_loop().time()
    response = await client.get("/slow")
    elapsed = asyncio.get_running_loop().time() - started
    problem = assert_problem(response, 504, "request-timeout")
    assert problem["instance"] == "/slow"
    assert elapsed < 2


async def test_a_started_response_is_not_cut_off(client: httpx.AsyncClient) -> None:
    response = await client.get("/stream")
    assert response.status_code == 200
    assert response.text == "one two three"


async def test_a_timeout_inside_the_route_is_not_the_request_timeout(
    client: httpx.AsyncClient,
) -> None:
    assert_problem(await client.get("/own-timeout"), 500, "internal-error")
