"""The CloudEvents 1.0 envelope (JSON, structured mode) every Helhet event travels in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from helhet_common.ids import uuid7

CONTENT_TYPE = "application/cloudevents+json"
_ZERO = timedelta(0)


class IntegrationEvent(BaseModel):
    """Base of every published event's ``data``.

    A producer's models forbid unknown fields (the contract is exact); a consumer's
    tolerant models (``TolerantEvent``) ignore them. ``event_type`` is the CloudEvents
    ``type`` (``helhet.<aggregate>.<event>.v<N>``), ``topic`` where it is published.
    Events carry ids, codes, dates and counts only, never personal data.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    topic: ClassVar[str]

    def subject(self) -> str | None:
        """The participant id, used as the Kafka key; ``None`` when there is none."""
        value = getattr(self, "participant_id", None)
        return str(value) if value is not None else None


class TolerantEvent(IntegrationEvent):
    """A consumer's view of another service's event: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 envelope with Helhet's extensions."""

    model_config = ConfigDict(extra="allow")

    specversion: str = "1.0"
    id: str = Field(default_factory=lambda: str(uuid7()))
    source: str
    type: str
    subject: str | None = None
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    datacontenttype: str = "application/json"
    data: dict[str, Any]
    municipality: str | None = None
    correlationid: str | None = None
    causationid: str | None = None
    traceparent: str | None = None

    @field_validator("time")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """A time without a zone is read as UTC (CloudEvents times are RFC 3339); a UTC
        time (``Z``, ``+00:00``) gets ``datetime.UTC`` as its zone, the same moment,
        which is much cheaper to compare with than the parser's own zone object (a
        consumer compares every event's time)."""
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        if value.tzinfo is not UTC and value.utcoffset() == _ZERO:
            return value.replace(tzinfo=UTC)
        return value

    @property
    def key(self) -> bytes | None:
        """The Kafka key: the subject, so one participant's events stay in order."""
        return self.subject.encode() if self.subject else None

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()

    @classmethod
    def from_json_bytes(cls, raw: bytes) -> CloudEvent:
        return cls.model_validate_json(raw)


def wrap(
    event: IntegrationEvent,
    *,
    source: str,
    municipality: str | None = None,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    traceparent: str | None = None,
    time: datetime | None = None,
) -> CloudEvent:
    """Put an integration event in its envelope."""
    envelope = CloudEvent(
        source=source,
        type=event.event_type,
        subject=event.subject(),
        data=event.model_dump(mode="json"),
        municipality=municipality,
        correlationid=correlation_id,
        causationid=causation_id,
        traceparent=traceparent,
    )
    if time is not None:
        envelope.time = time
    return envelope
