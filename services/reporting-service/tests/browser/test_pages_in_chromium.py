"""The integration leader's and the operator's pages in a real headless Chromium, and
sign-in at a real OpenID provider as each demo person, its refresh and its expiry.

Each test signs in (with the form, or with the session cookie a sign-in leaves), reads
what a person would read in Norwegian and in English, clicks the filters, the links and
the language switch, and saves screenshots under ``test-artifacts/`` for a person to
look at. The replay test clicks a dead letter's button as an admin; the record goes back
to its original topic on the module's own broker.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from helhet_common.auth.signin import SESSION_COOKIE, SessionCodec

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
Site = Any  # conftest.Site: the api's url, tokens and the seeded town
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
async def new_page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport=LAPTOP, locale="nb-NO")
    page = await context.new_page()
    try:
        yield page
    finally:
        await context.close()


async def signed_in(page: Page, site: Site, *roles: str) -> Page:
    await page.context.add_cookies([site.cookie(*roles)])  # type: ignore[list-item]
    return page


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def test_sign_in_then_the_overview_with_its_filters_in_both_languages(
    site: Site, new_page: Page
) -> None:
    page = new_page
    await page.goto(f"{site.url}/")
    assert page.url == f"{site.url}/login"
    await page.get_by_label("Token").fill(site.token("integration_leader"))
    await page.get_by_role("button", name="Logg inn").click()
    await page.wait_for_url(f"{site.url}/")

    await expect(page.locator("h1")).to_have_text("Oversikt: Hamar (3403)")
    await expect(page.locator("[data-stage=plan] .count")).to_have_text("8")
    await expect(page.locator("[data-stage=programme] .count")).to_have_text("4")
    await expect(page.get_by_test_id("open-alerts")).to_contain_text("åpne varsler")
    days = page.locator("[data-kpi=days_settlement_to_programme] .value")
    await expect(days).to_have_text(re.compile(r"^\d+ dager$"))
    # small groups show as suppressed, never as a number
    suppressed = page.locator(".kpi.suppressed .value")
    assert await suppressed.count() > 0
    for text in await suppressed.all_inner_texts():
        assert text == "skjult (<5)"
    assert await page.locator("[data-trend] svg[role=img]").count() > 0
    await shot(page, "overview-nb")

    await page.get_by_label("Enhet", exact=True).select_option(label="NAV Hamar")
    await page.get_by_role("button", name="Vis").click()
    await page.wait_for_url("**/?unit=nav*")
    await expect(page.get_by_test_id("kpi-filter")).to_contain_text("NAV Hamar")

    await page.get_by_role("link", name="English").click()
    await page.wait_for_url("**/?unit=nav*lang=en")
    await expect(page.locator("h1")).to_have_text("Overview: Hamar (3403)")
    await expect(page.get_by_label("Unit", exact=True)).to_have_value("nav")
    await expect(page.locator("[data-stage=plan]")).to_contain_text("Has an integration plan")
    for text in await page.locator(".kpi.suppressed .value").all_inner_texts():
        assert text == "suppressed (<5)"
    await shot(page, "overview-en-filtered")

    await page.get_by_role("link", name="Norsk").click()
    await expect(page.locator("h1")).to_have_text("Oversikt: Hamar (3403)")


async def test_the_matrix_marks_unowned_links_and_leads_to_a_units_alerts(
    site: Site, new_page: Page
) -> None:
    page = await signed_in(new_page, site, "integration_leader")
    await page.goto(f"{site.url}/")
    await page.get_by_role("link", name="Ansvarsmatrise").click()

    await expect(page.locator("h1")).to_have_text("Ansvarsmatrise: Hamar")
    await expect(page.locator("tr[data-responsibility=mapping] td.owner")).to_contain_text(
        "Ingen eier"
    )
    await expect(page.get_by_test_id("unowned-summary")).to_be_visible()
    # the four without a plan have not been mapped yet: mapping is their next step
    mapping_row = page.locator("tr[data-responsibility=mapping]")
    await expect(mapping_row.get_by_test_id("participants")).to_have_text("4")
    await expect(page.get_by_test_id("team")).to_contain_text("Leder, flyktningkontoret")
    await shot(page, "matrix-nb")

    await page.get_by_role("link", name="English").click()
    await expect(page.locator("tr[data-responsibility=mapping] td.owner")).to_contain_text(
        "No owner"
    )
    await shot(page, "matrix-en")

    nav_row = page.locator("tr[data-responsibility=nav_measures]")
    await nav_row.locator("td.owner").get_by_role("link", name="NAV Hamar").click()
    await page.wait_for_url("**/alerts?unit=nav&lang=en")
    await expect(page.locator("h1")).to_have_text("Alerts: Hamar")
    await expect(page.get_by_label("Unit", exact=True)).to_have_value("nav")
    assert await page.locator("tbody tr").count() >= 1


async def test_the_participant_list_filters_by_stage_and_opens_a_chain(
    site: Site, new_page: Page
) -> None:
    page = await signed_in(new_page, site, "integration_leader")
    await page.goto(f"{site.url}/participants")

    await expect(page.locator("h1")).to_have_text("Deltakere: Hamar")
    await expect(page.locator("tbody tr")).to_have_count(12)
    await page.get_by_label("Ledd i kjeden").select_option("programme")
    await page.get_by_role("button", name="Vis").click()
    await page.wait_for_url("**/participants?*stage=programme*")
    await expect(page.locator("tbody tr")).to_have_count(4)
    await shot(page, "participants-nb")

    await page.goto(f"{site.url}/participants/{site.town.placed_without_next_step}")
    await expect(page.locator("h1")).to_contain_text(str(site.town.placed_without_next_step))
    await expect(page.locator("li[data-link=plan]")).to_contain_text("Fullført")
    await expect(page.locator("li[data-link=plan]")).to_contain_text("Hamar flyktningkontor")
    await expect(page.locator("li[data-link=mapping]")).to_contain_text("Ingen eier")
    await expect(page.get_by_test_id("next-step")).to_be_visible()
    await expect(page.get_by_test_id("alerts")).to_contain_text("Praksis avsluttet uten neste steg")
    await shot(page, "participant-nb")

    await page.get_by_role("link", name="English").click()
    await expect(page.locator("li[data-link=plan]")).to_contain_text("Done")
    await expect(page.get_by_test_id("alerts")).to_contain_text("Placement ended with no next step")
    await shot(page, "participant-en")


async def test_a_participants_overdue_action_and_the_404_of_another_municipality(
    site: Site, new_page: Page
) -> None:
    page = await signed_in(new_page, site, "integration_leader")
    await page.goto(f"{site.url}/participants/{site.town.with_overdue_action}")

    actions = page.get_by_test_id("actions")
    await expect(actions).to_contain_text("NAV Hamar")
    await expect(actions).to_contain_text("forfalt")

    response = await page.goto(f"{site.url}/participants/{site.town.in_gjovik}")
    assert response is not None
    assert response.status == 404
    await expect(page.locator("h1")).to_have_text("Fant ikke siden")


async def test_the_alert_list_filters_by_rule_and_links_to_the_participant(
    site: Site, new_page: Page
) -> None:
    page = await signed_in(new_page, site, "caseworker")
    await page.goto(f"{site.url}/alerts")

    await expect(page.locator("h1")).to_have_text("Varsler: Hamar")
    await page.get_by_label("Regel", exact=True).select_option("no-plan-after-programme-start")
    await page.get_by_role("button", name="Vis").click()
    await page.wait_for_url("**/alerts?rule=no-plan-after-programme-start*")
    rows = page.locator("tbody tr")
    await expect(rows).to_have_count(len(site.town.without_plan))
    for text in await rows.locator("th").all_inner_texts():
        assert text == "Ingen integreringsplan etter programstart"
    await shot(page, "alerts-nb")

    await rows.first.get_by_role("link").first.click()
    await page.wait_for_url(re.compile(r".*/participants/[0-9a-f-]{36}$"))
    await expect(page.get_by_test_id("alerts")).to_contain_text(
        "Ingen integreringsplan etter programstart"
    )

    await page.goto(f"{site.url}/alerts?lang=en&status=closed")
    await expect(page.get_by_label("Status", exact=True)).to_have_value("closed")
    await shot(page, "alerts-en-closed")


async def test_a_caseworker_takes_an_alert_in_my_queue_and_reads_its_history(
    site: Site, new_page: Page
) -> None:
    page = await signed_in(new_page, site, "caseworker")
    await page.goto(f"{site.url}/")  # a caseworker lands on their unit's queue
    await page.wait_for_url("**/queue?unit=flyktningkontor")
    await expect(page.get_by_label("Enhet", exact=True)).to_have_value("flyktningkontor")

    await expect(page.locator("h1")).to_have_text("Min kø: Hamar")
    first = page.locator("[data-testid=queue] tbody tr").first
    await expect(first).to_have_attribute("data-severity", "high")
    alert_id = await first.get_attribute("data-alert")
    await shot(page, "queue-nb")
    await first.get_by_role("button", name=re.compile("^Ta saken")).click()
    await page.wait_for_url("**/queue?unit=flyktningkontor&done=assign")
    await expect(page.get_by_test_id("done")).to_have_text("Varselet er tildelt deg.")

    row = page.locator(f"tr[data-alert='{alert_id}']")
    await row.get_by_text("Kommenter, utsett eller lukk").click()
    await row.get_by_label("Kommentar").fill("Ringte NAV, venter svar.")
    await row.get_by_role("button", name="Lagre kommentar").click()
    await expect(page.get_by_test_id("done")).to_have_text("Kommentaren er lagret.")

    await page.locator(f"tr[data-alert='{alert_id}'] th a").click()
    history = page.get_by_test_id("history")
    await expect(history).to_contain_text("Tildelt")
    await expect(history).to_contain_text("Ringte NAV, venter svar.")
    await shot(page, "alert-history-nb")


async def test_the_admin_replays_a_dead_letter_from_the_operations_page(
    site: Site, new_page: Page
) -> None:
    page = await signed_in(new_page, site, "admin")
    await page.goto(f"{site.url}/")
    await page.get_by_role("link", name="Drift").click()

    await expect(page.locator("h1")).to_have_text("Drift")
    await expect(page.get_by_test_id("broker")).to_contain_text("svarer")
    await expect(page.get_by_test_id("rate").locator("svg[role=img]")).to_be_visible()
    letters = page.locator("[data-testid=dead-letters] tbody tr")
    await expect(letters).to_have_count(2)
    malformed = letters.filter(has_text="malformed envelope")
    await expect(malformed).to_have_count(1)
    invalid = letters.filter(has_text="helhet.participant.settled.v1")
    await expect(invalid).to_have_count(1)
    await shot(page, "operations-nb")

    await malformed.get_by_role("button", name="Send på nytt").click()
    await page.wait_for_url("**/operations?replayed=*")
    await expect(page.get_by_test_id("replayed")).to_contain_text("Sendt på nytt")
    # the record is back on its original topic: the consumer group now lags by it
    lag = page.locator("[data-testid=lag] tbody tr").filter(has_text="helhet.participants")
    await expect(lag.first).to_be_visible()
    await expect(page.get_by_test_id("total-lag")).to_have_text("Samlet etterslep: 1 hendelse")
    await shot(page, "operations-replayed-nb")

    await page.get_by_role("link", name="English").click()
    await expect(page.locator("h1")).to_have_text("Operations")
    await expect(page.get_by_role("button", name="Replay").first).to_be_visible()
    await shot(page, "operations-en")


async def test_an_operator_sees_no_replay_button_and_a_leader_no_operations(
    site: Site, browser: Browser
) -> None:
    operator = await browser.new_context(viewport=LAPTOP)
    leader = await browser.new_context(viewport={"width": 768, "height": 1024})
    try:
        await operator.add_cookies([site.cookie("operator")])  # type: ignore[list-item]
        page = await operator.new_page()
        await page.goto(f"{site.url}/operations")
        await expect(page.locator("[data-testid=dead-letters] tbody tr")).to_have_count(2)
        await expect(page.get_by_role("button", name="Send på nytt")).to_have_count(0)

        await leader.add_cookies([site.cookie("integration_leader")])  # type: ignore[list-item]
        tablet = await leader.new_page()
        response = await tablet.goto(f"{site.url}/operations")
        assert response is not None
        assert response.status == 403
        await expect(tablet.locator("h1")).to_have_text("Du har ikke tilgang til denne siden")
        await tablet.goto(f"{site.url}/matrix")
        await expect(tablet.get_by_role("link", name="Drift")).to_have_count(0)
        await shot(tablet, "matrix-nb-tablet")
    finally:
        await operator.close()
        await leader.close()


# -- sign-in at a real OpenID provider --------------------------------------------------


async def provider_sign_in(page: Page, person: str) -> None:
    """On the provider's sign-in page: pick the demo person."""
    await page.wait_for_url("**/interaction/**")
    await page.get_by_role("button", name=person).click()


