"""the chain for statistics and the follow-up: the coarse gender, the yearly status up to
five years after settlement, the ledger's recent days (issue 16)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = [
    sa.Column("gender", sa.JSON(), nullable=True),
    sa.Column("follow_up", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("ledger", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
]


def upgrade() -> None:
    # The events behind these columns were ignored before this revision (the gender, the
    # yearly follow-up, the ledger): rebuild the read model (``reporting-service
    # rebuild``) to fill them in. Alerts are kept.
    with op.batch_alter_table("participant_chain") as batch:
        for column in NEW_COLUMNS:
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("participant_chain") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column.name)
