"""Webhooks for agency systems without Kafka: the subscription API, and the
``plan-service webhooks`` process that delivers (``plan_service.adapters.webhooks``).

A client registers an HTTPS URL and the event types it wants and gets a signing secret
(shown once; rotating gives a new one). It can pause and resume, and read its delivery
log. It receives only what it could read from ``GET /changes``. An agency system
subscribes with the ``helhet:events.subscribe`` scope (a machine client of a trusted
issuer, docs/identity.md); a person with a staff role (``may_subscribe``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import httpx
import structlog
from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.auth import (
    ADMIN,
    CASEWORKER,
    CONTRIBUTOR,
    INTEGRATION_LEADER,
    OPERATOR,
    PLAN_EDITOR,
    CurrentPrincipal,
    Principal,
)
from helhet_common.changes import Change
from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.db import create_engine, create_session_factory
from helhet_common.domain_errors import Conflict, NotAllowed, NotFound
from helhet_common.ids import uuid7
from helhet_common.service import ServiceCommand, stop_on_signals
from plan_service import contracts
from plan_service.adapters import tables
from plan_service.adapters.webhooks import Dispatcher, Subscription, is_public, new_secret
from plan_service.entrypoints.changes import sees_every_participant, visible_changes
from plan_service.entrypoints.deps import PROBLEMS, UowDep
from plan_service.settings import PlanSettings

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
SUBS = tables.webhook_subscriptions
DELIVERIES = tables.webhook_deliveries
SCOPE = "events.subscribe"
STAFF = (CASEWORKER, PLAN_EDITOR, CONTRIBUTOR, INTEGRATION_LEADER)
EVENT_TYPES = sorted(m.event_type for m in contracts.registry)


def may_subscribe(principal: Principal) -> bool:
    """An agency system (a machine client) needs the ``helhet:events.subscribe`` scope
    (docs/identity.md); a person needs a staff role."""
    if principal.client is not None:
        return bool({SCOPE, f"helhet:{SCOPE}"} & principal.scopes)
    return principal.has_role(*STAFF)


async def subscriber(principal: CurrentPrincipal) -> Principal:
    if not may_subscribe(principal):
        raise NotAllowed(f"Subscribing needs the {SCOPE} scope.", code="scope-required")
    return principal


Subscriber = Annotated[Principal, Depends(subscriber)]


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://nav.example/helhet/events",
                    "event_types": ["helhet.participant.settled.v1"],
                }
            ]
        },
    )

    url: str = Field(
        pattern=r"^https://[^\s/$.?#][^\s]{0,1990}$",
        description="where events are POSTed: an https URL of printable characters whose "
        "host is a valid (IDNA) name or a public address",
    )
    event_types: list[str] = Field(
        min_length=1,
        max_length=50,
        json_schema_extra={"items": {"type": "string", "enum": list[JsonValue](EVENT_TYPES)}},
        description="the event types to receive (see contracts/plan-service)",
    )

    @field_validator("url")
    @classmethod
    def _not_internal(cls, value: str) -> str:
        try:
            host = httpx.URL(value).host
        except httpx.InvalidURL as error:
            # A rule the schema states in words (printable, a valid IDNA host name).
            raise PydanticCustomError(
                "webhook_url",
                "not a URL a webhook can be sent to: {reason}",
                {"reason": str(error)},
            ) from None
        if not host:
            raise PydanticCustomError("webhook_url", "the URL names no host")
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise ValueError("the URL names an internal host")
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            return value  # a name: checked when it is resolved, at each delivery
        if not is_public(str(literal)):
            raise ValueError("the URL names an internal address")
        return value

    @field_validator("event_types")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"plan-service publishes no {', '.join(unknown)}")
        return value


class SubscriptionPublic(BaseModel):
    id: UUID
    url: str
    event_types: list[str]
    status: Literal["active", "paused"]
    created_at: datetime


class SubscriptionCreated(SubscriptionPublic):
    secret: str = Field(
        description="the Standard Webhooks signing secret (`whsec_...`); shown only here"
    )


class SecretRotated(BaseModel):
    id: UUID
    secret: str


class DeliveryPublic(BaseModel):
    event_id: str
    event_type: str
    status: Literal["delivered", "failed", "replay"] = Field(
        description="`replay`: waiting to be sent again"
    )
    attempts: int
    response_status: int | None
    response_body: str | None
    at: datetime


class DeliveriesPublic(BaseModel):
    items: list[DeliveryPublic]


def _public(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": row.url,
        "event_types": list(row.event_types),
        "status": row.status,
        "created_at": row.created_at,
    }


async def _own(
    session: AsyncSession, principal: Principal, subscription_id: UUID, *, any_client: bool = False
) -> Any:
    """The caller's subscription (``any_client``: any in the caller's municipality)."""
    where = [SUBS.c.id == subscription_id, SUBS.c.municipality == principal.municipality]
    if not any_client:
        where.append(SUBS.c.client_sub == principal.sub)
    row = (await session.execute(select(SUBS).where(*where))).one_or_none()
    if row is None:
        raise NotFound.of("subscription")
    return row


SubscriptionId = Annotated[UUID, Path()]


@router.post(
    "/subscriptions",
    status_code=201,
    response_model=SubscriptionCreated,
    summary="Subscribe an HTTPS URL to plan-service's events",
    description="Deliveries follow the Standard Webhooks specification: the body is the "
    "CloudEvent as published, `webhook-id` is the event id (deduplicate on it), "
    "`webhook-timestamp` and `webhook-signature` (HMAC-SHA256 with the secret). Events "
    "come in order, from now on, only those the caller could read from `GET /changes`; "
    "a 5xx or no answer is retried with exponential backoff and the event parked as "
    "failed after the last attempt; a 4xx parks it at once with the answer. Needs the "
    "`events.subscribe` scope (403 `scope-required`).",
    responses=PROBLEMS,
)
async def subscribe(body: SubscriptionCreate, principal: Subscriber, uow: UowDep) -> Any:
    async with uow:
        now = uow.clock.now()
        outbox = tables.shared.outbox
        cursor = await uow.session.scalar(select(outbox.c.id).order_by(outbox.c.id.desc()))
        row = {
            "id": uuid7(),
            "municipality": principal.municipality,
            "client_sub": principal.sub,
            "agency": principal.agency,
            "roles": sorted(principal.roles),
            "url": body.url,
            "event_types": sorted(set(body.event_types)),
            "secret": new_secret(),
            "status": "active",
            "cursor": int(cursor or 0),
            "failures": 0,
            "next_attempt_at": None,
            "created_at": now,
        }
        await uow.session.execute(insert(SUBS).values(**row))
        await uow.commit()
    return {**row, "secret": row["secret"]}


@router.get(
    "/subscriptions",
    response_model=list[SubscriptionPublic],
    summary="The caller's own subscriptions",
    responses=PROBLEMS,
)
async def list_subscriptions(principal: Subscriber, uow: UowDep) -> Any:
    async with uow:
        rows = await uow.session.execute(
            select(SUBS)
            .where(
                SUBS.c.municipality == principal.municipality, SUBS.c.client_sub == principal.sub
            )
            .order_by(SUBS.c.created_at)
        )
        return [_public(r) for r in rows]


async def _set(uow: Any, principal: Principal, subscription_id: UUID, **values: Any) -> Any:
    async with uow:
        await _own(uow.session, principal, subscription_id)
        await uow.session.execute(update(SUBS).where(SUBS.c.id == subscription_id).values(**values))
        row = await _own(uow.session, principal, subscription_id)
        await uow.commit()
        return row


@router.post(
    "/subscriptions/{subscription_id}/pause",
    response_model=SubscriptionPublic,
    summary="Pause deliveries (events wait; nothing is lost while paused)",
    responses=PROBLEMS,
)
async def pause(subscription_id: SubscriptionId, principal: Subscriber, uow: UowDep) -> Any:
    return _public(await _set(uow, principal, subscription_id, status="paused"))


@router.post(
    "/subscriptions/{subscription_id}/resume",
    response_model=SubscriptionPublic,
    summary="Resume deliveries from where they stopped",
    responses=PROBLEMS,
)
async def resume(subscription_id: SubscriptionId, principal: Subscriber, uow: UowDep) -> Any:
    row = await _set(uow, principal, subscription_id, status="active", next_attempt_at=None)
    return _public(row)


@router.post(
    "/subscriptions/{subscription_id}/secret",
    response_model=SecretRotated,
    summary="Rotate the signing secret (the old one stops signing at once)",
    responses=PROBLEMS,
)
async def rotate_secret(subscription_id: SubscriptionId, principal: Subscriber, uow: UowDep) -> Any:
    secret = new_secret()
    await _set(uow, principal, subscription_id, secret=secret)
    return {"id": subscription_id, "secret": secret}


@router.get(
    "/subscriptions/{subscription_id}/deliveries",
    response_model=DeliveriesPublic,
    summary="The delivery log: delivered and parked events, newest first",
    responses=PROBLEMS,
)
async def deliveries(subscription_id: SubscriptionId, principal: Subscriber, uow: UowDep) -> Any:
    async with uow:
        await _own(uow.session, principal, subscription_id)
        rows = await uow.session.execute(
            select(DELIVERIES)
            .where(DELIVERIES.c.subscription_id == subscription_id)
            .order_by(DELIVERIES.c.position.desc())
            .limit(200)
        )
        return {"items": [dict(r._mapping) for r in rows]}


@router.post(
    "/subscriptions/{subscription_id}/deliveries/{event_id}/replay",
    status_code=202,
    response_model=DeliveryPublic,
    summary="Send a parked (failed) delivery again, in the next delivery round",
    description="By the subscriber, or by an operator of the municipality. Only a failed "
    "delivery can be replayed (409 `not-parked`); it is sent once more, out of order "
    "(it was parked), with the same webhook id; the log shows the new answer.",
    responses=PROBLEMS,
)
async def replay(
    subscription_id: SubscriptionId,
    event_id: Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")],
    principal: CurrentPrincipal,
    uow: UowDep,
) -> Any:
    operator = principal.has_role(OPERATOR, ADMIN)
    if not operator and not may_subscribe(principal):
        raise NotAllowed(f"Replaying needs the {SCOPE} scope.", code="scope-required")
    async with uow:
        await _own(uow.session, principal, subscription_id, any_client=operator)
        where = (DELIVERIES.c.subscription_id == subscription_id) & (
            DELIVERIES.c.event_id == event_id
        )
        row = (await uow.session.execute(select(DELIVERIES).where(where))).one_or_none()
        if row is None:
            raise NotFound.of("delivery")
        if row.status != "failed":
            raise Conflict("Only a parked (failed) delivery can be replayed.", code="not-parked")
        await uow.session.execute(update(DELIVERIES).where(where).values(status="replay"))
        await uow.commit()
        return {**dict(row._mapping), "status": "replay"}


# -- delivery ---------------------------------------------------------------------------


async def visible_for(
    session: AsyncSession, found: Sequence[Change], subscription: Subscription, today: date
) -> list[Change]:
    """What the subscriber could read from /changes today, of the types it asked for."""
    sees_all = sees_every_participant(subscription.agency, subscription.roles)
    shown = await visible_changes(
        session,
        found,
        municipality=subscription.municipality,
        agency=None if sees_all else subscription.agency,
        today=today,
    )
    return [c for c in shown if c.event.get("type") in subscription.event_types]


async def deliver(settings: PlanSettings, args: argparse.Namespace) -> None:
    """``plan-service webhooks``: a delivery round every ``--every`` seconds."""
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    stop = asyncio.Event()
    stop_on_signals(stop)  # a round in flight ends before the process exits
    try:
        async with httpx.AsyncClient(follow_redirects=False) as http:
            dispatcher = Dispatcher(sessions, http, visible_for=visible_for)
            while not stop.is_set():
                handled = await dispatcher.round(now=SYSTEM_CLOCK.now(), today=SYSTEM_CLOCK.today())
                if args.once:
                    log.info("webhook_round", handled=handled)
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=args.every)
    finally:
        await engine.dispose()


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--every", type=float, default=1.0, help="seconds between rounds")
    parser.add_argument("--once", action="store_true", help="one round, then exit")


WEBHOOKS = ServiceCommand(
    name="webhooks",
    help="deliver events to the webhook subscriptions",
    run=deliver,
    add_arguments=_arguments,
    long_running=True,
)
