"""placement-service's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from helhet_common.app import create_app
from placement_service.contracts import consumed
from placement_service.entrypoints import (
    changes,
    employers,
    openings,
    participants,
    placements,
)
from placement_service.settings import PlacementSettings

DESCRIPTION = """
The side of Helhet for NAV, work advisers, the learning centre's practice team and
employers: employers (contacts, agreement, capacity cap, history), openings (language
practice, work practice, NAV work training, wage subsidy, municipal and ordinary jobs),
placements with a purpose tied to the participant's plan (follow-up, kind changes, hours
ledger, NAV measures, end with reason and next step), and matching of openings to the
participant's own wishes, with an explanation of every score.

Every change is published as an event on `helhet.placements` (through the outbox).
Participants and consents come from plan-service's events; an employer sees a candidate
only with the participant's consent. Errors are RFC 9457 problem details with a
machine-readable `code`; a resource of another municipality is a 404.
"""

TAGS = [
    {"name": "employers", "description": "Employers, contacts, agreements, history."},
    {"name": "openings", "description": "Places to practise or work: open, filled, closed."},
    {"name": "placements", "description": "A participant in an opening, from start to end."},
    {"name": "matching", "description": "Openings ranked by the participant's own wishes."},
    {"name": "changes", "description": "The published events, for systems that poll."},
]


def create(settings: PlacementSettings | None = None) -> FastAPI:
    return create_app(
        settings=settings or PlacementSettings(),
        title="Helhet placement-service",
        description=DESCRIPTION,
        routers=[
            employers.router,
            openings.router,
            placements.router,
            participants.router,
            changes.router,
        ],
        openapi_tags=TAGS,
        # Consent and participant checks read the consumer's read model.
        consumer_topics=consumed.registry.topics,
    )
