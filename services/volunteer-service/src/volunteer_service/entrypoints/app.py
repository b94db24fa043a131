"""volunteer-service's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from helhet_common.app import create_app
from volunteer_service.contracts import consumed
from volunteer_service.entrypoints import (
    activities,
    changes,
    matches,
    organisations,
    participants,
    volunteers,
)
from volunteer_service.settings import VolunteerSettings

DESCRIPTION = """
The side of Helhet for the volunteer centre, NGOs and bridge-builders: organisations,
volunteers and bridge-builders (with vetting as the law has it), activities and meeting
places with attendance, matches between participants and volunteers (only with the
participant's consent, from plan-service), and suggestions of volunteers and activities
that fit a participant, with the reasons.

Callers: caseworkers, the integration leader, and the volunteer coordinator (role
`contributor`, agency `volunteer`), each in their own municipality. Creates accept an
`Idempotency-Key`. Changes (`PATCH`, deactivation, erasure, cancellation) carry the
`version` they are based on: 409 `stale-version` (with `current_version`) if another
change came first. An erasure (GDPR art. 17) removes a volunteer's name and contact
details and keeps ids, codes and dates. Events go to `helhet.volunteering` with ids and
codes only; names and contact details stay here. Errors are RFC 9457 problem details
with a machine-readable `code`.
"""


def create(settings: VolunteerSettings | None = None) -> FastAPI:
    return create_app(
        settings=settings or VolunteerSettings(),
        title="Helhet volunteer-service",
        description=DESCRIPTION,
        routers=[
            organisations.router,
            volunteers.router,
            activities.router,
            matches.router,
            participants.router,
            changes.router,
        ],
        # Consent and participant checks read the consumer's read model.
        consumer_topics=consumed.registry.topics,
    )
