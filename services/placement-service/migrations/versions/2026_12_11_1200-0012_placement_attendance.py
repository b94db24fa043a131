"""attendance and absence on a placement's days, recorded by the employer's contact
person or the follow-up staff for the participant's one ledger (issue 16)"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0012", "0011"


def upgrade() -> None:
    op.create_table(
        "placement_attendance",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "placement_id",
            sa.Uuid(),
            sa.ForeignKey("placements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("effect", sa.String(20), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("placement_id", "entry_date", name="uq_placement_attendance_day"),
    )
    op.create_index(
        "ix_placement_attendance_placement_id", "placement_attendance", ["placement_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_placement_attendance_placement_id", "placement_attendance")
    op.drop_table("placement_attendance")
