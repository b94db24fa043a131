"""The demo municipality every service's ``seed`` tells one story about.

plan-service settles demo participant ``n`` with the id ``demo_participant_id(n)``;
placement-service and volunteer-service seed their placements, matches and consents
for the same ids, so the overview joins them into one chain per person.
"""

from __future__ import annotations

import uuid

DEMO_MUNICIPALITY = "3403"  # Hamar
_NAMESPACE = uuid.UUID("3f2b8c1e-6d0a-4c55-9a57-1e0f4b6d2c80")


def demo_participant_id(n: int) -> uuid.UUID:
    """The fixed id of demo participant ``n`` (1-based), the same in every service."""
    return uuid.uuid5(_NAMESPACE, f"demo-participant-{n}")
