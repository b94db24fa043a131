"""transitions and hand_overs: the transition checklist and the hand-over packages

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transitions",
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("nav_dialogue_held_on", sa.Date(), nullable=True),
        sa.Column("next_step", sa.String(30), nullable=True),
        sa.Column("receiving_kind", sa.String(20), nullable=True),
        sa.Column("receiving_unit_id", sa.String(40), nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "hand_overs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("receiving_kind", sa.String(20), nullable=False),
        sa.Column("receiving_unit_id", sa.String(40), nullable=False),
        sa.Column("basis_kind", sa.String(20), nullable=False),
        sa.Column("basis_id", sa.Uuid(), nullable=False),
        sa.Column("package", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("acknowledged_by", sa.String(200), nullable=True),
        sa.Column("acknowledged_by_agency", sa.String(40), nullable=True),
    )
    op.create_index("ix_hand_overs_participant_id", "hand_overs", ["participant_id"])
    op.create_index(
        "ux_hand_overs_receiving_unit",
        "hand_overs",
        ["participant_id", "receiving_kind", "receiving_unit_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ux_hand_overs_receiving_unit", table_name="hand_overs")
    op.drop_index("ix_hand_overs_participant_id", table_name="hand_overs")
    op.drop_table("hand_overs")
    op.drop_table("transitions")