async def test_the_leader_signs_in_at_the_provider_and_out_again(
    oidc_site: Site, new_page: Page
) -> None:
    page = new_page
    await page.goto(f"{oidc_site.url}/")
    await provider_sign_in(page, "Hamar integration leader")
    await page.wait_for_url(f"{oidc_site.url}/")
    await expect(page.locator("h1")).to_have_text("Oversikt: Hamar (3403)")
    cookies = {c["name"]: c for c in await page.context.cookies(oidc_site.url)}
    assert cookies["helhet_session"]["httpOnly"]
    assert cookies["helhet_session"]["sameSite"] == "Lax"
    await shot(page, "oidc-overview-nb")

    await page.goto(f"{oidc_site.url}/logout")
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url(f"{oidc_site.url}/signed-out**")
    await expect(page.locator("h1")).to_contain_text("You are signed out")
    await page.get_by_role("link", name="Logg inn igjen / Sign in again").click()
    await page.wait_for_url("**/interaction/**")  # signed out at the provider as well


async def test_the_operator_signs_in_and_sees_operations(oidc_site: Site, new_page: Page) -> None:
    page = new_page
    await page.goto(f"{oidc_site.url}/operations")
    await provider_sign_in(page, "Platform operator")
    await page.wait_for_url(f"{oidc_site.url}/operations")  # back where they started
    await expect(page.locator("h1")).to_have_text("Drift")


