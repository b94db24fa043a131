"""The columns of a service's ``access_log`` and ``sharing_bases`` tables.

A service defines both on its own MetaData (``define_access_tables``) and creates them
with the shared revision ``helhet_common.db.migrations.ACCESS_LOG``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, Date, Index, MetaData, String, Table, Uuid

from helhet_common.access.rules import SharingBasis
from helhet_common.db.shared_tables import BigIntId
from helhet_common.db.types import UtcDateTime

ACCESS_LOG = "access_log"
SHARING_BASES = "sharing_bases"
ACCESS_LOG_PARTICIPANT_INDEX = "ix_access_log_participant_id_at"
SHARING_BASES_PARTICIPANT_INDEX = "ix_sharing_bases_participant_id"


@dataclass(frozen=True)
class AccessTables:
    access_log: Table
    sharing_bases: Table


def access_log_columns() -> list[Column[Any]]:
    """Append-only: one row per participant per read."""
    return [
        Column("id", BigIntId, primary_key=True, autoincrement=True),
        Column("read_id", Uuid, nullable=False),
        Column("participant_id", Uuid, nullable=False),
        Column("municipality", String(4), nullable=False),
        Column("sub", String(200), nullable=False),
        # An agency system's client id and organisation name; NULL for a person. The
        # name stays here (it is never published).
        Column("client_id", String(200), nullable=True),
        Column("client_name", String(200), nullable=True),
        Column("agency", String(40), nullable=False),
        Column("role", String(40), nullable=False),
        Column("purpose", String(40), nullable=False),
        Column("legal_basis", String(40), nullable=False),
        Column("basis_id", Uuid, nullable=True),
        Column("consent_id", Uuid, nullable=True),
        Column("categories", JSON, nullable=False),
        Column("operation", String(200), nullable=False),
        Column("at", UtcDateTime(), nullable=False),
    ]


def access_log_acting_columns() -> list[Column[Any]]:
    """Added by a later revision (``ACCESS_LOG_ACTING_MUNICIPALITY``): the reader's own
    municipality when they acted for a partner of their host municipality
    (``helhet_common.cooperation``); NULL when they acted for their own."""
    return [Column("acting_municipality", String(4), nullable=True)]


def sharing_basis_columns() -> list[Column[Any]]:
    """One row per sharing basis (plan-service's), folded from its events."""
    return [
        Column("basis_id", Uuid, primary_key=True),
        Column("participant_id", Uuid, nullable=False),
        Column("agency", String(40), nullable=True),
        Column("purpose", String(40), nullable=True),
        Column("legal_basis", String(40), nullable=True),
        Column("valid_from", Date, nullable=True),
        Column("valid_to", Date, nullable=True),
        Column("updated_at", UtcDateTime(), nullable=False),
    ]


def define_access_tables(metadata: MetaData) -> AccessTables:
    log = Table(ACCESS_LOG, metadata, *access_log_columns(), *access_log_acting_columns())
    Index(ACCESS_LOG_PARTICIPANT_INDEX, log.c.participant_id, log.c.at)
    bases = Table(SHARING_BASES, metadata, *sharing_basis_columns())
    Index(SHARING_BASES_PARTICIPANT_INDEX, bases.c.participant_id)
    return AccessTables(access_log=log, sharing_bases=bases)


def sharing_basis_from_row(row: Any) -> SharingBasis:
    return SharingBasis(
        basis_id=row.basis_id,
        participant_id=row.participant_id,
        agency=row.agency,
        purpose=row.purpose,
        legal_basis=row.legal_basis,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )
