"""The OpenAPI document says what is sent: ``create_app`` passes every service's
document through ``document_the_edge`` once, when it is first built.

- Every error response (4xx, 5xx, including the 422 FastAPI adds to every operation
  with input) is ``application/problem+json`` with the ``Problem`` schema (RFC 9457,
  with the ``code`` and, for invalid input, the ``errors`` Helhet adds); examples a
  route gave are kept. ``/health/ready``'s 503 is its own JSON body and says so.
- What the app's edge answers (``helhet_common.edge``) is declared on every operation:
  413 where there is a request body, 504 everywhere.
- The ``Idempotency-Key`` header, where an operation takes it, has the schema
  ``validate_key`` checks, and its successful answers declare ``Idempotent-Replayed``.
- Security: every operation starts as ``security: []`` (public); the ones whose route
  asks for the caller (``current_principal`` or ``DECLARES_TOKEN``, directly or through
  ``require_roles``) then get their schemes from ``declare_security``
  (``helhet_common.auth.openapi_security``).
- Every problem response has an example (the route's own, or one made from its status);
  every request body has the first example of its schema (``json_schema_extra``).
"""

from __future__ import annotations

import copy
import json
from typing import Any, Final

from helhet_common.commands import (
    IDEMPOTENCY_KEY_HEADER,
    IDEMPOTENCY_KEY_SCHEMA,
    REPLAYED_HEADER,
)
from helhet_common.errors import PROBLEM_CONTENT_TYPE, TYPE_BASE

__all__ = ["PROBLEM_SCHEMA", "document_the_edge"]

HTTP_METHODS: Final = frozenset({"get", "put", "post", "delete", "options", "head", "patch"})
PROBLEM_REF: Final = "#/components/schemas/Problem"

PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    "title": "Problem",
    "type": "object",
    "description": "An error, as RFC 9457 problem details. `code` is stable and "
    "machine-readable; some problems add members of their own (e.g. `current_version` "
    "with `stale-version`).",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": f"`{TYPE_BASE}` followed by the code",
        },
        "title": {"type": "string", "description": "a short summary of the kind of problem"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {
            "type": "string",
            "description": "e.g. `invalid-input`, `malformed-json`, `stale-version`, "
            "`body-too-large`, `request-timeout`",
        },
        "detail": {"type": "string", "description": "what went wrong this time"},
        "instance": {"type": "string", "description": "the path of the request"},
        "errors": {
            "type": "array",
            "description": "with `invalid-input`: every field that did not validate",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
        "current_version": {
            "type": "integer",
            "description": "with `stale-version`: the version the change must be based on",
        },
    },
    "additionalProperties": True,
}

FIELD_ERROR_SCHEMA: Final[dict[str, Any]] = {
    "title": "ProblemFieldError",
    "type": "object",
    "required": ["location", "message"],
    "properties": {
        "location": {
            "type": "array",
            "items": {"type": "string"},
            "description": 'where: e.g. ["body", "settlement_date"] or ["query", "limit"]',
        },
        "message": {"type": "string"},
        "type": {
            "type": "string",
            "description": "with a validation error: its kind, e.g. `missing`",
        },
    },
}

BODY_TOO_LARGE: Final = {
    "description": "The request body is larger than the service's limit (`body-too-large`)"
}
TIMED_OUT: Final = {
    "description": "The request took longer than the service's limit and was stopped "
    "(`request-timeout`); a change it had not committed was rolled back"
}

# Error responses whose body is not a problem: (path, method, status) -> content.
OWN_BODIES: Final[dict[tuple[str, str, str], dict[str, Any]]] = {
    ("/health/ready", "get", "503"): {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["status", "checks"],
                "properties": {
                    "status": {"type": "string", "enum": ["unavailable"]},
                    "checks": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
            "example": {
                "status": "unavailable",
                "checks": {"database": "down: ConnectionRefusedError", "broker": "ok"},
            },
        }
    },
    ("/health/outbox", "get", "503"): {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["service", "status"],
                "properties": {
                    "service": {"type": "string"},
                    "status": {"type": "string"},
                },
            },
            "example": {"service": "plan-service", "status": "down: TimeoutError"},
        }
    },
}

_REPLACED_SCHEMAS: Final = ("HTTPValidationError", "ValidationError")

