"""plan-service's tables. Personal details stay here and are never published."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    text,
)

from helhet_common.db import make_metadata
from helhet_common.db.shared_tables import define_shared_tables

metadata = make_metadata()
shared = define_shared_tables(metadata)

participants = Table(
    "participants",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("settlement_date", Date, nullable=False),
    Column("birth_year", Integer, nullable=False),
    Column("household_type", String(20), nullable=False),
    Column("languages", JSON, nullable=False),
    Column("personal", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("person_sub", String(200), nullable=True, index=True),
)

programmes = Table(
    "programmes",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("regime", String(30), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("expected_end_date", Date, nullable=False),
    Column("original_expected_end_date", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("completion", String(20), nullable=True),
    Column("exit_reason", String(40), nullable=True),
    Column("version", Integer, nullable=False, server_default=text("1")),
)

plans = Table(
    "plans",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("version", Integer, nullable=False),
    Column("end_goal", String(30), nullable=False),
    Column("norwegian_goal", String(2), nullable=False),
    Column("activities", JSON, nullable=False),
    Column("programme_hours_per_week", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def _participant_fk() -> Column[object]:
    return Column(
        "participant_id",
        Uuid,
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


programme_extensions = Table(
    "programme_extensions",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("number", Integer, primary_key=True),
    Column("previous_expected_end_date", Date, nullable=False),
    Column("new_expected_end_date", Date, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

programme_leaves = Table(
    "programme_leaves",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("from_date", Date, primary_key=True),
    Column("to_date", Date, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Every version of the competence mapping; ``notes`` is free text and never published.
mappings = Table(
    "mappings",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("version", Integer, primary_key=True),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_on", Date, nullable=False),
    Column("education_level", String(30), nullable=False),
    Column("work_experience_sectors", JSON, nullable=False),
    Column("wished_sectors", JSON, nullable=False),
    Column("interests", JSON, nullable=False),
    Column("norwegian_levels", JSON, nullable=False),
    Column("has_driving_licence", Boolean, nullable=False),
    Column("childcare_needs", Boolean, nullable=False),
    Column("notes", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

test_results = Table(
    "test_results",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("test", String(20), nullable=False),
    Column("taken_on", Date, nullable=False),
    Column("levels", JSON, nullable=False),
    Column("passed", Boolean, nullable=True),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("measured_at", String(20), primary_key=True),
    Column("status", String(40), nullable=False),
    Column("status_on", Date, nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("recipient_kind", String(20), nullable=False),
    Column("recipient_id", String(64), nullable=False),
    Column("purpose", String(30), nullable=False),
    Column("granted_on", Date, nullable=False),
    Column("expires_on", Date, nullable=True),
    Column("withdrawn_on", Date, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sharing_bases = Table(
    "sharing_bases",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("agency", String(40), nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("legal_basis", String(40), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Append-only: the code only inserts, and the migration adds a trigger that refuses
# updates (deleting old rows stays possible for a retention policy).
access_log = Table(
    "access_log",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("sub", String(200), nullable=False),
    Column("agency", String(40), nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("endpoint", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
