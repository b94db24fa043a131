"""Operations: is the consumer keeping up, how fast does it apply, what did it give up on.

``GET /operations/status`` (JSON) and the ``/operations`` page show, for the reporting
consumer's group and topics: the lag per topic and partition, the events applied per
minute over the last hour (from the processed-events table), the group's rebalances
(from its heartbeat row: partitions revoked, when last, batches rolled back, offset
commits refused, over all its members and runs), and the dead letters. A
broker that does not answer never breaks them: the database's figures are still shown
and the broker's are reported as unreachable.

``POST /operations/dead-letters/{dlq_topic}/{partition}/{offset}/replay`` sends a dead
letter back to its original topic (role ``admin``). From the page it is a form POST; a
request signed in by the session cookie must carry the session's CSRF token (the form
field ``csrf_token`` or the header ``X-CSRF-Token``), and the cookie is ``SameSite=Lax``
and refused on cross-site requests. A bearer-token request needs no CSRF token.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import parse_qs

import structlog
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.auth import ADMIN, OPERATOR, Principal, current_principal, require_roles
from helhet_common.auth.dependencies import DECLARES_TOKEN
from helhet_common.clock import OSLO
from helhet_common.domain_errors import NotFound
from helhet_common.errors import Forbidden, Problem, Unauthorized
from helhet_common.messaging import operations as broker_operations
from helhet_common.messaging.heartbeat import read_heartbeat
from helhet_common.messaging.kafka import dead_letter_topic
from helhet_common.messaging.kafka_security import client_security_kwargs
from helhet_common.watch import read_outbox
from reporting_service import contracts
from reporting_service.adapters import outboxes
from reporting_service.entrypoints import charts, pages
from reporting_service.entrypoints.deps import ClockDep, SessionDep
from reporting_service.entrypoints.pages.texts import DASH

log = structlog.get_logger(__name__)

router = APIRouter(tags=["operations"])

OPERATIONS_ROLES = (OPERATOR, ADMIN)
BROKER_TIMEOUT_S = 3.0
RATE_MINUTES = 60
DEAD_LETTER_LIMIT = 100
FORM = "application/x-www-form-urlencoded"

Operator = Annotated[Principal, Depends(require_roles(*OPERATIONS_ROLES))]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed, or a cookie request without the CSRF token"},
}


# -- schemas ------------------------------------------------------------------------------


class BrokerPublic(BaseModel):
    reachable: bool
    error: str | None = Field(None, description="why the broker's figures are missing")


class PartitionLagPublic(BaseModel):
    topic: str
    partition: int
    committed: int | None = Field(description="the group's committed offset; null: none yet")
    end_offset: int
    lag: int


class RatePublic(BaseModel):
    minute: datetime = Field(description="the start of the minute (UTC)")
    events: int = Field(description="events the consumer applied in that minute")


class DeadLetterPublic(BaseModel):
    dlq_topic: str
    partition: int
    offset: int
    original_topic: str | None
    original_partition: int | None
    original_offset: int | None
    key: str | None
    event_id: str | None
    event_type: str | None
    consumer: str | None
    error: str | None
    failed_at: datetime | None


class RebalancesPublic(BaseModel):
    consumer_group: str
    rebalances: int = Field(description="times partitions were revoked from a member")
    last_rebalance_at: datetime | None = Field(description="the last of them; null: none yet")
    rolled_back_batches: int = Field(
        description="batches rolled back before their database commit (revoked, or past "
        "the poll interval) and applied again"
    )
    commits_refused: int = Field(description="offset commits refused after a database commit")


class GroupLagPublic(BaseModel):
    consumer_group: str
    total_lag: int
    partitions: list[PartitionLagPublic] = Field(
        description="the partitions the group reads (reporting's: its topics; another "
        "service's: those it has committed offsets on)"
    )


class OutboxPublic(BaseModel):
    service: str
    backlog: int | None = Field(
        description="events the relay has not yet published; null: the service did not tell"
    )
    oldest_age_s: float | None = Field(
        description="the oldest of them, in seconds; null: none waits (or not told)"
    )
    problem: str | None = Field(None, description="why the backlog is unknown")


class OperationsStatusPublic(BaseModel):
    consumer_group: str
    topics: list[str]
    dead_letter_topics: list[str]
    broker: BrokerPublic
    lag: list[PartitionLagPublic] | None = Field(description="null when the broker is down")
    total_lag: int | None
    groups: list[GroupLagPublic] | None = Field(
        default=None,
        description="every consumer group of the platform (reporting's first, then "
        "`REPORTING_OPERATIONS_GROUPS`); null when the broker is down",
    )
    events_per_minute: list[RatePublic] = Field(description="the last hour, oldest first")
    events_last_hour: int
    rebalances: list[RebalancesPublic] = Field(
        description="per consumer group with a heartbeat in this database (reporting's "
        "own); empty when its consumer never ran against it"
    )
    dead_letters: list[DeadLetterPublic] | None = Field(
        description="newest first; null when the broker is down"
    )
    outboxes: list[OutboxPublic] = Field(
        default_factory=list,
        description="every service's outbox backlog: reporting's own from its database, "
        "the others' from their `/health/outbox` (unknown when one does not answer in time)",
    )


# -- gathering ----------------------------------------------------------------------------


def consumer_topics() -> list[str]:
    return list(contracts.registry.topics)


def dead_letter_topics() -> list[str]:
    return [dead_letter_topic(t) for t in consumer_topics()]


def broker_view(settings: Any) -> broker_operations.BrokerView:
    return broker_operations.BrokerView(
        settings.kafka_bootstrap_servers, client_security_kwargs(settings)
    )


def lag_public(rows: list[broker_operations.PartitionLag]) -> list[PartitionLagPublic]:
    return [
        PartitionLagPublic(
            topic=p.topic,
            partition=p.partition,
            committed=p.committed,
            end_offset=p.end_offset,
            lag=p.lag,
        )
        for p in rows
    ]


def dead_letter_public(letter: broker_operations.DeadLetter) -> DeadLetterPublic:
    return DeadLetterPublic.model_validate(dataclasses.asdict(letter))


async def gather_status(
    request: Request, session: AsyncSession, *, now: datetime
) -> OperationsStatusPublic:
    settings = request.app.state.settings
    group: str = settings.resolved_consumer_group
    topics, dlq_topics = consumer_topics(), dead_letter_topics()

    async def from_database() -> tuple[list[RatePublic], list[RebalancesPublic], outboxes.Backlog]:
        rates = [
            RatePublic(minute=minute, events=n)
            for minute, n in await broker_operations.events_per_minute(
                session, group, minutes=RATE_MINUTES, now=now
            )
        ]
        beat = await read_heartbeat(session, group)
        rebalances = (
            [
                RebalancesPublic(
                    consumer_group=beat.consumer,
                    rebalances=beat.rebalances,
                    last_rebalance_at=beat.last_rebalance_at,
                    rolled_back_batches=beat.rolled_back_batches,
                    commits_refused=beat.commits_refused,
                )
            ]
            if beat is not None
            else []
        )
        own = await read_outbox(session, settings.service_name)
        return rates, rebalances, outboxes.Backlog(own.service, own.backlog, own.oldest_age_s)

    async def from_broker() -> tuple[
        str | None, list[GroupLagPublic] | None, list[DeadLetterPublic] | None
    ]:
        error: str | None = await request.app.state.broker_probe.check()
        if error is not None:
            return error, None, None
        wanted: dict[str, list[str]] = {group: topics}
        for other in settings.operations_groups:
            wanted.setdefault(other, [])
        try:
            found_lag, found_letters = await request.app.state.broker_view.look(
                wanted, dlq_topics, limit=DEAD_LETTER_LIMIT, timeout_s=BROKER_TIMEOUT_S
            )
        except Exception as exc:  # a broker fails in many ways; none may break the page
            error = str(exc) or type(exc).__name__
            log.warning("operations_broker_unreachable", error=error)
            return error, None, None
        groups = [
            GroupLagPublic(
                consumer_group=name, total_lag=sum(p.lag for p in rows), partitions=lag_public(rows)
            )
            for name, rows in found_lag.items()
        ]
        return None, groups, [dead_letter_public(d) for d in found_letters]

    # The database's figures (with reporting's own outbox), the broker's and the other
    # services' outboxes are asked at the same time.
    (rates, rebalances, own), (error, groups, letters), others = await asyncio.gather(
        from_database(),
        from_broker(),
        outboxes.read(
            {
                "plan-service": settings.plan_url,
                "placement-service": settings.placement_url,
                "volunteer-service": settings.volunteer_url,
            },
            timeout_s=settings.status_timeout_s,
        ),
    )
    backlogs = [OutboxPublic.model_validate(dataclasses.asdict(b)) for b in (*others, own)]
    lag = groups[0].partitions if groups else None
    return OperationsStatusPublic(
        consumer_group=group,
        topics=topics,
        dead_letter_topics=dlq_topics,
        broker=BrokerPublic(reachable=error is None, error=error),
        lag=lag,
        total_lag=sum(p.lag for p in lag) if lag is not None else None,
        groups=groups,
        events_per_minute=rates,
        events_last_hour=sum(r.events for r in rates),
        rebalances=rebalances,
        dead_letters=letters,
        outboxes=backlogs,
    )


# -- JSON ---------------------------------------------------------------------------------


@router.get(
    "/operations/status",
    response_model=OperationsStatusPublic,
    summary="Consumer lag, events applied per minute and dead letters (operator, admin)",
    responses=PROBLEMS,
)
async def operations_status(
    request: Request, principal: Operator, session: SessionDep, clock: ClockDep
) -> OperationsStatusPublic:
    return await gather_status(request, session, now=clock.now())


# -- the page -----------------------------------------------------------------------------


@router.get("/operations", response_class=HTMLResponse, include_in_schema=False)
async def operations_page(request: Request, session: SessionDep, clock: ClockDep) -> Response:
    principal = await pages.signed_in(request, OPERATIONS_ROLES)
    t = pages.Translator(pages.page_language(request))
    status = await gather_status(request, session, now=clock.now())
    labels = [r.minute.astimezone(OSLO).strftime("%H:%M") for r in status.events_per_minute]
    chart = charts.bar_chart(
        label=t("operations.rate_chart", n=status.events_last_hour),
        x_labels=labels,
        values=[r.events for r in status.events_per_minute],
        series_label=t("operations.events"),
        no_data=t("operations.no_events"),
    )
    return pages.render(
        request,
        "operations.html",
        principal=principal,
        lang=t.lang,
        active="operations",
        context={
            "status": status,
            "chart": chart,
            "busiest": max((r.events for r in status.events_per_minute), default=0),
            "outboxes": [outbox_view(o, t) for o in status.outboxes],
            "admin": principal.has_role(ADMIN),
            "replayed": request.query_params.get("replayed"),
            "oslo": OSLO,
        },
    )


def age_text(seconds: float | None, t: pages.Translator) -> str:
    """An age as the page says it: "45 sekunder", "12 minutter", "3 timer"; a dash when
    nothing waits."""
    if seconds is None:
        return DASH
    if seconds < 60:
        n = int(seconds)
        return t("operations.age_seconds", n=n)
    if seconds < 3600:
        return t("operations.age_minutes", n=int(seconds // 60))
    return t("operations.age_hours", n=int(seconds // 3600))


def outbox_view(outbox: OutboxPublic, t: pages.Translator) -> dict[str, Any]:
    return {
        "service": outbox.service,
        "known": outbox.backlog is not None,
        "backlog": outbox.backlog,
        "oldest": age_text(outbox.oldest_age_s, t),
        "problem": t("operations.not_configured")
        if outbox.problem == outboxes.NOT_CONFIGURED
        else t("operations.no_answer"),
    }


# -- replay -------------------------------------------------------------------------------


def _check_csrf(request: Request, fields: dict[str, list[str]], form: bool) -> None:
    """A cookie-signed request must prove it comes from our page."""
    if request.headers.get("authorization") is not None:
        return  # a bearer token is never sent by a browser on its own
    sent = (fields.get("csrf_token") or [""])[0] if form else request.headers.get("x-csrf-token")
    expected = pages.csrf_token(request)
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden("missing or invalid CSRF token", code="csrf-token")


@router.post(
    "/operations/dead-letters/{dlq_topic}/{partition}/{offset}/replay",
    response_model=DeadLetterPublic,
    summary="Send a dead letter back to its original topic (admin)",
    dependencies=DECLARES_TOKEN,
    responses={
        **PROBLEMS,
        303: {"description": "A form POST from the page: back to /operations"},
        404: {"description": "No such dead letter (or not one of this consumer's topics)"},
        503: {"description": "The broker is unreachable"},
    },
)
async def replay(
    request: Request,
    dlq_topic: Annotated[str, Path(max_length=250)],
    partition: Annotated[int, Path(ge=0, le=100_000)],
    offset: Annotated[int, Path(ge=0)],
) -> Any:
    form = request.headers.get("content-type", "").startswith(FORM)
    fields = parse_qs((await request.body()).decode("utf-8", errors="replace")) if form else {}
    lang = (fields.get("lang") or ["nb"])[0]
    try:
        principal = await current_principal(request)
    except Unauthorized:
        if form:
            raise pages.login_required() from None
        raise
    if not principal.has_role(ADMIN):
        if form:
            raise pages.PageError(403, "error.forbidden", "error.requires_roles", roles=(ADMIN,))
        raise Forbidden("requires the role: admin")
    _check_csrf(request, fields, form)
    settings = request.app.state.settings
    where = f"{dlq_topic}:{partition}:{offset}"
    if dlq_topic not in dead_letter_topics():
        raise NotFound(f"No dead letter at {where}.", code="dead-letter-not-found")
    try:
        letter = await broker_operations.replay_dead_letter(
            settings.kafka_bootstrap_servers,
            dlq_topic,
            partition,
            offset,
            timeout_s=BROKER_TIMEOUT_S,
            client_options=client_security_kwargs(settings),
        )
    except LookupError:
        if form:
            raise pages.PageError(404, "operations.replay_missing", where) from None
        raise NotFound(f"No dead letter at {where}.", code="dead-letter-not-found") from None
    except Exception as exc:  # the broker's errors: tell the caller to try again later
        log.warning("dead_letter_replay_failed", dead_letter=where, error=str(exc))
        raise Problem(
            "The broker did not answer; nothing was replayed. Try again later.",
            status=503,
            code="broker-unreachable",
            title="Broker unreachable",
        ) from exc
    log.info(
        "dead_letter_replayed",
        dead_letter=where,
        original_topic=letter.original_topic,
        event_id=letter.event_id,
        by=principal.sub,
    )
    if form:
        return RedirectResponse(
            pages.href("/operations", lang if lang in pages.LANGUAGES else "nb", replayed=where),
            status_code=303,
        )
    return dead_letter_public(letter)
