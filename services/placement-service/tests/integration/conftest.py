"""Fixtures for placement-service's integration tests: the database seen from outside,
plan-service's events applied through the consumer runner, and builders that register
employers, publish openings and place participants through the API."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.database_view import DatabaseView
from helhet_common.testing.services import DevTokens
from placement_service.adapters import tables
from placement_service.contracts import consumed
from placement_service.service_layer.projection import make_projection
from placement_service.settings import PlacementSettings

HAMAR = "3403"
GJOVIK = "3407"
ORG = "974760673"
OTHER_ORG = "987654309"
TODAY = SYSTEM_CLOCK.today()  # the service's today (Europe/Oslo), not the machine's
Record = ConsumerRecord[bytes, bytes]

COUNTED = {
    "employers": tables.employers,
    "employer_history": tables.employer_history,
    "openings": tables.openings,
    "placements": tables.placements,
    "kind_changes": tables.kind_changes,
    "follow_ups": tables.follow_ups,
    "extensions": tables.extensions,
    "hours": tables.hours,
    "outbox": tables.shared.outbox,
    "idempotency_keys": tables.shared.idempotency_keys,
}


def employer_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "org_number": ORG,
        "name": "Hamar sykehjem",
        "sector": "Q",
        "ownership": "municipal",
        "capacity_cap": 2,
        "agreement": {"kind": "cooperation_agreement", "anchored_at": "top_management"},
        "responsible": {"name": "Ola Hansen", "unit": "Hamar flyktningkontor"},
        "locations": [
            {
                "name": "Hovedbygget",
                "address": "Sykehjemsvegen 1",
                "point": {"latitude": 60.8010, "longitude": 11.0590},
                "public_transport": True,
            }
        ],
        "contacts": [
            {"name": "Kari Nordmann", "role": "daily_supervisor", "login_sub": "kari@sykehjem"}
        ],
    }
    body.update(changes)
    return body


def opening_body(employer_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employer_id": employer_id,
        "kind": "language_practice",
        "title": "Care ward",
        "schedule": {
            "days": ["mon", "tue", "wed"],
            "starts_at": "08:30",
            "ends_at": "14:30",
            "hours_per_week": 15,
        },
        "language_requirements": {"speaking": "A2"},
        "capacity": 1,
    }
    body.update(changes)
    return body


def placement_body(participant_id: UUID | str, opening_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "participant_id": str(participant_id),
        "opening_id": opening_id,
        "purpose": "language_learning",
        "learning_goals": ["Take oral instructions"],
        "language_agreement": {"levels": {"speaking": "A2"}, "assessment": "assessment_form"},
        "follow_up_plan": {"every_days": 14, "by_unit": "Hamar læringssenter"},
        "start_date": (TODAY - timedelta(days=30)).isoformat(),
        "planned_end": (TODAY + timedelta(days=60)).isoformat(),
    }
    body.update(changes)
    return body


# -- plan-service's events ------------------------------------------------------------------


def envelope(
    event_type: str, participant_id: UUID, data: dict[str, Any], municipality: str = HAMAR
) -> CloudEvent:
    return CloudEvent(
        source="/helhet/plan-service",
        type=event_type,
        subject=str(participant_id),
        municipality=municipality,
        data={"participant_id": str(participant_id), **data},
    )


def settled(pid: UUID, municipality: str = HAMAR) -> CloudEvent:
    return envelope(
        consumed.ParticipantSettled.event_type,
        pid,
        {
            "municipality": municipality,
            "settlement_date": "2026-01-10",
            "birth_year": 1990,
            "household_type": "family",
            "languages": ["ti"],
        },
        municipality,
    )


def plan_updated(pid: UUID, version: int = 1, end_goal: str = "work") -> CloudEvent:
    return envelope(
        consumed.PlanUpdated.event_type,
        pid,
        {"plan_version": version, "end_goal": end_goal, "norwegian_goal": "B1"},
    )


def mapping_recorded(pid: UUID, version: int = 1, **changes: Any) -> CloudEvent:
    data: dict[str, Any] = {
        "mapping_version": version,
        "recorded_by_agency": "refugee-service",
        "recorded_on": "2026-02-01",
        "education_level": "secondary",
        "work_experience_sectors": ["I"],
        "wished_sectors": ["Q", "I"],
        "interests": ["cooking"],
        "norwegian_levels": {
            "listening": "B1",
            "reading": "A2",
            "speaking": "A2",
            "writing": "A1",
        },
        "has_driving_licence": False,
        "childcare_needs": True,
    }
    data.update(changes)
    return envelope(consumed.MappingRecorded.event_type, pid, data)


def consent_granted(
    pid: UUID, consent_id: UUID, org: str = ORG, purpose: str = "placement"
) -> CloudEvent:
    return envelope(
        consumed.ConsentGranted.event_type,
        pid,
        {
            "consent_id": str(consent_id),
            "recipient_kind": "employer",
            "recipient_id": org,
            "purpose": purpose,
            "granted_on": (TODAY - timedelta(days=60)).isoformat(),
            "expires_on": None,
        },
    )


def sharing_basis(
    pid: UUID, agency: str = "nav", purpose: str = "work_training", legal_basis: str = "nav_loven"
) -> CloudEvent:
    """plan-service's record of a public agency's legal basis for the participant."""
    return envelope(
        consumed.SharingBasisRecorded.event_type,
        pid,
        {
            "basis_id": str(uuid4()),
            "agency": agency,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "valid_from": (TODAY - timedelta(days=10)).isoformat(),
            "valid_to": None,
        },
    )


def consent_withdrawn(pid: UUID, consent_id: UUID) -> CloudEvent:
    return envelope(
        consumed.ConsentWithdrawn.event_type,
        pid,
        {"consent_id": str(consent_id), "withdrawn_on": TODAY.isoformat()},
    )


def moved(pid: UUID, moved_on: date = TODAY) -> CloudEvent:
    return envelope(
        consumed.ParticipantMoved.event_type,
        pid,
        {"moved_on": moved_on.isoformat(), "from_municipality": HAMAR, "to_municipality": "0301"},
    )


def consent_expired(pid: UUID, consent_id: UUID) -> CloudEvent:
    return envelope(
        consumed.ConsentExpired.event_type,
        pid,
        {"consent_id": str(consent_id), "expired_on": TODAY.isoformat()},
    )


@pytest.fixture
def session_factory(
    settings: PlacementSettings, test_engine: AsyncEngine
) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(test_engine)


@pytest.fixture
async def runner(
    settings: PlacementSettings, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[ConsumerRunner]:
    consumer = ConsumerRunner(
        settings=settings,
        session_factory=session_factory,
        tables=tables.shared,
        projection=make_projection(settings),
    )
    yield consumer
    await consumer.close()


Project = Callable[..., Awaitable[Any]]


@pytest.fixture
def project(runner: ConsumerRunner) -> Project:
    """``await project(*envelopes)``: apply plan-service's events as the consumer would."""
    offsets: defaultdict[str, itertools.count[int]] = defaultdict(itertools.count)

    async def apply(*envelopes: CloudEvent) -> Any:
        records: list[Record] = []
        for item in envelopes:
            topic = consumed.registry.model_for(item.type).topic
            value = item.to_json_bytes()
            records.append(
                ConsumerRecord(
                    topic=topic,
                    partition=0,
                    offset=next(offsets[topic]),
                    timestamp=int(item.time.timestamp() * 1000),
                    timestamp_type=0,
                    key=item.key,
                    value=value,
                    checksum=None,
                    serialized_key_size=len(item.key or b""),
                    serialized_value_size=len(value),
                    headers=[],
                )
            )
        return await runner.apply_batch(records)

    return apply


