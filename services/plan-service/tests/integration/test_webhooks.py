"""Webhooks: a subscriber's receiver gets the events signed (Standard Webhooks), in order,
once; a receiver that is down gets everything when it is back; a 4xx parks the delivery
with its answer; a slow receiver holds up nobody else; no scope, no subscription."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks.webhooks import Webhook

from helhet_common.db import create_session_factory
from helhet_common.testing.services import DevTokens
from plan_service.adapters.webhooks import BlockedAddress, Dispatcher, is_public, public_host
from plan_service.entrypoints.webhooks import visible_for

from .conftest import HAMAR, Settle, basis_body

SETTLED = "helhet.participant.settled.v1"
STARTED = "helhet.programme.started.v1"
TYPES = [SETTLED, STARTED]


@dataclass
class Receiver:
    """An agency system's endpoint: verifies every signature, deduplicates on the
    webhook id, and answers what ``answer`` says."""

    secret: str = ""
    answer: Callable[[int], Awaitable[httpx.Response]] | None = None
    calls: int = 0
    accepted: list[dict[str, Any]] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    duplicates: int = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.answer is not None:
            response = await self.answer(self.calls)
            if response.status_code >= 300:
                return response
        payload = Webhook(self.secret).verify(request.content, dict(request.headers))
        assert request.headers["webhook-id"] == payload["id"]
        if payload["id"] in self.seen_ids:
            self.duplicates += 1
        else:
            self.seen_ids.add(payload["id"])
            self.accepted.append(payload)
        return httpx.Response(204)


def routed(receivers: dict[str, Receiver]) -> httpx.AsyncClient:
    async def handler(request: httpx.Request) -> httpx.Response:
        return await receivers[request.url.host](request)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def subscribe(
    client: httpx.AsyncClient, headers: dict[str, str], host: str, receiver: Receiver
) -> dict[str, Any]:
    response = await client.post(
        "/webhooks/subscriptions",
        json={"url": f"https://{host}/events", "event_types": TYPES},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    receiver.secret = body["secret"]
    return body


async def anywhere(url: str) -> None:
    """The test receivers' made-up hosts (``*.test``) resolve nowhere: let them through."""


class Rounds:
    """Delivery rounds, each a little later than the last (events settle; retries fall
    due)."""

    def __init__(self, engine: AsyncEngine, http: httpx.AsyncClient, timeout_s: float = 5.0):
        self.dispatcher = Dispatcher(
            create_session_factory(engine),
            http,
            visible_for=visible_for,
            timeout_s=timeout_s,
            check_address=anywhere,
        )
        self.now = datetime.now(UTC) + timedelta(seconds=5)

    async def run(self, *, later: timedelta = timedelta(0)) -> int:
        self.now += later
        return await self.dispatcher.round(now=self.now, today=self.now.date())


@pytest.fixture
def staff(dev_tokens: DevTokens) -> dict[str, str]:
    return dev_tokens.headers("caseworker", municipality=HAMAR, sub="agency-system")


