"""access_log across services: the read, the service, the role, the basis, the categories

The participant's one access log holds plan-service's own reads and the reads other
services publish (``helhet.access.recorded.v1``). A read is recorded once per
participant: a unique index on (read_id, participant_id) makes a redelivered event
harmless. Rows written before this revision have no read id (NULL) and are plan-service's.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ux_access_log_read_id_participant_id"


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy on SQLite: the append-only trigger stays).
    for column in (
        sa.Column("read_id", sa.Uuid(), nullable=True),
        sa.Column(
            "service", sa.String(60), nullable=False, server_default=sa.text("'plan-service'")
        ),
        sa.Column("client_id", sa.String(200), nullable=True),
        sa.Column("role", sa.String(40), nullable=True),
        sa.Column("legal_basis", sa.String(40), nullable=True),
        sa.Column("basis_id", sa.Uuid(), nullable=True),
        sa.Column("consent_id", sa.Uuid(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=True),
    ):
        op.add_column("access_log", column)
    op.create_index(INDEX, "access_log", ["read_id", "participant_id"], unique=True)
    op.create_index("ix_access_log_at", "access_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_access_log_at", table_name="access_log")
    op.drop_index(INDEX, table_name="access_log")
    # In place: a copy of the table would lose its append-only trigger on SQLite.
    with op.batch_alter_table("access_log", recreate="never") as batch:
        for column in (
            "categories",
            "consent_id",
            "basis_id",
            "legal_basis",
            "role",
            "client_id",
            "service",
            "read_id",
        ):
            batch.drop_column(column)
