"""The participant's one access log: the reads other services publish
(``helhet.access.recorded.v1``) are folded into plan-service's log, once per read and
participant, beside plan-service's own reads."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.auth import TOKEN_COOKIE
from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import BatchResult, ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables
from plan_service.contracts.consumed import ACCESS_TOPIC, AccessRecordedV1
from plan_service.service_layer.access_log import make_projection
from plan_service.settings import PlanSettings

from .conftest import HAMAR, Database, Settle, settle_body

Project = Callable[..., Awaitable[BatchResult]]


def recorded(
    *participants: str | UUID,
    service: str = "placement-service",
    read_id: UUID | None = None,
    at: datetime = datetime(2026, 10, 5, 9, 30, tzinfo=UTC),
    **changes: Any,
) -> CloudEvent:
    """A read as placement-service (or ``service``) publishes it."""
    data: dict[str, Any] = {
        "read_id": str(read_id or uuid4()),
        "at": at.isoformat(),
        "sub": "arbeidsgiver-kontakt",
        "client_id": None,
        "agency": "employer",
        "role": "contributor",
        "purpose": "placement",
        "operation": "GET /employers/{employer_id}/candidates/{participant_id}",
        "categories": ["profile"],
        "participants": [
            {
                "participant_id": str(p),
                "legal_basis": "consent",
                "consent_id": "01930000-0000-7000-8000-00000000c001",
            }
            for p in participants
        ],
    }
    data.update(changes)
    AccessRecordedV1.model_validate(data)  # the test sends what the contract allows
    return CloudEvent(
        source=f"/helhet/{service}",
        type=AccessRecordedV1.event_type,
        subject=str(participants[0]) if len(participants) == 1 else None,
        municipality=HAMAR,
        data=data,
    )


@pytest.fixture
async def runner(settings: PlanSettings, test_engine: AsyncEngine) -> AsyncIterator[ConsumerRunner]:
    consumer = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(test_engine),
        tables=tables.shared,
        projection=make_projection(settings),
    )
    yield consumer
    await consumer.close()


@pytest.fixture
def project(runner: ConsumerRunner) -> Project:
    """``await project(*envelopes)``: the consumer's batch, as from the broker."""
    offsets = itertools.count()

    async def apply(*envelopes: CloudEvent) -> BatchResult:
        records = []
        for item in envelopes:
            value = item.to_json_bytes()
            records.append(
                ConsumerRecord(
                    topic=ACCESS_TOPIC,
                    partition=0,
                    offset=next(offsets),
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


async def test_another_services_read_shows_in_the_participants_own_log(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle, project: Project
) -> None:
    participant_id = await settled(person_sub="ruta-login")
    me = dev_tokens.headers("participant", municipality=HAMAR, sub="ruta-login")

    result = await project(recorded(participant_id))
    log = await client.get(f"/participants/{participant_id}/access-log", headers=me)

    assert result.applied == 1
    assert not result.dead_lettered
    assert log.status_code == 200, log.text
    [entry] = log.json()["items"]
    assert entry == {
        "at": "2026-10-05T09:30:00Z",
        "sub": "arbeidsgiver-kontakt",
        "agency": "employer",
        "client_name": None,
        "purpose": "placement",
        "endpoint": "GET /employers/{employer_id}/candidates/{participant_id}",
        "service": "placement-service",
        "role": "contributor",
        "legal_basis": "consent",
        "categories": ["profile"],
        "acting_municipality": None,
    }


async def test_a_redelivered_or_replayed_read_is_logged_once(
    settled: Settle, project: Project, database: Database
) -> None:
    participant_id = await settled()
    read = recorded(participant_id)
    # The same read again under a new event id (a replay through another outbox row).
    again = CloudEvent(**{**read.model_dump(), "id": str(uuid4())})

    await project(read)
    second = await project(read)
    third = await project(again)

    assert second.duplicates == 1
    assert third.applied == 1
    assert (await database.counts())["access_log"] == 1


async def test_a_list_read_logs_each_participant_once_and_skips_unknown_ones(
    settled: Settle, project: Project, database: Database
) -> None:
    first, second = await settled(), await settled()

    result = await project(recorded(first, second, uuid4(), service="volunteer-service"))

    assert result.applied == 1
    assert not result.dead_lettered
    assert (await database.counts())["access_log"] == 2


async def test_the_log_holds_plan_services_own_reads_and_the_others_newest_first(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    settled: Settle,
    project: Project,
) -> None:
    participant_id = await settled()
    await project(
        recorded(participant_id, at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),
        recorded(
            participant_id,
            service="volunteer-service",
            agency="volunteer",
            purpose="matching",
            operation="GET /matches/{match_id}",
            categories=["volunteering"],
            at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
        ),
    )
    await client.get(f"/participants/{participant_id}", headers=caseworker)

    log = await client.get(f"/participants/{participant_id}/access-log", headers=leader)

    items = log.json()["items"]
    assert [(e["service"], e["agency"], e["purpose"], e["categories"]) for e in items] == [
        ("plan-service", "refugee-service", "case_work", ["participant"]),
        ("volunteer-service", "volunteer", "matching", ["volunteering"]),
        ("placement-service", "employer", "placement", ["profile"]),
    ]
    assert items[0]["role"] == "caseworker"


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            None,
            ["Hvem har lest opplysningene dine", "Arbeidspraksis og jobb", "05.10.2026 kl. 11:30"],
        ),
        ("en", ["Who has read your information", "Work practice and jobs", "05 Oct 2026 11:30"]),
    ],
)
async def test_the_participants_page_shows_who_read_their_data_in_every_service(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    caseworker: dict[str, str],
    settled: Settle,
    project: Project,
    lang: str | None,
    texts: list[str],
) -> None:
    participant_id = await settled(person_sub="ruta-login")
    await project(recorded(participant_id))  # 09:30 UTC is 11:30 in Oslo (summer time)
    await client.get(f"/participants/{participant_id}", headers=caseworker)
    client.cookies.set(TOKEN_COOKIE, dev_tokens.mint("participant", sub="ruta-login"))

    page = await client.get(
        f"/participants/{participant_id}/page", params={"lang": lang} if lang else None
    )

    assert page.status_code == 200, page.text
    for text in texts:
        assert text in page.text
    assert 'data-service="placement-service"' in page.text
    assert 'data-service="plan-service"' in page.text


