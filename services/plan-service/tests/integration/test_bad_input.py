"""Bad input to every write endpoint: a 4xx problem with a ``code``, and nothing written.

Each case names the endpoint, the state the participant is in first, what is sent and
what must come back. Every case counts the rows of participants, programmes, plans, the
outbox and the idempotency keys before and after: a refused request writes none.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.auth import DevKeys, mint_token
from helhet_common.domain_errors import StaleVersion
from helhet_common.testing import async_wait_until
from helhet_common.testing.services import AUDIENCE, ISSUER, DevTokens
from plan_service.domain.codes import ActivityKind, CefrLevel, EndGoal
from plan_service.domain.plans import Activity
from plan_service.service_layer import commands, handlers
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

from .conftest import (
    GJOVIK,
    HAMAR,
    Database,
    Settle,
    plan_body,
    programme_body,
    settle_body,
)

# Request validation, roles and scoping, the same whatever the database: PostgreSQL only,
# to keep the suite's time (the tests that store and read state run on SQLite as well).
pytestmark = pytest.mark.databases("postgresql")

PROBLEM = "application/problem+json"
SETTLE = ("POST", "/participants")
START = ("POST", "/participants/{id}/programme")
PLAN = ("PUT", "/participants/{id}/plan")
READ_ONE = ("GET", "/participants/{id}")
READ_ALL = ("GET", "/participants")


def without(body: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != name}


def plan_with_activity(**changes: Any) -> dict[str, Any]:
    """A plan whose first activity has ``changes`` (a value of ``...`` removes the field)."""
    body = plan_body()
    activity = {**body["activities"][0], **changes}
    body["activities"][0] = {k: v for k, v in activity.items() if v is not ...}
    return body


@dataclass(frozen=True)
class Case:
    endpoint: tuple[str, str]
    status: int
    code: str
    json: Any = None
    content: bytes | None = None
    state: str = "settled"  # none | settled | enrolled | planned
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # more fields the problem must have


def invalid(endpoint: tuple[str, str], body: Any, state: str = "settled") -> Case:
    return Case(endpoint, 422, "invalid-input", json=body, state=state)


def malformed(endpoint: tuple[str, str], content: bytes, state: str = "settled") -> Case:
    return Case(
        endpoint,
        400,
        "malformed-json",
        content=content,
        state=state,
        headers={"Content-Type": "application/json"},
    )


SETTLE_REQUIRED = ("municipality", "settlement_date", "birth_year", "household_type", "languages")
PROGRAMME_REQUIRED = ("regime", "start_date", "expected_end_date")
PLAN_REQUIRED = ("version", "end_goal", "norwegian_goal", "activities")
ACTIVITY_REQUIRED = ("kind", "provider_unit", "hours_per_week")

CASES: dict[str, Case] = {
    # POST /participants: types, missing and unknown fields, JSON
    "settle/municipality-as-number": invalid(SETTLE, settle_body(municipality=3403), "none"),
    "settle/unknown-gender": invalid(SETTLE, settle_body(gender="x"), "none"),
    "settle/municipality-not-4-digits": invalid(SETTLE, settle_body(municipality="340"), "none"),
    "settle/birth-year-as-text": invalid(SETTLE, settle_body(birth_year="ninety"), "none"),
    "settle/birth-year-fraction": invalid(SETTLE, settle_body(birth_year=1994.5), "none"),
    "settle/birth-year-before-1900": invalid(SETTLE, settle_body(birth_year=1899), "none"),
    "settle/date-not-a-date": invalid(SETTLE, settle_body(settlement_date="last May"), "none"),
    "settle/date-impossible": invalid(SETTLE, settle_body(settlement_date="2026-02-30"), "none"),
    "settle/household-unknown": invalid(SETTLE, settle_body(household_type="couple"), "none"),
    "settle/languages-as-text": invalid(SETTLE, settle_body(languages="ti"), "none"),
    "settle/languages-empty": invalid(SETTLE, settle_body(languages=[]), "none"),
    "settle/language-not-iso": invalid(SETTLE, settle_body(languages=["Tigrinya"]), "none"),
    "settle/name-as-number": invalid(SETTLE, settle_body(given_name=42), "none"),
    "settle/name-blank": invalid(SETTLE, settle_body(family_name="   "), "none"),
    "settle/name-too-long": invalid(SETTLE, settle_body(family_name="x" * 201), "none"),
    "settle/body-is-a-list": invalid(SETTLE, [settle_body()], "none"),
    "settle/body-is-null": Case(
        SETTLE,
        422,
        "invalid-input",
        content=b"null",
        state="none",
        headers={"Content-Type": "application/json"},
    ),
    "settle/no-body": Case(SETTLE, 422, "invalid-input", content=b"", state="none"),
    **{
        f"settle/missing-{name}": invalid(SETTLE, without(settle_body(), name), "none")
        for name in SETTLE_REQUIRED
    },
    "settle/unknown-field": invalid(SETTLE, settle_body(national_id="01019412345"), "none"),
    "settle/malformed-json": malformed(SETTLE, b'{"municipality": "3403",', "none"),
    "settle/not-json-at-all": malformed(SETTLE, b"municipality=3403", "none"),
    # POST /participants: rules
    "settle/unknown-municipality": Case(
        SETTLE, 422, "unknown-municipality", json=settle_body(municipality="9999"), state="none"
    ),
    "settle/another-municipality": Case(
        SETTLE, 403, "forbidden", json=settle_body(municipality=GJOVIK), state="none"
    ),
    "settle/in-the-future": Case(
        SETTLE,
        422,
        "settlement-in-future",
        json=settle_body(settlement_date="2099-01-01"),
        state="none",
    ),
    "settle/born-after-settlement": Case(
        SETTLE,
        422,
        "birth-year",
        json=settle_body(settlement_date="2020-01-01", birth_year=2021),
        state="none",
    ),
    "settle/idempotency-key-too-long": Case(
        SETTLE,
        400,
        "invalid-idempotency-key",
        json=settle_body(),
        state="none",
        headers={"Idempotency-Key": "k" * 201},
    ),
    # POST /participants/{id}/programme: types, missing and unknown fields, JSON
    "programme/regime-unknown": invalid(START, programme_body(regime="arbeidsloven")),
    "programme/regime-as-number": invalid(START, programme_body(regime=2021)),
    "programme/start-not-a-date": invalid(START, programme_body(start_date="1 April")),
    "programme/end-as-boolean": invalid(START, programme_body(expected_end_date=True)),
    "programme/body-is-a-list": invalid(START, [programme_body()]),
    **{
        f"programme/missing-{name}": invalid(START, without(programme_body(), name))
        for name in PROGRAMME_REQUIRED
    },
    "programme/unknown-field": invalid(START, programme_body(municipality=HAMAR)),
    "programme/malformed-json": malformed(START, b'{"regime": integreringsloven}'),
    # POST /participants/{id}/programme: rules
    "programme/before-settlement": Case(
        START, 422, "programme-before-settlement", json=programme_body(start_date="2026-03-01")
    ),
    "programme/ends-before-it-starts": Case(
        START, 422, "dates-out-of-order", json=programme_body(expected_end_date="2026-03-31")
    ),
    "programme/ends-the-day-it-starts": Case(
        START, 422, "dates-out-of-order", json=programme_body(expected_end_date="2026-04-01")
    ),
    "programme/integration-act-too-short": Case(
        START, 422, "duration-outside-regime", json=programme_body(expected_end_date="2026-06-29")
    ),
    "programme/integration-act-too-long": Case(
        START, 422, "duration-outside-regime", json=programme_body(expected_end_date="2029-04-02")
    ),
    "programme/introduction-act-too-short": Case(
        START,
        422,
        "duration-outside-regime",
        json=programme_body(regime="introduksjonsloven", expected_end_date="2026-04-29"),
    ),
    "programme/introduction-act-too-long": Case(
        START,
        422,
        "duration-outside-regime",
        json=programme_body(regime="introduksjonsloven", expected_end_date="2029-04-02"),
    ),
    "programme/started-twice": Case(
        START, 409, "programme-already-started", json=programme_body(), state="enrolled"
    ),
    "programme/idempotency-key-not-printable": Case(
        START,
        400,
        "invalid-idempotency-key",
        json=programme_body(),
        headers={"Idempotency-Key": "key\twith-tab"},
    ),
    # PUT /participants/{id}/plan: types, missing and unknown fields, JSON
    "plan/version-as-text": invalid(PLAN, plan_body(version="one")),
    "plan/version-negative": invalid(PLAN, plan_body(version=-1)),
    "plan/end-goal-unknown": invalid(PLAN, plan_body(end_goal="retire")),
    "plan/norwegian-goal-unknown": invalid(PLAN, plan_body(norwegian_goal="C2")),
    "plan/activities-as-object": invalid(PLAN, plan_body(activities={"kind": "norwegian"})),
    "plan/too-many-activities": invalid(
        PLAN,
        plan_body(activities=[{"kind": "other", "provider_unit": "x", "hours_per_week": 0.5}] * 51),
    ),
    "plan/activity-kind-unknown": invalid(PLAN, plan_with_activity(kind="yoga")),
    "plan/activity-hours-as-text": invalid(PLAN, plan_with_activity(hours_per_week="many")),
    "plan/activity-hours-zero": invalid(PLAN, plan_with_activity(hours_per_week=0)),
    "plan/activity-hours-negative": invalid(PLAN, plan_with_activity(hours_per_week=-5)),
    "plan/activity-hours-nan": Case(
        PLAN,
        422,
        "invalid-input",
        content=b'{"version": 0, "end_goal": "work", "norwegian_goal": "B1", "activities":'
        b' [{"kind": "norwegian", "provider_unit": "x", "hours_per_week": NaN}]}',
        headers={"Content-Type": "application/json"},
    ),
    "plan/activity-date-not-a-date": invalid(PLAN, plan_with_activity(from_date="soon")),
    "plan/body-is-a-list": invalid(PLAN, [plan_body()]),
    **{f"plan/missing-{name}": invalid(PLAN, without(plan_body(), name)) for name in PLAN_REQUIRED},
    **{
        f"plan/activity-missing-{name}": invalid(PLAN, plan_with_activity(**{name: ...}))
        for name in ACTIVITY_REQUIRED
    },
    "plan/unknown-field": invalid(PLAN, plan_body(comment="free text about the person")),
    "plan/activity-unknown-field": invalid(PLAN, plan_with_activity(participant_name="Ruta")),
    "plan/malformed-json": malformed(PLAN, b'{"version": 0, "activities": [}'),
    # PUT /participants/{id}/plan: rules
    "plan/hours-over-full-time": Case(
        PLAN,
        422,
        "hours-over-full-time",
        json=plan_body(
            activities=[
                {"kind": "norwegian", "provider_unit": "Hamar læringssenter", "hours_per_week": 25},
                {"kind": "work_practice", "provider_unit": "Coop Hamar", "hours_per_week": 13},
            ]
        ),
    ),
    "plan/activity-ends-before-it-starts": Case(
        PLAN,
        422,
        "dates-out-of-order",
        json=plan_with_activity(from_date="2026-06-01", to_date="2026-05-01"),
    ),
    "plan/stale-create": Case(
        PLAN,
        409,
        "stale-version",
        json=plan_body(version=0),
        state="planned",
        extra={"current_version": 1},
    ),
    "plan/version-ahead": Case(
        PLAN,
        409,
        "stale-version",
        json=plan_body(version=2),
        state="planned",
        extra={"current_version": 1},
    ),
    "plan/update-without-a-plan": Case(
        PLAN, 409, "stale-version", json=plan_body(version=1), extra={"current_version": 0}
    ),
    "plan/change-without-a-reason": Case(
        PLAN, 422, "reason-required", json=plan_body(version=1, reason=...), state="planned"
    ),
    "plan/blank-reason": invalid(PLAN, plan_body(reason="   ")),
    "plan/reason-too-long": invalid(PLAN, plan_body(reason="x" * 2001)),
    "plan/reason-as-number": invalid(PLAN, plan_body(reason=42)),
    "plan/unknown-participant-group": invalid(PLAN, plan_body(participant_group="fast_track")),
    "plan/heavy-self-study-not-a-boolean": invalid(PLAN, plan_body(heavy_self_study="maybe")),
}


@pytest.fixture
def prepare(settled: Settle, enrolled: Settle, planned: Settle) -> Any:
    async def prepare(state: str) -> str:
        match state:
            case "none":
                return str(uuid.uuid4())
            case "settled":
                return await settled()
            case "enrolled":
                return await enrolled()
            case "planned":
                return await planned()
        raise ValueError(state)

    return prepare


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["code"]
    if code is not None:
        assert problem["code"] == code, problem
    return problem


def body_for(endpoint: tuple[str, str]) -> dict[str, Any] | None:
    return {SETTLE: settle_body(), START: programme_body(), PLAN: plan_body()}.get(endpoint)


async def send(
    client: httpx.AsyncClient,
    endpoint: tuple[str, str],
    participant_id: str,
    headers: dict[str, str],
) -> httpx.Response:
    method, path = endpoint
    return await client.request(
        method, path.format(id=participant_id), json=body_for(endpoint), headers=headers
    )


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_bad_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    prepare: Any,
    case: Case,
) -> None:
    participant_id = await prepare(case.state)
    method, path = case.endpoint
    before = await database.counts()

    response = await client.request(
        method,
        path.format(id=participant_id),
        json=case.json if case.content is None else None,
        content=case.content,
        headers={**caseworker, **case.headers},
    )

    problem = assert_problem(response, case.status, case.code)
    for name, value in case.extra.items():
        assert problem[name] == value
    assert await database.counts() == before


async def test_validation_problems_say_where(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    response = await client.post(
        "/participants", json=without(settle_body(), "birth_year"), headers=caseworker
    )

    problem = assert_problem(response, 422, "invalid-input")
    assert ["body", "birth_year"] in [error["location"] for error in problem["errors"]]


async def test_body_that_is_not_utf8_is_a_400(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database
) -> None:
    before = await database.counts()

    response = await client.post(
        "/participants",
        content=b'{"municipality": "\xff\xfe"}',
        headers={**caseworker, "Content-Type": "application/json"},
    )

    assert_problem(response, 400, "malformed-json")
    assert await database.counts() == before


@pytest.mark.parametrize("endpoint", [START, PLAN, READ_ONE], ids=["programme", "plan", "get"])
async def test_unknown_participant_is_404(
    client: httpx.AsyncClient, caseworker: dict[str, str], endpoint: tuple[str, str]
) -> None:
    response = await send(client, endpoint, str(uuid.uuid4()), caseworker)

    assert_problem(response, 404, "participant-not-found")


async def test_participant_id_that_is_not_a_uuid_is_422(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    response = await client.get("/participants/not-a-uuid", headers=caseworker)

    assert_problem(response, 422, "invalid-input")


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"limit": "all"}, {"offset": -1}])
async def test_bad_paging_is_422(
    client: httpx.AsyncClient, caseworker: dict[str, str], params: dict[str, Any]
) -> None:
    response = await client.get("/participants", params=params, headers=caseworker)

    assert_problem(response, 422, "invalid-input")


# Authentication and authorisation -----------------------------------------------------

ALL_ENDPOINTS = {
    "settle": SETTLE,
    "programme": START,
    "plan": PLAN,
    "get": READ_ONE,
    "list": READ_ALL,
}
WRITES = {"settle": SETTLE, "programme": START, "plan": PLAN}


def caseworker_token(keys: DevKeys, **claims: Any) -> str:
    """A Hamar caseworker's token signed with ``keys``; ``claims`` override the defaults."""
    return mint_token(
        keys,
        sub="tester",
        municipality=HAMAR,
        agency="refugee-service",
        roles=["caseworker"],
        issuer=ISSUER,
        audience=AUDIENCE,
        extra_claims=claims,
    )


