"""participant_holidays: the participant's own five weeks' holiday, counted as covered by
the full-time check; timetable_week_checks.holiday_minutes

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participant_holidays",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_participant_holidays_participant_id", "participant_holidays", ["participant_id"]
    )
    op.add_column(
        "timetable_week_checks",
        sa.Column("holiday_minutes", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_column("timetable_week_checks", "holiday_minutes")
    op.drop_index("ix_participant_holidays_participant_id", table_name="participant_holidays")
    op.drop_table("participant_holidays")
