"""participants.erased_on and erasure_reason: a participant erased (retention or request)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("participants", sa.Column("erased_on", sa.Date(), nullable=True))
    op.add_column("participants", sa.Column("erasure_reason", sa.String(20), nullable=True))


def downgrade() -> None:
    # In place (never by copying the table: with foreign keys on, dropping the copied
    # ``participants`` would cascade to every row under it).
    with op.batch_alter_table("participants", recreate="never") as batch:
        batch.drop_column("erasure_reason")
        batch.drop_column("erased_on")
