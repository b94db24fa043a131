"""ledger_entries and benefit_exports: attendance and absence, and exported benefit months

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("effect", sa.String(20), nullable=True),
        sa.Column("corrects", sa.Uuid(), sa.ForeignKey("ledger_entries.id"), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ledger_entries_participant_id", "ledger_entries", ["participant_id"])
    op.create_index(
        "ix_ledger_entries_participant_date", "ledger_entries", ["participant_id", "entry_date"]
    )
    op.create_index("ix_ledger_entries_corrects", "ledger_entries", ["corrects"], unique=True)
    op.create_table(
        "benefit_exports",
        sa.Column("municipality", sa.String(4), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_by", sa.String(200), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("total_ore", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("benefit_exports")
    op.drop_index("ix_ledger_entries_corrects", table_name="ledger_entries")
    op.drop_index("ix_ledger_entries_participant_date", table_name="ledger_entries")
    op.drop_index("ix_ledger_entries_participant_id", table_name="ledger_entries")
    op.drop_table("ledger_entries")
