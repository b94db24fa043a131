"""participants, programmes, plans; outbox, processed events, idempotency keys

Revision ID: 0001
Revises:
Create Date: 2026-11-23 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from helhet_common.db.migrations import create_shared_tables, drop_shared_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_shared_tables(op)
    op.create_table(
        "participants",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("settlement_date", sa.Date(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("household_type", sa.String(20), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("personal", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_participants_municipality", "participants", ["municipality"])
    op.create_table(
        "programmes",
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("regime", sa.String(30), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("expected_end_date", sa.Date(), nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("end_goal", sa.String(30), nullable=False),
        sa.Column("norwegian_goal", sa.String(2), nullable=False),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("programme_hours_per_week", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("plans")
    op.drop_table("programmes")
    op.drop_index("ix_participants_municipality", table_name="participants")
    op.drop_table("participants")
    drop_shared_tables(op)
