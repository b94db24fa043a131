"""Fixtures for volunteer-service's integration tests: the database seen from outside,
plan-service's events fed through the consumer runner, and API builders."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.database_view import DatabaseView
from helhet_common.testing.services import DevTokens
from volunteer_service.adapters import tables
from volunteer_service.contracts import consumed
from volunteer_service.service_layer.projection import make_projection
from volunteer_service.settings import VolunteerSettings

HAMAR = "3403"
GJOVIK = "3407"
PLAN_SERVICE = "/helhet/plan-service"
TODAY = SYSTEM_CLOCK.today()  # the service's today (Europe/Oslo), not the machine's

COUNTED = {
    "organisations": tables.organisations,
    "volunteers": tables.volunteers,
    "activities": tables.activities,
    "attendance": tables.attendance,
    "matches": tables.matches,
    "outbox": tables.shared.outbox,
    "idempotency_keys": tables.shared.idempotency_keys,
}


Database = DatabaseView  # the tests name it by what it is here


@pytest.fixture
def database(settings: VolunteerSettings, test_engine: AsyncEngine) -> Database:
    return DatabaseView(test_engine, counted=COUNTED, outbox=tables.shared.outbox)


@pytest.fixture
def coordinator(dev_tokens: DevTokens) -> dict[str, str]:
    """The volunteer coordinator: a contributor of the volunteer agency in Hamar."""
    return dev_tokens.headers("contributor", agency="volunteer", municipality=HAMAR, sub="coord")


@pytest.fixture
def caseworker(dev_tokens: DevTokens) -> dict[str, str]:
    """A caseworker of the refugee service (the programme owner): reads on the law."""
    return dev_tokens.headers("caseworker", municipality=HAMAR, sub="case")


# -- plan-service's events, as the consumer gets them ---------------------------------------

Record = ConsumerRecord[bytes, bytes]
_offsets = itertools.count()


def envelope(event_type: str, participant_id: UUID, **data: Any) -> CloudEvent:
    return CloudEvent(
        source=PLAN_SERVICE,
        type=event_type,
        subject=str(participant_id),
        municipality=HAMAR,
        data={"participant_id": str(participant_id), **data},
    )


def settled(participant_id: UUID, household: str = "single", **extra: Any) -> CloudEvent:
    return envelope(
        consumed.ParticipantSettled.event_type,
        participant_id,
        municipality=HAMAR,
        settlement_date=(TODAY - timedelta(days=100)).isoformat(),
        birth_year=1995,
        household_type=household,
        languages=["ti", "ar"],
        **extra,
    )


def granted(
    participant_id: UUID,
    recipient_id: UUID,
    *,
    consent_id: UUID | None = None,
    kind: str = "organisation",
) -> CloudEvent:
    return envelope(
        consumed.ConsentGranted.event_type,
        participant_id,
        consent_id=str(consent_id or uuid4()),
        recipient_kind=kind,
        recipient_id=str(recipient_id),
        purpose="social_network",
        granted_on=(TODAY - timedelta(days=5)).isoformat(),
        expires_on=None,
    )


def sharing_basis(
    participant_id: UUID, agency: str = "nav", purpose: str = "follow_up"
) -> CloudEvent:
    """plan-service's record of a public agency's legal basis for the participant."""
    return envelope(
        consumed.SharingBasisRecorded.event_type,
        participant_id,
        basis_id=str(uuid4()),
        agency=agency,
        purpose=purpose,
        legal_basis="nav_loven",
        valid_from=(TODAY - timedelta(days=5)).isoformat(),
        valid_to=None,
    )


def withdrawn(participant_id: UUID, consent_id: UUID) -> CloudEvent:
    return envelope(
        consumed.ConsentWithdrawn.event_type,
        participant_id,
        consent_id=str(consent_id),
        withdrawn_on=TODAY.isoformat(),
    )


def moved(participant_id: UUID) -> CloudEvent:
    """plan-service's news that the participant moved away today."""
    return envelope(
        consumed.ParticipantMoved.event_type,
        participant_id,
        moved_on=TODAY.isoformat(),
        from_municipality=HAMAR,
        to_municipality=None,
    )


