"""outcomes.still_in_municipality: the follow-up to five years after settlement;
participants.gender: a coarse gender for statistics

The yearly measures (``year_1`` .. ``year_5`` in ``measured_at``) fit the existing
column; only whether the participant still lives in the municipality is new.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outcomes", sa.Column("still_in_municipality", sa.Boolean(), nullable=True))
    op.add_column(
        "participants",
        sa.Column("gender", sa.String(10), nullable=False, server_default="unknown"),
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35 and later): a batch copy of `participants` would
    # drop the old table, and SQLite's ON DELETE CASCADE would empty its children.
    op.drop_column("participants", "gender")
    op.drop_column("outcomes", "still_in_municipality")
