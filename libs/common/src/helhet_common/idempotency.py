"""Idempotent creates: a repeated request with the same ``Idempotency-Key`` gets the
first response again instead of creating a second resource.

The key row is written in the unit of work's transaction, so it exists exactly when the
change does. A key reused with a different body is a 422; two concurrent requests with
one key race on the primary key and the loser replays the winner's response.

Retention (``<service> prune-idempotency``, daily): a stored response body holds
personal data (names, phone numbers, e-mail addresses of staff and participants), and a
retry comes within minutes, not days. After ``idempotency_body_hours`` (24) a row keeps
only what a late replay needs: the status, the request's hash and the ``id`` of what the
request created or changed (ids are not personal data; events carry them); a replay
then answers that status with ``{"id": ...}``. After ``idempotency_keep_days`` (30) the
row goes, and the key with it: a client must not retry a request that old.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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


def reduced_body(body: Any) -> Any:
    """What a stored response keeps once its body is purged: the ``id`` of what the
    request created or changed, nothing else."""
    if isinstance(body, dict) and "id" in body:
        return {"id": body["id"]}
    return None


@dataclass(frozen=True)
class IdempotencyPruneResult:
    bodies_purged: int
    deleted: int


async def prune_idempotency_records(
    sessions: async_sessionmaker[AsyncSession],
    tables: SharedTables,
    *,
    body_after: timedelta,
    keep_for: timedelta,
    now: datetime | None = None,
) -> IdempotencyPruneResult:
    """Reduce the bodies older than ``body_after`` (``reduced_body``) and delete the rows
    older than ``keep_for``, in one transaction."""
    if keep_for < body_after:
        raise ValueError("the rows must be kept at least as long as their bodies")
    now = now or datetime.now(UTC)
    table = tables.idempotency_keys
    purged = 0
    async with sessions() as session, session.begin():
        gone = await session.execute(delete(table).where(table.c.created_at < now - keep_for))
        rows = await session.execute(
            select(table.c.scope, table.c.key, table.c.response_body).where(
                table.c.created_at < now - body_after
            )
        )
        for row in rows.all():
            reduced = reduced_body(row.response_body)
            if reduced == row.response_body:
                continue
            await session.execute(
                update(table)
                .where(table.c.scope == row.scope, table.c.key == row.key)
                .values(response_body=reduced)
            )
            purged += 1
    return IdempotencyPruneResult(bodies_purged=purged, deleted=int(getattr(gone, "rowcount", 0)))
