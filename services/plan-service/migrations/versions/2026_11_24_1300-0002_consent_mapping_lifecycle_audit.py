"""consents, sharing bases, mappings, programme lifecycle, tests, outcomes, access log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables under a participant that get an index on participant_id.
INDEXED = ("test_results", "consents", "sharing_bases", "access_log")


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
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("person_sub", sa.String(200), nullable=True))
    op.create_index("ix_participants_person_sub", "participants", ["person_sub"])
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(sa.Column("original_expected_end_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("completion", sa.String(20), nullable=True))
        batch.add_column(sa.Column("exit_reason", sa.String(40), nullable=True))
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    op.create_table(
        "programme_extensions",
        participant_key(primary=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("previous_expected_end_date", sa.Date(), nullable=False),
        sa.Column("new_expected_end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        *created(),
    )
    op.create_table(
        "programme_leaves",
        participant_key(primary=True),
        sa.Column("from_date", sa.Date(), primary_key=True),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        *created(),
    )
    op.create_table(
        "mappings",
        participant_key(primary=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("education_level", sa.String(30), nullable=False),
        sa.Column("work_experience_sectors", sa.JSON(), nullable=False),
        sa.Column("wished_sectors", sa.JSON(), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("norwegian_levels", sa.JSON(), nullable=False),
        sa.Column("has_driving_licence", sa.Boolean(), nullable=False),
        sa.Column("childcare_needs", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "test_results",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("test", sa.String(20), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        *created(),
    )
    op.create_table(
        "outcomes",
        participant_key(primary=True),
        sa.Column("measured_at", sa.String(20), primary_key=True),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_agency", sa.String(40), nullable=False),
        *created(),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("recipient_kind", sa.String(20), nullable=False),
        sa.Column("recipient_id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(30), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        *created(),
    )
    op.create_table(
        "sharing_bases",
        sa.Column("id", sa.Uuid(), primary_key=True),
        participant_key(primary=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("legal_basis", sa.String(40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        *created(),
    )
    op.create_table(
        "access_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        participant_key(primary=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("sub", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("endpoint", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    for table in INDEXED:
        op.create_index(f"ix_{table}_participant_id", table, ["participant_id"])
    # The access log is append-only: refuse updates in the database itself.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
            "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
        )


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS access_log_no_update"
        + (" ON access_log" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS access_log_append_only()")
    for table in INDEXED:
        op.drop_index(f"ix_{table}_participant_id", table_name=table)
    for table in (
        "access_log",
        "sharing_bases",
        "consents",
        "outcomes",
        "test_results",
        "mappings",
        "programme_leaves",
        "programme_extensions",
    ):
        op.drop_table(table)
    with op.batch_alter_table("programmes") as batch:
        for column in ("version", "exit_reason", "completion", "ended_on"):
            batch.drop_column(column)
        batch.drop_column("original_expected_end_date")
    op.drop_index("ix_participants_person_sub", table_name="participants")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("person_sub")
