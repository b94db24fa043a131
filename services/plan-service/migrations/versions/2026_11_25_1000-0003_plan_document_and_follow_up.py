"""the plan as a living document, reviews, meetings, actions, contacts, leave ids, moves

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00

- ``plans``: the participant's group, the heavy-self-study flag, the contributors per
  section, and the day the first version was made (from ``updated_at`` for plans saved
  before);
- ``plan_versions``: every version with its reason, who and when; a plan saved before
  gets its current version, with the reason that it was recorded before versions were
  kept;
- ``plan_contributions``, ``plan_reviews``, ``meetings``, ``actions``, ``contacts``;
- ``programme_leaves.id`` (published with the leave; given to leaves recorded before);
- ``participants.moved_on``/``moved_to``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from helhet_common.ids import uuid7

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_TABLES = ("contacts", "actions", "meetings", "plan_reviews", "plan_contributions")
BEFORE_VERSIONS = "recorded before plan versions were kept"


def participant_key(*, primary: bool) -> sa.Column[object]:
    return sa.Column(
        "participant_id",
        sa.Uuid(),
        sa.ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=primary,
        nullable=False,
    )


def created() -> list[sa.Column[object]]:
    return [
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("moved_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("moved_to", sa.String(4), nullable=True))
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("participant_group", sa.String(30), nullable=True))
        batch.add_column(
            sa.Column("heavy_self_study", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("contributors", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch.add_column(sa.Column("started_on", sa.Date(), nullable=True))
    op.create_table(
        "plan_versions",
        participant_key(primary=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("end_goal", sa.String(30), nullable=False),
        sa.Column("participant_group", sa.String(30), nullable=True),
        sa.Column("norwegian_goal", sa.String(2), nullable=False),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("heavy_self_study", sa.Boolean(), nullable=False),
        sa.Column("programme_hours_per_week", sa.Float(), nullable=False),
        sa.Column("contributors", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_by_agency", sa.String(40), nullable=False),
        sa.Column("contribution_id", sa.Uuid(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "plan_contributions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("section", sa.String(20), nullable=False),
        sa.Column("proposal", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column("proposed_by_agency", sa.String(40), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("based_on_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_by_agency", sa.String(40), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("resulting_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "plan_reviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("agencies_present", sa.JSON(), nullable=False),
        sa.Column("participant_acknowledged", sa.Boolean(), nullable=False),
        sa.Column("participant_disagrees", sa.Boolean(), nullable=False),
        sa.Column("participant_comment", sa.Text(), nullable=True),
        sa.Column("municipality_justification", sa.Text(), nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        *created(),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("participant_present", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        *created(),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column(
            "meeting_id",
            sa.Uuid(),
            sa.ForeignKey("meetings.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_agency", sa.String(40), nullable=False),
        sa.Column("owner_unit", sa.String(64), nullable=False),
        sa.Column("responsibility", sa.String(40), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completion_note", sa.Text(), nullable=True),
        sa.Column("completed_by", sa.String(200), nullable=True),
        *created(),
    )
    op.create_index("ix_actions_meeting_id", "actions", ["meeting_id"])
    op.create_index("ix_actions_municipality_status", "actions", ["municipality", "status"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("handover_note", sa.Text(), nullable=True),
        *created(),
    )
    for table in NEW_TABLES:
        op.create_index(f"ix_{table}_participant_id", table, ["participant_id"])

    # Plans saved before: their first day and their current version in the history.
    plans = sa.table(
        "plans",
        sa.column("participant_id", sa.Uuid()),
        sa.column("version", sa.Integer()),
        sa.column("end_goal", sa.String()),
        sa.column("norwegian_goal", sa.String()),
        sa.column("activities", sa.JSON()),
        sa.column("programme_hours_per_week", sa.Float()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("started_on", sa.Date()),
    )
    versions = sa.table(
        "plan_versions",
        *(
            sa.column(name, type_)
            for name, type_ in (
                ("participant_id", sa.Uuid()),
                ("version", sa.Integer()),
                ("end_goal", sa.String()),
                ("participant_group", sa.String()),
                ("norwegian_goal", sa.String()),
                ("activities", sa.JSON()),
                ("heavy_self_study", sa.Boolean()),
                ("programme_hours_per_week", sa.Float()),
                ("contributors", sa.JSON()),
                ("reason", sa.Text()),
                ("changed_by", sa.String()),
                ("changed_by_agency", sa.String()),
                ("changed_at", sa.DateTime(timezone=True)),
            )
        ),
    )
    for row in bind.execute(sa.select(plans)).all():
        bind.execute(
            plans.update()
            .where(plans.c.participant_id == row.participant_id)
            .values(started_on=row.updated_at.date())
        )
        bind.execute(
            versions.insert().values(
                participant_id=row.participant_id,
                version=row.version,
                end_goal=row.end_goal,
                participant_group=None,
                norwegian_goal=row.norwegian_goal,
                activities=row.activities,
                heavy_self_study=False,
                programme_hours_per_week=row.programme_hours_per_week,
                contributors={},
                reason=BEFORE_VERSIONS,
                changed_by="unknown",
                changed_by_agency="refugee-service",
                changed_at=row.updated_at,
            )
        )

    # Leaves get an id (published with the leave); those recorded before get one now.
    with op.batch_alter_table("programme_leaves") as batch:
        batch.add_column(sa.Column("id", sa.Uuid(), nullable=True))
    leaves = sa.table(
        "programme_leaves",
        sa.column("participant_id", sa.Uuid()),
        sa.column("from_date", sa.Date()),
        sa.column("id", sa.Uuid()),
    )
    for row in bind.execute(sa.select(leaves.c.participant_id, leaves.c.from_date)).all():
        bind.execute(
            leaves.update()
            .where(
                leaves.c.participant_id == row.participant_id,
                leaves.c.from_date == row.from_date,
            )
            .values(id=uuid7())
        )
    with op.batch_alter_table("programme_leaves") as batch:
        batch.alter_column("id", existing_type=sa.Uuid(), nullable=False)
        batch.create_unique_constraint("uq_programme_leaves_id", ["id"])


def downgrade() -> None:
    with op.batch_alter_table("programme_leaves") as batch:
        batch.drop_constraint("uq_programme_leaves_id", type_="unique")
        batch.drop_column("id")
    for table in NEW_TABLES:
        op.drop_index(f"ix_{table}_participant_id", table_name=table)
    op.drop_index("ix_actions_municipality_status", table_name="actions")
    op.drop_index("ix_actions_meeting_id", table_name="actions")
    for table in (*NEW_TABLES, "plan_versions"):
        op.drop_table(table)
    # Dropped in place (SQLite 3.35+ can), never by copying the table: copying
    # ``participants`` would drop it, and with foreign keys on, cascade to every row
    # under it.
    with op.batch_alter_table("plans", recreate="never") as batch:
        for column in ("started_on", "contributors", "heavy_self_study", "participant_group"):
            batch.drop_column(column)
    with op.batch_alter_table("participants", recreate="never") as batch:
        batch.drop_column("moved_to")
        batch.drop_column("moved_on")
