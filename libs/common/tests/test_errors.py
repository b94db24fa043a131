from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from helhet_common.errors import Conflict, install_problem_handlers


class Body(BaseModel):
    n: int


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things")
    async def create(body: Body) -> dict[str, int]:
        if body.n == 0:
            raise Conflict("already there", code="thing-exists", current_version=3)
        if body.n < 0:
            raise RuntimeError("secret internals")
        return {"n": body.n}

    return app


def test_validation_errors_are_problem_details() -> None:
    response = TestClient(_app()).post("/things", json={"n": "many"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid-input"
    assert body["errors"][0]["location"] == ["body", "n"]


def test_malformed_json_is_a_400() -> None:
    response = TestClient(_app()).post(
        "/things", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed-json"


def test_domain_problem_keeps_its_code_and_extras() -> None:
    response = TestClient(_app()).post("/things", json={"n": 0})
    assert response.status_code == 409
    assert response.json() == {
        "type": "https://helhet.no/problems/thing-exists",
        "title": "Conflict",
        "status": 409,
        "code": "thing-exists",
        "detail": "already there",
        "instance": "/things",
        "current_version": 3,
    }


def test_unexpected_errors_say_nothing_about_internals() -> None:
    client = TestClient(_app(), raise_server_exceptions=False)
    response = client.post("/things", json={"n": -1})
    assert response.status_code == 500
    assert response.json()["code"] == "internal-error"
    assert "secret" not in response.text


def test_unknown_route_is_a_problem_too() -> None:
    response = TestClient(_app()).get("/nowhere")
    assert response.status_code == 404
    assert response.json()["code"] == "not-found"
