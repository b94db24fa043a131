"""The events of the access mechanism: plan-service's sharing bases (read, tolerant) and
the reads a service recorded (published).

``helhet.access.recorded.v1`` is one event per read: ids, codes and times only (no
names, no free text; an agency system is named by its client id, a code). Keyed by the
participant when the read was of one participant. plan-service will fold these into the
participant's one access log (later: docs/events.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.consent.contracts import CONSENTS_TOPIC
from helhet_common.messaging.envelope import IntegrationEvent, TolerantEvent

ACCESS_TOPIC = "helhet.access"


class SharingBasisRecorded(TolerantEvent):
    """plan-service's record of a public agency's legal basis for a participant's data,
    for one purpose (docs/decisions/0001)."""

    event_type = "helhet.sharing_basis.recorded.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    basis_id: UUID
    agency: str
    purpose: str
    legal_basis: str
    valid_from: date
    valid_to: date | None = None


class AccessEntryV1(BaseModel):
    """One participant read, and what the read stood on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    participant_id: UUID
    legal_basis: str = Field(
        max_length=40, description="the law's code (e.g. `integreringsloven`) or `consent`"
    )
    basis_id: UUID | None = Field(
        default=None, description="the sharing basis (plan-service's) a public agency read on"
    )
    consent_id: UUID | None = Field(
        default=None, description="the participant's consent an employer or volunteer read on"
    )


class AccessRecordedV1(IntegrationEvent):
    """One read of participants' personal data, as the service wrote it to its access log
    (one event per read, through the outbox): who (the token's subject, or an agency
    system's client id), as which agency and role, why, which categories, when, and each
    participant read with the law or consent it stood on. Ids, codes and times only.
    Keyed by the participant when the read was of one. Published by every service that
    holds participants' data with ``helhet_common.access``; plan-service does not consume
    it yet: folding it into the participant's one access log is for later
    (docs/identity.md, "Reads of personal data")."""

    event_type = "helhet.access.recorded.v1"
    topic = ACCESS_TOPIC

    read_id: UUID = Field(description="the read; the access-log rows of the read share it")
    at: datetime = Field(description="when the read was made (the service's clock, UTC)")
    sub: str = Field(max_length=200, description="the reader's subject identifier (a login id)")
    client_id: str | None = Field(
        default=None, max_length=200, description="an agency system's client id; null: a person"
    )
    # Codes as the token, the issuers file and plan-service's events give them: bounded,
    # not patterned, so that a read is never refused for how its reader is named.
    agency: str = Field(max_length=40, description="agency code")
    role: str = Field(max_length=40, description="the role the read was made in")
    purpose: str = Field(max_length=40, description="purpose code (`X-Purpose` or default)")
    operation: str = Field(max_length=200, description="method and route, e.g. `GET /placements`")
    categories: list[str] = Field(description="category codes of the data read")
    participants: list[AccessEntryV1] = Field(
        min_length=1, description="each participant read, once, with what the read stood on"
    )
    acting_municipality: str | None = Field(
        default=None,
        max_length=4,
        description="the reader's own municipality when they acted for a partner of their "
        "host municipality (inter-municipal cooperation; the event's `municipality` is the "
        "participants'); null when they acted for their own",
    )

    def subject(self) -> str | None:
        """The participant, when the read was of one (else no key)."""
        if len(self.participants) == 1:
            return str(self.participants[0].participant_id)
        return None


def access_recorded(event: Any) -> AccessRecordedV1:
    """The contract of a recorded read (``recorder.AccessRecorded``)."""
    return AccessRecordedV1(
        read_id=event.read_id,
        at=event.at,
        sub=event.sub,
        client_id=event.client_id,
        agency=event.agency,
        role=event.role,
        purpose=event.purpose,
        operation=event.operation,
        categories=list(event.categories),
        acting_municipality=getattr(event, "acting_municipality", None),
        participants=[
            AccessEntryV1(
                participant_id=pid,
                legal_basis=basis.legal_basis,
                basis_id=basis.basis_id,
                consent_id=basis.consent_id,
            )
            for pid, basis in event.entries
        ],
    )
