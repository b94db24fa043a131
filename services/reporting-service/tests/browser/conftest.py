"""The reporting pages in a real headless Chromium: fixtures.

Once per module: a private Tansu broker, a fresh PostgreSQL database migrated to head and
filled the way production fills it (the consumer runner applies the events, the gap
rules evaluated as of ``CLOCK``), two dead letters the runner itself sent to the broker,
and the reporting api running as a process against both. Chromium is Debian's
(``/usr/bin/chromium``); nothing is downloaded.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka.structs import ConsumerRecord
from playwright.async_api import Browser, async_playwright

from helhet_common.auth.dev_identity import demo_people
from helhet_common.broker import TansuBroker, free_port
from helhet_common.clock import FixedClock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.oidc import OidcProvider
from helhet_common.testing.plugin import HelhetTestSettings, MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database, service_settings
from reporting_service import contracts
from reporting_service.adapters import tables
from reporting_service.bootstrap import MIGRATIONS
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HAMAR, GJOVIK = "3403", "3407"
CLOCK = date(2026, 9, 2)  # the day the gap rules are evaluated as of
SOURCES = {
    contracts.PLACEMENTS_TOPIC: "/helhet/placement-service",
    contracts.VOLUNTEERING_TOPIC: "/helhet/volunteer-service",
}


@dataclass
class Town:
    """Hamar's participants as the seed leaves them, and the dead letters on the broker."""

    with_plan: list[UUID] = field(default_factory=list)
    without_plan: list[UUID] = field(default_factory=list)
    placed_without_next_step: UUID = field(default_factory=uuid4)
    with_overdue_action: UUID = field(default_factory=uuid4)
    in_gjovik: UUID = field(default_factory=uuid4)
    malformed_key: str = "browser-malformed"

    @property
    def hamar(self) -> list[UUID]:
        return [*self.with_plan, *self.without_plan]


@dataclass(frozen=True)
class Site:
    url: str
    tokens: DevTokens
    town: Town
    database_url: str = ""
    broker: str = ""
    # When the pages sign in at a real OpenID provider: its issuer, the pages' client
    # secret there and the key of the session cookie.
    provider: str = ""
    client_secret: str = ""
    session_secret: str = ""

    def token(self, *roles: str) -> str:
        return self.tokens.mint(*roles, municipality=HAMAR)

    def cookie(self, *roles: str) -> dict[str, str]:
        return {"name": "helhet_token", "value": self.token(*roles), "url": self.url}


# -- the events of the seed ---------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | UUID):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def envelope(event_type: str, pid: UUID, in_: str = HAMAR, **data: Any) -> CloudEvent:
    """``in_``: the municipality the event is about (the envelope's extension)."""
    topic = contracts.registry.model_for(event_type).topic
    return CloudEvent(
        source=SOURCES.get(topic, "/helhet/plan-service"),
        type=event_type,
        subject=str(pid),
        municipality=in_,
        data={"participant_id": str(pid), **{k: _jsonable(v) for k, v in data.items()}},
    )


def settled(pid: UUID, on: date, household: str, municipality: str = HAMAR) -> CloudEvent:
    return envelope(
        contracts.ParticipantSettled.event_type,
        pid,
        municipality,
        municipality=municipality,
        settlement_date=on,
        birth_year=1990,
        household_type=household,
        languages=["ti"],
    )


def started(pid: UUID, on: date, municipality: str = HAMAR) -> CloudEvent:
    return envelope(
        contracts.ProgrammeStarted.event_type,
        pid,
        municipality,
        regime="integreringsloven",
        start_date=on,
        expected_end_date=on + timedelta(days=730),
    )


def placement(pid: UUID, placement_id: UUID, on: date, kind: str) -> CloudEvent:
    return envelope(
        contracts.PlacementStarted.event_type,
        pid,
        placement_id=placement_id,
        opening_id=uuid4(),
        employer_id=uuid4(),
        kind=kind,
        sector="Q",
        purpose="language",
        created_by_municipality=False,
        plan_version=1,
        start_date=on,
        planned_end=on + timedelta(days=90),
        flags=[],
    )