async def test_the_page_says_why_in_plain_words_leaves_out_own_reads_and_pages_by_20(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle, project: Project
) -> None:
    """25 reads by others: the page shows the newest 20 in plain words and links to the
    5 older ones; the participant's own visits to the page are not in the list."""
    participant_id = await settled(person_sub="ruta-login")
    await project(
        *(
            recorded(participant_id, at=datetime(2026, 10, day, 9, 30, tzinfo=UTC))
            for day in range(1, 26)
        )
    )
    client.cookies.set(TOKEN_COOKIE, dev_tokens.mint("participant", sub="ruta-login"))
    page = f"/participants/{participant_id}/page"

    await client.get(page)  # a visit of their own, logged but not listed
    first = await client.get(page, params={"lang": "en"})
    older = await client.get(page, params={"lang": "en", "reads": 20})
    bad = await client.get(page, params={"reads": -1})

    assert first.text.count("data-read ") == 20
    assert "to find a work practice place or a job for you" in first.text
    assert "(staff member)" in first.text
    assert "You see reads 1\N{EN DASH}20 of 25." in first.text
    assert "reads=20#access_log" in first.text
    assert 'data-service="plan-service"' not in first.text
    assert "25 Oct 2026" in first.text
    assert older.text.count("data-read ") == 5
    assert "01 Oct 2026" in older.text
    assert "reads=0#access_log" in older.text
    assert bad.status_code == 422


# -- inter-municipal cooperation: both municipalities in the log ----------------------------

LILLEHAMMER, OYER = "3405", "3440"


async def test_a_host_caseworker_serving_a_partners_participant_is_logged_with_both(
    client: httpx.AsyncClient, dev_tokens: DevTokens, project: Project
) -> None:
    oyer = dev_tokens.headers("caseworker", municipality=OYER, sub="oyer-1")
    made = await client.post("/participants", json=settle_body(municipality=OYER), headers=oyer)
    assert made.status_code == 201, made.text
    in_oyer = made.json()["id"]
    lillehammer = dev_tokens.headers("caseworker", municipality=LILLEHAMMER, sub="lh-1")
    leader = dev_tokens.headers("integration_leader", municipality=OYER, sub="oyer-leader")

    own = await client.get(f"/participants/{in_oyer}", headers=lillehammer)
    served = await client.get(
        f"/participants/{in_oyer}", headers={**lillehammer, "Helhet-Municipality": OYER}
    )
    await project(
        recorded(in_oyer, sub="lh-2", agency="refugee-service", acting_municipality=LILLEHAMMER)
    )
    log = await client.get(f"/participants/{in_oyer}/access-log", headers=leader)

    assert own.status_code == 404  # acting for Lillehammer: not theirs
    assert served.status_code == 200, served.text
    reads = {e["sub"]: e for e in log.json()["items"]}
    assert reads["lh-1"]["acting_municipality"] == LILLEHAMMER  # plan-service's own read
    assert reads["lh-1"]["endpoint"] == "GET /participants/{participant_id}"
    assert reads["lh-2"]["acting_municipality"] == LILLEHAMMER  # placement-service's
    assert reads["lh-2"]["service"] == "placement-service"


async def test_a_read_for_the_readers_own_municipality_has_no_acting_municipality(
    client: httpx.AsyncClient, caseworker: dict[str, str], leader: dict[str, str], settled: Settle
) -> None:
    participant_id = await settled()
    await client.get(f"/participants/{participant_id}", headers=caseworker)

    log = await client.get(f"/participants/{participant_id}/access-log", headers=leader)

    [entry] = log.json()["items"]
    assert entry["sub"] == "tester"
    assert entry["acting_municipality"] is None
