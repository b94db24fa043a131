"""Deliveries to agency systems that subscribed to plan-service's events (webhooks).

Each subscription follows the change feed (``helhet_common.changes``) from its own
cursor, with the visibility of whoever subscribed, filtered to the event types it asked
for. Events go out one at a time per subscription, in the feed's order (so per
participant too), signed by the Standard Webhooks scheme (the ``standardwebhooks``
package): ``webhook-id`` is the event id, so a receiver can deduplicate;
``webhook-timestamp``; ``webhook-signature``. The body is the CloudEvent as published.

- 2xx: delivered; the cursor moves on.
- 4xx other than 408 and 429: parked as failed with the receiver's answer; the cursor
  moves on (the receiver refused this event; retrying would not change that).
- anything else (5xx, 408, 429, a timeout, no connection): tried again with
  exponential backoff, the subscription waiting at that event so that order holds; after
  ``MAX_ATTEMPTS`` parked as failed and the cursor moves on.

Subscriptions are served side by side: a slow or dead receiver holds up only its own.
Delivery is at least once (a crash between the answer and the commit sends the event
again; the webhook id lets the receiver see that). Nothing is sent to a host that is, or
resolves to, an internal address (``public_host``): such an attempt fails like a
receiver that does not answer. Redirects are not followed.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final
from uuid import UUID

import httpx
import structlog
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook

from helhet_common.changes import Change, read_changes
from helhet_common.messaging.envelope import CONTENT_TYPE
from plan_service.adapters import tables

log = structlog.get_logger(__name__)

SUBS = tables.webhook_subscriptions
DELIVERIES = tables.webhook_deliveries
MAX_ATTEMPTS: Final = 8
FIRST_RETRY: Final = timedelta(seconds=5)
LONGEST_RETRY: Final = timedelta(hours=1)
BATCH: Final = 50
ANSWER_KEPT: Final = 2000


class BlockedAddress(Exception):
    """The receiver's host is, or resolves to, an address inside the platform's networks."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def public_host(url: str) -> None:
    """Refuse a URL whose host is, or resolves to, a private, loopback, link-local or
    otherwise internal address (no requests into the platform's own networks)."""
    host = httpx.URL(url).host
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, 443)
    except OSError as error:
        raise BlockedAddress(f"{host} does not resolve: {error}") from None
    addresses = {str(info[4][0]) for info in infos}
    internal = sorted(a for a in addresses if not is_public(a))
    if internal or not addresses:
        raise BlockedAddress(f"{host} resolves to an internal address ({', '.join(internal)})")


AddressCheck = Callable[[str], Awaitable[None]]


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def retry_after(failures: int) -> timedelta:
    delay: timedelta = FIRST_RETRY * 2 ** max(failures - 1, 0)
    return min(LONGEST_RETRY, delay)


@dataclass(frozen=True, kw_only=True)
class Subscription:
    id: UUID
    municipality: str
    agency: str
    roles: tuple[str, ...]
    url: str
    event_types: frozenset[str]
    secret: str
    cursor: int
    failures: int


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """What a receiver answered (``status`` None: no answer)."""

    status: int | None
    body: str

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def refused(self) -> bool:
        return (
            self.status is not None
            and 400 <= self.status < 500
            and self.status
            not in (
                408,
                429,
            )
        )


def signed_headers(secret: str, event_id: str, payload: bytes, now: datetime) -> dict[str, str]:
    return {
        "content-type": CONTENT_TYPE,
        "webhook-id": event_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, now, payload),
    }


async def post(
    http: httpx.AsyncClient,
    subscription: Subscription,
    change: Change,
    payload: bytes,
    *,
    timeout_s: float,
    check_address: AddressCheck = public_host,
) -> Attempt:
    # Signed at the moment of sending (``now`` is the round's time, for scheduling).
    headers = signed_headers(
        subscription.secret, str(change.event["id"]), payload, datetime.now(UTC)
    )
    try:
        await check_address(subscription.url)
    except BlockedAddress as error:
        return Attempt(status=None, body=f"not sent: {error}")
    try:
        response = await asyncio.wait_for(
            http.post(subscription.url, content=payload, headers=headers), timeout_s
        )
    except TimeoutError:
        return Attempt(status=None, body=f"no answer within {timeout_s:g} s")
    except httpx.HTTPError as error:
        return Attempt(status=None, body=f"{type(error).__name__}: {error}"[:ANSWER_KEPT])
    return Attempt(status=response.status_code, body=response.text[:ANSWER_KEPT])


# What a subscription may receive: (session, changes, subscription, today) -> changes.
VisibleFor = Callable[
    [AsyncSession, Sequence[Change], "Subscription", date], Awaitable[list[Change]]
]