def bad_credentials(kind: str, dev_tokens: DevTokens, elsewhere: Path) -> dict[str, str]:
    match kind:
        case "missing":
            return {}
        case "garbage":
            return {"Authorization": "Bearer not.a.token"}
        case "basic":
            return {"Authorization": "Basic dGVzdGVyOnNlY3JldA=="}
        case "other-keys":
            token = caseworker_token(DevKeys(elsewhere).ensure())
        case "expired":
            token = caseworker_token(dev_tokens.keys, exp=int(time.time()) - 3600)
        case "wrong-audience":
            token = caseworker_token(dev_tokens.keys, aud="another-system")
        case _:
            raise ValueError(kind)
    return {"Authorization": f"Bearer {token}"}


BAD_CREDENTIALS = ["missing", "garbage", "basic", "other-keys", "expired", "wrong-audience"]


@pytest.mark.parametrize("credentials", BAD_CREDENTIALS)
@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS.values(), ids=ALL_ENDPOINTS.keys())
async def test_without_a_valid_token_every_endpoint_is_401(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    settled: Settle,
    tmp_path: Path,
    endpoint: tuple[str, str],
    credentials: str,
) -> None:
    participant_id = await settled()
    headers = bad_credentials(credentials, dev_tokens, tmp_path)
    before = await database.counts()

    response = await send(client, endpoint, participant_id, headers)

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "settlement_date" not in response.text
    assert await database.counts() == before


