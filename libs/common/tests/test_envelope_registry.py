from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from helhet_common.ids import uuid7
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent, TolerantEvent, wrap
from helhet_common.messaging.registry import EventRegistry, UnknownEventType


class ThingHappenedV1(IntegrationEvent):
    """A thing happened to a participant."""

    event_type = "helhet.thing.happened.v1"
    topic = "helhet.things"

    participant_id: uuid.UUID
    on: date


class ThingHappenedView(TolerantEvent):
    event_type = "helhet.thing.happened.v1"
    topic = "helhet.things"

    participant_id: uuid.UUID


def test_uuid7_is_version_7_and_increasing() -> None:
    ids = [uuid7() for _ in range(1000)]
    assert all(i.version == 7 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == 1000


def test_wrap_puts_the_participant_in_subject_and_key() -> None:
    pid = uuid.uuid4()
    envelope = wrap(
        ThingHappenedV1(participant_id=pid, on=date(2026, 1, 2)),
        source="/helhet/test-service",
        municipality="3403",
        correlation_id="c-1",
    )
    assert envelope.type == "helhet.thing.happened.v1"
    assert envelope.subject == str(pid)
    assert envelope.key == str(pid).encode()
    assert uuid.UUID(envelope.id).version == 7
    body = json.loads(envelope.to_json_bytes())
    assert body["specversion"] == "1.0"
    assert body["municipality"] == "3403"
    assert body["correlationid"] == "c-1"
    assert body["data"] == {"participant_id": str(pid), "on": "2026-01-02"}
    assert CloudEvent.from_json_bytes(envelope.to_json_bytes()) == envelope


def test_producer_models_are_exact_consumer_models_tolerant() -> None:
    pid = uuid.uuid4()
    data = {"participant_id": str(pid), "on": "2026-01-02", "added_later": 1}
    with pytest.raises(ValidationError):
        ThingHappenedV1.model_validate(data)
    assert ThingHappenedView.model_validate(data).participant_id == pid


def test_registry_parses_by_type_and_exports_schemas() -> None:
    registry = EventRegistry([ThingHappenedV1])
    envelope = wrap(ThingHappenedV1(participant_id=uuid.uuid4(), on=date(2026, 1, 2)), source="/x")
    assert isinstance(registry.parse(envelope), ThingHappenedV1)
    schemas = registry.json_schemas()
    assert set(schemas) == {"helhet.thing.happened.v1"}
    assert schemas["helhet.thing.happened.v1"]["x-topic"] == "helhet.things"
    assert "participant_id" in schemas["helhet.thing.happened.v1"]["properties"]
    asyncapi = registry.asyncapi(title="t", service="test-service")
    assert asyncapi["channels"]["helhet_things"]["address"] == "helhet.things"
    with pytest.raises(UnknownEventType):
        registry.model_for("helhet.other.thing.v1")


def test_registry_refuses_bad_type_names_and_double_registration() -> None:
    class Badly(IntegrationEvent):
        event_type = "ThingHappened"
        topic = "t"

    class Twin(IntegrationEvent):
        event_type = "helhet.thing.happened.v1"
        topic = "t"

    with pytest.raises(ValueError, match="not of the form"):
        EventRegistry([Badly])
    with pytest.raises(ValueError, match="registered twice"):
        EventRegistry([ThingHappenedV1, Twin])


class Levels(IntegrationEvent):
    event_type = "helhet.levels.unused.v1"
    topic = "helhet.things"

    reading: str


class LevelsRecordedV1(IntegrationEvent):
    """Levels were recorded (a nested model: its schema lands in ``$defs``)."""

    event_type = "helhet.levels.recorded.v1"
    topic = "helhet.things"

    participant_id: uuid.UUID
    levels: Levels


def test_the_envelope_schema_describes_what_is_sent() -> None:
    registry = EventRegistry([LevelsRecordedV1])
    envelope = wrap(
        LevelsRecordedV1(participant_id=uuid.uuid4(), levels=Levels(reading="A2")),
        source="/helhet/test-service",
        municipality="3403",
    )
    schema = registry.envelope_schemas(service="test-service")["helhet.levels.recorded.v1"]

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert list(validator.iter_errors(json.loads(envelope.to_json_bytes()))) == []
    bad = json.loads(envelope.to_json_bytes()) | {"source": "/helhet/other"}
    assert list(validator.iter_errors(bad)) != []
    assert schema["$defs"]["LevelsRecordedV1"] == {
        k: v for k, v in LevelsRecordedV1.model_json_schema().items() if k != "$defs"
    }


def test_the_asyncapi_document_resolves_nested_models_in_components() -> None:
    registry = EventRegistry([LevelsRecordedV1])
    document = registry.asyncapi(title="t", service="test-service")

    text = json.dumps(document)
    assert '"#/$defs/' not in text
    schemas = document["components"]["schemas"]
    assert schemas["LevelsRecordedV1"]["properties"]["levels"] == {
        "$ref": "#/components/schemas/Levels"
    }
    message = document["components"]["messages"]["helhet_levels_recorded_v1"]
    assert message["payload"]["properties"]["data"] == {
        "$ref": "#/components/schemas/LevelsRecordedV1"
    }
    assert message["bindings"]["kafka"]["key"]["format"] == "uuid"
