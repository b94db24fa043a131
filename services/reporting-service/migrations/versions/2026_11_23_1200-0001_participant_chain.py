"""participant chain read model; outbox, processed events, idempotency keys

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
        "participant_chain",
        sa.Column("participant_id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=True),
        sa.Column("household_type", sa.String(20), nullable=True),
        sa.Column("settlement_date", sa.Date(), nullable=True),
        sa.Column("programme_regime", sa.String(30), nullable=True),
        sa.Column("programme_start", sa.Date(), nullable=True),
        sa.Column("programme_expected_end", sa.Date(), nullable=True),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("plan_end_goal", sa.String(30), nullable=True),
        sa.Column("plan_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stage", sa.String(30), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_participant_chain_municipality", "participant_chain", ["municipality"])


def downgrade() -> None:
    op.drop_index("ix_participant_chain_municipality", table_name="participant_chain")
    op.drop_table("participant_chain")
    drop_shared_tables(op)
