"""an employer's history entry (a note, a visit, an incident) may name the participant it
is about, so that an erasure of the participant deletes it (issue 12)"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0011", "0010"


def upgrade() -> None:
    with op.batch_alter_table("employer_history") as batch:
        batch.add_column(sa.Column("participant_id", sa.Uuid(), nullable=True))
        batch.create_index("ix_employer_history_participant_id", ["participant_id"])


def downgrade() -> None:
    with op.batch_alter_table("employer_history") as batch:
        batch.drop_index("ix_employer_history_participant_id")
        batch.drop_column("participant_id")
