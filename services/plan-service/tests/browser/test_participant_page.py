"""The participant's own page in a real headless Chromium.

plan-service's api runs as a process on its own database; the browser signs in with a
participant token, reads the plan in bokmål, switches to nynorsk and English, is refused
another participant's page, and saves screenshots under ``test-artifacts/`` for a person
to look at. Then the participant signs in as in production: through ID-porten (a real
OpenID provider playing it), and out again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, async_playwright

from helhet_common.broker import free_port
from helhet_common.testing.axe import serious_violations
from helhet_common.testing.oidc import OidcProvider
from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database
from plan_service.bootstrap import MIGRATIONS
from plan_service.entrypoints import pages
from plan_service.entrypoints.schemas.participants import national_id_is_valid

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class PlanApi:
    url: str
    tokens: DevTokens

    def caseworker(self) -> dict[str, str]:
        return self.tokens.headers("caseworker", sub="kari")


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (Debian's chromium package)")
    return CHROMIUM


@pytest.fixture
def plan_api(
    make_database: MakeDatabase, kafka_bootstrap: str, dev_tokens: DevTokens, tmp_path: Path
) -> Any:
    """plan-service's api as a process on a database of its own."""
    port = free_port()
    process = ServiceProcess(
        "plan_service.entrypoints.cli",
        ["api"],
        env={
            "PLAN_DATABASE_URL": migrate_database(MIGRATIONS, make_database("plan_browser")),
            "PLAN_PORT": str(port),
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "HELHET_HOME": str(dev_tokens.home),
            "HELHET_ENVIRONMENT": "test",
        },
        log_path=tmp_path / "plan-api.log",
        health_url=f"http://127.0.0.1:{port}/health/live",
    ).start()
    try:
        process.wait_healthy()
        yield PlanApi(url=f"http://127.0.0.1:{port}", tokens=dev_tokens)
    finally:
        process.stop()


async def participant_with_a_plan(api: PlanApi, login: str) -> str:
    """Settled, in the programme, with a plan, a review now overdue, a contact person
    and an open action: through the API, as the caseworker would."""
    async with httpx.AsyncClient(base_url=api.url, headers=api.caseworker(), timeout=10) as http:

        async def send(method: str, path: str, body: Any) -> dict[str, Any]:
            response = await http.request(method, path, json=body)
            assert response.status_code in (200, 201), response.text
            answer: dict[str, Any] = response.json()
            return answer

        participant = await send(
            "POST",
            "/participants",
            {
                "municipality": "3403",
                "settlement_date": "2026-03-02",
                "birth_year": 1994,
                "household_type": "single",
                "languages": ["ti"],
                "person_sub": login,
            },
        )
        path = f"/participants/{participant['id']}"
        await send(
            "POST",
            f"{path}/programme",
            {
                "regime": "integreringsloven",
                "start_date": "2026-04-01",
                "expected_end_date": "2028-03-31",
            },
        )
        await send(
            "PUT",
            f"{path}/plan",
            {
                "version": 0,
                "end_goal": "work",
                "norwegian_goal": "B1",
                "participant_group": "work_oriented",
                "activities": [
                    {
                        "kind": "norwegian",
                        "provider_unit": "Hamar læringssenter",
                        "hours_per_week": 20,
                    },
                    {
                        "kind": "language_practice",
                        "provider_unit": "Hamar sykehjem",
                        "hours_per_week": 17.5,
                        "from_date": "2026-09-01",
                        "to_date": "2027-02-28",
                    },
                ],
            },
        )
        await send(
            "POST",
            f"{path}/plan/reviews",
            {
                "reviewed_on": "2026-04-20",
                "agencies_present": ["refugee-service", "learning-centre"],
                "participant_acknowledged": True,
            },
        )
        await send(
            "POST",
            f"{path}/contacts",
            {
                "agency": "refugee-service",
                "name": "Kari Hansen",
                "role": "programrådgiver",
                "phone": "+47 62 51 00 01",
            },
        )
        await send(
            "POST",
            f"{path}/actions",
            {
                "description": "Søke arbeidstrening hos NAV",
                "owner_agency": "nav",
                "owner_unit": "nav",
                "due_date": "2027-01-15",
            },
        )
    return str(participant["id"])


