"""plan-service's public HTTP API, as the adapter (a machine client) uses it: through
the client generated from plan-service's OpenAPI document (``helhet_plan_service_client``,
``make client``), so a change of that API that the adapter does not follow shows up in
its type checks and tests.

The adapter never touches plan-service's database: one record is one idempotent
``PUT /external-participants/{source}/{external_id}``. A failure of plan-service (a 5xx,
a 429, a timeout, no connection) is retried with exponential backoff; after the last
attempt the run stops (``PlanServiceUnavailable``) and can be run again: nothing is
doubled, because the request is idempotent.

Tokens come from a ``TokenSource``. Today that is a fixed token (in development one
that ``helhet token`` mints); the machine clients of the identity work (client
credentials, scopes) will be another ``TokenSource``, with nothing else changed.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from helhet_plan_service_client.api.imports import (
    import_participant_external_participants_source_external_id_put as put_import,
)
from helhet_plan_service_client.api.imports import (
    import_participants_external_participants_source_post as post_batch,
)
from helhet_plan_service_client.client import AuthenticatedClient
from helhet_plan_service_client.models.participant_import import ParticipantImport
from helhet_plan_service_client.models.participant_import_batch import ParticipantImportBatch

from visma_flyktning.records import ImportRecord

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class TokenSource(Protocol):
    async def token(self) -> str: ...


@dataclass(frozen=True)
class StaticToken:
    value: str

    async def token(self) -> str:
        return self.value


class TokenAuth(httpx.Auth):
    """Puts the ``TokenSource``'s bearer token on every request that has none."""

    def __init__(self, tokens: TokenSource) -> None:
        self._tokens = tokens

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if "authorization" not in request.headers:
            request.headers["Authorization"] = f"Bearer {await self._tokens.token()}"
        yield request


class PlanServiceUnavailable(Exception):
    """plan-service did not answer (or answered 5xx) after every attempt."""


@dataclass(frozen=True, kw_only=True)
class Answer:
    """plan-service's answer to one record."""

    status: int
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status in (200, 201)


@dataclass(frozen=True, kw_only=True)
class Backoff:
    attempts: int = 6
    first_delay: float = 0.5
    max_delay: float = 15.0

    def delay(self, attempt: int) -> float:
        """Exponential with full jitter: attempt 1 waits up to ``first_delay``."""
        ceiling = min(self.max_delay, self.first_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


def body_of(record: ImportRecord, *, reason: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "municipality": record.municipality,
        "settlement_date": record.settlement_date.isoformat(),
        "birth_year": record.birth_year,
        "household_type": record.household_type,
        "languages": list(record.languages),
        "identifiers": record.identifiers.as_json(),
        "reason": reason,
    }
    if record.given_name:
        body["given_name"] = record.given_name
    if record.family_name:
        body["family_name"] = record.family_name
    return body


class PlanServiceClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        tokens: TokenSource,
        *,
        backoff: Backoff = Backoff(),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """``http`` is the connection to plan-service (its base URL set); the token of
        each request comes from ``tokens``."""
        http.auth = TokenAuth(tokens)
        self._api = AuthenticatedClient(base_url=str(http.base_url), token="")
        self._api.set_async_httpx_client(http)
        self._backoff = backoff
        self._sleep = sleep

    async def import_participant(
        self, record: ImportRecord, *, source: str, reason: str, dry_run: bool = False
    ) -> Answer:
        body = ParticipantImport.from_dict(body_of(record, reason=reason))
        last = "no attempt"
        for attempt in range(1, self._backoff.attempts + 1):
            try:
                response = await put_import.asyncio_detailed(
                    source, record.external_id, client=self._api, body=body, dry_run=dry_run
                )
            except (httpx.TransportError, httpx.TimeoutException) as error:
                last = f"{type(error).__name__}: {error}"
            else:
                status = int(response.status_code)
                if status not in RETRIED_STATUSES:
                    return Answer(status=status, body=_json(response.content))
                last = f"HTTP {status}"
            if attempt < self._backoff.attempts:
                await self._sleep(self._backoff.delay(attempt))
        raise PlanServiceUnavailable(
            f"plan-service did not take the record after {self._backoff.attempts} "
            f"attempts (last: {last})"
        )

    async def import_batch(
        self,
        records: list[ImportRecord],
        *,
        source: str,
        reason: str,
        dry_run: bool = False,
    ) -> list[Answer] | None:
        """Many records in one call (``POST /external-participants/{source}``): one
        answer per record, in order, as one call each would have had. None when
        plan-service took none of the batch (no such endpoint, a batch it refuses, a
        concurrent import): send them one by one then."""
        body = ParticipantImportBatch.from_dict(
            {
                "records": [
                    {"external_id": r.external_id, **body_of(r, reason=reason)} for r in records
                ]
            }
        )
        last = "no attempt"
        for attempt in range(1, self._backoff.attempts + 1):
            try:
                response = await post_batch.asyncio_detailed(
                    source, client=self._api, body=body, dry_run=dry_run
                )
            except (httpx.TransportError, httpx.TimeoutException) as error:
                last = f"{type(error).__name__}: {error}"
            else:
                status = int(response.status_code)
                if status == 200:
                    items = _json(response.content).get("items", [])
                    if len(items) != len(records):
                        return None
                    return [_answer(item) for item in items]
                if status not in RETRIED_STATUSES:
                    return None
                last = f"HTTP {status}"
            if attempt < self._backoff.attempts:
                await self._sleep(self._backoff.delay(attempt))
        raise PlanServiceUnavailable(
            f"plan-service did not take the batch after {self._backoff.attempts} "
            f"attempts (last: {last})"
        )


def _answer(item: dict[str, Any]) -> Answer:
    problem = item.get("problem")
    if problem:
        return Answer(status=int(item["status"]), body=dict(problem))
    return Answer(
        status=int(item["status"]),
        body={
            "outcome": item.get("outcome"),
            "participant_id": item.get("participant_id"),
            "changed_fields": item.get("changed_fields", []),
        },
    )


def _json(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content)
    except ValueError:
        return {"detail": content[:500].decode("utf-8", errors="replace")}
    return body if isinstance(body, dict) else {"detail": str(body)[:500]}
