"""plan-service's tables. Personal details stay here and are never published."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
    false,
    text,
)

from helhet_common.db import make_metadata
from helhet_common.db.shared_tables import define_shared_tables
from helhet_common.db.types import UtcDateTime

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
    Column("gender", String(10), nullable=False, server_default="unknown"),
    Column("languages", JSON, nullable=False),
    Column("personal", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("person_sub", String(200), nullable=True, index=True),
    Column("moved_on", Date, nullable=True),
    Column("moved_to", String(4), nullable=True),  # null with moved_on: abroad or unknown
    # Erased (docs/retention.md): personal data removed, ids, codes and dates kept; the
    # participant is then not found. The reason: retention_expired | request.
    Column("erased_on", Date, nullable=True),
    Column("erasure_reason", String(20), nullable=True),
)

# The national identity number a participant signs in with through ID-porten (``pid``),
# linked by the programme owner. Only here: never in events, other services or logs.
participant_identities = Table(
    "participant_identities",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("national_id", String(11), nullable=False, unique=True),
    Column("linked_at", UtcDateTime(), nullable=False),
)

# A participant's record in another system (e.g. Visma Flyktning's person number), so
# that an import finds the participant it settled. The external id is that system's;
# personal identifiers stay in ``participants.personal``.
external_links = Table(
    "external_links",
    metadata,
    Column("source", String(40), primary_key=True),
    Column("municipality", String(4), primary_key=True),
    Column("external_id", String(100), primary_key=True),
    Column(
        "participant_id",
        Uuid,
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("linked_at", UtcDateTime(), nullable=False),
    Column("changed_at", UtcDateTime(), nullable=True),
    Column("change_reason", String(200), nullable=True),
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
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("participant_group", String(30), nullable=True),
    Column("heavy_self_study", Boolean, nullable=False, server_default=false()),
    Column("contributors", JSON, nullable=False, server_default=text("'{}'")),
    Column("started_on", Date, nullable=True),
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
    Column("created_at", UtcDateTime(), nullable=False),
)

programme_leaves = Table(
    "programme_leaves",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("from_date", Date, primary_key=True),
    Column("id", Uuid, nullable=False, unique=True),
    Column("to_date", Date, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
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
    Column("created_at", UtcDateTime(), nullable=False),
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
    Column("created_at", UtcDateTime(), nullable=False),
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
    Column("created_at", UtcDateTime(), nullable=False),
    Column("still_in_municipality", Boolean, nullable=True),
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
    Column("created_at", UtcDateTime(), nullable=False),
    Column("lapse_announced_on", Date, nullable=True),
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
    Column("created_at", UtcDateTime(), nullable=False),
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
    # An agency system's organisation, by name (the issuers file's); NULL for a person.
    Column("client_name", String(200), nullable=True),
    Column("purpose", String(40), nullable=False),
    Column("endpoint", String(200), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    # The read (one id for all the participants one read touched; NULL before 0013), the
    # service that made it (plan-service's own, or another's from its
    # ``helhet.access.recorded.v1``), and what the read stood on.
    Column("read_id", Uuid, nullable=True),
    Column("service", String(60), nullable=False, server_default=text("'plan-service'")),
    Column("client_id", String(200), nullable=True),
    Column("role", String(40), nullable=True),
    Column("legal_basis", String(40), nullable=True),
    Column("basis_id", Uuid, nullable=True),
    Column("consent_id", Uuid, nullable=True),
    Column("categories", JSON, nullable=True),
    # The reader's own municipality when they acted for a partner of their host
    # (``helhet_common.cooperation``; ``municipality`` is the participant's); NULL when
    # they acted for their own (0015).
    Column("acting_municipality", String(4), nullable=True),
    # One row per participant per read, whatever the redeliveries.
    Index("ux_access_log_read_id_participant_id", "read_id", "participant_id", unique=True),
    Index("ix_access_log_at", "at"),
)


# Every version of the plan, with its reason, who made it and when; ``plans`` holds the
# current one. Free text (the reason) stays here.
plan_versions = Table(
    "plan_versions",
    metadata,
    Column(
        "participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("version", Integer, primary_key=True),
    Column("end_goal", String(30), nullable=False),
    Column("participant_group", String(30), nullable=True),
    Column("norwegian_goal", String(2), nullable=False),
    Column("activities", JSON, nullable=False),
    Column("heavy_self_study", Boolean, nullable=False),
    Column("programme_hours_per_week", Float, nullable=False),
    Column("contributors", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_by_agency", String(40), nullable=False),
    Column("contribution_id", Uuid, nullable=True),
    Column("changed_at", UtcDateTime(), nullable=False),
)

plan_contributions = Table(
    "plan_contributions",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("section", String(20), nullable=False),
    Column("proposal", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("proposed_by", String(200), nullable=False),
    Column("proposed_by_agency", String(40), nullable=False),
    Column("proposed_on", Date, nullable=False),
    Column("based_on_version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("decided_by", String(200), nullable=True),
    Column("decided_by_agency", String(40), nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("resulting_version", Integer, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

plan_reviews = Table(
    "plan_reviews",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("plan_version", Integer, nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("agencies_present", JSON, nullable=False),
    Column("participant_acknowledged", Boolean, nullable=False),
    Column("participant_disagrees", Boolean, nullable=False),
    Column("participant_comment", Text, nullable=True),
    Column("municipality_justification", Text, nullable=True),
    Column("next_review_due", Date, nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

# Attendees' names and the minutes are employees' and the participant's personal data:
# stored here, never published.
meetings = Table(
    "meetings",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("kind", String(30), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("attendees", JSON, nullable=False),
    Column("participant_present", Boolean, nullable=False),
    Column("notes", Text, nullable=True),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column(
        "meeting_id", Uuid, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=True, index=True
    ),
    Column("description", Text, nullable=False),
    Column("owner_agency", String(40), nullable=False),
    Column("owner_unit", String(64), nullable=False),
    Column("responsibility", String(40), nullable=True),
    Column("due_date", Date, nullable=False),
    Column("created_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("completed_on", Date, nullable=True),
    Column("completion_note", Text, nullable=True),
    Column("completed_by", String(200), nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_actions_municipality_status", "municipality", "status"),
)

# The participant's contact person per agency, with their history (employees' names
# and phone numbers: never published).
contacts = Table(
    "contacts",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("agency", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("role", String(200), nullable=True),
    Column("phone", String(40), nullable=True),
    Column("email", String(254), nullable=True),
    Column("assigned_on", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("handover_note", Text, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)


# Webhooks: an agency system's subscription to plan-service's events, and what was
# delivered to it. A subscription keeps who subscribed (municipality, agency, roles): its
# events are what that caller could read from /changes. ``cursor`` is the position in the
# outbox up to which every event has been delivered or parked.
webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False, index=True),
    Column("client_sub", String(200), nullable=False),
    Column("agency", String(40), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("url", String(2000), nullable=False),
    Column("event_types", JSON, nullable=False),
    Column("secret", String(200), nullable=False),
    Column("status", String(20), nullable=False),  # active | paused
    Column("cursor", BigInteger, nullable=False),
    Column("failures", Integer, nullable=False),  # attempts of the event at the cursor
    Column("next_attempt_at", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column(
        "subscription_id",
        Uuid,
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("event_id", String(36), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("status", String(20), nullable=False),  # delivered | failed
    Column("attempts", Integer, nullable=False),
    Column("response_status", Integer, nullable=True),
    Column("response_body", String(2000), nullable=True),
    Column("payload", LargeBinary, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

# The attendance and absence ledger: entries are inserted, never changed; a correction
# is a new entry naming the one it corrects (once: the unique index).
ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("kind", String(20), nullable=False),  # attendance | absence
    Column("entry_date", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("code", String(40), nullable=True),
    Column("effect", String(20), nullable=True),  # the code's effect when recorded
    Column("corrects", Uuid, ForeignKey("ledger_entries.id"), nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ix_ledger_entries_participant_date", "participant_id", "entry_date"),
    Index("ix_ledger_entries_corrects", "corrects", unique=True),
)

# A month's benefit basis exported for a municipality: never rewritten afterwards.
benefit_exports = Table(
    "benefit_exports",
    metadata,
    Column("municipality", String(4), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("exported_at", UtcDateTime(), nullable=False),
    Column("exported_by", String(200), nullable=False),
    Column("participants", Integer, nullable=False),
    Column("total_ore", BigInteger, nullable=False),
)

# The year-round timetable (docs/timetable.md): weekly sessions per participant, the
# providers' holidays and closures, and the weeks' checks announced (heavy self-study
# is the plan's).
timetable_sessions = Table(
    "timetable_sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("provider_kind", String(20), nullable=False),
    Column("provider_id", String(40), nullable=False),
    Column("weekday", Integer, nullable=False),  # 1 Monday .. 7 Sunday
    Column("start_minute", Integer, nullable=False),
    Column("end_minute", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
)

provider_closures = Table(
    "provider_closures",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=False),
    Column("provider_kind", String(20), nullable=False),
    Column("provider_id", String(40), nullable=False),
    Column("kind", String(20), nullable=False),  # holiday | closure
    Column("from_date", Date, nullable=False),
    Column("to_date", Date, nullable=False),
    Column("covered_by", String(40), nullable=True),  # agency code; null: nobody
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ix_provider_closures_provider", "municipality", "provider_kind", "provider_id"),
)

timetable_week_checks = Table(
    "timetable_week_checks",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("week_start", Date, nullable=False),
    Column("scheduled_minutes", Integer, nullable=False),
    Column("closed_minutes", Integer, nullable=False),
    Column("covered_minutes", Integer, nullable=False),
    Column("required_minutes", Integer, nullable=False),
    Column("heavy_self_study", Boolean, nullable=False),
    Column("holiday_minutes", Integer, nullable=False, server_default="0"),
    Column("checked_at", UtcDateTime(), nullable=False),
    Index("ux_timetable_week_checks_week", "participant_id", "week_start", unique=True),
)

# The participants' placements as placement-service announced them (ids, codes, dates
# only), for the hand-over package; folded in by the consumer.
participant_placements = Table(
    "participant_placements",
    metadata,
    Column("placement_id", Uuid, primary_key=True),
    Column("participant_id", Uuid, nullable=False, index=True),
    Column("employer_id", Uuid, nullable=True),
    Column("kind", String(30), nullable=True),
    Column("start_date", Date, nullable=True),
    Column("planned_end", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(30), nullable=True),
    Column("hired_on", Date, nullable=True),
)

# The participant's own holiday (five weeks a year): its weekdays count as covered.
participant_holidays = Table(
    "participant_holidays",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("from_date", Date, nullable=False),
    Column("to_date", Date, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_by_agency", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
)

# Transition and hand-over (docs/timetable.md): the checklist in the programme's last
# months, and the packages handed to receiving units (erasure empties the package).
transitions = Table(
    "transitions",
    metadata,
    Column(
        "participant_id",
        Uuid,
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("municipality", String(4), nullable=False),
    Column("nav_dialogue_held_on", Date, nullable=True),
    Column("next_step", String(30), nullable=True),
    Column("receiving_kind", String(20), nullable=True),
    Column("receiving_unit_id", String(40), nullable=True),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

hand_overs = Table(
    "hand_overs",
    metadata,
    Column("id", Uuid, primary_key=True),
    _participant_fk(),
    Column("municipality", String(4), nullable=False),
    Column("receiving_kind", String(20), nullable=False),
    Column("receiving_unit_id", String(40), nullable=False),
    Column("basis_kind", String(20), nullable=False),
    Column("basis_id", Uuid, nullable=False),
    Column("package", JSON, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_on", Date, nullable=False),
    Column("acknowledged_on", Date, nullable=True),
    Column("acknowledged_by", String(200), nullable=True),
    Column("acknowledged_by_agency", String(40), nullable=True),
    Index(
        "ux_hand_overs_receiving_unit",
        "participant_id",
        "receiving_kind",
        "receiving_unit_id",
        unique=True,
    ),
)
