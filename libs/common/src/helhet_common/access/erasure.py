"""plan-service's ``helhet.participant.erased.v1``, as the other services read it.

plan-service erases a participant's personal data after the retention period or at
their request (docs/retention.md) and publishes this event on ``helhet.participants``,
keyed by the participant. Every service that holds data about participants drops or
anonymises the participant when it reads it (ids, codes and dates for statistics may
stay) and answers their reads as for a participant it does not know.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from helhet_common.messaging.envelope import TolerantEvent

PARTICIPANTS_TOPIC = "helhet.participants"
ERASED = "helhet.participant.erased.v1"


class ParticipantErased(TolerantEvent):
    """A participant erased in plan-service (a tolerant model of its contract)."""

    event_type = ERASED
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    erased_on: date
    reason: Literal["retention_expired", "request"]
