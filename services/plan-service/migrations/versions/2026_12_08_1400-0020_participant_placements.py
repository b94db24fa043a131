"""participant_placements: placement-service's placements as plan-service's consumer
folds them in (ids, codes, dates), for the hand-over package

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participant_placements",
        sa.Column("placement_id", sa.Uuid(), primary_key=True),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("employer_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(30), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        sa.Column("hired_on", sa.Date(), nullable=True),
    )
    op.create_index(
        "ix_participant_placements_participant_id", "participant_placements", ["participant_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_participant_placements_participant_id", table_name="participant_placements")
    op.drop_table("participant_placements")
