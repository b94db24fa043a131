"""Fixtures for plan-service's API tests: the database seen from outside, and builders
that settle participants, start programmes and write plans through the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.database_view import DatabaseView
from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables
from plan_service.settings import PlanSettings

HAMAR = "3403"
GJOVIK = "3407"

COUNTED_TABLES = {
    "participants": tables.participants,
    "programmes": tables.programmes,
    "plans": tables.plans,
    "programme_extensions": tables.programme_extensions,
    "programme_leaves": tables.programme_leaves,
    "mappings": tables.mappings,
    "test_results": tables.test_results,
    "outcomes": tables.outcomes,
    "consents": tables.consents,
    "sharing_bases": tables.sharing_bases,
    "access_log": tables.access_log,
    "plan_versions": tables.plan_versions,
    "plan_contributions": tables.plan_contributions,
    "plan_reviews": tables.plan_reviews,
    "meetings": tables.meetings,
    "actions": tables.actions,
    "contacts": tables.contacts,
    "external_links": tables.external_links,
    "ledger_entries": tables.ledger_entries,
    "benefit_exports": tables.benefit_exports,
    "timetable_sessions": tables.timetable_sessions,
    "provider_closures": tables.provider_closures,
    "timetable_week_checks": tables.timetable_week_checks,
    "participant_holidays": tables.participant_holidays,
    "transitions": tables.transitions,
    "hand_overs": tables.hand_overs,
    "outbox": tables.shared.outbox,
    "idempotency_keys": tables.shared.idempotency_keys,
}


def settle_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "municipality": HAMAR,
        "settlement_date": "2026-03-02",
        "birth_year": 1994,
        "household_type": "single",
        "languages": ["ti", "ar"],
        "given_name": "Ruta",
        "family_name": "Haile",
    }
    body.update(changes)
    return body


def programme_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "regime": "integreringsloven",
        "start_date": "2026-04-01",
        "expected_end_date": "2028-03-31",
    }
    body.update(changes)
    return body


def plan_body(*, version: int = 0, **changes: Any) -> dict[str, Any]:
    """A plan based on ``version``; a change after the first gives a reason."""
    body: dict[str, Any] = {
        "version": version,
        "end_goal": "work",
        "norwegian_goal": "B1",
        "activities": [
            {"kind": "norwegian", "provider_unit": "Hamar læringssenter", "hours_per_week": 20},
            {
                "kind": "language_practice",
                "provider_unit": "Hamar kommune, teknisk drift",
                "hours_per_week": 12.5,
                "from_date": "2026-05-04",
                "to_date": "2026-10-30",
            },
        ],
    }
    if version != 0:
        body["reason"] = "Agreed with the participant in the three-way talk."
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


class Database(DatabaseView):
    """plan-service's database as a test sees it: row counts, the outbox, plan versions."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine, counted=COUNTED_TABLES, outbox=tables.shared.outbox)

    async def plan_version(self, participant_id: str) -> int | None:
        plans = tables.plans
        async with self.engine.connect() as conn:
            version = await conn.scalar(
                select(plans.c.version).where(plans.c.participant_id == UUID(participant_id))
            )
        return None if version is None else int(version)


@pytest.fixture
def database(settings: PlanSettings, test_engine: AsyncEngine) -> Database:
    """The test's view of the database (emptied after the test, through ``settings``)."""
    return Database(test_engine)


@pytest.fixture
def caseworker(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("caseworker", municipality=HAMAR)


Settle = Callable[..., Awaitable[str]]


@pytest.fixture
def settled(client: httpx.AsyncClient, caseworker: dict[str, str]) -> Settle:
    """``await settled(**changes)``: settle a participant in Hamar, return its id."""

    async def settle(**changes: Any) -> str:
        response = await client.post(
            "/participants", json=settle_body(**changes), headers=caseworker
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    return settle


@pytest.fixture
def enrolled(client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle) -> Settle:
    """``await enrolled()``: a settled participant whose programme has started."""

    async def enrol(**programme: Any) -> str:
        participant_id = await settled()
        response = await client.post(
            f"/participants/{participant_id}/programme",
            json=programme_body(**programme),
            headers=caseworker,
        )
        assert response.status_code == 201, response.text
        return participant_id

    return enrol


@pytest.fixture
def planned(client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle) -> Settle:
    """``await planned()``: an enrolled participant with a plan at version 1."""

    async def plan() -> str:
        participant_id = await enrolled()
        response = await client.put(
            f"/participants/{participant_id}/plan", json=plan_body(version=0), headers=caseworker
        )
        assert response.status_code == 200, response.text
        return participant_id

    return plan


def mapping_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "recorded_on": "2026-09-01",
        "education_level": "secondary",
        "work_experience_sectors": ["Q", "I"],
        "wished_sectors": ["Q"],
        "interests": ["football", "cooking"],
        "norwegian_levels": {
            "listening": "A2",
            "reading": "A2",
            "speaking": "A1",
            "writing": "A0",
        },
        "has_driving_licence": False,
        "childcare_needs": True,
        "notes": "Ruta worked six years as a nurse's assistant.",
    }
    body.update(changes)
    return body


def consent_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "recipient_kind": "employer",
        "recipient_id": "974760673",
        "purpose": "placement",
        "granted_on": "2026-09-01",
    }
    body.update(changes)
    return body


def basis_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency": "nav",
        "purpose": "nav_measures",
        "legal_basis": "integreringsloven",
        "valid_from": "2026-09-01",
    }
    body.update(changes)
    return body


def exit_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"completion": "completed", "end_date": "2026-11-02", "reason": "work"}
    body.update(changes)
    return body


@pytest.fixture
def nav(dev_tokens: DevTokens) -> dict[str, str]:
    """A NAV caseworker in Hamar: sees a participant only with a sharing basis."""
    return dev_tokens.headers("caseworker", municipality=HAMAR, agency="nav", sub="nav-veileder")


@pytest.fixture
def leader(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("integration_leader", municipality=HAMAR, sub="leder")


@pytest.fixture
def exited(client: httpx.AsyncClient, caseworker: dict[str, str], enrolled: Settle) -> Settle:
    """``await exited()``: an enrolled participant whose programme ended on 2 Nov 2026."""

    async def end() -> str:
        participant_id = await enrolled()
        response = await client.post(
            f"/participants/{participant_id}/programme/exit", json=exit_body(), headers=caseworker
        )
        assert response.status_code == 201, response.text
        return participant_id

    return end
