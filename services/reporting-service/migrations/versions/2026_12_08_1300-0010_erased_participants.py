"""erased participants: plan-service's erasures, so that nothing brings them back

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erased_participants",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("participant_id", name="pk_erased_participants"),
    )


def downgrade() -> None:
    op.drop_table("erased_participants")
