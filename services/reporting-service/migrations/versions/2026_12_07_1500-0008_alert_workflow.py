"""the alert work queue: severity, workflow state and every action in alert_history

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from helhet_common.db.shared_tables import BigIntId
from helhet_common.db.types import UtcDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = [
    sa.Column("severity", sa.String(10), nullable=False, server_default="medium"),
    sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    sa.Column("acknowledged_at", UtcDateTime(), nullable=True),
    sa.Column("assignee_sub", sa.String(200), nullable=True),
    sa.Column("assignee_name", sa.String(200), nullable=True),
    sa.Column("snoozed_until", sa.Date(), nullable=True),
    sa.Column("closed_by", sa.String(200), nullable=True),
    sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()),
]

# The rules' default severities when this revision was written: the alerts open now get
# them (a municipality's own severities apply to alerts opened from now on).
SEVERITIES = {
    "no-plan-after-programme-start": "high",
    "programme-ending-without-nav": "high",
    "placement-ended-without-next-step": "high",
    "placement-outside-wishes": "low",
}


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        for column in NEW_COLUMNS:
            batch.add_column(column)
    alerts = sa.table("alerts", sa.column("rule_id", sa.String), sa.column("severity", sa.String))
    for rule_id, severity in SEVERITIES.items():
        op.execute(alerts.update().where(alerts.c.rule_id == rule_id).values(severity=severity))
    op.create_index("ix_alerts_assignee", "alerts", ["municipality", "assignee_sub"])
    op.create_index(
        "ix_alerts_held_key",
        "alerts",
        ["key"],
        postgresql_where=sa.text("held"),
        sqlite_where=sa.text("held"),
    )
    op.create_table(
        "alert_history",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor_sub", sa.String(200), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=True),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_alert_history_alert", "alert_history", ["alert_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_alert_history_alert", table_name="alert_history")
    op.drop_table("alert_history")
    op.drop_index("ix_alerts_held_key", table_name="alerts")
    op.drop_index("ix_alerts_assignee", table_name="alerts")
    with op.batch_alter_table("alerts") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column.name)
