"""Consent: an employer sees a candidate only while the participant's consent is in force.

Consents arrive as plan-service's events, applied through the consumer runner's
``apply_batch`` into placement-service's own projection."""

from __future__ import annotations

from uuid import uuid4

import httpx

from helhet_common.testing.services import DevTokens

from .conftest import (
    HAMAR,
    OTHER_ORG,
    TODAY,
    Api,
    Database,
    NewParticipant,
    Project,
    consent_expired,
    consent_granted,
    consent_withdrawn,
    mapping_recorded,
    plan_updated,
)


def employer_user(dev_tokens: DevTokens, sub: str = "kari@sykehjem") -> dict[str, str]:
    return dev_tokens.headers("contributor", municipality=HAMAR, agency="employer", sub=sub)


async def test_an_employer_sees_a_candidate_only_with_consent(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    employer = await api.employer()
    pid = await participant(consent_to=None)
    path = f"/employers/{employer['id']}/candidates/{pid}"
    kari = employer_user(dev_tokens)

    assert (await client.get(path, headers=kari)).status_code == 404  # no consent yet

    consent_id = uuid4()
    result = await project(consent_granted(pid, consent_id))
    assert result.applied == 1
    seen = await client.get(path, headers=kari)
    assert seen.status_code == 200, seen.text
    body = seen.json()
    assert body["consent_id"] == str(consent_id)
    assert body["wished_sectors"] == ["Q", "I"]
    assert "name" not in body

    consents = await client.get(f"/participants/{pid}/consents", headers=api.headers)
    assert consents.json()["items"][0]["in_force"] is True

    await project(consent_withdrawn(pid, consent_id))
    assert (await client.get(path, headers=kari)).status_code == 404


async def test_a_consent_to_another_employer_shows_nothing_and_to_another_purpose_is_403(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    employer = await api.employer()
    pid = await participant(consent_to=None)
    await project(consent_granted(pid, uuid4(), org=OTHER_ORG))
    path = f"/employers/{employer['id']}/candidates/{pid}"
    response = await client.get(path, headers=employer_user(dev_tokens))
    assert response.status_code == 404
    assert response.json()["code"] == "candidate-not-found"

    # A consent to this employer, but for mentoring: the employer has a basis, not for this.
    await project(consent_granted(pid, uuid4(), purpose="mentoring"))
    response = await client.get(path, headers=employer_user(dev_tokens))
    assert response.status_code == 403
    assert response.json()["code"] == "no-basis-for-purpose"


async def test_only_the_employers_own_contact_or_a_late_grant_after_withdrawal(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    employer = await api.employer()
    pid = await participant(consent_to=None)
    consent_id = uuid4()
    # The withdrawal arrives before the grant: the grant does not resurrect it.
    await project(consent_withdrawn(pid, consent_id))
    await project(consent_granted(pid, consent_id))
    path = f"/employers/{employer['id']}/candidates/{pid}"
    assert (await client.get(path, headers=employer_user(dev_tokens))).status_code == 404

    fresh = uuid4()
    await project(consent_granted(pid, fresh))
    assert (await client.get(path, headers=employer_user(dev_tokens))).status_code == 200
    stranger = employer_user(dev_tokens, sub="someone@else")
    assert (await client.get(path, headers=stranger)).status_code == 404
    caseworker_as_employer = dev_tokens.headers("contributor", municipality=HAMAR)
    assert (await client.get(path, headers=caseworker_as_employer)).status_code == 403


async def test_the_projection_keeps_the_newest_versions_and_skips_redelivery(
    api: Api, participant: NewParticipant, project: Project, client: httpx.AsyncClient
) -> None:
    pid = await participant(consent_to=None)
    newer = mapping_recorded(pid, version=3, wished_sectors=["F"])
    await project(newer, plan_updated(pid, version=2, end_goal="education"))
    redelivered = await project(newer, mapping_recorded(pid, version=2, wished_sectors=["P"]))
    assert redelivered.duplicates == 1
    profile = (await client.get(f"/participants/{pid}/profile", headers=api.headers)).json()
    assert (profile["mapping_version"], profile["wished_sectors"]) == (3, ["F"])
    assert (profile["plan_version"], profile["end_goal"]) == (2, "education")


async def test_a_withdrawal_ends_the_running_placement_and_says_why(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    database: Database,
) -> None:
    """Consent withdrawn in plan-service: the consumer ends the placement at that employer
    the same day, publishes the end (reason ``consent_withdrawn``) caused by the
    withdrawal and with placement-service's source; the placement at an employer the
    participant still consents to runs on."""
    home = await api.employer()
    shop = await api.employer(org_number=OTHER_ORG, name="Butikken")
    pid = await participant(consent_to=None)
    to_home, to_shop = uuid4(), uuid4()
    await project(consent_granted(pid, to_home), consent_granted(pid, to_shop, org=OTHER_ORG))
    at_home = await api.place(pid, (await api.opening(home["id"]))["id"])
    at_shop = await api.place(pid, (await api.opening(shop["id"]))["id"])

    withdrawal = consent_withdrawn(pid, to_home)
    result = await project(withdrawal)
    assert result.applied == 1, result

    ended = (await client.get(f"/placements/{at_home['id']}", headers=api.headers)).json()
    assert (ended["status"], ended["end_reason"], ended["actual_end"]) == (
        "ended",
        "consent_withdrawn",
        TODAY.isoformat(),
    )
    running = (await client.get(f"/placements/{at_shop['id']}", headers=api.headers)).json()
    assert running["end_reason"] is None
    [envelope] = await database.outbox_envelopes("helhet.placement.ended.v1")
    assert envelope["data"]["placement_id"] == at_home["id"]
    assert (envelope["data"]["reason"], envelope["data"]["next_step"]) == (
        "consent_withdrawn",
        "undecided",
    )
    assert envelope["causationid"] == withdrawal.id
    assert envelope["source"] == "/helhet/placement-service"

    # The same withdrawal again (a redelivery) is a duplicate and ends nothing twice.
    again = await project(withdrawal)
    assert again.applied == 0
    assert len(await database.outbox_envelopes("helhet.placement.ended.v1")) == 1


async def test_a_lapsed_consent_ends_the_placement_it_covered(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    database: Database,
) -> None:
    employer = await api.employer()
    pid = await participant(consent_to=None)
    consent_id = uuid4()
    await project(consent_granted(pid, consent_id))
    placed = await api.place(pid, (await api.opening(employer["id"]))["id"])

    await project(consent_expired(pid, consent_id))

    ended = (await client.get(f"/placements/{placed['id']}", headers=api.headers)).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "consent_expired")
    [data] = await database.outbox_payloads("helhet.placement.ended.v1")
    assert (data["reason"], data["actual_end"]) == ("consent_expired", TODAY.isoformat())
