"""external_links: a participant's record in another system (an import's key)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "external_links",
        sa.Column("source", sa.String(40), primary_key=True),
        sa.Column("municipality", sa.String(4), primary_key=True),
        sa.Column("external_id", sa.String(100), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("change_reason", sa.String(200), nullable=True),
    )
    op.create_index("ix_external_links_participant_id", "external_links", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_external_links_participant_id", table_name="external_links")
    op.drop_table("external_links")