@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS.values(), ids=ALL_ENDPOINTS.keys())
async def test_a_participant_role_is_403_everywhere(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    settled: Settle,
    endpoint: tuple[str, str],
) -> None:
    participant_id = await settled()
    before = await database.counts()

    response = await send(client, endpoint, participant_id, dev_tokens.headers("participant"))

    assert_problem(response, 403, "forbidden")
    assert "settlement_date" not in response.text
    assert await database.counts() == before


@pytest.mark.parametrize("endpoint", WRITES.values(), ids=WRITES.keys())
async def test_an_integration_leader_may_not_write(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    settled: Settle,
    endpoint: tuple[str, str],
) -> None:
    participant_id = await settled()
    before = await database.counts()

    response = await send(
        client, endpoint, participant_id, dev_tokens.headers("integration_leader")
    )

    assert_problem(response, 403, "forbidden")
    assert await database.counts() == before


OTHER_MUNICIPALITY = {"programme": START, "plan": PLAN, "get": READ_ONE}


@pytest.mark.parametrize("endpoint", OTHER_MUNICIPALITY.values(), ids=OTHER_MUNICIPALITY.keys())
async def test_another_municipality_cannot_tell_the_participant_exists(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    settled: Settle,
    endpoint: tuple[str, str],
) -> None:
    participant_id = await settled()
    gjovik = dev_tokens.headers("caseworker", municipality=GJOVIK)
    before = await database.counts()

    response = await send(client, endpoint, participant_id, gjovik)
    nobody = await send(client, endpoint, str(uuid.uuid4()), gjovik)

    problem = without(assert_problem(response, 404, "participant-not-found"), "instance")
    text = json.dumps(problem, ensure_ascii=False)
    for leaked in ("settlement_date", "birth_year", "languages", "2026-03-02", "1994", "Ruta"):
        assert leaked not in text
    assert problem == without(nobody.json(), "instance")
    assert await database.counts() == before


