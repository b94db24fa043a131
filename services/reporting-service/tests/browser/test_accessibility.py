"""axe-core on every reporting page at a desktop's, a tablet's and a phone's width
(issue 15): no serious or critical violation, with a screenshot of each page under
``test-artifacts/`` for a person to look at. A detail page is reached the way a person
reaches it, by its list's first link."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page

from helhet_common.testing.axe import serious_violations

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
Site = Any  # conftest.Site
WIDTHS = [1440, 820, 390]
PAGES = {
    "overview": ("integration_leader", "/"),
    "matrix": ("integration_leader", "/matrix"),
    "participants": ("integration_leader", "/participants"),
    "participant": ("integration_leader", "/participants", "tr[data-participant] a"),
    "alerts": ("integration_leader", "/alerts"),
    "alert": ("integration_leader", "/", "tr[data-alert] a"),
    "queue": ("caseworker", "/queue"),
    "cohorts": ("integration_leader", "/cohorts"),
    "overview-en": ("integration_leader", "/?lang=en"),
    "operations": ("operator", "/operations"),
}


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
async def sized(request: pytest.FixtureRequest, browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(
        viewport={"width": request.param, "height": 900}, locale="nb-NO"
    )
    page = await context.new_page()
    try:
        yield page
    finally:
        await context.close()


@pytest.mark.parametrize("name", list(PAGES))
async def test_the_page_has_no_serious_accessibility_violation(
    site: Site, sized: Page, name: str
) -> None:
    page = sized
    role, path, *follow = PAGES[name]
    await page.context.add_cookies([site.cookie(role)])  # type: ignore[list-item]
    response = await page.goto(f"{site.url}{path}")
    if follow:
        link = page.locator(follow[0]).first
        assert await link.count() == 1, f"no {follow[0]} on {path}"
        response = await page.goto(f"{site.url}{await link.get_attribute('href')}")
    assert response is not None, name
    assert response.status == 200, name
    # open every table behind a chart, so that axe checks it too
    for summary in await page.locator("details > summary").all():
        await summary.click()

    found = await serious_violations(page)

    width = page.viewport_size["width"] if page.viewport_size else 0
    await page.screenshot(path=str(ARTIFACTS / f"axe-{name}-{width}.png"), full_page=True)
    assert found == [], f"{name} at {width} px: {found}"


async def test_the_check_finds_what_a_screen_reader_would_miss(browser: Browser) -> None:
    """The check itself: an unlabelled image and a button without a name are caught."""
    page = await browser.new_page()
    try:
        await page.set_content(
            '<html lang="nb"><head><title>t</title></head><body><main>'
            '<img src="data:,"><button></button></main></body></html>'
        )
        found = {v["id"] for v in await serious_violations(page)}
    finally:
        await page.close()
    assert {"image-alt", "button-name"} <= found