def seed_events(town: Town) -> list[CloudEvent]:
    """Twelve participants in Hamar at different links of the chain, one in Gjøvik."""
    batch: list[CloudEvent] = []
    first = date(2025, 9, 1)
    for n in range(12):
        pid = uuid4()
        on = first + timedelta(days=7 * n)
        begins = on + timedelta(days=30 + n)
        batch += [settled(pid, on, "single" if n % 2 == 0 else "family"), started(pid, begins)]
        if n < 8:
            town.with_plan.append(pid)
            batch += [
                envelope(
                    contracts.MappingRecorded.event_type,
                    pid,
                    mapping_version=1,
                    recorded_on=begins + timedelta(days=10),
                ),
                envelope(
                    contracts.PlanUpdated.event_type,
                    pid,
                    plan_version=1,
                    end_goal="work",
                    norwegian_goal="B1",
                ),
                placement(pid, uuid4(), begins + timedelta(days=60), "language_practice"),
            ]
        else:
            town.without_plan.append(pid)
        if n in (0, 2, 4):
            batch.append(
                envelope(
                    contracts.MatchStarted.event_type,
                    pid,
                    match_id=uuid4(),
                    volunteer_id=uuid4(),
                    role="guide",
                    started_on=begins + timedelta(days=20),
                )
            )
    # a NAV work-training placement that ended with no next step
    town.placed_without_next_step = town.with_plan[1]
    ended = uuid4()
    batch += [
        placement(town.placed_without_next_step, ended, date(2026, 4, 1), "nav_work_training"),
        envelope(
            contracts.PlacementEnded.event_type,
            town.placed_without_next_step,
            placement_id=ended,
            employer_id=uuid4(),
            kind="nav_work_training",
            sector="Q",
            actual_end=date(2026, 9, 1),
            reason="completed",
            next_step="undecided",
            hours_logged=120.0,
        ),
    ]
    # a decision from a meeting that NAV has not followed up
    town.with_overdue_action = town.with_plan[0]
    batch.append(
        envelope(
            contracts.ActionCreated.event_type,
            town.with_overdue_action,
            action_id=uuid4(),
            owner_agency="nav",
            owner_unit="nav",
            responsibility="nav_measures",
            due_date=date(2026, 8, 15),
            created_on=date(2026, 7, 1),
        )
    )
    batch += [
        settled(town.in_gjovik, first, "single", GJOVIK),
        started(town.in_gjovik, first + timedelta(days=30), GJOVIK),
    ]
    return batch


def to_records(items: list[CloudEvent | tuple[str, bytes, bytes]]) -> list[Any]:
    """The records a consumer would get; a ``(topic, key, value)`` travels as it is."""
    offsets: defaultdict[str, itertools.count[int]] = defaultdict(itertools.count)
    records = []
    for item in items:
        if isinstance(item, CloudEvent):
            topic = contracts.registry.model_for(item.type).topic
            key, value = item.key, item.to_json_bytes()
        else:
            topic, key, value = item
        records.append(
            ConsumerRecord(
                topic=topic,
                partition=0,
                offset=next(offsets[topic]),
                timestamp=0,
                timestamp_type=0,
                key=key,
                value=value,
                checksum=None,
                serialized_key_size=len(key or b""),
                serialized_value_size=len(value),
                headers=[],
            )
        )
    return records


