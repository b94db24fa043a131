"""The baseline of ``write_api.py``: a bare FastAPI + asyncpg ``POST /participants``.

It does what plan-service's ``POST /participants`` does to the database, and nothing
else: validates the body with a pydantic model, and in one transaction inserts the
participant row and the outbox row (the same columns, a CloudEvent of the same size) and
notifies the relay's channel. No authentication, access log, idempotency, telemetry,
problem responses or request logging. The pool is as big as the service's engine's.

    BARE_DATABASE_URL=postgresql://... uvicorn bare_write_app:app --port P
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
from fastapi import FastAPI
from pydantic import BaseModel, Field

POOL_SIZE = 5  # helhet_common.db.create_engine's default

_INSERT_PARTICIPANT = (
    "INSERT INTO participants (id, municipality, settlement_date, birth_year, household_type, "
    "gender, languages, personal, created_at, person_sub, moved_on, moved_to) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8::json, $9, NULL, NULL, NULL)"
)
_INSERT_OUTBOX = (
    "INSERT INTO outbox (event_id, event_type, topic, key, payload, headers, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6::json, $7) RETURNING id"
)
_EVENT_TYPE = "helhet.participant.settled.v1"


class ParticipantCreate(BaseModel):
    municipality: str = Field(pattern=r"^\d{4}$")
    settlement_date: date
    birth_year: int = Field(ge=1900, le=2100)
    household_type: str
    languages: list[str] = Field(default_factory=list, max_length=20)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    url = os.environ["BARE_DATABASE_URL"]
    app.state.pool = await asyncpg.create_pool(url, min_size=POOL_SIZE, max_size=POOL_SIZE)
    try:
        yield
    finally:
        await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/participants", status_code=201)
async def settle(body: ParticipantCreate) -> dict[str, Any]:
    participant = uuid.uuid4()
    event_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    data = {
        "participant_id": str(participant),
        "municipality": body.municipality,
        "settlement_date": body.settlement_date.isoformat(),
        "birth_year": body.birth_year,
        "household_type": body.household_type,
        "languages": body.languages,
        "gender": "unknown",
    }
    envelope = {
        "specversion": "1.0",
        "id": event_id,
        "source": "/helhet/plan-service",
        "type": _EVENT_TYPE,
        "subject": str(participant),
        "time": now.isoformat(),
        "datacontenttype": "application/json",
        "data": data,
        "municipality": body.municipality,
    }
    async with app.state.pool.acquire() as connection, connection.transaction():
        await connection.execute(
            _INSERT_PARTICIPANT,
            participant,
            body.municipality,
            body.settlement_date,
            body.birth_year,
            body.household_type,
            "unknown",
            json.dumps(body.languages),
            "{}",
            now,
        )
        await connection.fetchval(
            _INSERT_OUTBOX,
            event_id,
            _EVENT_TYPE,
            "helhet.participants",
            str(participant),
            json.dumps(envelope).encode(),
            json.dumps({"content-type": "application/cloudevents+json"}),
            now,
        )
        await connection.execute("NOTIFY helhet_outbox")
    return {"id": str(participant), **data}
