"""The participant's own page over HTTP (the browser test drives it in Chromium): signed
in with a participant token, in every language, their own page only, and logged."""

from __future__ import annotations

import calendar
import json
import string
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from helhet_common.auth import TOKEN_COOKIE
from helhet_common.clock import SYSTEM_CLOCK
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


@pytest.mark.parametrize(
    ("lang", "direction_", "texts"),
    [
        (
            "uk",
            "ltr",
            [
                "Ваш план інтеграції",
                "Робота",
                "Уроки норвезької мови",
                "Разом годин на тиждень: 32,5.",
            ],
        ),
        (
            "ar",
            "rtl",
            [
                "خطة الاندماج الخاصة بك",
                "العمل",
                "دروس اللغة النرويجية",
                "عدد الساعات في الأسبوع: 32,5.",
            ],
        ),
        (
            "so",
            "ltr",
            ["Qorshahaaga is-dhexgalka", "Shaqo", "Casharada luqadda", "toddobaadkii: 32.5."],
        ),
        (
            "prs",
            "rtl",
            # (Dari letters, not Latin look-alikes)
            ["پلان ادغام شما", "کار", "درس زبان نارویژی", "مجموع ساعت‌ها در هفته: 32,5."],  # noqa: RUF001
        ),
    ],
)
async def test_a_drafted_language_shows_the_plan_translated_with_a_notice_and_a_way_to_bokmal(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    ruta: str,
    lang: str,
    direction_: str,
    texts: list[str],
) -> None:
    """Ukrainian, Arabic, Somali and Dari: complete catalogues no qualified translator
    has read yet. Every text is in the language (none in English), and the page says it
    is a draft, in that language, with a link that opens the same page in bokmål."""
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    page = f"/participants/{ruta}/page"

    response = await client.get(page, params={"lang": lang})

    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction_}">' in response.text
    for text in texts:
        assert text in response.text
    assert "Your integration plan" not in response.text
    assert '<span lang="en">' not in response.text
    assert "data-untranslated" not in response.text
    notice = response.text.split("data-unreviewed>")[1].split("</p>")[0]
    assert pages.TRANSLATIONS[lang]["unreviewed"] in notice
    assert pages.TRANSLATIONS[lang]["untranslated.link"] in notice
    href = notice.split('href="')[1].split('"')[0]
    bokmal = await client.get(str(response.url.join(href)))
    assert bokmal.status_code == 200
    assert '<html lang="nb" dir="ltr">' in bokmal.text
    assert "Integreringsplanen din" in bokmal.text
    assert "data-unreviewed" not in bokmal.text


