"""Tolerant models of plan-service's consent events, for the services that read them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from helhet_common.messaging.envelope import TolerantEvent

CONSENTS_TOPIC = "helhet.consents"


class ConsentGranted(TolerantEvent):
    event_type = "helhet.consent.granted.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    consent_id: UUID
    recipient_kind: str
    recipient_id: str
    purpose: str
    granted_on: date
    expires_on: date | None = None


class ConsentWithdrawn(TolerantEvent):
    event_type = "helhet.consent.withdrawn.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    consent_id: UUID
    withdrawn_on: date


class ConsentExpired(TolerantEvent):
    event_type = "helhet.consent.expired.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    consent_id: UUID
    expired_on: date