@pytest.fixture
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def test_the_participant_reads_their_plan_in_three_languages_and_only_their_own(
    plan_api: PlanApi, browser: Browser
) -> None:
    ruta = await participant_with_a_plan(plan_api, "ruta-login")
    other = await participant_with_a_plan(plan_api, "someone-else")
    token = plan_api.tokens.mint("participant", sub="ruta-login")
    ARTIFACTS.mkdir(exist_ok=True)
    # A browser set to Norwegian: the page follows its Accept-Language.
    page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="nb-NO")

    # Without a session the page asks for sign-in.
    await page.goto(f"{plan_api.url}/participants/{ruta}/page")
    assert page.url.endswith("/login")
    assert await page.locator("form input[name=token]").count() == 1

    # Signing in leads to the participant's own page, in bokmål.
    await page.goto(f"{plan_api.url}/login?token={token}")
    assert page.url == f"{plan_api.url}/participants/{ruta}/page"
    assert await page.locator("html").get_attribute("lang") == "nb"
    assert await page.locator("h1").inner_text() == "Integreringsplanen din"
    goals = page.locator("[data-section=goals]")
    assert "Arbeid (arbeidsrettet løp)" in await goals.inner_text()
    assert "B1" in await goals.locator("[data-field=norwegian_goal]").inner_text()
    activities = page.locator("[data-section=activities]")
    assert "Norskopplæring" in await activities.inner_text()
    assert "Språkpraksis" in await activities.inner_text()
    assert (
        await activities.locator(
            "[data-activity=language_practice] [data-field=hours]"
        ).inner_text()
        == "17,5"
    )
    assert "Til sammen 37,5 timer i uka." in await activities.inner_text()
    assert "Programmet ditt er på full tid." in await activities.inner_text()
    review = page.locator("[data-field=next_review]")
    assert "20.10.2026" in await review.inner_text()
    assert "Be om en samtale" in await review.inner_text()  # overdue
    contacts = page.locator("[data-section=contacts]")
    assert "Kari Hansen" in await contacts.inner_text()
    assert "Flyktningtjenesten" in await contacts.inner_text()
    actions = page.locator("[data-section=actions]")
    assert "Søke arbeidstrening hos NAV" in await actions.inner_text()
    assert "15.01.2027" in await actions.inner_text()
    await page.screenshot(path=str(ARTIFACTS / "participant-page-nb.png"), full_page=True)

    # Nynorsk, then English, from the language links.
    await page.get_by_role("link", name="Nynorsk").click()
    await page.wait_for_url("**/page?lang=nn")
    assert await page.locator("html").get_attribute("lang") == "nn"
    assert "Måla dine" in await page.locator("[data-section=goals]").inner_text()
    assert "Til saman 37,5 timar i veka." in await activities.inner_text()
    assert "Kontaktpersonane dine" in await contacts.inner_text()
    await page.screenshot(path=str(ARTIFACTS / "participant-page-nn.png"), full_page=True)

    await page.get_by_role("link", name="English").click()
    await page.wait_for_url("**/page?lang=en")
    assert await page.locator("h1").inner_text() == "Your integration plan"
    assert "Work (work-oriented path)" in await page.locator("[data-section=goals]").inner_text()
    assert "Norwegian lessons" in await activities.inner_text()
    assert "Ask for a meeting" in await page.locator("[data-field=next_review]").inner_text()
    assert "Refugee service" in await contacts.inner_text()

    # Tigrinya: not translated yet, so the English texts, marked as English, and the
    # language stays chosen on the next visit.
    await page.get_by_role("link", name="ትግርኛ").click()
    await page.wait_for_url("**/page?lang=ti")
    assert await page.locator("html").get_attribute("lang") == "ti"
    assert await page.locator("html").get_attribute("dir") == "ltr"
    assert await page.locator("h1 span[lang=en]").inner_text() == "Your integration plan"
    assert await page.locator("[data-untranslated]").count() == 1
    await page.screenshot(path=str(ARTIFACTS / "participant-page-ti.png"), full_page=True)
    await page.goto(f"{plan_api.url}/participants/{ruta}/page")
    assert await page.locator("html").get_attribute("lang") == "ti"
    await page.goto(f"{plan_api.url}/participants/{ruta}/page?lang=en")

    # Another participant's page is refused, and shows nothing of theirs.
    refused = await page.goto(f"{plan_api.url}/participants/{other}/page?lang=en")
    assert refused is not None
    assert refused.status == 404
    assert "We could not find this page." in await page.locator("main").inner_text()
    assert await page.locator("[data-section]").count() == 0

    # A phone-sized screen still shows the whole plan.
    phone = await browser.new_page(viewport={"width": 390, "height": 844})
    await phone.context.add_cookies([{"name": "helhet_token", "value": token, "url": plan_api.url}])
    await phone.goto(f"{plan_api.url}/?lang=en")
    assert "Kari Hansen" in await phone.locator("[data-section=contacts]").inner_text()
    await phone.screenshot(path=str(ARTIFACTS / "participant-page-en-phone.png"), full_page=True)