async def test_a_receiver_gets_every_event_signed_in_order_once(
    client: httpx.AsyncClient,
    staff: dict[str, str],
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    receiver = Receiver()
    subscription = await subscribe(client, staff, "agency.test", receiver)
    first, second = await enrolled(), await enrolled()

    async with routed({"agency.test": receiver}) as http:
        rounds = Rounds(test_engine, http)
        await rounds.run()
        await rounds.run(later=timedelta(minutes=1))

    assert [(e["type"], e["subject"]) for e in receiver.accepted] == [
        (SETTLED, first),
        (STARTED, first),
        (SETTLED, second),
        (STARTED, second),
    ]
    assert receiver.duplicates == 0
    log = await client.get(
        f"/webhooks/subscriptions/{subscription['id']}/deliveries", headers=staff
    )
    assert [d["status"] for d in log.json()["items"]] == ["delivered"] * 4


async def test_a_receiver_down_for_a_while_gets_everything_once_it_is_back(
    client: httpx.AsyncClient, staff: dict[str, str], enrolled: Settle, test_engine: AsyncEngine
) -> None:
    async def down_for_three(call: int) -> httpx.Response:
        return httpx.Response(503 if call <= 3 else 204)

    receiver = Receiver(answer=down_for_three)
    await subscribe(client, staff, "agency.test", receiver)
    await enrolled()
    await enrolled()

    async with routed({"agency.test": receiver}) as http:
        rounds = Rounds(test_engine, http)
        for _ in range(8):
            await rounds.run(later=timedelta(minutes=10))

    assert len(receiver.accepted) == 4
    assert receiver.duplicates == 0
    assert [e["type"] for e in receiver.accepted] == [SETTLED, STARTED, SETTLED, STARTED]


async def test_a_4xx_parks_the_delivery_with_the_answer_and_goes_on(
    client: httpx.AsyncClient, staff: dict[str, str], enrolled: Settle, test_engine: AsyncEngine
) -> None:
    async def refuse_the_first(call: int) -> httpx.Response:
        if call == 1:
            return httpx.Response(422, json={"error": "unknown participant"})
        return httpx.Response(204)

    receiver = Receiver(answer=refuse_the_first)
    subscription = await subscribe(client, staff, "agency.test", receiver)
    await enrolled()

    async with routed({"agency.test": receiver}) as http:
        await Rounds(test_engine, http).run()

    log = await client.get(
        f"/webhooks/subscriptions/{subscription['id']}/deliveries", headers=staff
    )
    parked, delivered = reversed(log.json()["items"])
    assert (parked["status"], parked["response_status"], parked["attempts"]) == ("failed", 422, 1)
    assert json.loads(parked["response_body"]) == {"error": "unknown participant"}
    assert delivered["status"] == "delivered"
    assert [e["type"] for e in receiver.accepted] == [STARTED]


async def test_a_slow_receiver_holds_up_nobody_else(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    staff: dict[str, str],
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    async def never_answers(call: int) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(204)

    slow, fast = Receiver(answer=never_answers), Receiver()
    other = dev_tokens.headers("caseworker", municipality=HAMAR, sub="other-system")
    await subscribe(client, staff, "slow.test", slow)
    await subscribe(client, other, "fast.test", fast)
    await enrolled()

    async with routed({"slow.test": slow, "fast.test": fast}) as http:
        started = asyncio.get_running_loop().time()
        await Rounds(test_engine, http, timeout_s=0.3).run()
        took = asyncio.get_running_loop().time() - started

    assert [e["type"] for e in fast.accepted] == [SETTLED, STARTED]
    assert slow.accepted == []
    assert slow.calls == 1  # waits for its retry, in order
    assert took < 5


async def test_a_subscriber_gets_only_the_events_its_sharing_basis_covers(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    staff: dict[str, str],
    enrolled: Settle,
    test_engine: AsyncEngine,
) -> None:
    nav_system, refugee_system = Receiver(), Receiver()
    await subscribe(client, nav, "nav.test", nav_system)
    await subscribe(client, staff, "refugee.test", refugee_system)
    shared, not_shared = await enrolled(), await enrolled()
    basis = await client.post(
        f"/participants/{shared}/sharing-bases", json=basis_body(), headers=caseworker
    )
    assert basis.status_code == 201, basis.text

    async with routed({"nav.test": nav_system, "refugee.test": refugee_system}) as http:
        rounds = Rounds(test_engine, http)
        await rounds.run()
        await rounds.run(later=timedelta(minutes=1))

    # NAV gets what it could read over the API: the participant it has a basis for.
    assert [(e["type"], e["subject"]) for e in nav_system.accepted] == [
        (SETTLED, shared),
        (STARTED, shared),
    ]
    assert (await client.get(f"/participants/{not_shared}", headers=nav)).status_code == 404
    # The programme owner gets everyone's.
    assert {e["subject"] for e in refugee_system.accepted} == {shared, not_shared}


async def test_a_client_without_the_scope_cannot_subscribe(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    participant = dev_tokens.headers("participant", municipality=HAMAR, sub="someone")

    response = await client.post(
        "/webhooks/subscriptions",
        json={"url": "https://agency.test/events", "event_types": TYPES},
        headers=participant,
    )

    assert response.status_code == 403
    assert response.json()["code"] == "scope-required"


async def test_a_subscription_is_paused_resumed_and_its_secret_rotated(
    client: httpx.AsyncClient, staff: dict[str, str], enrolled: Settle, test_engine: AsyncEngine
) -> None:
    receiver = Receiver()
    subscription = await subscribe(client, staff, "agency.test", receiver)
    base = f"/webhooks/subscriptions/{subscription['id']}"
    paused = await client.post(f"{base}/pause", headers=staff)
    await enrolled()

    async with routed({"agency.test": receiver}) as http:
        rounds = Rounds(test_engine, http)
        await rounds.run()
        assert receiver.calls == 0
        await client.post(f"{base}/resume", headers=staff)
        rotated = await client.post(f"{base}/secret", headers=staff)
        receiver.secret = rotated.json()["secret"]
        await rounds.run(later=timedelta(minutes=1))

    assert paused.json()["status"] == "paused"
    assert rotated.json()["secret"] != subscription["secret"]
    assert [e["type"] for e in receiver.accepted] == [SETTLED, STARTED]


async def test_a_parked_delivery_is_replayed_once_asked(
    client: httpx.AsyncClient, staff: dict[str, str], settled: Settle, test_engine: AsyncEngine
) -> None:
    async def refuse_the_first(call: int) -> httpx.Response:
        return httpx.Response(400 if call == 1 else 204)

    receiver = Receiver(answer=refuse_the_first)
    subscription = await subscribe(client, staff, "agency.test", receiver)
    await settled()
    base = f"/webhooks/subscriptions/{subscription['id']}"

    async with routed({"agency.test": receiver}) as http:
        rounds = Rounds(test_engine, http)
        await rounds.run()
        (parked,) = (await client.get(f"{base}/deliveries", headers=staff)).json()["items"]
        asked = await client.post(f"{base}/deliveries/{parked['event_id']}/replay", headers=staff)
        await rounds.run(later=timedelta(seconds=1))
        twice = await client.post(f"{base}/deliveries/{parked['event_id']}/replay", headers=staff)

    assert parked["status"] == "failed"
    assert asked.status_code == 202, asked.text
    (delivered,) = (await client.get(f"{base}/deliveries", headers=staff)).json()["items"]
    assert (delivered["status"], delivered["attempts"]) == ("delivered", 2)
    assert [e["id"] for e in receiver.accepted] == [parked["event_id"]]
    assert twice.status_code == 409


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/events",
        "https://127.0.0.1/events",
        "https://10.0.0.7/events",
        "https://169.254.169.254/latest",
        "https://[::1]/events",
        "http://agency.example/events",
    ],
)
async def test_an_internal_or_plain_http_url_is_refused(
    client: httpx.AsyncClient, staff: dict[str, str], url: str
) -> None:
    response = await client.post(
        "/webhooks/subscriptions", json={"url": url, "event_types": TYPES}, headers=staff
    )

    assert response.status_code == 422, response.text


async def test_nothing_is_sent_to_a_name_that_resolves_inside() -> None:
    with pytest.raises(BlockedAddress):
        await public_host("https://localhost/events")
    assert is_public("93.184.215.14")
    assert not is_public("192.168.1.10")


def test_an_agency_system_subscribes_with_the_scope_and_a_person_with_a_staff_role() -> None:
    from helhet_common.auth import Principal
    from plan_service.entrypoints.webhooks import may_subscribe

    def system(*scopes: str) -> Principal:
        return Principal(
            sub="nav-system", municipality=HAMAR, agency="nav", client="nav-system", scopes=scopes
        )

    assert may_subscribe(system("helhet:events.subscribe"))
    assert not may_subscribe(system("helhet:participants.read"))
    caseworker = Principal(sub="kari", municipality=HAMAR, agency="nav", roles={"caseworker"})
    assert may_subscribe(caseworker)
    assert not may_subscribe(Principal(sub="p", municipality=HAMAR, agency="refugee-service"))


async def test_a_url_that_is_no_url_is_a_422_not_a_500(
    client: httpx.AsyncClient, staff: dict[str, str]
) -> None:
    """Found by the fuzz test: a control character or a lone surrogate in the host."""
    for url in ("https://\u009f\u00ec\u000e.example/x", "https://\ud800x.example/x"):
        body = json.dumps({"url": url, "event_types": TYPES})  # \ud800 escaped, as sent
        response = await client.post(
            "/webhooks/subscriptions",
            content=body,
            headers={**staff, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid-input"
