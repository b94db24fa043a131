"""Names on the reporting pages for a person signed in at the OpenID provider, and
every name shown read in plan-service's access log (issue 15, decisions 0017, 0023).

The real apps: node-oidc-provider with the demo people, plan-service's api on a database
of its own holding three named participants, reporting's api signing its pages in at the
provider and asking plan-service for names. reporting's read model holds the same three
(ids, codes and dates only), applied by the real consumer runner. The integration leader
signs in in Chromium; each page that names people is then checked against plan-service's
access log: every name on the page is a read there by the leader, under their own login,
and nobody else's log moved.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page

from helhet_common.auth.dev_identity import demo_people
from helhet_common.broker import free_port
from helhet_common.clock import FixedClock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.oidc import OidcProvider
from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database, service_settings
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service import contracts
from reporting_service.adapters import tables
from reporting_service.bootstrap import MIGRATIONS
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
HAMAR = "3403"
CLOCK = date(2026, 9, 2)
LEADER = "hamar-leader"  # the leader's login at the provider (demo_people)
PEOPLE = [("Ruta", "Haile"), ("Olena", "Kovalenko"), ("Ahmad", "Rahimi")]
SECRET = "names-web-client-secret-0123456789"
LOOKUP = "POST /participants/search"


@dataclass(frozen=True)
class Apps:
    reporting: str
    plan: str
    tokens: DevTokens
    people: dict[str, str]  # participant id -> display name

    async def reads(self, pid: str) -> list[dict[str, Any]]:
        """The participant's access log in plan-service, as another leader reads it."""
        async with httpx.AsyncClient(base_url=self.plan, timeout=10) as http:
            log = await http.get(
                f"/participants/{pid}/access-log",
                headers=self.tokens.headers("integration_leader", municipality=HAMAR, sub="x"),
            )
        assert log.status_code == 200, log.text
        return [e for e in log.json()["items"] if e["sub"] != "x"]


def issuers_toml(issuer: str, *, sign_in: bool) -> str:
    pages = f'sign_in = true\nclient_id = "helhet-web"\nclient_secret = "{SECRET}"\n'
    return f"""
[[issuer]]
name = "test-provider"
issuer = "{issuer}"
audience = "urn:helhet"
{pages if sign_in else ""}
[issuer.claims]
municipalities = {{ claim = "municipality" }}
agency = {{ claim = "agency" }}
roles = {{ claim = "roles" }}
"""


async def settle(plan: str, tokens: DevTokens, given: str, family: str) -> str:
    body = {
        "municipality": HAMAR,
        "settlement_date": "2026-01-05",
        "birth_year": 1990,
        "household_type": "single",
        "languages": ["ti"],
        "given_name": given,
        "family_name": family,
    }
    async with httpx.AsyncClient(base_url=plan, timeout=10) as http:
        settled = await http.post(
            "/participants",
            json=body,
            headers=tokens.headers("caseworker", municipality=HAMAR, sub="kari"),
        )
    assert settled.status_code == 201, settled.text
    return str(settled.json()["id"])


def event(event_type: str, pid: str, **data: Any) -> CloudEvent:
    return CloudEvent(
        source="/helhet/plan-service",
        type=event_type,
        subject=pid,
        municipality=HAMAR,
        data={"participant_id": pid, **data},
    )


async def project(settings: ReportingSettings, pids: list[str]) -> None:
    """The participants' settlement and programme start (no plan: each gets an alert),
    applied by the real consumer runner with the gap rules as of ``CLOCK``."""
    from aiokafka.structs import ConsumerRecord

    batch: list[CloudEvent] = []
    for pid in pids:
        batch += [
            event(
                contracts.ParticipantSettled.event_type,
                pid,
                municipality=HAMAR,
                settlement_date="2026-01-05",
                birth_year=1990,
                household_type="single",
                languages=["ti"],
            ),
            event(
                contracts.ProgrammeStarted.event_type,
                pid,
                regime="integreringsloven",
                start_date="2026-02-01",
                expected_end_date=str(date(2026, 2, 1) + timedelta(days=730)),
            ),
        ]
    records = [
        ConsumerRecord(
            topic=contracts.registry.model_for(e.type).topic,
            partition=0,
            offset=n,
            timestamp=0,
            timestamp_type=0,
            key=e.key,
            value=e.to_json_bytes(),
            checksum=None,
            serialized_key_size=len(e.key or b""),
            serialized_value_size=len(e.to_json_bytes()),
            headers=[],
        )
        for n, e in enumerate(batch)
    ]
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    runner = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(engine),
        tables=tables.shared,
        projection=make_projection(settings, clock=FixedClock(CLOCK)),
    )
    try:
        result = await runner.apply_batch(records)
        assert not result.dead_lettered, result
    finally:
        await runner.close()
        await engine.dispose()


