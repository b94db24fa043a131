"""plan-service's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from helhet_common.app import create_app
from plan_service.contracts import consumed
from plan_service.entrypoints import (
    audit,
    benefit,
    changes,
    consents,
    contacts,
    directory,
    erasure,
    follow_up,
    handover,
    handover_pages,
    imports,
    mappings,
    pages,
    participants,
    personal_data,
    plan,
    programme,
    results,
    timetable,
    webhooks,
)
from plan_service.settings import PlanSettings

DESCRIPTION = """
The refugee service's side of Helhet: participants and their settlement, the
introduction programme and its lifecycle (extension, leave, exit, moving away), the
integration plan as a shared document (sections and contributors, versions with a
reason, contributions the plan's editor accepts or rejects, reviews with the
participant, the full-time check), meetings and the actions they decide, contact
persons per agency, competence mapping, test results and outcomes, the participation
certificate's data, consents and sharing bases, and the access log of every read of a
participant's data. Every change that others need is published as an event (through
the outbox) for the other agencies and the integration leader's overview. Errors are
RFC 9457 problem details with a machine-readable `code`. The participant's own page is
served at `/` (sign in with `/login?token=...`).
"""


def create(settings: PlanSettings | None = None) -> FastAPI:
    return create_app(
        settings=settings or PlanSettings(),
        title="Helhet plan-service",
        description=DESCRIPTION,
        routers=[
            directory.router,  # before participants': /participants/search is no id
            participants.router,
            plan.router,
            programme.router,
            follow_up.router,
            benefit.router,
            timetable.router,
            handover.router,
            contacts.router,
            mappings.router,
            results.router,
            consents.router,
            audit.router,
            erasure.router,
            personal_data.router,
            imports.router,
            changes.router,
            webhooks.router,
            pages.sign_in,
            pages.router,
            handover_pages.router,
        ],
        # The participant's access log holds the reads the consumer folds in.
        consumer_topics=consumed.registry.topics,
    )
