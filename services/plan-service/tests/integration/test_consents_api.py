"""Consents and sharing bases over the API, and the 404 an agency without a basis gets."""

from __future__ import annotations

from datetime import date

import httpx

from helhet_common.clock import FixedClock
from helhet_common.testing.services import DevTokens
from plan_service.entrypoints.jobs import announce_lapsed_consents
from plan_service.settings import PlanSettings

from .conftest import (
    HAMAR,
    Database,
    Settle,
    basis_body,
    consent_body,
    exit_body,
    programme_body,
    settle_body,
)

CONSENTS = "helhet.consents"


async def test_granting_a_consent_returns_it_and_publishes_consent_granted(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    before = await database.outbox()

    response = await client.post(
        f"/participants/{participant_id}/consents",
        json=consent_body(expires_on="2027-06-30"),
        headers=caseworker,
    )

    assert response.status_code == 201, response.text
    consent = response.json()
    assert consent["status"] == "in_force"
    new = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.topic, r.key) for r in new] == [
        ("helhet.consent.granted.v1", CONSENTS, participant_id)
    ]
    assert new[0].payload["data"] == {
        "participant_id": participant_id,
        "consent_id": consent["id"],
        "recipient_kind": "employer",
        "recipient_id": "974760673",
        "purpose": "placement",
        "granted_on": "2026-09-01",
        "expires_on": "2027-06-30",
    }


async def test_withdrawing_publishes_consent_withdrawn_and_a_second_withdrawal_is_409(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle, database: Database
) -> None:
    participant_id = await settled()
    granted = await client.post(
        f"/participants/{participant_id}/consents", json=consent_body(), headers=caseworker
    )
    consent_id = granted.json()["id"]
    url = f"/participants/{participant_id}/consents/{consent_id}/withdrawal"
    before = await database.outbox()

    withdrawn = await client.post(url, json={"withdrawn_on": "2026-10-01"}, headers=caseworker)
    again = await client.post(url, headers=caseworker)
    listed = await client.get(f"/participants/{participant_id}/consents", headers=caseworker)

    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert again.status_code == 409
    assert again.json()["code"] == "consent-already-withdrawn"
    new = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.topic, r.key) for r in new] == [
        ("helhet.consent.withdrawn.v1", CONSENTS, participant_id)
    ]
    assert new[0].payload["data"] == {
        "participant_id": participant_id,
        "consent_id": consent_id,
        "withdrawn_on": "2026-10-01",
    }
    assert [c["status"] for c in listed.json()["items"]] == ["withdrawn"]


async def test_withdrawing_an_unknown_consent_is_404(
    client: httpx.AsyncClient, caseworker: dict[str, str], settled: Settle
) -> None:
    participant_id = await settled()

    response = await client.post(
        f"/participants/{participant_id}/consents/01930000-0000-7000-8000-000000000000/withdrawal",
        headers=caseworker,
    )

    assert response.status_code == 404
    assert response.json()["code"] == "consent-not-found"


async def test_the_participant_may_withdraw_their_own_consent_but_not_anothers(
    client: httpx.AsyncClient, caseworker: dict[str, str], dev_tokens: DevTokens, settled: Settle
) -> None:
    own_id = await settled(person_sub="ruta-login")
    other_id = await settled(person_sub="someone-else")
    me = dev_tokens.headers("participant", municipality=HAMAR, sub="ruta-login")
    granted = await client.post(
        f"/participants/{own_id}/consents", json=consent_body(), headers=caseworker
    )
    other = await client.post(
        f"/participants/{other_id}/consents", json=consent_body(), headers=caseworker
    )

    mine = await client.post(
        f"/participants/{own_id}/consents/{granted.json()['id']}/withdrawal", headers=me
    )
    theirs = await client.post(
        f"/participants/{other_id}/consents/{other.json()['id']}/withdrawal", headers=me
    )

    assert mine.status_code == 200, mine.text
    assert theirs.status_code == 404
    assert theirs.json()["code"] == "participant-not-found"


