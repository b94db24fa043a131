"""The columns of a service's consent projection table, and reading a row back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Date, String, Uuid

from helhet_common.consent.model import Consent
from helhet_common.db.types import UtcDateTime


def consent_columns() -> list[Column[Any]]:
    return [
        Column("consent_id", Uuid, primary_key=True),
        Column("participant_id", Uuid, nullable=False, index=True),
        Column("recipient_kind", String(30), nullable=True),
        Column("recipient_id", String(100), nullable=True),
        Column("purpose", String(30), nullable=True),
        Column("granted_on", Date, nullable=True),
        Column("expires_on", Date, nullable=True),
        Column("withdrawn_on", Date, nullable=True),
        Column("updated_at", UtcDateTime(), nullable=False),
    ]


def consent_from_row(row: Any) -> Consent:
    return Consent(
        consent_id=row.consent_id,
        participant_id=row.participant_id,
        recipient_kind=row.recipient_kind,
        recipient_id=row.recipient_id,
        purpose=row.purpose,
        granted_on=row.granted_on,
        expires_on=row.expires_on,
        withdrawn_on=row.withdrawn_on,
    )
