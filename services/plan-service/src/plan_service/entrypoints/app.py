"""plan-service's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from helhet_common.app import create_app
from helhet_common.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem
from plan_service.domain import errors
from plan_service.entrypoints import audit, consents, mappings, participants, programme, results
from plan_service.settings import PlanSettings

DESCRIPTION = """
The refugee service's side of Helhet: participants and their settlement, the
introduction programme and its lifecycle (extension, leave, exit), the integration
plan, competence mapping, test results and outcomes, consents and sharing bases, and
the access log of every read of a participant's data. Every change is published as an
event (through the outbox) for the other agencies and the integration leader's overview.
Errors are RFC 9457 problem details with a machine-readable `code`.
"""


def domain_problem(error: errors.DomainError) -> Problem:
    match error:
        case errors.ParticipantNotFound():
            return NotFound(error.message, code=error.code)
        case errors.StalePlanVersion():
            return Conflict(error.message, code=error.code, current_version=error.current)
        case errors.ProgrammeAlreadyStarted() | errors.Conflict():
            return Conflict(error.message, code=error.code)
        case errors.NotFoundHere():
            return NotFound(error.message, code=error.code)
        case errors.NotAllowed():
            return Forbidden(error.message, code=error.code)
        case _:
            return InvalidInput(error.message, code=error.code)


def create(settings: PlanSettings | None = None) -> FastAPI:
    return create_app(
        settings=settings or PlanSettings(),
        title="Helhet plan-service",
        description=DESCRIPTION,
        routers=[
            participants.router,
            programme.router,
            mappings.router,
            results.router,
            consents.router,
            audit.router,
        ],
        problem_mappers={errors.DomainError: domain_problem},
    )
