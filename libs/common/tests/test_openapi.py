"""The OpenAPI document declares what is sent: problems as application/problem+json,
the edge's 413 and 504, and the Idempotency-Key rules."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Response
from pydantic import BaseModel

from helhet_common.commands import IdempotencyKey
from helhet_common.idempotency import validate_key
from helhet_common.openapi import PROBLEM_SCHEMA, document_the_edge

PROBLEM = "application/problem+json"


class Thing(BaseModel):
    name: str


def toy_document() -> dict[str, Any]:
    app = FastAPI()

    @app.post(
        "/things",
        status_code=201,
        responses={
            404: {"description": "No such thing"},
            409: {
                "description": "Exists",
                "content": {
                    PROBLEM: {"example": {"code": "thing-exists", "status": 409}},
                },
            },
        },
    )
    async def create(body: Thing, response: Response, key: IdempotencyKey = None) -> Thing:
        return body

    @app.get("/things/{thing_id}")
    async def read(thing_id: int) -> Thing:
        return Thing(name=str(thing_id))

    return document_the_edge(app.openapi())


def test_every_error_response_is_a_problem() -> None:
    document = toy_document()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == [PROBLEM], (path, method, status)
                    media = response["content"][PROBLEM]
                    assert media["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert document["components"]["schemas"]["Problem"] == PROBLEM_SCHEMA
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert "ValidationError" not in document["components"]["schemas"]


def test_examples_given_by_a_route_are_kept() -> None:
    conflict = toy_document()["paths"]["/things"]["post"]["responses"]["409"]
    assert conflict["description"] == "Exists"
    assert conflict["content"][PROBLEM]["example"] == {"code": "thing-exists", "status": 409}


def test_the_edge_answers_are_declared() -> None:
    paths = toy_document()["paths"]
    create = paths["/things"]["post"]["responses"]
    read = paths["/things/{thing_id}"]["get"]["responses"]
    assert {"413", "422", "504"} <= set(create)
    assert "504" in read
    assert "413" not in read
    assert list(create) == sorted(create)


def test_the_idempotency_key_is_declared_with_the_rules_the_code_checks() -> None:
    create = toy_document()["paths"]["/things"]["post"]
    (key,) = [p for p in create["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["in"] == "header"
    assert not key["required"]
    schema = key["schema"]
    assert schema["type"] == "string"
    assert (schema["minLength"], schema["maxLength"]) == (1, 200)
    assert "idempotency-key-reused" in key["description"]
    assert "invalid-idempotency-key" in key["description"]
    pattern = re.compile(schema["pattern"])
    for value in ("0193a0e0-5f1c-7c3e-9d2a-4b5c6d7e8f90", "k" * 200, "a b"):
        assert pattern.fullmatch(value)
        assert validate_key(value) == value
    for value in ("k" * 201, "key\twith-tab", "nøkkel", ""):
        assert not pattern.fullmatch(value)
    replayed = create["responses"]["201"]["headers"]["Idempotent-Replayed"]
    assert replayed["schema"] == {"type": "string", "enum": ["true"]}
