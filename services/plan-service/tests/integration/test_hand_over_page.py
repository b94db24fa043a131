"""The receiving unit's hand-over page: NAV's staff, signed in, see the packages to NAV
under the basis they went under, read one, acknowledge it with the page's button, and
every page that shows a participant is in their access log; another agency without a
basis and NAV of another municipality get nothing (404 / an empty list)."""

from __future__ import annotations

import httpx
import pytest

from helhet_common.auth import TOKEN_COOKIE
from helhet_common.testing.services import DevTokens

from .conftest import GJOVIK, HAMAR, Database, Settle, basis_body

NAV_UNIT = {"receiving_kind": "nav", "receiving_unit_id": "nav-hamar"}
ACKNOWLEDGED = "helhet.hand_over.acknowledged.v1"


@pytest.fixture
async def handed_over(
    client: httpx.AsyncClient, caseworker: dict[str, str], exited: Settle
) -> tuple[str, str]:
    """An exited participant handed over to NAV under NAV's basis for the transition."""
    participant_id = await exited()
    basis = await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(purpose="transition", valid_from="2026-10-01"),
        headers=caseworker,
    )
    assert basis.status_code == 201, basis.text
    made = await client.post(
        f"/participants/{participant_id}/hand-overs",
        json={**NAV_UNIT, "participant_comment": "Jeg vil jobbe i barnehage."},
        headers=caseworker,
    )
    assert made.status_code == 201, made.text
    return participant_id, made.json()["id"]


def signed_in(client: httpx.AsyncClient, dev_tokens: DevTokens, **claims: str) -> None:
    client.cookies.set(TOKEN_COOKIE, dev_tokens.mint("caseworker", **claims))


async def test_nav_sees_reads_and_acknowledges_its_package_and_each_read_is_logged(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    handed_over: tuple[str, str],
) -> None:
    _, hand_over_id = handed_over
    signed_in(client, dev_tokens, municipality=HAMAR, agency="nav", sub="nav-veileder")
    before = (await database.counts())["access_log"]

    listed = await client.get("/hand-overs/page", params={"lang": "en"})
    package = await client.get(f"/hand-overs/{hand_over_id}/page", params={"lang": "nb"})
    pressed = await client.post(f"/hand-overs/{hand_over_id}/page", params={"lang": "en"})
    after = await client.get(f"/hand-overs/{hand_over_id}/page", params={"lang": "en"})
    twice = await client.post(f"/hand-overs/{hand_over_id}/page", params={"lang": "en"})

    assert listed.status_code == 200, listed.text
    assert f'data-hand-over="{hand_over_id}"' in listed.text
    assert "Ruta Haile" in listed.text
    assert "Not acknowledged yet" in listed.text
    assert package.status_code == 200, package.text
    assert "Overføringspakke" in package.text
    assert "Jeg vil jobbe i barnehage." in package.text
    assert 'data-action="acknowledge"' in package.text
    assert pressed.status_code == 303
    assert pressed.headers["location"] == f"/hand-overs/{hand_over_id}/page?lang=en"
    assert "Your unit owns the follow-up." in after.text
    assert 'data-action="acknowledge"' not in after.text
    assert twice.status_code == 409
    [ack] = await database.outbox_payloads(ACKNOWLEDGED)
    assert (ack["hand_over_id"], ack["follow_up_owner"]) == (hand_over_id, "nav")
    # the list, the package twice: three reads of the participant (the POSTs read nothing)
    assert (await database.counts())["access_log"] == before + 3


async def test_another_agency_without_a_basis_and_another_municipality_see_nothing(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    handed_over: tuple[str, str],
) -> None:
    _, hand_over_id = handed_over
    before = await database.counts()
    answers = {}
    for who, claims in {
        "county": {"municipality": HAMAR, "agency": "county", "sub": "fylke"},
        "nav elsewhere": {"municipality": GJOVIK, "agency": "nav", "sub": "nav-gjovik"},
    }.items():
        signed_in(client, dev_tokens, **claims)
        listed = await client.get("/hand-overs/page", params={"lang": "en"})
        one = await client.get(f"/hand-overs/{hand_over_id}/page", params={"lang": "en"})
        pressed = await client.post(f"/hand-overs/{hand_over_id}/page", params={"lang": "en"})
        answers[who] = (
            listed.status_code,
            hand_over_id in listed.text,
            one.status_code,
            pressed.status_code,
        )
    signed_in(client, dev_tokens, municipality=HAMAR, agency="refugee-service", sub="kw")
    owner = await client.get("/hand-overs/page")

    assert answers == {
        "county": (200, False, 404, 404),
        "nav elsewhere": (200, False, 404, 404),
    }
    assert owner.status_code == 403
    assert await database.counts() == before  # no read logged, nothing acknowledged
