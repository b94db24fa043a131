"""The participant's own page over HTTP (the browser test drives it in Chromium): signed
in with a participant token, in three languages, their own page only, and logged."""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from helhet_common.auth import TOKEN_COOKIE
from helhet_common.testing.catalogue import mark_catalogue, outside_catalogue
from helhet_common.testing.services import DevTokens
from helhet_common.web import Translations
from plan_service.entrypoints import pages
from plan_service.entrypoints.pages import direction

from .conftest import Database, Settle, plan_body, programme_body

LOGIN = "ruta-login"


@pytest.fixture
async def ruta(client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle) -> str:
    """A participant with a login, a plan, a contact person and an open action."""
    participant_id = await settled(person_sub=LOGIN)

    async def send(method: str, path: str, body: Any) -> None:
        response = await client.request(
            method, f"/participants/{participant_id}{path}", json=body, headers=caseworker
        )
        assert response.status_code in (200, 201), response.text

    await send("POST", "/programme", programme_body())
    await send("PUT", "/plan", plan_body(participant_group="work_oriented"))
    await send(
        "POST",
        "/contacts",
        {"agency": "refugee-service", "name": "Kari Hansen", "role": "programrådgiver"},
    )
    await send(
        "POST",
        "/actions",
        {
            "description": "Finne språkpraksis på sykehjem",
            "owner_agency": "learning-centre",
            "owner_unit": "hls",
            "due_date": "2027-01-15",
        },
    )
    return participant_id


def sign_in(client: httpx.AsyncClient, dev_tokens: DevTokens, *roles: str, sub: str) -> None:
    client.cookies.set(TOKEN_COOKIE, dev_tokens.mint(*roles, sub=sub))


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (None, ["Integreringsplanen din", "Arbeid", "Norskopplæring", "Kari Hansen", "15.01.2027"]),
        ("nn", ["Måla dine", "arbeidsretta løp", "Timar i veka", "Kontaktpersonane dine"]),
        ("en", ["Your integration plan", "Work", "Norwegian lessons", "15 Jan 2027"]),
    ],
)
async def test_the_participant_sees_their_plan_in_their_language(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str, lang: str | None, texts: list[str]
) -> None:
    sign_in(client, dev_tokens, "participant", sub=LOGIN)

    response = await client.get(
        f"/participants/{ruta}/page", params={"lang": lang} if lang else None
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang or "nb"}" dir="ltr">' in response.text
    for text in texts:
        assert text in response.text
    assert "Finne språkpraksis på sykehjem" in response.text


async def test_the_page_is_never_cached_framed_or_scripted(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str
) -> None:
    """The page holds the participant's personal data: a shared computer's browser
    cache must not keep it, and no other site may frame it."""
    sign_in(client, dev_tokens, "participant", sub=LOGIN)

    response = await client.get(f"/participants/{ruta}/page")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'none'" in policy


async def test_the_home_page_leads_the_participant_to_their_own_page(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str
) -> None:
    sign_in(client, dev_tokens, "participant", sub=LOGIN)

    response = await client.get("/", params={"lang": "en"})

    assert response.status_code == 303
    assert response.headers["location"] == f"/participants/{ruta}/page?lang=en"


async def test_without_sign_in_the_page_asks_for_it(client: httpx.AsyncClient, ruta: str) -> None:
    page = await client.get(f"/participants/{ruta}/page")
    login = await client.get("/login")

    assert (page.status_code, page.headers["location"]) == (303, "/login")
    assert login.status_code == 401
    assert 'name="token"' in login.text


async def test_another_participants_page_is_not_found_and_staff_are_refused(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    ruta: str,
    settled: Settle,
    database: Database,
) -> None:
    other = await settled(person_sub="someone-else")
    before = await database.counts()

    sign_in(client, dev_tokens, "participant", sub="someone-else")
    theirs = await client.get(f"/participants/{ruta}/page")
    sign_in(client, dev_tokens, "caseworker", sub="tester")
    staff = await client.get(f"/participants/{ruta}/page")
    sign_in(client, dev_tokens, "participant", sub="nobody")
    no_plan = await client.get("/")

    assert theirs.status_code == 404
    assert "Integreringsplanen din" not in theirs.text
    assert "Kari Hansen" not in theirs.text
    assert staff.status_code == 403
    assert no_plan.status_code == 404
    assert await database.counts() == before
    assert other != ruta


async def test_reading_the_page_is_in_the_access_log(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str
) -> None:
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    await client.get(f"/participants/{ruta}/page")

    log = await client.get(
        f"/participants/{ruta}/access-log",
        headers={"Authorization": f"Bearer {dev_tokens.mint('participant', sub=LOGIN)}"},
    )

    entries = [(e["sub"], e["purpose"], e["endpoint"]) for e in log.json()["items"]]
    assert (LOGIN, "own_data", "GET /participants/{participant_id}/page") in entries


