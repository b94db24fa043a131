"""Idempotent creates: a repeated request with the same ``Idempotency-Key`` gets the
first response again instead of creating a second resource.

The key row is written in the unit of work's transaction, so it exists exactly when the
change does. A key reused with a different body is a 422; two concurrent requests with
one key race on the primary key and the loser replays the winner's response.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.shared_tables import SharedTables
from helhet_common.errors import Problem

MAX_KEY_LENGTH = 200
# Printable ASCII (a structured-field string, as the IETF draft has it): a UUID is a
# good key. The OpenAPI documents declare the same pattern.
KEY_PATTERN = rf"^[\x20-\x7e]{{1,{MAX_KEY_LENGTH}}}$"
_KEY = re.compile(KEY_PATTERN)


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: Any


def request_hash(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def validate_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise Problem(
            f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable ASCII characters.",
            status=400,
            code="invalid-idempotency-key",
            title="Invalid Idempotency-Key",
        )
    return key


@dataclass(frozen=True)
class IdempotentRequest:
    """An ``Idempotency-Key`` and what identifies the request it came with."""

    scope: str
    key: str
    fingerprint: str

    @classmethod
    def from_header(
        cls, key: str | None, *, caller: str, operation: str, body: Any
    ) -> IdempotentRequest | None:
        """``None`` without a key. ``caller`` and ``operation`` scope the key, so two
        callers (or two endpoints) never share one."""
        if key is None:
            return None
        return cls(
            scope=f"{caller}:{operation}",
            key=validate_key(key),
            fingerprint=request_hash(body),
        )


class IdempotencyStore:
    def __init__(self, tables: SharedTables) -> None:
        self._table = tables.idempotency_keys

    async def lookup(
        self, session: AsyncSession, *, scope: str, key: str, fingerprint: str
    ) -> StoredResponse | None:
        row = (
            await session.execute(
                select(self._table).where(self._table.c.scope == scope, self._table.c.key == key)
            )
        ).first()
        if row is None:
            return None
        if row.request_hash != fingerprint:
            raise Problem(
                "This Idempotency-Key was already used with a different request body.",
                status=422,
                code="idempotency-key-reused",
                title="Idempotency-Key reused",
            )
        return StoredResponse(row.status_code, row.response_body)

    async def save(
        self,
        session: AsyncSession,
        *,
        scope: str,
        key: str,
        fingerprint: str,
        response: StoredResponse,
    ) -> None:
        await session.execute(
            insert(self._table).values(
                scope=scope,
                key=key,
                request_hash=fingerprint,
                status_code=response.status_code,
                response_body=response.body,
                created_at=datetime.now(UTC),
            )
        )