# The code and title a problem of a status usually has, for the example of a response
# that the route did not give one.
EXAMPLE_PROBLEMS: Final[dict[int, tuple[str, str, str]]] = {
    400: ("malformed-json", "Bad Request", "the body is not valid JSON"),
    401: ("unauthorized", "Unauthorized", "bearer token required"),
    403: ("forbidden", "Forbidden", "requires one of the roles: caseworker"),
    404: ("not-found", "Not Found", "participant not found"),
    405: ("method-not-allowed", "Method Not Allowed", "allowed: GET, HEAD, OPTIONS"),
    409: ("conflict", "Conflict", "the change conflicts with the current state"),
    413: ("body-too-large", "Payload Too Large", "the body is larger than 1048576 bytes"),
    422: ("invalid-input", "Unprocessable Entity", "1 field did not validate"),
    428: ("precondition-required", "Precondition Required", "the version is required"),
    429: ("too-many-requests", "Too Many Requests", "try again later"),
    500: ("internal-error", "Internal Server Error", "an unexpected error; it is logged"),
    503: ("unavailable", "Service Unavailable", "the database is not reachable"),
    504: ("request-timeout", "Gateway Timeout", "the request took longer than 30 s"),
}


def document_the_edge(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (FastAPI's), changed in place to declare what is sent; returned."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    schemas["ProblemFieldError"] = copy.deepcopy(FIELD_ERROR_SCHEMA)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                _document_operation(path, method, operation)
                _example_body(operation, schemas)
                operation.setdefault("security", [])
    _drop_unused(document, _REPLACED_SCHEMAS)
    return document


def _document_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if "requestBody" in operation:
        responses.setdefault("413", dict(BODY_TOO_LARGE))
    responses.setdefault("504", dict(TIMED_OUT))
    for status, response in responses.items():
        own = OWN_BODIES.get((path, method, status))
        if own is not None:
            response["content"] = copy.deepcopy(own)
        elif status.startswith(("4", "5")):
            response["content"] = {PROBLEM_CONTENT_TYPE: _problem_media(path, status, response)}
    operation["responses"] = dict(sorted(responses.items(), key=lambda kv: _status_key(kv[0])))
    if _declare_idempotency_key(operation):
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                response.setdefault("headers", {})[REPLAYED_HEADER] = {
                    "description": "`true` when this is the stored answer to an earlier "
                    "request with the same Idempotency-Key (nothing was changed again)",
                    "schema": {"type": "string", "enum": ["true"]},
                }


def _example_body(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    """The request body's example: its schema's first (following ``$ref`` and an
    optional body's ``anyOf``)."""
    for media in operation.get("requestBody", {}).get("content", {}).values():
        if "example" in media or "examples" in media:
            continue
        schema = media.get("schema", {})
        candidates = [schema, *schema.get("anyOf", [])]
        for candidate in candidates:
            ref = candidate.get("$ref", "")
            target = schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else candidate
            if target.get("examples"):
                media["example"] = copy.deepcopy(target["examples"][0])
                break


def _problem_media(path: str, status: str, response: dict[str, Any]) -> dict[str, Any]:
    """The problem media type, keeping the examples the route gave (or making one)."""
    media: dict[str, Any] = {"schema": {"$ref": PROBLEM_REF}}
    for given in response.get("content", {}).values():
        for key in ("example", "examples"):
            if key in given:
                media[key] = given[key]
    if "example" not in media and "examples" not in media and status.isdigit():
        media["example"] = _example_problem(path, int(status))
    return media


def _example_problem(path: str, status: int) -> dict[str, Any]:
    code, title, detail = EXAMPLE_PROBLEMS.get(status, ("error", "Error", "see `code`"))
    example: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
        "instance": path,
    }
    if status == 422:
        example["errors"] = [
            {"location": ["body", "start_date"], "message": "Field required", "type": "missing"}
        ]
    return example


def _declare_idempotency_key(operation: dict[str, Any]) -> bool:
    found = False
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "header" and parameter.get("name") == IDEMPOTENCY_KEY_HEADER:
            parameter["schema"] = copy.deepcopy(IDEMPOTENCY_KEY_SCHEMA)
            found = True
    return found


def _status_key(status: str) -> tuple[int, str]:
    return (int(status), "") if status.isdigit() else (1000, status)


def _drop_unused(document: dict[str, Any], names: tuple[str, ...]) -> None:
    """Drops the schemas ``names`` (in order) that nothing refers to any more."""
    schemas = document["components"]["schemas"]
    removed = {name: schemas.pop(name) for name in names if name in schemas}
    for name, schema in removed.items():
        if f'"#/components/schemas/{name}"' in json.dumps(document):
            schemas[name] = schema
