"""An explicit event registry: CloudEvents type string <-> pydantic model.

Each service builds its own registry in one place (``contracts/``) by listing its
models; nothing is discovered by scanning. The registry exports the JSON Schema of
every event and an AsyncAPI document, so a change of contract shows in review.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from typing import Any

from helhet_common.messaging.contract_schemas import (
    HEADERS_SCHEMA,
    KEY_SCHEMA,
    REQUIRED,
    data_schema,
    envelope_properties,
    envelope_schema,
    repoint,
)
from helhet_common.messaging.envelope import CONTENT_TYPE, CloudEvent, IntegrationEvent

COMPONENT_SCHEMAS = "#/components/schemas"

TYPE_PATTERN = re.compile(r"^helhet\.[a-z_]+\.[a-z_]+\.v[0-9]+$")


class UnknownEventType(LookupError):
    pass


class EventRegistry:
    def __init__(self, models: Iterable[type[IntegrationEvent]] = ()) -> None:
        self._by_type: dict[str, type[IntegrationEvent]] = {}
        for model in models:
            self.register(model)

    def register(self, model: type[IntegrationEvent]) -> type[IntegrationEvent]:
        event_type = model.event_type
        if not TYPE_PATTERN.match(event_type):
            raise ValueError(
                f"event type {event_type!r} is not of the form helhet.<aggregate>.<event>.v<N>"
            )
        existing = self._by_type.get(event_type)
        if existing is not None and existing is not model:
            raise ValueError(f"event type {event_type!r} is registered twice")
        self._by_type[event_type] = model
        return model

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._by_type

    def __iter__(self) -> Iterator[type[IntegrationEvent]]:
        return iter(sorted(self._by_type.values(), key=lambda m: m.event_type))

    def __len__(self) -> int:
        return len(self._by_type)

    def model_for(self, event_type: str) -> type[IntegrationEvent]:
        try:
            return self._by_type[event_type]
        except KeyError:
            raise UnknownEventType(event_type) from None

    def parse(self, envelope: CloudEvent) -> IntegrationEvent:
        """Validate an envelope's ``data`` against the model of its type."""
        return self.model_for(envelope.type).model_validate(envelope.data)

    @property
    def topics(self) -> list[str]:
        return sorted({m.topic for m in self._by_type.values()})

    def json_schemas(self) -> dict[str, dict[str, Any]]:
        """The JSON Schema of every registered event's ``data``, by type."""
        schemas: dict[str, dict[str, Any]] = {}
        for model in self:
            schema = model.model_json_schema()
            schema["$id"] = f"urn:helhet:event:{model.event_type}"
            schema["x-topic"] = model.topic
            schemas[model.event_type] = schema
        return schemas

    def envelope_schemas(self, *, service: str) -> dict[str, dict[str, Any]]:
        """The JSON Schema of every registered event's CloudEvents envelope, by type."""
        return {m.event_type: envelope_schema(m, service=service) for m in self}

    def asyncapi(self, *, title: str, service: str) -> dict[str, Any]:
        """An AsyncAPI 3.0 document of what this registry's service publishes.

        Each message is the CloudEvents envelope as sent (structured JSON as the record
        value), with its Kafka key and headers; each ``data`` schema is a component.
        """
        channels: dict[str, Any] = {}
        operations: dict[str, Any] = {}
        messages: dict[str, Any] = {}
        schemas: dict[str, Any] = {}
        for model in self:
            name = model.event_type.replace(".", "_")
            data, defs = data_schema(model)
            for def_name, def_schema in {model.__name__: data, **defs}.items():
                def_schema = repoint(def_schema, COMPONENT_SCHEMAS)
                if schemas.setdefault(def_name, def_schema) != def_schema:
                    raise ValueError(f"two different schemas are called {def_name}")
            messages[name] = {
                "name": model.event_type,
                "title": model.__name__,
                "summary": (model.__doc__ or "").strip().split("\n")[0],
                "contentType": CONTENT_TYPE,
                "headers": copy.deepcopy(HEADERS_SCHEMA),
                "payload": {
                    "type": "object",
                    "description": f"A CloudEvents 1.0 envelope (structured mode); "
                    f"`data` is `{model.__name__}`.",
                    "required": list(REQUIRED),
                    "properties": envelope_properties(
                        model,
                        service=service,
                        data={"$ref": f"{COMPONENT_SCHEMAS}/{model.__name__}"},
                    ),
                    "additionalProperties": True,
                },
                "bindings": {
                    "kafka": {"key": copy.deepcopy(KEY_SCHEMA), "bindingVersion": "0.5.0"}
                },
            }
            channel = channels.setdefault(
                model.topic.replace(".", "_"),
                {
                    "address": model.topic,
                    "description": f"Kafka topic `{model.topic}`, keyed by participant id",
                    "messages": {},
                    "bindings": {"kafka": {"topic": model.topic, "bindingVersion": "0.5.0"}},
                },
            )
            channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        for channel_id, channel in channels.items():
            operations[f"publish_{channel_id}"] = {
                "action": "send",
                "summary": f"{service} publishes to {channel['address']} (through its outbox)",
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "messages": [
                    {"$ref": f"#/channels/{channel_id}/messages/{m}"} for m in channel["messages"]
                ],
            }
        return {
            "asyncapi": "3.0.0",
            "info": {
                "title": title,
                "version": "1.0.0",
                "description": f"The events {service} publishes. Every event is a "
                "CloudEvents 1.0 JSON document in structured mode (the Kafka record value), "
                "keyed by its `subject` (the participant id).",
            },
            "defaultContentType": CONTENT_TYPE,
            "channels": channels,
            "operations": operations,
            "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
            "x-service": service,
        }
