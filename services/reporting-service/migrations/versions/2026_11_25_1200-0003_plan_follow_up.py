"""the follow-up of the plan: reviews, meetings, actions, leave, moving away

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = [
    sa.Column("reviews", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("meetings", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("actions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("leaves", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("moved_on", sa.Date(), nullable=True),
    sa.Column("moved_from", sa.String(4), nullable=True),
    sa.Column("moved_to", sa.String(4), nullable=True),
]


def upgrade() -> None:
    # The events behind these columns (docs/decisions/0003) were ignored before this
    # revision, and the placements' created_by_municipality was not kept: rebuild the
    # read model (``reporting-service rebuild``, or ``consume --from-beginning``) to fill
    # them in. Alerts are kept across the rebuild.
    with op.batch_alter_table("participant_chain") as batch:
        for column in NEW_COLUMNS:
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("participant_chain") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column.name)
