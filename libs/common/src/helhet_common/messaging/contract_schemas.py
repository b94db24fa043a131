"""The published shape of an event: the CloudEvents envelope around the model's ``data``.

An event is sent to Kafka as a CloudEvents 1.0 JSON document in structured mode (the
record value), keyed by ``subject`` (the participant id), with the record headers
``content-type: application/cloudevents+json`` and, where there is a trace,
``traceparent``. ``envelope_schema`` describes that document for one event type; the
model's own JSON Schema is its ``data`` (unchanged: ``data`` is the versioned contract).
Pydantic puts nested models under ``$defs``; they are hoisted beside the data model so
that every ``$ref`` resolves wherever the schema is placed (``defs_pointer``).
"""

from __future__ import annotations

import copy
import json
from typing import Any, Final

from helhet_common.messaging.envelope import CONTENT_TYPE, IntegrationEvent

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

TRACEPARENT_PATTERN: Final = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"

HEADERS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "description": "Kafka record headers",
    "required": ["content-type"],
    "properties": {
        "content-type": {
            "type": "string",
            "const": CONTENT_TYPE,
            "description": "the record value is a CloudEvent in structured mode",
        },
        "traceparent": {
            "type": "string",
            "pattern": TRACEPARENT_PATTERN,
            "description": "W3C trace context of the publishing span",
        },
    },
}

KEY_SCHEMA: Final[dict[str, Any]] = {
    "type": "string",
    "format": "uuid",
    "description": "the envelope's `subject` (the participant id), so that one "
    "participant's events stay in order on a topic; no key where there is no subject",
}


def data_schema(model: type[IntegrationEvent]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model's JSON Schema without ``$defs``, and the ``$defs`` it refers to."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})
    return schema, defs


def repoint(schema: Any, pointer: str) -> Any:
    """``schema`` with every ``#/$defs/X`` reference pointing at ``<pointer>/X``."""
    text = json.dumps(schema)
    return json.loads(text.replace('"#/$defs/', f'"{pointer}/'))


def envelope_properties(
    model: type[IntegrationEvent], *, service: str, data: dict[str, Any]
) -> dict[str, Any]:
    """The CloudEvents attributes and Helhet's extensions, with ``data`` given."""
    return {
        "specversion": {"type": "string", "const": "1.0"},
        "id": {
            "type": "string",
            "format": "uuid",
            "description": "UUIDv7; the same event redelivered keeps its id",
        },
        "source": {"type": "string", "const": f"/helhet/{service}"},
        "type": {"type": "string", "const": model.event_type},
        "subject": {
            "type": "string",
            "description": "the participant id where there is one (the Kafka key)",
        },
        "time": {"type": "string", "format": "date-time"},
        "datacontenttype": {"type": "string", "const": "application/json"},
        "municipality": {
            "type": "string",
            "pattern": "^[0-9]{4}$",
            "description": "extension: the municipality number the event belongs to",
        },
        "correlationid": {
            "type": "string",
            "description": "extension: the request or event that started the chain",
        },
        "causationid": {
            "type": "string",
            "description": "extension: the event that caused this one",
        },
        "traceparent": {
            "type": "string",
            "pattern": TRACEPARENT_PATTERN,
            "description": "extension: W3C trace context",
        },
        "data": data,
    }


REQUIRED: Final = ["specversion", "id", "source", "type", "time", "datacontenttype", "data"]


def envelope_schema(model: type[IntegrationEvent], *, service: str) -> dict[str, Any]:
    """A standalone JSON Schema (2020-12) of the envelope that carries ``model``."""
    data, defs = data_schema(model)
    name = model.__name__
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:helhet:event:{model.event_type}",
        "title": f"{model.event_type} (CloudEvents envelope)",
        "description": f"{(model.__doc__ or '').strip()}\n\nA CloudEvents 1.0 JSON "
        f"document (structured mode), the Kafka record value on `{model.topic}`; "
        f"`data` is `{name}`.",
        "type": "object",
        "required": list(REQUIRED),
        "properties": envelope_properties(model, service=service, data={"$ref": f"#/$defs/{name}"}),
        "additionalProperties": True,
        "$defs": {name: data, **copy.deepcopy(defs)},
        "x-topic": model.topic,
        "x-kafka-key": copy.deepcopy(KEY_SCHEMA),
        "x-kafka-headers": copy.deepcopy(HEADERS_SCHEMA),
    }
    if name in defs:
        raise ValueError(f"{name} is both the event model and one of its nested models")
    return schema