async def test_an_agency_without_a_sharing_basis_gets_404_not_403(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    participant_id = await settled()
    before = await database.counts()

    one = await client.get(f"/participants/{participant_id}", headers=nav)
    listed = await client.get("/participants", headers=nav)
    write = await client.post(
        f"/participants/{participant_id}/programme", json=programme_body(), headers=nav
    )

    assert one.status_code == 404
    assert one.json()["code"] == "participant-not-found"
    assert write.status_code == 404
    assert listed.json()["total"] == 0
    assert await database.counts() == before


async def test_a_sharing_basis_lets_the_agency_see_and_is_published(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    participant_id = await settled()
    hidden_id = await settled()
    before = await database.outbox()

    recorded = await client.post(
        f"/participants/{participant_id}/sharing-bases", json=basis_body(), headers=caseworker
    )
    one = await client.get(f"/participants/{participant_id}", headers=nav)
    listed = await client.get("/participants", headers=nav)
    bases = await client.get(f"/participants/{participant_id}/sharing-bases", headers=nav)

    assert recorded.status_code == 201, recorded.text
    assert one.status_code == 200, one.text
    assert [p["id"] for p in listed.json()["items"]] == [participant_id]
    assert hidden_id not in listed.text
    assert [b["agency"] for b in bases.json()["items"]] == ["nav"]
    new = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.topic, r.key) for r in new] == [
        ("helhet.sharing_basis.recorded.v1", CONSENTS, participant_id)
    ]
    assert new[0].payload["data"] == {
        "participant_id": participant_id,
        "basis_id": recorded.json()["id"],
        "agency": "nav",
        "purpose": "nav_measures",
        "legal_basis": "integreringsloven",
        "valid_from": "2026-09-01",
        "valid_to": None,
    }


async def test_a_basis_that_has_ended_hides_the_participant_again(
    client: httpx.AsyncClient, caseworker: dict[str, str], nav: dict[str, str], settled: Settle
) -> None:
    participant_id = await settled()
    await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(valid_to="2026-10-31"),
        headers=caseworker,
    )

    response = await client.get(f"/participants/{participant_id}", headers=nav)

    assert response.status_code == 404


async def test_an_agency_with_a_basis_may_not_take_the_owners_decisions(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    enrolled: Settle,
    database: Database,
) -> None:
    participant_id = await enrolled()
    await client.post(
        f"/participants/{participant_id}/sharing-bases", json=basis_body(), headers=caseworker
    )
    before = await database.counts()

    exits = await client.post(
        f"/participants/{participant_id}/programme/exit", json=exit_body(), headers=nav
    )
    bases = await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(agency="county"),
        headers=nav,
    )
    consents = await client.post(
        f"/participants/{participant_id}/consents", json=consent_body(), headers=nav
    )

    for response in (exits, bases, consents):
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "programme-owner-only"
    assert await database.counts() == before


async def test_settling_is_the_programme_owners(
    client: httpx.AsyncClient, nav: dict[str, str], database: Database
) -> None:
    response = await client.post("/participants", json=settle_body(), headers=nav)

    assert response.status_code == 403
    assert response.json()["code"] == "programme-owner-only"
    assert (await database.counts())["participants"] == 0


async def test_the_daily_job_announces_a_lapsed_consent_once(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    settled: Settle,
    database: Database,
    settings: PlanSettings,
) -> None:
    """``plan-service expire-consents``: on the expiry day the consent is announced as
    expired (the services that hold data on its basis end what it covered); the day
    before nothing is, and a second run announces nothing twice."""
    participant_id = await settled()
    lapsing = await client.post(
        f"/participants/{participant_id}/consents",
        json=consent_body(expires_on="2027-06-30"),
        headers=caseworker,
    )
    await client.post(
        f"/participants/{participant_id}/consents",
        json=consent_body(recipient_id="987654309"),
        headers=caseworker,
    )
    before = await database.outbox()

    assert await announce_lapsed_consents(settings, clock=FixedClock(date(2027, 6, 29))) == 0
    assert await announce_lapsed_consents(settings, clock=FixedClock(date(2027, 6, 30))) == 1
    assert await announce_lapsed_consents(settings, clock=FixedClock(date(2027, 7, 1))) == 0

    new = (await database.outbox())[len(before) :]
    assert [(r.event_type, r.topic, r.key) for r in new] == [
        ("helhet.consent.expired.v1", CONSENTS, participant_id)
    ]
    assert new[0].payload["data"] == {
        "participant_id": participant_id,
        "consent_id": lapsing.json()["id"],
        "expired_on": "2027-06-30",
    }
