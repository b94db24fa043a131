"""plan-service's public HTTP API, as the adapter (a machine client) uses it.

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
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from visma_flyktning.records import ImportRecord

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class TokenSource(Protocol):
    async def token(self) -> str: ...


@dataclass(frozen=True)
class StaticToken:
    value: str

    async def token(self) -> str:
        return self.value


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
        self._http = http
        self._tokens = tokens
        self._backoff = backoff
        self._sleep = sleep

    async def import_participant(
        self, record: ImportRecord, *, source: str, reason: str, dry_run: bool = False
    ) -> Answer:
        url = f"/external-participants/{source}/{record.external_id}"
        body = body_of(record, reason=reason)
        params = {"dry_run": "true"} if dry_run else None
        last = "no attempt"
        for attempt in range(1, self._backoff.attempts + 1):
            headers = {"Authorization": f"Bearer {await self._tokens.token()}"}
            try:
                response = await self._http.put(url, json=body, params=params, headers=headers)
            except (httpx.TransportError, httpx.TimeoutException) as error:
                last = f"{type(error).__name__}: {error}"
            else:
                if response.status_code not in RETRIED_STATUSES:
                    return Answer(status=response.status_code, body=_json(response))
                last = f"HTTP {response.status_code}"
            if attempt < self._backoff.attempts:
                await self._sleep(self._backoff.delay(attempt))
        raise PlanServiceUnavailable(
            f"plan-service did not take the record after {self._backoff.attempts} "
            f"attempts (last: {last})"
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"detail": response.text[:500]}
    return body if isinstance(body, dict) else {"detail": str(body)[:500]}
