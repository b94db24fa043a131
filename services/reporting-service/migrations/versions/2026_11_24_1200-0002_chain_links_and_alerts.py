"""every link of the participant chain; alerts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = [
    sa.Column("programme_extension_number", sa.Integer(), nullable=True),
    sa.Column("programme_extended_to", sa.Date(), nullable=True),
    sa.Column("programme_end_date", sa.Date(), nullable=True),
    sa.Column("programme_completion", sa.String(20), nullable=True),
    sa.Column("programme_end_reason", sa.String(30), nullable=True),
    sa.Column("mapping_version", sa.Integer(), nullable=True),
    sa.Column("mapping_recorded_on", sa.Date(), nullable=True),
    sa.Column("plan_norwegian_goal", sa.String(2), nullable=True),
    sa.Column("plan_first_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("norwegian_levels", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    sa.Column("last_test_on", sa.Date(), nullable=True),
    sa.Column("social_studies_passed", sa.Boolean(), nullable=True),
    sa.Column("outcome_at_exit", sa.String(30), nullable=True),
    sa.Column("outcome_at_exit_on", sa.Date(), nullable=True),
    sa.Column("outcome_one_year_after", sa.String(30), nullable=True),
    sa.Column("outcome_one_year_after_on", sa.Date(), nullable=True),
    sa.Column("consents", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("placements", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("matches", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("sessions_attended", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("first_attended_on", sa.Date(), nullable=True),
    sa.Column("last_attended_on", sa.Date(), nullable=True),
    sa.Column("next_step", sa.String(30), nullable=True),
]


def upgrade() -> None:
    with op.batch_alter_table("participant_chain") as batch:
        for column in NEW_COLUMNS:
            batch.add_column(column)
    # Chains projected before this revision lack the new links: rebuild the read model
    # (``reporting-service consume --from-beginning``) to fill them in.
    op.create_table(
        "alerts",
        sa.Column("alert_id", sa.Uuid(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("rule_id", sa.String(60), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=True),
        sa.Column("ref", sa.String(60), nullable=False),
        sa.Column("responsibility", sa.String(30), nullable=False),
        sa.Column("unit_id", sa.String(60), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(40), nullable=True),
    )
    op.create_index(
        "uq_alerts_open_key",
        "alerts",
        ["key"],
        unique=True,
        postgresql_where=sa.text("closed_at IS NULL"),
        sqlite_where=sa.text("closed_at IS NULL"),
    )
    op.create_index("ix_alerts_municipality_open", "alerts", ["municipality", "closed_at"])
    op.create_index("ix_alerts_participant", "alerts", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_alerts_participant", table_name="alerts")
    op.drop_index("ix_alerts_municipality_open", table_name="alerts")
    op.drop_index("uq_alerts_open_key", table_name="alerts")
    op.drop_table("alerts")
    with op.batch_alter_table("participant_chain") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column.name)
