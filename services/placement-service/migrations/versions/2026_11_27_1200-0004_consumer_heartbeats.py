"""the consumer_heartbeats table

One row per consumer group, written by its running consumer every few seconds and after
each batch; the api's readiness reads it (a consumer that stopped beating makes the api
that serves its read model not ready).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:00:00
"""

from collections.abc import Sequence

from alembic import op

from helhet_common.db.migrations import (
    create_consumer_heartbeats_table,
    drop_consumer_heartbeats_table,
)

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_consumer_heartbeats_table(op)


def downgrade() -> None:
    drop_consumer_heartbeats_table(op)
