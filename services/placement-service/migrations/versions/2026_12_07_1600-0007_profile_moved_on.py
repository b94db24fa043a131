"""participant_profiles.moved_on: the day the participant moved away

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participant_profiles") as batch:
        batch.add_column(sa.Column("moved_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant_profiles") as batch:
        batch.drop_column("moved_on")