CATALOGUES = sorted((Path(pages.__file__).parent / "translations").glob("*.json"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=[c.stem for c in CATALOGUES])
def test_every_translation_keeps_the_placeholders_of_bokmal_and_says_its_review_state(
    catalogue: Path,
) -> None:
    """A text that drops or renames ``{date}`` would show a wrong sentence or fail on
    the page; and each catalogue says whether a reviewer has read it."""
    bokmal = json.loads((catalogue.parent / "nb.json").read_text(encoding="utf-8"))
    texts = json.loads(catalogue.read_text(encoding="utf-8"))
    review = texts.pop("_review")
    assert review["state"] in (pages.REVIEWED, pages.UNREVIEWED)
    if review["state"] == pages.REVIEWED:
        assert review["by"], "a reviewed catalogue says who read it"
        assert review["date"], "a reviewed catalogue says when"
    wrong = {
        key: (sorted(_placeholders(bokmal[key])), sorted(_placeholders(text)))
        for key, text in texts.items()
        if _placeholders(bokmal[key]) != _placeholders(text)
    }
    assert wrong == {}
    if catalogue.stem not in pages.PARTIAL:
        assert set(texts) == set(bokmal) - {"_review"}


def test_the_review_states_are_as_documented() -> None:
    """nb, nn and en were written and read by the team; uk, ar, so and prs are drafts;
    Tigrinya is not translated (docs/translations.md)."""
    states = {lang: pages.review_state(lang) for lang in pages.TRANSLATIONS.languages}
    assert states == {
        "nb": "reviewed",
        "nn": "reviewed",
        "en": "reviewed",
        "uk": "unreviewed",
        "ar": "unreviewed",
        "so": "unreviewed",
        "prs": "unreviewed",
        "ti": "unreviewed",
    }


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
async def test_a_reviewed_catalogue_shows_no_notice(
    client: httpx.AsyncClient, dev_tokens: DevTokens, ruta: str, lang: str
) -> None:
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    response = await client.get(f"/participants/{ruta}/page", params={"lang": lang})
    assert response.status_code == 200
    assert "data-unreviewed" not in response.text
    assert "data-untranslated" not in response.text


async def test_a_reviewer_flipping_the_state_removes_the_notice(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    ruta: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """What docs/translations.md tells a reviewer to do: set ``_review`` to reviewed,
    with their name and the date; the Ukrainian page then shows no notice."""
    for catalogue in CATALOGUES:
        data = json.loads(catalogue.read_text(encoding="utf-8"))
        if catalogue.stem == "uk":
            data["_review"] = {"state": "reviewed", "by": "A. Translator", "date": "2027-01-04"}
        (tmp_path / catalogue.name).write_text(json.dumps(data), encoding="utf-8")
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    page = f"/participants/{ruta}/page"
    assert "data-unreviewed" in (await client.get(page, params={"lang": "uk"})).text

    monkeypatch.setattr(
        pages, "TRANSLATIONS", Translations(tmp_path, default="nb", partial=pages.PARTIAL)
    )
    reviewed = await client.get(page, params={"lang": "uk"})

    assert "Ваш план інтеграції" in reviewed.text
    assert "data-unreviewed" not in reviewed.text
    assert "data-unreviewed" in (await client.get(page, params={"lang": "ar"})).text


@pytest.mark.parametrize(("lang", "expected"), [("ar", "rtl"), ("fa", "rtl"), ("ti", "ltr")])
def test_the_writing_direction_follows_the_language(lang: str, expected: str) -> None:
    assert direction(lang) == expected


async def _week_and_ledger(
    client: httpx.AsyncClient, caseworker: dict[str, str], participant_id: str
) -> date:
    """This week: the learning centre Monday to Thursday, closed on Monday (the refugee
    service covers) and on Tuesday (nobody does); the participant's own holiday on
    Thursday. The ledger: attendance, a sick day, an invalid absence and a code the
    municipality added; one entry corrected. Returns this week's Monday."""
    today = SYSTEM_CLOCK.today()
    monday = today - timedelta(days=today.weekday())

    async def send(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await client.post(path, json=body, headers=caseworker)
        assert response.status_code == 201, response.text
        return dict(response.json())

    for weekday in range(1, 5):
        await send(
            f"/participants/{participant_id}/timetable/sessions",
            {
                "provider_kind": "learning_centre",
                "provider_id": "hamar-ls",
                "weekday": weekday,
                "starts": "08:30",
                "ends": "14:30",
                "valid_from": "2026-04-01",
            },
        )
    closure = {"provider_kind": "learning_centre", "provider_id": "hamar-ls", "kind": "closure"}
    day = monday.isoformat()
    await send(
        "/timetable/closures",
        {**closure, "from_date": day, "to_date": day, "covered_by": "refugee-service"},
    )
    tuesday = (monday + timedelta(days=1)).isoformat()
    await send("/timetable/closures", {**closure, "from_date": tuesday, "to_date": tuesday})
    thursday = (monday + timedelta(days=3)).isoformat()
    await send(
        f"/participants/{participant_id}/timetable/holidays",
        {"from_date": thursday, "to_date": thursday},
    )
    ledger = f"/participants/{participant_id}/ledger"
    await send(ledger, {"kind": "attendance", "date": "2026-11-02", "hours": 6})
    await send(ledger, {"kind": "absence", "date": "2026-11-03", "hours": 6, "code": "syk"})
    wrong = await send(
        ledger, {"kind": "absence", "date": "2026-11-04", "hours": 2, "code": "ugyldig"}
    )
    await send(
        ledger,
        {
            "kind": "absence",
            "date": "2026-11-04",
            "hours": 2,
            "code": "gyldig",
            "corrects": wrong["id"],
        },
    )
    return monday


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "nb",
            [
                "Uka di",
                "Flyktningtjenesten har en aktivitet for deg i stedet",
                "stengt denne dagen. Det er ingen aktivitet.",
                "Du har ferie.",
                "Du var syk. Du beholder pengene.",
                "Du var borte uten lov. Du får mindre penger for disse timene.",
                "Dette var feil. Det er rettet.",
            ],
        ),
        (
            "nn",
            [
                "Veka di",
                "har ein aktivitet for deg i staden",
                "Du var sjuk. Du held på pengane.",
                "Dette rettar ei tidlegare linje.",
            ],
        ),
        (
            "en",
            [
                "Your week",
                "Refugee service has an activity for you instead",
                "closed this day. There is no activity.",
                "You have holiday.",
                "You were sick. You keep your money.",
                "This was wrong. It is corrected.",
            ],
        ),
    ],
)
async def test_the_participant_sees_their_week_and_ledger_in_plain_words(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    ruta: str,
    lang: str,
    texts: list[str],
) -> None:
    monday = await _week_and_ledger(client, caseworker, ruta)
    sign_in(client, dev_tokens, "participant", sub=LOGIN)

    response = await client.get(f"/participants/{ruta}/page", params={"lang": lang})

    assert response.status_code == 200, response.text
    page = response.text
    for text in texts:
        assert text in page, text
    week = page.split('data-section="week"')[1].split("</section>")[0]
    states = [
        week.split(f'data-day="{(monday + timedelta(days=n)).isoformat()}"')[1]
        .split("</li>")[0]
        .count(f'data-state="{state}"')
        for n, state in ((0, "covered"), (1, "closed"), (2, "runs"), (3, "holiday"))
    ]
    assert states == [1, 1, 1, 1]
    assert "08:30\N{EN DASH}14:30" in week
    ledger = page.split('data-section="ledger"')[1].split("</section>")[0]
    # newest first: the correction (recorded last, same day), the wrong entry, then earlier days
    assert [c.split('"')[0] for c in ledger.split('data-code="')[1:]] == [
        "gyldig",
        "ugyldig",
        "syk",
    ]
    assert ledger.count('data-entry="attendance"') == 1