# Concurrency -------------------------------------------------------------------------


@pytest.mark.databases("postgresql", "sqlite")  # the optimistic lock holds on both
@pytest.mark.parametrize("state", ["enrolled", "planned"], ids=["create", "update"])
async def test_concurrent_plan_writes_on_one_version_let_exactly_one_win(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    prepare: Any,
    state: str,
) -> None:
    participant_id = await prepare(state)
    based_on = 0 if state == "enrolled" else 1
    before = await database.counts()

    responses = await asyncio.gather(
        *(
            client.put(
                f"/participants/{participant_id}/plan",
                json=plan_body(version=based_on, norwegian_goal=goal),
                headers=caseworker,
            )
            for goal in ("A2", "B1")
        )
    )

    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert_problem(loser, 409, "stale-version")
    assert loser.json()["current_version"] == based_on + 1
    assert await database.plan_version(participant_id) == based_on + 1
    after = await database.counts()
    assert after["outbox"] == before["outbox"] + 1


@pytest.mark.databases("postgresql", "sqlite")
async def test_concurrent_programme_starts_let_exactly_one_win(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, settled: Settle
) -> None:
    participant_id = await settled()
    before = await database.counts()

    responses = await asyncio.gather(
        *(
            client.post(
                f"/participants/{participant_id}/programme",
                json=programme_body(),
                headers=caseworker,
            )
            for _ in range(2)
        )
    )

    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert_problem(loser, 409, "programme-already-started")
    after = await database.counts()
    assert after["programmes"] == before["programmes"] + 1
    assert after["outbox"] == before["outbox"] + 1


