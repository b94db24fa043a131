"""reporting-service's read models. Only ids, codes, dates and counts: no personal data."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
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

from helhet_common.access.tables import define_access_tables
from helhet_common.db import make_metadata
from helhet_common.db.shared_tables import BigIntId, define_shared_tables
from helhet_common.db.types import UtcDateTime
from helhet_common.erasure import ERASED_PARTICIPANTS, erased_participant_columns

metadata = make_metadata()
shared = define_shared_tables(metadata)

participant_chain = Table(
    "participant_chain",
    metadata,
    Column("participant_id", Uuid, primary_key=True),
    Column("municipality", String(4), nullable=True, index=True),
    Column("household_type", String(20), nullable=True),
    Column("settlement_date", Date, nullable=True),
    Column("programme_regime", String(30), nullable=True),
    Column("programme_start", Date, nullable=True),
    Column("programme_expected_end", Date, nullable=True),
    Column("plan_version", Integer, nullable=True),
    Column("plan_end_goal", String(30), nullable=True),
    Column("plan_updated_at", UtcDateTime(), nullable=True),
    Column("stage", String(30), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # revision 0002: every link of the chain
    Column("programme_extension_number", Integer, nullable=True),
    Column("programme_extended_to", Date, nullable=True),
    Column("programme_end_date", Date, nullable=True),
    Column("programme_completion", String(20), nullable=True),
    Column("programme_end_reason", String(30), nullable=True),
    Column("mapping_version", Integer, nullable=True),
    Column("mapping_recorded_on", Date, nullable=True),
    Column("plan_norwegian_goal", String(2), nullable=True),
    Column("plan_first_at", UtcDateTime(), nullable=True),
    Column("norwegian_levels", JSON, nullable=False, server_default=text("'{}'")),
    Column("last_test_on", Date, nullable=True),
    Column("social_studies_passed", Boolean, nullable=True),
    Column("outcome_at_exit", String(30), nullable=True),
    Column("outcome_at_exit_on", Date, nullable=True),
    Column("outcome_one_year_after", String(30), nullable=True),
    Column("outcome_one_year_after_on", Date, nullable=True),
    Column("consents", JSON, nullable=False, server_default=text("'[]'")),
    Column("placements", JSON, nullable=False, server_default=text("'[]'")),
    Column("matches", JSON, nullable=False, server_default=text("'[]'")),
    Column("sessions_attended", Integer, nullable=False, server_default=text("0")),
    Column("first_attended_on", Date, nullable=True),
    Column("last_attended_on", Date, nullable=True),
    Column("next_step", String(30), nullable=True),
    # revision 0003: the follow-up of the plan (docs/decisions/0003)
    Column("reviews", JSON, nullable=False, server_default=text("'[]'")),
    Column("meetings", JSON, nullable=False, server_default=text("'[]'")),
    Column("actions", JSON, nullable=False, server_default=text("'[]'")),
    Column("leaves", JSON, nullable=False, server_default=text("'[]'")),
    Column("moved_on", Date, nullable=True),
    Column("moved_from", String(4), nullable=True),
    Column("moved_to", String(4), nullable=True),
    # The year round and past the programme (adapters/year_rows.py).
    Column("timetable_week", JSON, nullable=True),
    Column("transition", JSON, nullable=True),
    Column("hand_overs", JSON, nullable=False, server_default=text("'[]'")),
    # For statistics and the follow-up (issue 16, migration 0013).
    Column("gender", JSON, nullable=True),
    Column("follow_up", JSON, nullable=False, server_default=text("'[]'")),
    Column("ledger", JSON, nullable=False, server_default=text("'[]'")),
)

alerts = Table(
    "alerts",
    metadata,
    Column("alert_id", Uuid, primary_key=True),
    Column("key", String(200), nullable=False),
    Column("municipality", String(4), nullable=False),
    Column("rule_id", String(60), nullable=False),
    Column("participant_id", Uuid, nullable=True),
    Column("ref", String(60), nullable=False),
    Column("responsibility", String(30), nullable=False),
    Column("unit_id", String(60), nullable=True),
    Column("since", Date, nullable=True),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("closed_at", UtcDateTime(), nullable=True),
    Column("close_reason", String(40), nullable=True),
    # revision 0008: the work queue (docs/alerts.md). ``severity`` is the rule's for the
    # municipality when the alert opened; ``version`` counts the workflow's changes (an
    # action names the version it was based on); ``closed_by`` is who closed it by hand
    # (null: the data closed it); ``held`` marks an alert closed by hand whose condition
    # still holds, so the rules do not open it again until the condition clears.
    Column("severity", String(10), nullable=False, server_default="medium"),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("acknowledged_at", UtcDateTime(), nullable=True),
    Column("assignee_sub", String(200), nullable=True),
    Column("assignee_name", String(200), nullable=True),
    Column("snoozed_until", Date, nullable=True),
    Column("closed_by", String(200), nullable=True),
    Column("held", Boolean, nullable=False, server_default=false()),
    Index(
        "uq_alerts_open_key",
        "key",
        unique=True,
        postgresql_where=text("closed_at IS NULL"),
        sqlite_where=text("closed_at IS NULL"),
    ),
    Index("ix_alerts_municipality_open", "municipality", "closed_at"),
    Index("ix_alerts_participant", "participant_id"),
    Index("ix_alerts_assignee", "municipality", "assignee_sub"),
    Index("ix_alerts_held_key", "key", postgresql_where=text("held"), sqlite_where=text("held")),
)

# Every action a person took on an alert, never edited (revision 0008): acknowledged,
# assigned, commented, snoozed, closed. ``text`` is the comment or the reason, ``until``
# the snooze's last day, ``version`` the alert's version the action made. The actor is
# the token's subject and display name, no other personal data.
alert_history = Table(
    "alert_history",
    metadata,
    Column("id", BigIntId, primary_key=True, autoincrement=True),
    Column("alert_id", Uuid, nullable=False),
    Column("municipality", String(4), nullable=False),
    Column("action", String(20), nullable=False),
    Column("actor_sub", String(200), nullable=False),
    Column("actor_name", String(200), nullable=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("text", Text, nullable=True),
    Column("until", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_alert_history_alert", "alert_id", "id"),
)

# Every alert opened or closed, in order: what ``GET /changes`` serves. ``payload`` is the
# change as a CloudEvent (JSON), the shape the other services' feeds serve their events in.
alert_changes = Table(
    "alert_changes",
    metadata,
    Column("id", BigIntId, primary_key=True, autoincrement=True),
    Column("alert_id", Uuid, nullable=False),
    Column("municipality", String(4), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

# The access log (every read of a participant's personal data; append-only, never rebuilt)
# and the sharing bases of public agencies, folded from plan-service's events.
access = define_access_tables(metadata)
access_log = access.access_log
sharing_bases = access.sharing_bases

# The participants plan-service erased (``helhet.participant.erased.v1``): only the id,
# the day and the reason, so that no later or replayed event brings them back. Kept
# across a rebuild (a rebuild drops them again even if the erasure is no longer on the
# topic).
erased_participants = Table(ERASED_PARTICIPANTS, metadata, *erased_participant_columns())

# What a rebuild empties before it replays every topic. The alerts table (its feed,
# alert_changes, and the work queue's alert_history) is not in it on purpose: alerts carry
# history (when each opened, when and why it closed, what people did with it) that the
# events alone cannot give back, so a rebuild keeps them. While
# old events are replayed the projection leaves alerts alone
# (``alert_live_window_hours``); the daily clock (``evaluate-alerts``) then reconciles
# every open alert with the rebuilt chains, closing with a reason the ones that no longer
# hold and opening the new ones.
READ_MODEL_TABLES = [participant_chain, sharing_bases]
# The access log is no read model: it records reads, not events, and stays as it is.
KEPT_ACROSS_REBUILD = [alerts, alert_changes, alert_history, access_log, erased_participants]
