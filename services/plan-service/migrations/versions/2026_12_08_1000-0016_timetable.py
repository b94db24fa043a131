"""timetable_sessions, provider_closures, timetable_week_checks: the
year-round timetable and its full-time check week by week

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _participant_fk() -> sa.Column[object]:
    return sa.Column(
        "participant_id",
        sa.Uuid(),
        sa.ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "timetable_sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _participant_fk(),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("provider_kind", sa.String(20), nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_timetable_sessions_participant_id", "timetable_sessions", ["participant_id"]
    )
    op.create_table(
        "provider_closures",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("provider_kind", sa.String(20), nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("covered_by", sa.String(40), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_provider_closures_provider",
        "provider_closures",
        ["municipality", "provider_kind", "provider_id"],
    )
    op.create_table(
        "timetable_week_checks",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _participant_fk(),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("scheduled_minutes", sa.Integer(), nullable=False),
        sa.Column("closed_minutes", sa.Integer(), nullable=False),
        sa.Column("covered_minutes", sa.Integer(), nullable=False),
        sa.Column("required_minutes", sa.Integer(), nullable=False),
        sa.Column("heavy_self_study", sa.Boolean(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_timetable_week_checks_participant_id", "timetable_week_checks", ["participant_id"]
    )
    op.create_index(
        "ux_timetable_week_checks_week",
        "timetable_week_checks",
        ["participant_id", "week_start"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ux_timetable_week_checks_week", table_name="timetable_week_checks")
    op.drop_index("ix_timetable_week_checks_participant_id", table_name="timetable_week_checks")
    op.drop_table("timetable_week_checks")
    op.drop_index("ix_provider_closures_provider", table_name="provider_closures")
    op.drop_table("provider_closures")
    op.drop_index("ix_timetable_sessions_participant_id", table_name="timetable_sessions")
    op.drop_table("timetable_sessions")
