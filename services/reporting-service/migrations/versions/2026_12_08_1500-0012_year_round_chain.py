"""the chain across the year and past the programme: the latest timetable week checked,
the transition checklist, the hand-overs (issue 16)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = [
    sa.Column("timetable_week", sa.JSON(), nullable=True),
    sa.Column("transition", sa.JSON(), nullable=True),
    sa.Column("hand_overs", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
]


def upgrade() -> None:
    # The events behind these columns were ignored before this revision: rebuild the
    # read model (``reporting-service rebuild``) to fill them in. Alerts are kept.
    with op.batch_alter_table("participant_chain") as batch:
        for column in NEW_COLUMNS:
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("participant_chain") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column.name)
