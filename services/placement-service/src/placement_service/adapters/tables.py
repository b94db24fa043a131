"""placement-service's tables. Names of contact persons stay here and are never published;
the projection tables hold only what plan-service's events carry (ids, codes, dates)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from helhet_common.access.tables import define_access_tables
from helhet_common.consent.tables import consent_columns
from helhet_common.db import make_metadata
from helhet_common.db.shared_tables import define_shared_tables
from helhet_common.db.types import UtcDateTime
from helhet_common.erasure import (
    ERASED_PARTICIPANTS,
    ErasureTables,
    erased_participant_columns,
)

metadata = make_metadata()
shared = define_shared_tables(metadata)

employers = Table(
    "employers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("org_number", String(9), nullable=False),
    Column("name", String(200), nullable=False),
    Column("sector", String(1), nullable=False),
    Column("nace_code", String(10), nullable=True),
    Column("ownership", String(20), nullable=False),
    Column("capacity_cap", Integer, nullable=True),
    Column("agreement", JSON, nullable=False),
    Column("responsible", JSON, nullable=True),
    Column("locations", JSON, nullable=False),
    Column("contacts", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("municipality", "org_number", name="uq_employers_municipality_org_number"),
)

employer_history = Table(
    "employer_history",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "employer_id",
        Uuid,
        ForeignKey("employers.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("occurred_on", Date, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("summary", String(2000), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    # The participant a note, visit or incident is about (its placement here), if any:
    # an erasure of the participant deletes the entry.
    Column("participant_id", Uuid, nullable=True, index=True),
)

openings = Table(
    "openings",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column(
        "employer_id",
        Uuid,
        ForeignKey("employers.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("location_id", Uuid, nullable=True),
    Column("kind", String(30), nullable=False),
    Column("sector", String(1), nullable=False),
    Column("title", String(200), nullable=False),
    Column("schedule", JSON, nullable=False),
    Column("language_requirements", JSON, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("created_by_municipality", Boolean, nullable=False),
    Column("status", String(10), nullable=False),
    Column("published_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("close_reason", String(500), nullable=True),
    Column("version", Integer, nullable=False),
)

placements = Table(
    "placements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("participant_id", Uuid, nullable=False, index=True),
    Column(
        "opening_id",
        Uuid,
        ForeignKey("openings.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "employer_id",
        Uuid,
        ForeignKey("employers.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(30), nullable=False),
    Column("sector", String(1), nullable=False),
    Column("created_by_municipality", Boolean, nullable=False),
    Column("purpose", String(30), nullable=False),
    Column("learning_goals", JSON, nullable=False),
    Column("plan_end_goal", String(30), nullable=True),
    Column("plan_version", Integer, nullable=True),
    Column("language_agreement", JSON, nullable=False),
    Column("follow_up_plan", JSON, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("actual_end", Date, nullable=True),
    Column("end_reason", String(30), nullable=True),
    Column("next_step", String(30), nullable=True),
    Column("flags", JSON, nullable=False),
    Column("nav_measures", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)


def _child(name: str, *columns: Column[Any], unique: tuple[str, ...] = ()) -> Table:
    extra = [UniqueConstraint("placement_id", *unique, name=f"uq_{name}_day")] if unique else []
    return Table(
        name,
        metadata,
        Column("id", Uuid, primary_key=True),
        Column(
            "placement_id",
            Uuid,
            ForeignKey("placements.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        *columns,
        *extra,
    )


kind_changes = _child(
    "placement_kind_changes",
    Column("from_kind", String(30), nullable=False),
    Column("to_kind", String(30), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("reason", String(500), nullable=True),
)

follow_ups = _child(
    "placement_follow_ups",
    Column("visited_on", Date, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("by_unit", String(200), nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("note", String(2000), nullable=True),
)

extensions = _child(
    "placement_extensions",
    Column("previous_end", Date, nullable=False),
    Column("new_end", Date, nullable=False),
    Column("reason", String(30), nullable=False),
    Column("flags", JSON, nullable=False),
)

hours = _child(
    "placement_hours",
    Column("worked_on", Date, nullable=False),
    Column("hours", Float, nullable=False),
    Column("confirmed_by_employer", Boolean, nullable=False),
    unique=("worked_on",),
)

# Attendance or absence on a day of the placement, for the participant's one ledger in
# plan-service (one entry a day: the unique constraint).
attendance = _child(
    "placement_attendance",
    Column("entry_date", Date, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("code", String(40), nullable=True),
    Column("effect", String(20), nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    unique=("entry_date",),
)

# -- the projection of plan-service's events (rebuilt from the topics) -----------------------

participant_profiles = Table(
    "participant_profiles",
    metadata,
    Column("participant_id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=True, index=True),
    Column("settlement_date", Date, nullable=True),
    Column("household_type", String(20), nullable=True),
    Column("languages", JSON, nullable=False),
    Column("programme_expected_end", Date, nullable=True),
    Column("plan_version", Integer, nullable=True),
    Column("end_goal", String(30), nullable=True),
    Column("mapping_version", Integer, nullable=True),
    Column("education_level", String(30), nullable=True),
    Column("work_experience_sectors", JSON, nullable=False),
    Column("wished_sectors", JSON, nullable=False),
    Column("interests", JSON, nullable=False),
    Column("norwegian_levels", JSON, nullable=False),
    Column("has_driving_licence", Boolean, nullable=True),
    Column("childcare_needs", Boolean, nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("moved_on", Date, nullable=True),
    Column("exited_on", Date, nullable=True),
)

participant_consents = Table("participant_consents", metadata, *consent_columns())

# The access log (every read of a participant's personal data; append-only, never rebuilt)
# and the sharing bases of public agencies, folded from plan-service's events.
access = define_access_tables(metadata)
access_log = access.access_log
sharing_bases = access.sharing_bases

# The participants plan-service erased: the id, the day and the reason only, so nothing
# of theirs that arrives later brings them back (not a read model: a rebuild keeps it).
erased_participants = Table(ERASED_PARTICIPANTS, metadata, *erased_participant_columns())

READ_MODEL_TABLES = [participant_profiles, participant_consents, sharing_bases]
ERASURE = ErasureTables(READ_MODEL_TABLES, shared.idempotency_keys, erased_participants)