async def seed(settings: ReportingSettings, town: Town) -> None:
    """Apply the seed with the real runner; its two bad records become dead letters."""
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    runner = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(engine),
        tables=tables.shared,
        projection=make_projection(settings, clock=FixedClock(CLOCK)),
    )
    invalid = envelope(contracts.ParticipantSettled.event_type, uuid4(), household_type="single")
    try:
        good = await runner.apply_batch(to_records(list(seed_events(town))))
        assert not good.dead_lettered, good
        bad = await runner.apply_batch(
            to_records(
                [
                    (contracts.PARTICIPANTS_TOPIC, town.malformed_key.encode(), b"{not json"),
                    invalid,
                ]
            )
        )
        assert len(bad.dead_lettered) == 2, bad
    finally:
        await runner.close()
        await engine.dispose()


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (Debian's chromium package)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


@pytest.fixture(scope="module")
def private_broker(test_settings: HelhetTestSettings) -> Iterator[str]:
    """A broker of this module's own, so that only its dead letters are listed."""
    broker = TansuBroker()
    broker.start(timeout=test_settings.broker_start_timeout)
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@pytest.fixture(scope="module")
async def site(
    make_database: MakeDatabase,
    private_broker: str,
    dev_tokens: DevTokens,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Site]:
    database_url = migrate_database(MIGRATIONS, make_database("browser"))
    settings = service_settings(
        ReportingSettings,
        database_url=database_url,
        kafka_bootstrap=private_broker,
        home=dev_tokens.home,
    )
    town = Town()
    await seed(settings, town)
    port = free_port()
    api = ServiceProcess(
        "reporting_service.entrypoints.cli",
        ["api"],
        env={
            "REPORTING_DATABASE_URL": database_url,
            "REPORTING_PORT": str(port),
            "REPORTING_PLAN_URL": "",  # no plan-service here: the pages show ids
            "KAFKA_BOOTSTRAP_SERVERS": private_broker,
            "KAFKA_REQUEST_TIMEOUT_MS": "2000",
            "HELHET_HOME": str(dev_tokens.home),
            "HELHET_ENVIRONMENT": "test",
            "LOG_LEVEL": "WARNING",
        },
        log_path=tmp_path_factory.mktemp("browser") / "reporting-api.log",
        health_url=f"http://127.0.0.1:{port}/health/live",
    ).start()
    try:
        api.wait_healthy()
        yield Site(
            url=f"http://127.0.0.1:{port}",
            tokens=dev_tokens,
            town=town,
            database_url=database_url,
            broker=private_broker,
        )
    finally:
        api.stop()


# The people of the real OpenID provider the sign-in tests use: every demo person of
# `make dev` (the Hamar leader, caseworkers of each agency, a participant, an operator),
# and somebody whose roles mean nothing to Helhet.
OIDC_PEOPLE: dict[str, dict[str, Any]] = {
    **demo_people(),
    "no-role": {"name": "Nobody in particular", "municipality": HAMAR, "agency": "nav",
                "roles": ["not-a-helhet-role"]},
}  # fmt: skip
OIDC_CLIENT_SECRET = "browser-web-client-secret-0123456789"
OIDC_SESSION_SECRET = "browser-session-secret"
# The provider's access tokens live less than the refresh margin (60 s), so that every
# request renews the session: the refresh is seen without waiting for it.
OIDC_ACCESS_TOKEN_SECONDS = 30


@pytest.fixture(scope="module")
async def oidc_site(site: Site, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    """The same seeded database served by a second api that signs its pages in at a
    real OpenID provider (node-oidc-provider, ``helhet_common.testing.oidc``)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secret = OIDC_CLIENT_SECRET
    config = {
        "accounts": OIDC_PEOPLE,
        "clients": [
            {
                "client_id": "helhet-web",
                "client_secret": secret,
                "redirect_uris": [f"{url}/auth/callback"],
                "post_logout_redirect_uris": [f"{url}/signed-out"],
                "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"],
            }
        ],
        "resources": {"urn:helhet": {"scope": "", "ttl": OIDC_ACCESS_TOKEN_SECONDS}},
        "default_resource": "urn:helhet",
    }
    directory = tmp_path_factory.mktemp("oidc-browser")
    with OidcProvider(config) as provider:
        issuers = directory / "issuers.toml"
        issuers.write_text(
            f"""
[[issuer]]
name = "test-provider"
issuer = "{provider.issuer}"
audience = "urn:helhet"
sign_in = true
client_id = "helhet-web"
client_secret = "{secret}"

[issuer.claims]
municipalities = {{ claim = "municipality" }}
agency = {{ claim = "agency" }}
roles = {{ claim = "roles" }}
""",
            encoding="utf-8",
        )
        api = ServiceProcess(
            "reporting_service.entrypoints.cli",
            ["api"],
            env={
                "REPORTING_DATABASE_URL": site.database_url,
                "REPORTING_PORT": str(port),
                "KAFKA_BOOTSTRAP_SERVERS": site.broker,
                "KAFKA_REQUEST_TIMEOUT_MS": "2000",
                "HELHET_HOME": str(site.tokens.home),
                "HELHET_ENVIRONMENT": "test",
                "HELHET_ISSUERS_FILE": str(issuers),
                "HELHET_SESSION_SECRET": OIDC_SESSION_SECRET,
                "LOG_LEVEL": "WARNING",
            },
            log_path=directory / "reporting-api.log",
            health_url=f"{url}/health/live",
        ).start()
        try:
            api.wait_healthy()
            yield Site(
                url=url,
                tokens=site.tokens,
                town=site.town,
                provider=provider.issuer,
                client_secret=OIDC_CLIENT_SECRET,
                session_secret=OIDC_SESSION_SECRET,
            )
        finally:
            api.stop()


@pytest.fixture(scope="module")
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            yield launched
        finally:
            await launched.close()
