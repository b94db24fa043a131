"""Revision 0006 renames the consent projection to ``participant_consents`` (the name
volunteer-service uses) and keeps every consent placement-service has seen; it goes down
and up again."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command

from helhet_common.db import create_engine
from helhet_common.db.migrations import alembic_config, upgrade
from helhet_common.testing.plugin import MakeDatabase
from placement_service.bootstrap import MIGRATIONS

CONSENT = uuid.UUID("01930000-0000-7000-8000-00000000c001")
PARTICIPANT = uuid.UUID("01930000-0000-7000-8000-00000000e001")


def _consents(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("consent_id", sa.Uuid()),
        sa.column("participant_id", sa.Uuid()),
        sa.column("recipient_id", sa.String()),
        sa.column("granted_on", sa.Date()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )


async def _rows(url: str, table: str) -> list[sa.Row[tuple[uuid.UUID, str]]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            consents = _consents(table)
            return list(
                await conn.execute(sa.select(consents.c.participant_id, consents.c.recipient_id))
            )
    finally:
        await engine.dispose()


async def test_0006_keeps_the_consents_under_their_new_name(
    make_backend_database: MakeDatabase,
) -> None:
    url = make_backend_database("placement_migration")
    upgrade(MIGRATIONS, url, revision="0005")
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                _consents("consents")
                .insert()
                .values(
                    consent_id=CONSENT,
                    participant_id=PARTICIPANT,
                    recipient_id="974760673",
                    granted_on=date(2026, 10, 1),
                    updated_at=datetime(2026, 10, 1, 9, tzinfo=UTC),
                )
            )
    finally:
        await engine.dispose()

    upgrade(MIGRATIONS, url)
    assert await _rows(url, "participant_consents") == [(PARTICIPANT, "974760673")]

    await asyncio.to_thread(command.downgrade, alembic_config(MIGRATIONS, url), "0005")
    assert await _rows(url, "consents") == [(PARTICIPANT, "974760673")]
    upgrade(MIGRATIONS, url)
    assert await _rows(url, "participant_consents") == [(PARTICIPANT, "974760673")]
