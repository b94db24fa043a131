"""participant_identities: the national identity number a participant signs in with

ID-porten gives the participant's national identity number (``pid``); the programme
owner links it to the participant here. One number, one participant. The number is
kept only in this table (never in events or other services).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participant_identities",
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("national_id", sa.String(11), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("national_id", name="uq_participant_identities_national_id"),
    )


def downgrade() -> None:
    op.drop_table("participant_identities")