def expired(participant_id: UUID, consent_id: UUID) -> CloudEvent:
    """plan-service's announcement that the consent lapsed today."""
    return envelope(
        consumed.ConsentExpired.event_type,
        participant_id,
        consent_id=str(consent_id),
        expired_on=TODAY.isoformat(),
    )


def records(*envelopes: CloudEvent) -> list[Record]:
    out = []
    for item in envelopes:
        value = item.to_json_bytes()
        topic = consumed.registry.model_for(item.type).topic
        out.append(
            ConsumerRecord(
                topic=topic,
                partition=0,
                offset=next(_offsets),
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
    return out


Feed = Callable[..., Awaitable[None]]


@pytest.fixture
async def runner(
    settings: VolunteerSettings, test_engine: AsyncEngine
) -> AsyncIterator[ConsumerRunner]:
    consumer = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(test_engine),
        tables=tables.shared,
        projection=make_projection(settings),
    )
    yield consumer
    await consumer.close()


@pytest.fixture
def feed(runner: ConsumerRunner) -> Feed:
    """``await feed(*envelopes)``: plan-service's events through ``apply_batch``."""

    async def apply(*envelopes: CloudEvent) -> None:
        result = await runner.apply_batch(records(*envelopes))
        assert not result.dead_lettered, result.dead_lettered

    return apply


# -- builders over the API -------------------------------------------------------------------

Create = Callable[..., Awaitable[dict[str, Any]]]


def organisation_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Hamar frivilligsentral",
        "kind": "volunteer_centre",
        "offers": ["guide"],
        "contacts": [{"name": "Kari Nordmann", "phone": "+47 62 00 00 00"}],
    }
    body.update(changes)
    return body


def volunteer_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "volunteer",
        "name": "Ola Hansen",
        "email": "ola@example.org",
        "languages": ["no", "ti"],
        "interests": ["football"],
        "availability": ["weekend"],
        "roles": ["guide", "homework_help"],
        "max_matches": 2,
    }
    body.update(changes)
    return body


def activity_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Språkkafé",
        "kind": "language_cafe",
        "target_groups": ["singles"],
        "locals_take_part": True,
        "recurrence": "weekly",
        "weekday": "tue",
        "start_time": "12:00",
        "end_time": "14:00",
        "starts_on": (TODAY - timedelta(days=60)).isoformat(),
        "place": "Hamar bibliotek",
        "counts_as_programme_hours": True,
        "publish": True,
    }
    body.update(changes)
    return body


def _creator(client: httpx.AsyncClient, headers: dict[str, str], path: str, build: Any) -> Create:
    async def create(**changes: Any) -> dict[str, Any]:
        response = await client.post(path, json=build(**changes), headers=headers)
        assert response.status_code == 201, response.text
        return dict(response.json())

    return create


@pytest.fixture
def new_organisation(client: httpx.AsyncClient, coordinator: dict[str, str]) -> Create:
    return _creator(client, coordinator, "/organisations", organisation_body)


@pytest.fixture
def new_volunteer(client: httpx.AsyncClient, coordinator: dict[str, str]) -> Create:
    return _creator(client, coordinator, "/volunteers", volunteer_body)


@pytest.fixture
def new_activity(client: httpx.AsyncClient, coordinator: dict[str, str]) -> Create:
    return _creator(client, coordinator, "/activities", activity_body)


@pytest.fixture
def consenting(feed: Feed) -> Callable[..., Awaitable[UUID]]:
    """``await consenting(volunteer)``: a settled participant who consents to the
    volunteer's organisation (or to the volunteer, without one)."""

    async def make(volunteer: dict[str, Any], household: str = "single") -> UUID:
        participant = uuid4()
        recipient = volunteer["organisation_id"] or volunteer["id"]
        kind = "organisation" if volunteer["organisation_id"] else "volunteer"
        await feed(
            settled(participant, household), granted(participant, UUID(recipient), kind=kind)
        )
        return participant

    return make