async def test_the_ledger_is_shown_twenty_at_a_time_and_the_read_is_logged(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    dev_tokens: DevTokens,
    database: Database,
    ruta: str,
) -> None:
    for day in range(1, 23):  # 22 entries in October
        response = await client.post(
            f"/participants/{ruta}/ledger",
            json={"kind": "attendance", "date": f"2026-10-{day:02d}", "hours": 1},
            headers=caseworker,
        )
        assert response.status_code == 201, response.text
    sign_in(client, dev_tokens, "participant", sub=LOGIN)
    before = (await database.counts())["access_log"]

    first = await client.get(f"/participants/{ruta}/page", params={"lang": "en"})
    older = await client.get(f"/participants/{ruta}/page", params={"lang": "en", "entries": 20})

    first_ledger = first.text.split('data-section="ledger"')[1].split("</section>")[0]
    older_ledger = older.text.split('data-section="ledger"')[1].split("</section>")[0]
    assert first_ledger.count("data-entry=") == 20
    assert "You see lines 1\N{EN DASH}20 of 22." in first_ledger
    assert "22 Oct 2026" in first_ledger
    assert "01 Oct 2026" not in first_ledger
    assert 'data-link="older_entries"' in first_ledger
    assert older_ledger.count("data-entry=") == 2
    assert "01 Oct 2026" in older_ledger
    assert 'data-link="newer_entries"' in older_ledger
    assert (await database.counts())["access_log"] == before + 2


@pytest.mark.parametrize("lang", ["nb", "nn", "en", "ti", "ar", "uk", "so", "prs"])
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
        Translations(marked, default="nb", partial=pages.PARTIAL),
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
