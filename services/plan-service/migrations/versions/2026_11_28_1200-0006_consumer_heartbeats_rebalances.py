"""rebalance counters on consumer_heartbeats

The rebalances the consumer group's members have seen (partitions revoked, when last),
the batches they rolled back before the database commit and the offset commits the
broker refused: added to by each beat, shown by the operations page.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 12:00:00
"""

from collections.abc import Sequence

from alembic import op

from helhet_common.db.migrations import (
    add_consumer_heartbeats_rebalance_columns,
    drop_consumer_heartbeats_rebalance_columns,
)

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_consumer_heartbeats_rebalance_columns(op)


def downgrade() -> None:
    drop_consumer_heartbeats_rebalance_columns(op)