NewParticipant = Callable[..., Awaitable[UUID]]


@pytest.fixture
def participant(project: Project) -> NewParticipant:
    """``await participant(**mapping)``: a Hamar participant known from plan-service, who
    has consented to a placement at the test employer (``consent_to=None``: to none)."""

    async def make(
        municipality: str = HAMAR, *, consent_to: str | None = ORG, **mapping: Any
    ) -> UUID:
        pid = uuid4()
        events = [settled(pid, municipality), plan_updated(pid), mapping_recorded(pid, **mapping)]
        if consent_to is not None:
            events.append(consent_granted(pid, uuid4(), org=consent_to))
        result = await project(*events)
        assert result.applied == len(events), result
        return pid

    return make


Database = DatabaseView  # the tests name it by what it is here


@pytest.fixture
def database(settings: PlacementSettings, test_engine: AsyncEngine) -> Database:
    return DatabaseView(test_engine, counted=COUNTED, outbox=tables.shared.outbox)


@pytest.fixture
def caseworker(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("caseworker", municipality=HAMAR)


class Api:
    """Builders that go through the API as a Hamar caseworker."""

    def __init__(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    async def post(self, path: str, body: Any, status: int = 201) -> dict[str, Any]:
        response = await self.client.post(path, json=body, headers=self.headers)
        assert response.status_code == status, response.text
        return dict(response.json())

    async def employer(self, **changes: Any) -> dict[str, Any]:
        return await self.post("/employers", employer_body(**changes))

    async def opening(self, employer_id: str, **changes: Any) -> dict[str, Any]:
        return await self.post("/openings", opening_body(employer_id, **changes))

    async def place(self, pid: UUID, opening_id: str, **changes: Any) -> dict[str, Any]:
        return await self.post("/placements", placement_body(pid, opening_id, **changes))


@pytest.fixture
def api(client: httpx.AsyncClient, caseworker: dict[str, str]) -> Api:
    return Api(client, caseworker)