async def test_a_person_without_a_helhet_role_gets_a_page_naming_the_claim(
    oidc_site: Site, new_page: Page
) -> None:
    page = new_page
    await page.goto(f"{oidc_site.url}/")
    await provider_sign_in(page, "Nobody in particular")
    await page.wait_for_url(f"{oidc_site.url}/auth/callback**")
    await expect(page.locator("h1")).to_have_text("Ingen tilgang / No access")
    await expect(page.get_by_role("alert")).to_contain_text("claim 'roles'")
    await shot(page, "oidc-no-access")


FORBIDDEN = "Du har ikke tilgang til denne siden"
OVERVIEW = "Oversikt: Hamar (3403)"


@pytest.mark.parametrize(
    ("person", "lands_on", "may_operate"),
    [
        ("Hamar integration leader", "/", False),
        ("Caseworker, Hamar refugee service", "/queue?unit=flyktningkontor", False),
        ("Caseworker, NAV Hamar", "/queue?unit=nav", False),
        ("Teacher, Hamar learning centre", "/queue?unit=hls", False),
        ("Platform operator", "/", True),
    ],
)
async def test_each_demo_staff_member_signs_in_and_gets_their_rights(
    oidc_site: Site, new_page: Page, person: str, lands_on: str, may_operate: bool
) -> None:
    """Every demo person of `make dev` who works in Helhet: a caseworker lands on the
    queue of their unit, the others on the overview of Hamar; the operations page only
    for the operator."""
    page = new_page
    await page.goto(f"{oidc_site.url}/")
    await provider_sign_in(page, person)
    await page.wait_for_url(f"{oidc_site.url}{lands_on}")
    if lands_on == "/":
        await expect(page.locator("h1")).to_have_text(OVERVIEW)
    else:
        await expect(page.locator("h1")).to_have_text("Min kø: Hamar")
        await page.get_by_role("link", name="Oversikt").click()
        await page.wait_for_url(f"{oidc_site.url}/?view=overview")
        await expect(page.locator("h1")).to_have_text(OVERVIEW)
    await expect(page.get_by_role("link", name="Drift")).to_have_count(1 if may_operate else 0)

    operations = await page.goto(f"{oidc_site.url}/operations")
    assert operations is not None
    assert operations.status == (200 if may_operate else 403)
    await expect(page.locator("h1")).to_have_text("Drift" if may_operate else FORBIDDEN)