class Dispatcher:
    """One round: every active subscription that is due gets what is waiting for it."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        http: httpx.AsyncClient,
        *,
        visible_for: VisibleFor,
        timeout_s: float = 10.0,
        check_address: AddressCheck = public_host,
    ) -> None:
        self._sessions = sessions
        self._http = http
        self._visible_for = visible_for
        self._timeout_s = timeout_s
        self._check_address = check_address

    async def round(self, *, now: datetime, today: date) -> int:
        """Deliver what is due; the number of events delivered or parked."""
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(SUBS).where(
                        SUBS.c.status == "active",
                        (SUBS.c.next_attempt_at.is_(None)) | (SUBS.c.next_attempt_at <= now),
                    )
                )
            ).all()
        due = [_subscription(row) for row in rows]
        done = await asyncio.gather(*(self._serve(s, now=now, today=today) for s in due))
        return sum(done)

    async def _serve(self, subscription: Subscription, *, now: datetime, today: date) -> int:
        handled = await self._replay(subscription)
        failures = subscription.failures
        cursor = subscription.cursor
        async with self._sessions() as session:
            page, changes = await read_changes(
                session,
                tables.shared.outbox,
                after=cursor,
                limit=BATCH,
                now=now,
                visible=lambda found: self._visible_for(session, found, subscription, today),
            )
            payloads = await _payloads(session, [c.position for c in changes])
        for change in changes:
            attempt = await post(
                self._http,
                subscription,
                change,
                payloads[change.position],
                timeout_s=self._timeout_s,
                check_address=self._check_address,
            )
            failures += 1
            if attempt.delivered or attempt.refused or failures >= MAX_ATTEMPTS:
                status = "delivered" if attempt.delivered else "failed"
                await self._record(
                    subscription,
                    change,
                    payloads[change.position],
                    attempt,
                    status=status,
                    attempts=failures,
                    now=now,
                )
                cursor, failures = change.position, 0
                handled += 1
                log.info(
                    "webhook_delivery",
                    subscription_id=str(subscription.id),
                    event_id=change.event["id"],
                    status=status,
                    answer=attempt.status,
                )
                continue
            await self._wait(subscription, failures=failures, until=now + retry_after(failures))
            return handled
        if not changes:
            cursor = int(page.next_cursor)
        await self._advance(subscription, cursor=cursor)
        return handled

    async def _replay(self, subscription: Subscription) -> int:
        """Send the parked deliveries asked to be replayed, once each."""
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(DELIVERIES)
                    .where(
                        DELIVERIES.c.subscription_id == subscription.id,
                        DELIVERIES.c.status == "replay",
                    )
                    .order_by(DELIVERIES.c.position)
                )
            ).all()
        for row in rows:
            change = Change(position=int(row.position), event={"id": row.event_id})
            attempt = await post(
                self._http,
                subscription,
                change,
                bytes(row.payload),
                timeout_s=self._timeout_s,
                check_address=self._check_address,
            )
            async with self._sessions.begin() as session:
                await session.execute(
                    update(DELIVERIES)
                    .where(
                        DELIVERIES.c.subscription_id == subscription.id,
                        DELIVERIES.c.event_id == row.event_id,
                    )
                    .values(
                        status="delivered" if attempt.delivered else "failed",
                        attempts=row.attempts + 1,
                        response_status=attempt.status,
                        response_body=attempt.body,
                    )
                )
        return len(rows)

    async def _record(
        self,
        subscription: Subscription,
        change: Change,
        payload: bytes,
        attempt: Attempt,
        *,
        status: str,
        attempts: int,
        now: datetime,
    ) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                insert(DELIVERIES).values(
                    subscription_id=subscription.id,
                    event_id=str(change.event["id"]),
                    position=change.position,
                    event_type=str(change.event.get("type")),
                    status=status,
                    attempts=attempts,
                    response_status=attempt.status,
                    response_body=attempt.body,
                    payload=payload,
                    at=now,
                )
            )
            await session.execute(
                update(SUBS)
                .where(SUBS.c.id == subscription.id)
                .values(cursor=change.position, failures=0, next_attempt_at=None)
            )

    async def _wait(self, subscription: Subscription, *, failures: int, until: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(SUBS)
                .where(SUBS.c.id == subscription.id)
                .values(failures=failures, next_attempt_at=until)
            )

    async def _advance(self, subscription: Subscription, *, cursor: int) -> None:
        if cursor == subscription.cursor:
            return
        async with self._sessions.begin() as session:
            await session.execute(
                update(SUBS).where(SUBS.c.id == subscription.id).values(cursor=cursor)
            )


async def _payloads(session: AsyncSession, positions: Sequence[int]) -> dict[int, bytes]:
    """The events exactly as published (the outbox's bytes), by position."""
    if not positions:
        return {}
    outbox = tables.shared.outbox
    rows = await session.execute(
        select(outbox.c.id, outbox.c.payload).where(outbox.c.id.in_(list(positions)))
    )
    return {int(r.id): bytes(r.payload) for r in rows}


def _subscription(row: Any) -> Subscription:
    return Subscription(
        id=row.id,
        municipality=row.municipality,
        agency=row.agency,
        roles=tuple(row.roles),
        url=row.url,
        event_types=frozenset(row.event_types),
        secret=row.secret,
        cursor=int(row.cursor),
        failures=int(row.failures),
    )
