"""an index on processed_events (consumer, processed_at)

One consumer's processed events by time (the events-per-minute chart of reporting-service's
operations page) without reading all of that consumer's rows, which are never purged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 12:00:00
"""

from collections.abc import Sequence

from alembic import op

from helhet_common.db.migrations import (
    create_processed_events_consumer_index,
    drop_processed_events_consumer_index,
)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_processed_events_consumer_index(op)


def downgrade() -> None:
    drop_processed_events_consumer_index(op)