def synthetic_national_id(birth_date: str) -> str:
    """A test environment's kind of number (the month plus 80) with valid check digits."""
    for rest in range(10000, 100000):
        number = f"{birth_date}{rest}"
        if national_id_is_valid(number):
            return number
    raise ValueError(birth_date)


RUTA_PID = synthetic_national_id("048192")
IDPORTEN_SECRET = "browser-idporten-client-secret-0123456789"


@pytest.fixture
def idporten_plan_api(
    make_database: MakeDatabase, kafka_bootstrap: str, dev_tokens: DevTokens, tmp_path: Path
) -> Iterator[PlanApi]:
    """plan-service's api whose participants sign in through ID-porten: a real OpenID
    provider whose person carries ``pid`` and ``acr`` as ID-porten's do."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = {
        "accounts": {
            "ruta": {"name": "Ruta (ID-porten)", "pid": RUTA_PID, "acr": "idporten-loa-substantial"}
        },
        "clients": [
            {
                "client_id": "helhet-plan",
                "client_secret": IDPORTEN_SECRET,
                "redirect_uris": [f"{url}/auth/callback"],
                "post_logout_redirect_uris": [f"{url}/signed-out"],
                "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"],
            }
        ],
    }
    with OidcProvider(config) as provider:
        issuers = tmp_path / "issuers.toml"
        issuers.write_text(
            f"""
[[issuer]]
name = "idporten"
issuer = "{provider.issuer}"
audience = "helhet-plan"
sign_in = true
sign_in_for = "participants"
client_id = "helhet-plan"
client_secret = "{IDPORTEN_SECRET}"

