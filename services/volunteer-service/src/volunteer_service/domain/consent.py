"""Consents the participant gave (from plan-service's events), and when one is in force.

A consent is in force on day D when it was granted on or before D, has no withdrawal on
or before D, and has no expiry on or before D (docs/decisions/0001). A withdrawal seen
before its grant is kept, so a late grant cannot resurrect the consent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from helhet_common.consent.model import Consent as Consent

# The purposes that let volunteer-service match a participant with a volunteer.
MATCHING_PURPOSES = frozenset({"matching", "mentoring", "social_network"})
VOLUNTEER_RECIPIENTS = frozenset({"volunteer", "mentor"})


def covers(consent: Consent, *, volunteer_id: UUID, organisation_id: UUID | None) -> bool:
    """Consent to this volunteer, or to the organisation the volunteer belongs to."""
    if consent.purpose not in MATCHING_PURPOSES:
        return False
    if consent.recipient_kind in VOLUNTEER_RECIPIENTS:
        return consent.recipient_id == str(volunteer_id)
    if consent.recipient_kind == "organisation" and organisation_id is not None:
        return consent.recipient_id == str(organisation_id)
    return False


def in_force_for(
    consents: Iterable[Consent], *, volunteer_id: UUID, organisation_id: UUID | None, day: date
) -> bool:
    return any(
        c.in_force(day) and covers(c, volunteer_id=volunteer_id, organisation_id=organisation_id)
        for c in consents
    )
