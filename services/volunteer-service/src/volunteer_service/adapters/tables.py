"""volunteer-service's tables. Names and contact details (``personal``, ``contacts``) stay
here and are never published."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Time,
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

organisations = Table(
    "organisations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("offers", JSON, nullable=False),
    Column("contacts", JSON, nullable=False),
    Column("description", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("deactivated_on", Date, nullable=True),
)

volunteers = Table(
    "volunteers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("organisation_id", Uuid, ForeignKey("organisations.id"), nullable=True),
    Column("languages", JSON, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("interests", JSON, nullable=False),
    Column("availability", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("max_matches", Integer, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("trainings", JSON, nullable=False),
    Column("certificate_seen_on", Date, nullable=True),
    Column("certificate_seen_by", String(200), nullable=True),
    Column("certificate_grounds", JSON, nullable=True),
    Column("engagement", String(20), nullable=True),
    Column("former_participant", Boolean, nullable=True),
    Column("personal", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("deactivated_on", Date, nullable=True),
    Column("deactivation_reason", String(30), nullable=True),
    Column("erased_on", Date, nullable=True),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("organisation_id", Uuid, ForeignKey("organisations.id"), nullable=True),
    Column("title", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("description", Text, nullable=False),
    Column("target_groups", JSON, nullable=False),
    Column("interests", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("locals_take_part", Boolean, nullable=False),
    Column("recurrence", String(20), nullable=False),
    Column("weekday", String(3), nullable=True),
    Column("start_time", Time, nullable=False),
    Column("end_time", Time, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),
    Column("place", String(200), nullable=False),
    Column("cost_nok", Integer, nullable=False),
    Column("fee_support_available", Boolean, nullable=False),
    Column("counts_as_programme_hours", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("published_on", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("cancelled_on", Date, nullable=True),
    Column("cancellation_reason", String(30), nullable=True),
)

attendance = Table(
    "attendance",
    metadata,
    Column("activity_id", Uuid, ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Uuid, nullable=False, index=True),
    Column("attended_on", Date, nullable=False),
    Column("present", Boolean, nullable=False),
    Column("hours", Float, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("activity_id", "participant_id", "attended_on"),
)

matches = Table(
    "matches",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("participant_id", Uuid, nullable=False, index=True),
    Column("volunteer_id", Uuid, ForeignKey("volunteers.id"), nullable=False, index=True),
    Column("volunteer_kind", String(20), nullable=False),
    Column("role", String(30), nullable=False),
    Column("setting", String(30), nullable=False),
    Column("involves_minors", Boolean, nullable=False),
    Column("involves_developmental_disabilities", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("proposed_on", Date, nullable=False),
    Column("participant_accepted_on", Date, nullable=True),
    Column("volunteer_accepted_on", Date, nullable=True),
    Column("started_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(30), nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

# The projection of plan-service's events (emptied and replayed by a rebuild).
participant_profiles = Table(
    "participant_profiles",
    metadata,
    Column("participant_id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=True, index=True),
    Column("household_type", String(20), nullable=True),
    Column("birth_year", Integer, nullable=True),
    Column("settlement_date", Date, nullable=True),
    Column("languages", JSON, nullable=False),
    Column("interests", JSON, nullable=False),
    Column("mapping_version", Integer, nullable=False),
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
