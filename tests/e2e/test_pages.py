"""The integration leader's overview page in a real headless Chromium.

The services run as processes; the browser signs in with a development token, reads
the tiles, switches language, and saves screenshots (laptop and tablet) under
``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from playwright.async_api import async_playwright

from helhet_common.testing import wait_until

from .conftest import Platform, PlatformFactory

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (Debian's chromium package)")
    return CHROMIUM


def _two_participants_one_in_the_programme(platform: Platform) -> None:
    with httpx.Client(timeout=10) as client:
        first = platform.settle(client)
        platform.settle(client, household_type="family", languages=["uk"])
        started = client.post(
            f"{platform.plan_url}/participants/{first}/programme",
            json={
                "regime": "integreringsloven",
                "start_date": "2026-07-01",
                "expected_end_date": "2028-06-30",
            },
            headers=platform.caseworker(),
        )
        assert started.status_code == 201, started.text
    wait_until(
        lambda: platform.stage_counts() == {"settled": 1, "programme": 1, "plan": 0},
        timeout=60,
        message="both participants in the overview",
    )


async def test_the_overview_page_shows_the_chain_in_both_languages(
    platform_factory: PlatformFactory, kafka_bootstrap: str, chromium: Path
) -> None:
    platform = platform_factory(kafka_bootstrap)
    await asyncio.to_thread(_two_participants_one_in_the_programme, platform)
    token = platform.tokens.mint("integration_leader")
    ARTIFACTS.mkdir(exist_ok=True)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            # Without a session the page asks for sign-in.
            await page.goto(f"{platform.reporting_url}/")
            assert page.url.endswith("/login")
            assert await page.locator("form input[name=token]").count() == 1

            await page.goto(f"{platform.reporting_url}/login?token={token}")
            assert page.url == f"{platform.reporting_url}/"
            assert "Oversikt" in await page.locator("h1").inner_text()
            assert await page.locator("[data-stage=settled] .count").inner_text() == "1"
            assert await page.locator("[data-stage=programme] .count").inner_text() == "1"
            assert await page.locator("[data-stage=plan] .count").inner_text() == "0"
            assert "Bosatt" in await page.locator("[data-stage=settled]").inner_text()
            await page.screenshot(path=str(ARTIFACTS / "overview-nb-laptop.png"), full_page=True)

            await page.get_by_role("link", name="English").click()
            await page.wait_for_url("**/?lang=en")
            assert "Overview" in await page.locator("h1").inner_text()
            assert "Settled" in await page.locator("[data-stage=settled]").inner_text()

            tablet = await browser.new_page(viewport={"width": 768, "height": 1024})
            await tablet.context.add_cookies(
                [{"name": "helhet_token", "value": token, "url": platform.reporting_url}]
            )
            await tablet.goto(f"{platform.reporting_url}/?lang=en")
            assert await tablet.locator("[data-stage=settled] .count").inner_text() == "1"
            await tablet.screenshot(path=str(ARTIFACTS / "overview-en-tablet.png"), full_page=True)
        finally:
            await browser.close()