[issuer.claims]
national_id = "pid"
acr = ["idporten-loa-substantial", "idporten-loa-high"]
agency = {{ value = "refugee-service" }}
roles = {{ value = "participant" }}
""",
            encoding="utf-8",
        )
        process = ServiceProcess(
            "plan_service.entrypoints.cli",
            ["api"],
            env={
                "PLAN_DATABASE_URL": migrate_database(MIGRATIONS, make_database("plan_idporten")),
                "PLAN_PORT": str(port),
                "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
                "HELHET_HOME": str(dev_tokens.home),
                "HELHET_ENVIRONMENT": "test",
                "HELHET_ISSUERS_FILE": str(issuers),
                "HELHET_SESSION_SECRET": "browser-idporten-session-secret",
            },
            log_path=tmp_path / "plan-api.log",
            health_url=f"{url}/health/live",
        ).start()
        try:
            process.wait_healthy()
            yield PlanApi(url=url, tokens=dev_tokens)
        finally:
            process.stop()


async def test_the_participant_signs_in_through_id_porten_to_their_own_page_and_out(
    idporten_plan_api: PlanApi, browser: Browser
) -> None:
    api = idporten_plan_api
    ruta = await participant_with_a_plan(api, "ruta")
    other = await participant_with_a_plan(api, "someone-else")
    async with httpx.AsyncClient(base_url=api.url, headers=api.caseworker(), timeout=10) as http:
        linked = await http.put(f"/participants/{ruta}/national-id", json={"national_id": RUTA_PID})
    assert linked.status_code == 200, linked.text
    ARTIFACTS.mkdir(exist_ok=True)
    page = await browser.new_page(viewport={"width": 390, "height": 844}, locale="nb-NO")

    # The plain address leads to ID-porten's sign-in, then to the participant's own page.
    await page.goto(f"{api.url}/")
    await page.wait_for_url("**/interaction/**")
    await page.get_by_role("button", name="Ruta (ID-porten)").click()
    await page.wait_for_url(f"{api.url}/participants/{ruta}/page**")
    assert await page.locator("h1").inner_text() == "Integreringsplanen din"
    assert "Kari Hansen" in await page.locator("[data-section=contacts]").inner_text()
    cookies = {c["name"]: c for c in await page.context.cookies(api.url)}
    assert cookies["helhet_session"]["httpOnly"]
    assert RUTA_PID not in cookies["helhet_session"]["value"]  # encrypted
    await page.screenshot(path=str(ARTIFACTS / "participant-idporten-nb.png"), full_page=True)

    # Only their own page.
    refused = await page.goto(f"{api.url}/participants/{other}/page?lang=en")
    assert refused is not None
    assert refused.status == 404
    assert await page.locator("[data-section]").count() == 0

    # Signing out ends the session here and at the provider.
    await page.goto(f"{api.url}/logout")
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url(f"{api.url}/signed-out**")
    await page.goto(f"{api.url}/participants/{ruta}/page")
    await page.wait_for_url("**/interaction/**")


WIDTHS = (1440, 820, 390)


async def test_the_page_is_accessible_and_fits_at_every_width_in_every_language(
    plan_api: PlanApi, browser: Browser
) -> None:
    """axe-core finds no serious or critical violation at a desktop's, a tablet's and a
    phone's width, in each language the page offers; nothing is wider than the screen,
    and a table too wide for it scrolls in a box a keyboard can reach. A drafted language
    (not yet reviewed) shows its notice, whose link opens the bokmål page. Arabic and
    Dari are written right to left: the page says so and its text starts at the right."""
    ruta = await participant_with_a_plan(plan_api, "ruta-login")
    token = plan_api.tokens.mint("participant", sub="ruta-login")
    ARTIFACTS.mkdir(exist_ok=True)
    found: dict[str, list[Any]] = {}
    for width in WIDTHS:
        context = await browser.new_context(viewport={"width": width, "height": 900})
        await context.add_cookies(
            [{"name": "helhet_token", "value": token, "url": plan_api.url}]  # type: ignore[list-item]
        )
        page = await context.new_page()
        try:
            for lang in ("nb", "nn", "en", "ti", "ar", "uk", "so", "prs"):
                response = await page.goto(f"{plan_api.url}/participants/{ruta}/page?lang={lang}")
                assert response is not None
                assert response.status == 200
                violations = await serious_violations(page)
                if violations:
                    found[f"{lang} at {width} px"] = violations
                await page.screenshot(
                    path=str(ARTIFACTS / f"participant-page-{lang}-{width}.png"), full_page=True
                )
                scroll_width = await page.evaluate("document.documentElement.scrollWidth")
                assert scroll_width <= width, f"{lang} is {scroll_width} px wide at {width} px"
                box = page.locator("[data-section=activities] .scroll[role=region]")
                assert await box.get_attribute("tabindex") == "0"
                await box.focus()
                assert await box.evaluate("e => document.activeElement === e")
                if lang not in pages.PARTIAL and pages.review_state(lang) == pages.UNREVIEWED:
                    # a draft: the notice, in the language, and its link to bokmål
                    notice = page.locator("[data-unreviewed]")
                    assert await notice.is_visible()
                    assert pages.TRANSLATIONS[lang]["unreviewed"] in await notice.inner_text()
                    if width == WIDTHS[-1]:
                        await notice.locator("a").click()
                        await page.wait_for_url("**/page?lang=nb")
                        assert await page.locator("html").get_attribute("lang") == "nb"
                        assert await page.locator("[data-unreviewed]").count() == 0
                        await page.go_back()
                if lang in ("ar", "prs"):
                    html = page.locator("html")
                    assert await html.get_attribute("dir") == "rtl"
                    assert await html.get_attribute("lang") == lang
                    # the heading's text starts at the section's right edge, not its left
                    left, right = await page.locator("[data-section=activities] h2").evaluate(
                        """e => { const r = document.createRange(); r.selectNodeContents(e);
                           const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();
                           return [t.left - b.left, b.right - t.right]; }"""
                    )
                    assert right < 1 < left, (left, right)
                    cell = await page.locator("[data-section=activities] th").first.evaluate(
                        "e => getComputedStyle(e).textAlign"
                    )
                    assert cell in ("start", "right")
        finally:
            await context.close()
    assert found == {}, found
