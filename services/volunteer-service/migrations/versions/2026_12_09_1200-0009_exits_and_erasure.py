"""participant_profiles.exited_on (the programme ended) and erased_participants

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-09 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participant_profiles") as batch:
        batch.add_column(sa.Column("exited_on", sa.Date(), nullable=True))
    op.create_table(
        "erased_participants",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("participant_id", name="pk_erased_participants"),
    )


def downgrade() -> None:
    op.drop_table("erased_participants")
    with op.batch_alter_table("participant_profiles") as batch:
        batch.drop_column("exited_on")
