"""The FastAPI application every service is built on.

``create_app`` wires the same things into every service: settings and database on
``app.state``, token verification, RFC 9457 problem responses, request ids and
structured logs, OpenTelemetry, Prometheus ``/metrics``, the health endpoints
``/health/live`` (the process answers) and ``/health/ready`` (database and broker, and
for a service with a consumer, that consumer's heartbeat), the app's edge
(``helhet_common.edge``: ``OPTIONS``/``HEAD``/405 with a full ``Allow``, a request
timeout, a body-size limit) and an OpenAPI document that declares the problem
responses (``helhet_common.openapi``). ``/metrics`` also shows what the api measures
of the service's relay and consumer (``helhet_common.watch``).

Where ``/metrics`` is served: with ``<PREFIX>_METRICS_PORT`` set, on that port only, by
a second small server in the api's process (``metrics_app``, ``serve_api``); the public
port then answers 404 for it. Without a metrics port it is on the public port in
development and test only (``serves_metrics_publicly``); in production an api without a
metrics port serves no metrics.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Literal

import structlog
import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware.sessions import SessionMiddleware as SignInStateMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helhet_common import cooperation
from helhet_common.auth.issuers import IssuerVerifier, verifier_from_settings
from helhet_common.auth.openapi_security import declare_security
from helhet_common.auth.signin import (
    SIGN_IN_COOKIE,
    PageSignIn,
    SessionMiddleware,
    cookie_secure,
)
from helhet_common.db import create_engine, create_session_factory, ping
from helhet_common.domain_errors import DomainError
from helhet_common.domain_problems import problem_for
from helhet_common.edge import (
    BodySizeLimitMiddleware,
    MethodsMiddleware,
    NoStoreMiddleware,
    RequestTimeoutMiddleware,
)
from helhet_common.errors import Problem, install_problem_handlers, problem_response
from helhet_common.messaging.kafka import make_admin
from helhet_common.messaging.reachability import wait_for_kafka
from helhet_common.observability import (
    RequestContextMiddleware,
    configure_logging,
    instrument_app,
    instrument_engine,
    metrics_response,
    setup_telemetry,
)
from helhet_common.observability.logging import is_logged
from helhet_common.openapi import document_the_edge
from helhet_common.settings import ServiceSettings
from helhet_common.watch import ServiceWatch

log = structlog.get_logger(__name__)

BROKER_CHECK_TTL_S = 5.0


class BrokerProbe:
    """Answers whether the broker is reachable, at most once per few seconds.

    A plain listener is asked on the wire (one ``ApiVersions`` request, no client set
    up); a listener with TLS or SASL is asked by an admin client with the service's own
    security settings, so that readiness tells whether the service itself gets in."""

    def __init__(self, settings: ServiceSettings) -> None:
        self._settings = settings
        self._checked_at = 0.0
        self._error: str | None = "not checked"
        self._lock = asyncio.Lock()

    async def _reach(self) -> None:
        settings = self._settings
        if settings.kafka_security_protocol == "PLAINTEXT":
            await asyncio.to_thread(wait_for_kafka, settings.kafka_bootstrap_servers, 2.0)
            return
        admin = make_admin(settings)
        try:
            await asyncio.wait_for(admin.start(), timeout=5.0)
        finally:
            await admin.close()

    async def check(self) -> str | None:
        """``None`` when reachable, else the reason."""
        async with self._lock:
            if time.monotonic() - self._checked_at < BROKER_CHECK_TTL_S:
                return self._error
            try:
                await self._reach()
                self._error = None
            except Exception as exc:
                self._error = str(exc) or type(exc).__name__
            self._checked_at = time.monotonic()
            return self._error


def create_app(
    *,
    settings: ServiceSettings,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    engine: AsyncEngine | None = None,
    version: str = "0.1.0",
    openapi_tags: list[dict[str, Any]] | None = None,
    problem_mappers: Mapping[type[Exception], Callable[[Any], Problem]] | None = None,
    consumer_topics: Sequence[str] = (),
) -> FastAPI:
    """The service's app. Domain errors (``helhet_common.domain_errors``) become problems;
    ``problem_mappers`` add a service's own error types.

    ``consumer_topics``: the topics of the service's consumer (its projection's), for a
    service whose api serves a read model the consumer keeps: its readiness then
    reflects the consumer's heartbeat and its ``/metrics`` the consumer group's lag."""
    configure_logging(settings)
    setup_telemetry(settings)
    engine = engine or create_engine(
        settings.resolved_database_url, pool_size=settings.db_pool_size, echo=settings.db_echo
    )
    instrument_engine(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        for close in app.state.on_close:
            await close()
        app.state.token_verifier.close()
        if app.state.sign_in is not None:
            app.state.sign_in.close()
        await engine.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
    )
    app.state.settings = settings
    app.state.cooperation = cooperation.Cooperation.of(settings.cooperation)
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    app.state.token_verifier = verifier_from_settings(settings)
    app.state.sign_in = _page_sign_in(app.state.token_verifier, settings)
    app.state.dev_token_login = settings.environment != "production" and (
        settings.dev_token_login
        if settings.dev_token_login is not None
        else app.state.sign_in is None
    )
    app.state.broker_probe = BrokerProbe(settings)
    # What a service's own parts need closed at shutdown (``await close()`` each).
    app.state.on_close = []
    app.state.service_watch = ServiceWatch(
        settings=settings,
        engine=engine,
        broker=app.state.broker_probe,
        consumer_topics=consumer_topics,
    )
    install_problem_handlers(app)
    mappers: dict[type[Exception], Callable[[Any], Problem]] = {DomainError: problem_for}
    for error_type, to_problem in {**mappers, **(problem_mappers or {})}.items():
        app.add_exception_handler(error_type, _mapped_handler(to_problem))
    if app.state.sign_in is not None:
        # The page session (innermost), and the short-lived state of a sign-in.
        app.add_middleware(SessionMiddleware, sign_in=app.state.sign_in)
        app.add_middleware(
            SignInStateMiddleware,
            secret_key=app.state.sign_in.secret,
            session_cookie=SIGN_IN_COOKIE,
            max_age=600,
            same_site="lax",
            https_only=cookie_secure(settings),
        )
    # Added innermost first: a request meets the context, methods, timeout, body size.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.http_max_body_bytes)
    app.add_middleware(RequestTimeoutMiddleware, timeout_s=settings.http_request_timeout_s)
    app.add_middleware(MethodsMiddleware)
    app.add_middleware(NoStoreMiddleware)
    app.add_middleware(RequestContextMiddleware, service_name=settings.service_name)
    app.include_router(health_router(public_metrics=serves_metrics_publicly(settings)))
    for router in routers:
        app.include_router(router)
    _declare_the_edge(app)
    instrument_app(app)
    return app


def _page_sign_in(verifier: object, settings: ServiceSettings) -> PageSignIn | None:
    """The OpenID Connect sign-in of the pages, when issuers are marked sign_in."""
    if isinstance(verifier, IssuerVerifier) and verifier.sign_in_issuers:
        return PageSignIn(verifier.sign_in_issuers, settings)
    return None


def _declare_the_edge(app: FastAPI) -> None:
    """The OpenAPI document, built once, declares what is sent (``document_the_edge``)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_security(
                document_the_edge(build()), app.routes, app.state.token_verifier
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def server_config(app: FastAPI, *, host: str, port: int) -> uvicorn.Config:
    """How an api is served (``<service> api``): uvicorn keeps our logging (no
    configuration of its own, no access log: the request middleware logs each request),
    and an error the app has answered with a whole 500 ends in ``AnsweredErrors``."""
    return uvicorn.Config(
        AnsweredErrors(app), host=host, port=port, log_config=None, access_log=False
    )


def serves_metrics_publicly(settings: ServiceSettings) -> bool:
    """Whether ``/metrics`` is on the api's public port: only without a metrics port,
    and never in production (the public port is what the ingress exposes)."""
    return not settings.metrics_port and settings.environment != "production"


def metrics_app(app: FastAPI) -> Starlette:
    """The api's metrics server (``<PREFIX>_METRICS_PORT``): ``/metrics``, refreshed
    from the database and the broker at each scrape like the public one was (it runs in
    the api's event loop and shares its engine), and ``/health/live``."""

    async def metrics(request: Request) -> Response:
        await app.state.service_watch.refresh_metrics()
        return metrics_response()

    async def live(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/metrics", metrics), Route("/health/live", live)])


class _SecondServer(uvicorn.Server):
    """A server beside the main one in the same loop: it leaves the signals to the main
    server, which stops it."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def serve_api(app: FastAPI, settings: ServiceSettings, *, host: str, port: int) -> bool:
    """Serve the api on ``host:port`` and, with ``settings.metrics_port``, its metrics on
    ``host:metrics_port``, until SIGINT/SIGTERM. ``False``: it could not start (e.g. a
    port is taken)."""
    config = server_config(app, host=host, port=port)
    server = uvicorn.Server(config)
    if not settings.metrics_port:
        server.run()
        return server.started
    metrics_server = _SecondServer(
        uvicorn.Config(
            metrics_app(app),
            host=host,
            port=settings.metrics_port,
            log_config=None,
            access_log=False,
            lifespan="off",
        )
    )

    async def both() -> bool:
        metrics_task = asyncio.create_task(metrics_server.serve())
        # The metrics server failing (its port taken) stops the api too.
        metrics_task.add_done_callback(lambda _: setattr(server, "should_exit", True))
        try:
            await server.serve()
        finally:
            metrics_server.should_exit = True
            try:
                await metrics_task
            except (Exception, SystemExit) as exc:
                log.error("metrics_server_failed", error=str(exc) or type(exc).__name__)
                return False
        return server.started and metrics_server.started

    return asyncio.run(both())


class AnsweredErrors:
    """The outermost layer under the server: an error raised after its response went out
    in full ends here.

    Starlette answers an unhandled error with the 500 of our handler and then raises it
    again so that the server may log it. uvicorn then logs it a second time and, since a
    response was sent, closes the connection, resetting whatever else the client had
    sent on it (a keep-alive pool shares connections). The request middleware has
    logged the error already; a complete answer is final, so nothing more is done. An
    error before the response ended still goes to the server (which must cut the
    connection: the answer is incomplete).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        complete = False

        async def watching(message: Message) -> None:
            nonlocal complete
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                complete = True

        try:
            await self.app(scope, receive, watching)
        except Exception as exc:
            if not complete:
                raise
            if not is_logged(exc):
                log.error("unhandled_error", path=scope.get("path"), exc_info=exc)


def _mapped_handler(to_problem: Callable[[Any], Problem]) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(to_problem(exc), request)

    return handle


OUTBOX_TIMEOUT_S = 2.0


class OutboxPublic(BaseModel):
    service: str = Field(examples=["plan-service"])
    status: Literal["ok"] = "ok"
    backlog: int = Field(ge=0, description="outbox rows not yet published")
    oldest_age_s: float | None = Field(
        ge=0, description="the oldest unpublished row's age in seconds; null: none waits"
    )


def health_router(*, public_metrics: bool = True) -> APIRouter:
    """``/health/live``, ``/health/ready``, ``/health/outbox`` and, with
    ``public_metrics``, ``/metrics``."""
    router = APIRouter(tags=["operations"])

    @router.get("/health/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/health/ready",
        summary="The database answers (and the broker, and the consumer: see below)",
        responses={
            503: {
                "description": "The database is down, or the consumer stopped beating "
                "(strict: or the broker is down)"
            }
        },
    )
    async def ready(request: Request, strict: bool = False) -> JSONResponse:
        """Ready when the database answers and, in a service whose api serves a read
        model, its consumer's last heartbeat is recent (``consumer``: stale after
        ``consumer_stale_after_s``). A broker outage is reported as ``degraded`` but
        keeps the service ready: writes wait in the outbox and reads still work;
        ``?strict=true`` fails on it too. A consumer that has never run against this
        database, or a rebuild in progress, is ``degraded`` as well (also when strict:
        nothing the api depends on is down)."""
        checks: dict[str, str] = {}
        try:
            await asyncio.wait_for(ping(request.app.state.engine), timeout=3)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"down: {type(exc).__name__}"
        broker_error = await request.app.state.broker_probe.check()
        checks["broker"] = "ok" if broker_error is None else f"down: {broker_error}"
        database_ok = checks["database"] == "ok"
        broker_ok = checks["broker"] == "ok"
        consumer: str | None = None  # None: no consumer, else its verdict
        watch: ServiceWatch = request.app.state.service_watch
        if watch.consumer_group is not None:
            consumer, checks["consumer"] = await _consumer_check(watch, database_ok)
        if not database_ok or consumer == "stale" or (strict and not broker_ok):
            status, code = "unavailable", 503
        elif broker_ok and consumer in (None, "ok"):
            status, code = "ok", 200
        else:
            status, code = "degraded", 200
        return JSONResponse({"status": status, "checks": checks}, status_code=code)

    @router.get(
        "/health/outbox",
        summary="The outbox's backlog: rows not yet published, the oldest one's age",
        response_model=OutboxPublic,
        responses={503: {"description": "The database did not answer"}},
    )
    async def outbox(request: Request) -> Any:
        """What the relay has still to publish, read from the database now (so it shows
        also while the relay is down): ``backlog`` rows, the oldest ``oldest_age_s``
        seconds old (null: none waits). Counts only; the operations page of
        reporting-service reads it from every service."""
        watch: ServiceWatch = request.app.state.service_watch
        try:
            found = await asyncio.wait_for(watch.outbox(), timeout=OUTBOX_TIMEOUT_S)
        except Exception as exc:
            return JSONResponse(
                {"service": watch.service, "status": f"down: {type(exc).__name__}"},
                status_code=503,
            )
        return OutboxPublic(
            service=found.service, backlog=found.backlog, oldest_age_s=found.oldest_age_s
        )

    if public_metrics:

        @router.get("/metrics", include_in_schema=False)
        async def prometheus_metrics(request: Request) -> Response:
            await request.app.state.service_watch.refresh_metrics()
            return metrics_response()

    return router


async def _consumer_check(watch: ServiceWatch, database_ok: bool) -> tuple[str, str]:
    if not database_ok:
        return "unknown", "unknown: the database is down"
    try:
        found = await asyncio.wait_for(watch.consumer_check(), timeout=3)
    except Exception as exc:
        return "unknown", f"unknown: {type(exc).__name__}"
    assert found is not None
    return found
