"""alert_changes: every alert opened or closed, in order, for ``GET /changes``

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from helhet_common.db.shared_tables import BigIntId
from helhet_common.db.types import UtcDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Alerts opened or closed before this revision are not in the feed: a client reads
    # ``GET /alerts`` once, then follows ``GET /changes`` from its first cursor.
    op.create_table(
        "alert_changes",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("alert_changes")
