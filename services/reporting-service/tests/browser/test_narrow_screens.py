"""The pages at a tablet's and a phone's width (issue 15): nothing makes the page wider
than the screen; a wide table scrolls inside its own box, which a keyboard can reach."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
Site = Any  # conftest.Site
WIDTHS = {"tablet": 820, "phone": 390}
PAGES = {"overview": "/", "participants": "/participants", "alerts": "/alerts"}


@pytest.fixture(params=list(WIDTHS))
async def narrow(request: pytest.FixtureRequest, browser: Browser) -> AsyncIterator[Page]:
    width = WIDTHS[request.param]
    context = await browser.new_context(viewport={"width": width, "height": 900}, locale="nb-NO")
    page = await context.new_page()
    try:
        yield page
    finally:
        await context.close()


async def too_wide(page: Page, width: int) -> list[str]:
    """The innermost elements that reach past the screen's right edge (for the message)."""
    found: list[str] = await page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 0.5)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5))
            .slice(0, 8)
            .map(e => `${e.tagName.toLowerCase()}.${e.className}`
                      + ` (${Math.round(e.getBoundingClientRect().right)} px)`)""",
        width,
    )
    return found


@pytest.mark.parametrize("name", list(PAGES))
async def test_the_page_is_no_wider_than_the_screen(site: Site, narrow: Page, name: str) -> None:
    page = narrow
    await page.context.add_cookies([site.cookie("integration_leader")])  # type: ignore[list-item]

    await page.goto(f"{site.url}{PAGES[name]}")

    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = await page.evaluate("document.documentElement.scrollWidth")
    await page.screenshot(path=str(ARTIFACTS / f"narrow-{name}-{width}.png"), full_page=True)
    assert scroll_width <= width, (
        f"{name} is {scroll_width} px wide at {width} px: {await too_wide(page, width)}"
    )


async def test_a_wide_tables_box_is_reachable_by_keyboard(site: Site, narrow: Page) -> None:
    page = narrow
    await page.context.add_cookies([site.cookie("integration_leader")])  # type: ignore[list-item]
    await page.goto(f"{site.url}/participants")

    box = page.locator(".scroll[role=region]").first
    await box.focus()

    assert await box.evaluate("e => document.activeElement === e")
    assert await box.get_attribute("aria-labelledby") == "participants-caption"
