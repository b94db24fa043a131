"""edits: organisation versions, deactivation and erasure, cancelled activities

Organisations get a version (optimistic concurrency) and a deactivation date; volunteers
a deactivation (date and reason code) and an erasure date; activities a cancellation
(date and reason code).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, or NOT NULL with a default): PostgreSQL and SQLite alike.
    op.add_column(
        "organisations", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("organisations", sa.Column("deactivated_on", sa.Date(), nullable=True))
    op.add_column("volunteers", sa.Column("deactivated_on", sa.Date(), nullable=True))
    op.add_column("volunteers", sa.Column("deactivation_reason", sa.String(30), nullable=True))
    op.add_column("volunteers", sa.Column("erased_on", sa.Date(), nullable=True))
    op.add_column("activities", sa.Column("cancelled_on", sa.Date(), nullable=True))
    op.add_column("activities", sa.Column("cancellation_reason", sa.String(30), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35 and later have it): a batch copy of ``volunteers``
    # would trip the foreign keys of ``matches`` on SQLite.
    op.drop_column("activities", "cancellation_reason")
    op.drop_column("activities", "cancelled_on")
    op.drop_column("volunteers", "erased_on")
    op.drop_column("volunteers", "deactivation_reason")
    op.drop_column("volunteers", "deactivated_on")
    op.drop_column("organisations", "deactivated_on")
    op.drop_column("organisations", "version")
