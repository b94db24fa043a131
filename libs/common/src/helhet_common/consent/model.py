"""When a consent is in force, and how its events combine. Plain Python."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class Consent:
    consent_id: UUID
    participant_id: UUID
    recipient_kind: str | None = None
    recipient_id: str | None = None
    purpose: str | None = None
    granted_on: date | None = None
    expires_on: date | None = None
    withdrawn_on: date | None = None

    def in_force(self, day: date) -> bool:
        """Granted on or before ``day``, not withdrawn on or before it, and not
        expired (``expires_on`` null or after ``day``)."""
        if self.granted_on is None or self.granted_on > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.expires_on is None or self.expires_on > day


def granted(
    state: Consent,
    *,
    recipient_kind: str,
    recipient_id: str,
    purpose: str,
    granted_on: date,
    expires_on: date | None,
) -> Consent:
    """A grant fills in the consent; a withdrawal or an expiry seen before it stays, so a
    late grant cannot resurrect a consent that ended."""
    ends = [d for d in (state.expires_on, expires_on) if d is not None]
    return replace(
        state,
        recipient_kind=recipient_kind,
        recipient_id=recipient_id,
        purpose=purpose,
        granted_on=granted_on,
        expires_on=min(ends) if ends else None,
    )


def withdrawn(state: Consent, *, withdrawn_on: date) -> Consent:
    """The earliest withdrawal counts."""
    if state.withdrawn_on is not None and state.withdrawn_on <= withdrawn_on:
        return state
    return replace(state, withdrawn_on=withdrawn_on)


def expired(state: Consent, *, expired_on: date) -> Consent:
    """The announcement that the consent lapsed: it is out of force from ``expired_on``
    even where the grant has not been seen yet (the earliest end counts)."""
    if state.expires_on is not None and state.expires_on <= expired_on:
        return state
    return replace(state, expires_on=expired_on)
