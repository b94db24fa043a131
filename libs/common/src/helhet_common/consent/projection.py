"""The consent fold: how every service's consent projection table follows plan-service's
consent events, on the generic batch fold (``helhet_common.projection``).

A service passes its own table (built with ``consent_columns``); which consents let whom
see what stays in the service.
"""

from __future__ import annotations

from datetime import date
from typing import cast
from uuid import UUID

from sqlalchemy import Table

from helhet_common.consent import model
from helhet_common.consent.contracts import ConsentExpired, ConsentGranted, ConsentWithdrawn
from helhet_common.consent.model import Consent
from helhet_common.consent.tables import consent_from_row
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, dataclass_row

ConsentEvent = ConsentGranted | ConsentWithdrawn | ConsentExpired
CONSENT_EVENTS: tuple[type[IntegrationEvent], ...] = (
    ConsentGranted,
    ConsentWithdrawn,
    ConsentExpired,
)
# The events after which what a consent covered must be checked again: it may have ended.
CONSENT_ENDINGS: tuple[type[IntegrationEvent], ...] = (ConsentWithdrawn, ConsentExpired)


def consent_transition(state: Consent, event: IntegrationEvent, envelope: CloudEvent) -> Consent:
    """What one consent event does to the consent it names."""
    match event:
        case ConsentGranted():
            return model.granted(
                state,
                recipient_kind=event.recipient_kind,
                recipient_id=event.recipient_id,
                purpose=event.purpose,
                granted_on=event.granted_on,
                expires_on=event.expires_on,
            )
        case ConsentWithdrawn():
            return model.withdrawn(state, withdrawn_on=event.withdrawn_on)
        case ConsentExpired():
            return model.expired(state, expired_on=event.expired_on)
    raise TypeError(f"no consent transition for {type(event).__name__}")


def _consent_id(event: IntegrationEvent) -> UUID:
    return cast(ConsentEvent, event).consent_id


def _blank(event: IntegrationEvent) -> dict[str, object]:
    return {"participant_id": cast(ConsentEvent, event).participant_id}


def consent_fold(table: Table) -> Fold[Consent]:
    """The fold of the consent events into ``table``, one row per consent."""
    return Fold(
        table=table,
        key="consent_id",
        events=CONSENT_EVENTS,
        key_of=_consent_id,
        transition=consent_transition,
        from_row=consent_from_row,
        to_row=lambda state: dataclass_row(state, key="consent_id"),
        blank=_blank,
    )


def ended_on(event: IntegrationEvent) -> date | None:
    """The day a withdrawal or an expiry takes the consent out of force; None for an event
    that ends nothing (a grant)."""
    match event:
        case ConsentWithdrawn():
            return event.withdrawn_on
        case ConsentExpired():
            return event.expired_on
    return None