async def test_the_demo_participant_gets_no_staff_page(oidc_site: Site, new_page: Page) -> None:
    """The participant signs in, but reporting's pages are for staff (the participant's
    own page is plan-service's)."""
    page = new_page
    await page.goto(f"{oidc_site.url}/")
    await provider_sign_in(page, "Demo participant 1")
    await page.wait_for_url(f"{oidc_site.url}/")
    await expect(page.locator("h1")).to_have_text(FORBIDDEN)
    again = await page.reload()
    assert again is not None
    assert again.status == 403


async def _session(page: Page, site: Site) -> dict[str, Any]:
    cookies = {c["name"]: c["value"] for c in await page.context.cookies(site.url)}
    session = SessionCodec(site.session_secret).decode(cookies[SESSION_COOKIE])
    assert session is not None
    return session


async def test_the_session_is_refreshed_at_the_provider_while_the_person_works(
    oidc_site: Site, new_page: Page
) -> None:
    """The provider's tokens live less than the refresh margin, so each page renews the
    session with the refresh token; the person stays signed in."""
    page = new_page
    await page.goto(f"{oidc_site.url}/")
    await provider_sign_in(page, "Caseworker, NAV Hamar")
    # Signed in at the provider, a caseworker lands on the queue of their unit.
    await page.wait_for_url(f"{oidc_site.url}/queue?unit=nav")
    await expect(page.locator("h1")).to_have_text(re.compile("^Min kø"))
    before = {c["name"]: c["value"] for c in await page.context.cookies(oidc_site.url)}

    await page.goto(f"{oidc_site.url}/matrix")
    await expect(page.get_by_role("link", name="Drift")).to_have_count(0)
    await page.get_by_role("link", name="Oversikt").click()
    await page.wait_for_url(f"{oidc_site.url}/?view=overview")
    await expect(page.locator("h1")).to_have_text(OVERVIEW)

    after = {c["name"]: c["value"] for c in await page.context.cookies(oidc_site.url)}
    assert after[SESSION_COOKIE] != before[SESSION_COOKIE]  # a new session cookie
    session = await _session(page, oidc_site)
    assert session["p"]["sub"] == "nav-caseworker"
    assert session["exp"] > time.time()