async def test_the_language_chosen_is_remembered_and_the_browser_language_is_the_fallback(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str
) -> None:
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    page = f"/participants/{ruta}/page"

    from_browser = await client.get(page, headers={"Accept-Language": "de, en-GB;q=0.8, nb;q=0.5"})
    chosen = await client.get(page, params={"lang": "nn"})
    cookie = chosen.headers["set-cookie"].lower()
    later = await client.get(page, headers={"Accept-Language": "en"})
    home = await client.get("/")
    unknown = await client.get(page, params={"lang": "xx"})

    assert '<html lang="en" dir="ltr">' in from_browser.text
    assert "set-cookie" not in from_browser.headers
    assert "samesite=lax" in cookie
    assert "max-age=31536000" in cookie
    assert "httponly" not in cookie
    assert '<html lang="nn" dir="ltr">' in later.text
    assert home.headers["location"] == page
    assert '<html lang="nn" dir="ltr">' in unknown.text
    assert "set-cookie" not in unknown.headers


@pytest.mark.parametrize(
    ("lang", "meaning", "whole_plan", "period"),
    [
        ("nb", "B1: Du klarer deg på norsk i jobb og hverdag.", "Hele planen", "04.05.2026"),
        (
            "en",
            "B1: You can manage in Norwegian at work and in daily life.",
            "Whole plan",
            "04 May",
        ),
    ],
)
async def test_the_norwegian_goal_is_explained_and_every_activity_has_a_period(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    ruta: str,
    lang: str,
    meaning: str,
    whole_plan: str,
    period: str,
) -> None:
    """B1 alone means nothing to most participants; an activity without dates runs for
    the whole plan, and the page says so instead of leaving the cell empty."""
    sign_in(client, dev_tokens, "participant", sub=LOGIN)

    response = await client.get(f"/participants/{ruta}/page", params={"lang": lang})

    norwegian = response.text.split('data-activity="norwegian"')[1].split("</tr>")[0]
    practice = response.text.split('data-activity="language_practice"')[1].split("</tr>")[0]
    assert 'data-field="norwegian_goal_meaning"' in response.text
    assert meaning in response.text
    assert whole_plan in norwegian
    assert f"{period}" in practice
    assert whole_plan not in practice


async def test_tigrinya_is_offered_and_its_missing_texts_are_english_marked_as_such(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str
) -> None:
    """No Tigrinya text is invented: until a translator fills the catalogue, each text
    is the English one, marked lang="en", and the page says it is not translated."""
    sign_in(client, dev_tokens, "participant", sub=LOGIN)

    response = await client.get(f"/participants/{ruta}/page", params={"lang": "ti"})

    assert response.status_code == 200
    assert '<html lang="ti" dir="ltr">' in response.text
    assert 'hreflang="ti" lang="ti"' in response.text
    assert "ትግርኛ" in response.text
    assert '<span lang="en">Your integration plan</span>' in response.text
    assert "data-untranslated" in response.text
    bokmal = await client.get(f"/participants/{ruta}/page", params={"lang": "nb"})
    assert "data-untranslated" not in bokmal.text


@pytest.mark.parametrize(("lang", "expected"), [("ar", "rtl"), ("fa", "rtl"), ("ti", "ltr")])
def test_the_writing_direction_follows_the_language(lang: str, expected: str) -> None:
    assert direction(lang) == expected


@pytest.mark.parametrize("lang", ["nb", "nn", "en", "ti", "ar"])
async def test_the_page_shows_only_catalogue_texts_and_the_participants_data(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    ruta: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Rendered with every catalogue text marked (helhet_common.testing.catalogue), the
    page's visible text is marked texts and data only: what the caseworker typed in
    (the contact, the action, the activities' providers), dates and numbers. The pages
    that say no (another's page, a staff member) are checked too."""
    marked = mark_catalogue(Path(pages.__file__).parent / "translations", tmp_path)
    monkeypatch.setattr(
        pages,
        "TRANSLATIONS",
        Translations(marked, default="nb", partial={"ti": "en", "ar": "en"}),
    )
    typed_in = {"Kari Hansen", "programrådgiver", "Finne språkpraksis på sykehjem", "B1"}
    typed_in |= {a["provider_unit"] for a in plan_body()["activities"]}
    typed_in |= set(calendar.month_abbr[1:])  # an English date's month: a format, not a text
    found: dict[str, list[str]] = {}
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    for path in [f"/participants/{ruta}/page", f"/participants/{uuid4()}/page"]:
        response = await client.get(path, params={"lang": lang})
        assert response.headers["content-type"].startswith("text/html"), path
        leftover = outside_catalogue(response.text, typed_in)
        if leftover:
            found[path] = leftover
    sign_in(client, dev_tokens, "caseworker", sub="kari")
    staff = await client.get(f"/participants/{ruta}/page", params={"lang": lang})
    assert staff.status_code == 403
    if leftover := outside_catalogue(staff.text):
        found["staff"] = leftover
    assert found == {}