@pytest.fixture(scope="module")
async def apps(
    make_database: MakeDatabase,
    kafka_bootstrap: str,
    dev_tokens: DevTokens,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Apps]:
    directory = tmp_path_factory.mktemp("names-over-sign-in")
    reporting_port, plan_port = free_port(), free_port()
    reporting_url = f"http://127.0.0.1:{reporting_port}"
    plan_url = f"http://127.0.0.1:{plan_port}"
    config = {
        "accounts": demo_people(),
        "clients": [
            {
                "client_id": "helhet-web",
                "client_secret": SECRET,
                "redirect_uris": [f"{reporting_url}/auth/callback"],
                "post_logout_redirect_uris": [f"{reporting_url}/signed-out"],
                "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"],
            }
        ],
        "resources": {"urn:helhet": {"scope": ""}},
        "default_resource": "urn:helhet",
    }
    common = {
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "KAFKA_REQUEST_TIMEOUT_MS": "2000",
        "HELHET_HOME": str(dev_tokens.home),
        "HELHET_ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
    }
    with OidcProvider(config) as oidc:
        (directory / "plan-issuers.toml").write_text(
            issuers_toml(oidc.issuer, sign_in=False), encoding="utf-8"
        )
        (directory / "reporting-issuers.toml").write_text(
            issuers_toml(oidc.issuer, sign_in=True), encoding="utf-8"
        )
        plan = ServiceProcess(
            "plan_service.entrypoints.cli",
            ["api"],
            env={
                **common,
                "PLAN_DATABASE_URL": migrate_database(
                    PLAN_MIGRATIONS, make_database("plan_names_oidc")
                ),
                "PLAN_PORT": str(plan_port),
                "HELHET_ISSUERS_FILE": str(directory / "plan-issuers.toml"),
            },
            log_path=directory / "plan-api.log",
            health_url=f"{plan_url}/health/live",
        ).start()
        try:
            plan.wait_healthy()
            people = {
                await settle(plan_url, dev_tokens, given, family): f"{given} {family}"
                for given, family in PEOPLE
            }
            database_url = migrate_database(MIGRATIONS, make_database("reporting_names_oidc"))
            settings = service_settings(
                ReportingSettings,
                database_url=database_url,
                kafka_bootstrap=kafka_bootstrap,
                home=dev_tokens.home,
            )
            await project(settings, list(people))
            reporting = ServiceProcess(
                "reporting_service.entrypoints.cli",
                ["api"],
                env={
                    **common,
                    "REPORTING_DATABASE_URL": database_url,
                    "REPORTING_PORT": str(reporting_port),
                    "REPORTING_PLAN_URL": plan_url,
                    "HELHET_ISSUERS_FILE": str(directory / "reporting-issuers.toml"),
                    "HELHET_SESSION_SECRET": "names-session-secret",
                },
                log_path=directory / "reporting-api.log",
                health_url=f"{reporting_url}/health/live",
            ).start()
            try:
                reporting.wait_healthy()
                yield Apps(reporting_url, plan_url, dev_tokens, people)
            finally:
                reporting.stop()
        finally:
            plan.stop()


@pytest.fixture
async def leader(apps: Apps, browser: Browser) -> AsyncIterator[Page]:
    """The integration leader, signed in at the provider."""
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(f"{apps.reporting}/participants")
        await page.wait_for_url("**/interaction/**")
        await page.get_by_role("button", name=demo_people()[LEADER]["name"]).click()
        await page.wait_for_url(f"{apps.reporting}/participants")
        yield page
    finally:
        await context.close()


async def names_on(page: Page) -> dict[str, str]:
    """The people the page names: participant id -> the text it shows for them."""
    shown: dict[str, str] = {}
    for link in await page.locator("a[data-person]").all():
        shown[str(await link.get_attribute("data-person"))] = (await link.inner_text()).strip()
    h1 = page.locator("h1")
    match = re.search(r"/participants/([0-9a-f-]{36})$", page.url)
    if match:
        shown[match.group(1)] = (await h1.inner_text()).strip()
    return shown


async def test_a_person_signed_in_at_the_provider_sees_names_not_ids(
    apps: Apps, leader: Page
) -> None:
    page = leader

    shown = await names_on(page)

    assert shown == apps.people
    assert await page.locator("[data-testid=names-unavailable]").count() == 0
    cookies = {c["name"]: c for c in await page.context.cookies(apps.reporting)}
    assert cookies["helhet_session_at"]["httpOnly"]
    await page.screenshot(path=str(ARTIFACTS / "names-over-sign-in.png"), full_page=True)


async def test_every_name_a_page_shows_is_a_read_in_plan_services_access_log(
    apps: Apps, leader: Page
) -> None:
    page = leader
    first = next(iter(apps.people))
    alert_link = None
    for path in ["/participants", f"/participants/{first}", "/alerts", "/queue", "ALERT"]:
        if path == "ALERT":
            assert alert_link is not None, "no alert to open"
            path = alert_link
        before = {pid: len(await apps.reads(pid)) for pid in apps.people}

        await page.goto(f"{apps.reporting}{path}")

        shown = await names_on(page)
        assert shown, f"{path} names nobody"
        assert set(shown.values()) <= set(apps.people.values()), (path, shown)
        for pid in apps.people:
            new = (await apps.reads(pid))[before[pid] :]
            if pid in shown:
                assert shown[pid] == apps.people[pid], (path, shown)
                assert [(e["endpoint"], e["sub"]) for e in new] == [(LOOKUP, LEADER)], (path, new)
            else:
                assert new == [], (path, pid, new)
        if path == "/queue":
            alert_link = await page.locator("a[href^='/alerts/']").first.get_attribute("href")
