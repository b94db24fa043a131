"""the consent projection table is participant_consents, as in volunteer-service

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_consents_participant_id", table_name="consents")
    op.rename_table("consents", "participant_consents")
    op.create_index(
        "ix_participant_consents_participant_id", "participant_consents", ["participant_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_participant_consents_participant_id", table_name="participant_consents")
    op.rename_table("participant_consents", "consents")
    op.create_index("ix_consents_participant_id", "consents", ["participant_id"])