async def waiting_on_a_lock(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        waiting = await conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
    return bool(waiting)


# PostgreSQL's row locks: on SQLite every transaction begins IMMEDIATE, so the second
# writer waits at its start and cannot load "no plan yet" alongside the first.
@pytest.mark.databases("postgresql")
async def test_a_first_plan_saved_while_another_is_being_created_makes_that_one_stale(
    app: FastAPI, test_engine: AsyncEngine, database: Database, enrolled: Settle
) -> None:
    """The database's guard, step by step: both writers load 'no plan yet'; the second
    one's insert waits on the first one's row and fails when that commits."""
    participant_id = await enrolled()
    command = commands.UpdatePlan(
        participant_id=uuid.UUID(participant_id),
        municipality=HAMAR,
        expected_version=0,
        end_goal=EndGoal.WORK,
        norwegian_goal=CefrLevel.B1,
        activities=(Activity(ActivityKind.NORWEGIAN, "Hamar læringssenter", 20.0),),
    )
    sessions, source = app.state.session_factory, app.state.settings.source
    first = PlanUnitOfWork(sessions, source=source)
    second = PlanUnitOfWork(sessions, source=source)

    async with first, second:
        await handlers.update_plan(command, first)
        racing = asyncio.create_task(handlers.update_plan(command, second))
        await async_wait_until(lambda: waiting_on_a_lock(test_engine), timeout=5)
        await first.commit()
        with pytest.raises(StaleVersion) as stale:
            await racing

    assert (stale.value.current, stale.value.given) == (1, 0)
    assert await database.plan_version(participant_id) == 1
    plan_events = [r for r in await database.outbox() if r.event_type == "helhet.plan.updated.v1"]
    assert len(plan_events) == 1