async def test_an_ended_session_goes_to_session_expired_and_back_through_sign_in(
    oidc_site: Site, new_page: Page
) -> None:
    """When the session can no longer be renewed (here the provider revoked its refresh
    token), the next page says the session expired and signs the person in again."""
    page = new_page
    await page.goto(f"{oidc_site.url}/alerts")
    await provider_sign_in(page, "Hamar integration leader")
    await page.wait_for_url(f"{oidc_site.url}/alerts")
    session = await _session(page, oidc_site)
    async with httpx.AsyncClient(timeout=10) as http:
        revoked = await http.post(
            f"{oidc_site.provider}/token/revocation",
            data={"token": session["rt"], "token_type_hint": "refresh_token"},
            auth=("helhet-web", oidc_site.client_secret),
        )
    assert revoked.status_code == 200, revoked.text

    await page.reload()
    await page.wait_for_url(f"{oidc_site.url}/session-expired?next=%2Falerts")
    await expect(page.locator("h1")).to_have_text("Økten din er utløpt / Your session expired")
    assert SESSION_COOKIE not in {c["name"] for c in await page.context.cookies(oidc_site.url)}
    await shot(page, "oidc-session-expired")

    await page.get_by_role("link", name="Logg inn igjen / Sign in again").click()
    # Still signed in at the provider: straight back to the page, with a new session.
    await page.wait_for_url(f"{oidc_site.url}/alerts")
    assert (await _session(page, oidc_site))["rt"] != session["rt"]
