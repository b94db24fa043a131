"""employers, openings, placements and their logs; participant profiles and consents

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

CHILDREN = (
    "placement_kind_changes",
    "placement_follow_ups",
    "placement_extensions",
    "placement_hours",
)


def _placement_child(name: str, *columns: sa.Column, unique: bool = False) -> None:  # type: ignore[type-arg]
    extra = (
        [sa.UniqueConstraint("placement_id", "worked_on", name=f"uq_{name}_day")] if unique else []
    )
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "placement_id",
            sa.Uuid(),
            sa.ForeignKey("placements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        *columns,
        *extra,
    )
    op.create_index(f"ix_{name}_placement_id", name, ["placement_id"])


def upgrade() -> None:
    op.create_table(
        "employers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("org_number", sa.String(9), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(1), nullable=False),
        sa.Column("nace_code", sa.String(10), nullable=True),
        sa.Column("ownership", sa.String(20), nullable=False),
        sa.Column("capacity_cap", sa.Integer(), nullable=True),
        sa.Column("agreement", sa.JSON(), nullable=False),
        sa.Column("responsible", sa.JSON(), nullable=True),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "municipality", "org_number", name="uq_employers_municipality_org_number"
        ),
    )
    op.create_index("ix_employers_municipality", "employers", ["municipality"])
    op.create_table(
        "employer_history",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "employer_id",
            sa.Uuid(),
            sa.ForeignKey("employers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("summary", sa.String(2000), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_employer_history_employer_id", "employer_history", ["employer_id"])
    op.create_table(
        "openings",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column(
            "employer_id",
            sa.Uuid(),
            sa.ForeignKey("employers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("sector", sa.String(1), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("language_requirements", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("created_by_municipality", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_openings_municipality", "openings", ["municipality"])
    op.create_index("ix_openings_employer_id", "openings", ["employer_id"])
    op.create_table(
        "placements",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column(
            "opening_id",
            sa.Uuid(),
            sa.ForeignKey("openings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "employer_id",
            sa.Uuid(),
            sa.ForeignKey("employers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("sector", sa.String(1), nullable=False),
        sa.Column("created_by_municipality", sa.Boolean(), nullable=False),
        sa.Column("purpose", sa.String(30), nullable=False),
        sa.Column("learning_goals", sa.JSON(), nullable=False),
        sa.Column("plan_end_goal", sa.String(30), nullable=True),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("language_agreement", sa.JSON(), nullable=False),
        sa.Column("follow_up_plan", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        sa.Column("next_step", sa.String(30), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("nav_measures", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("municipality", "participant_id", "opening_id", "employer_id"):
        op.create_index(f"ix_placements_{column}", "placements", [column])
    _placement_child(
        "placement_kind_changes",
        sa.Column("from_kind", sa.String(30), nullable=False),
        sa.Column("to_kind", sa.String(30), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
    )
    _placement_child(
        "placement_follow_ups",
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("by_unit", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
    )
    _placement_child(
        "placement_extensions",
        sa.Column("previous_end", sa.Date(), nullable=False),
        sa.Column("new_end", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
    )
    _placement_child(
        "placement_hours",
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("confirmed_by_employer", sa.Boolean(), nullable=False),
        unique=True,
    )
    op.create_table(
        "participant_profiles",
        sa.Column("participant_id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=True),
        sa.Column("settlement_date", sa.Date(), nullable=True),
        sa.Column("household_type", sa.String(20), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("programme_expected_end", sa.Date(), nullable=True),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("end_goal", sa.String(30), nullable=True),
        sa.Column("mapping_version", sa.Integer(), nullable=True),
        sa.Column("education_level", sa.String(30), nullable=True),
        sa.Column("work_experience_sectors", sa.JSON(), nullable=False),
        sa.Column("wished_sectors", sa.JSON(), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("norwegian_levels", sa.JSON(), nullable=False),
        sa.Column("has_driving_licence", sa.Boolean(), nullable=True),
        sa.Column("childcare_needs", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_participant_profiles_municipality", "participant_profiles", ["municipality"]
    )
    op.create_table(
        "consents",
        sa.Column("consent_id", sa.Uuid(), primary_key=True),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("recipient_kind", sa.String(30), nullable=True),
        sa.Column("recipient_id", sa.String(100), nullable=True),
        sa.Column("purpose", sa.String(30), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_consents_participant_id", "consents", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_consents_participant_id", table_name="consents")
    op.drop_table("consents")
    op.drop_index("ix_participant_profiles_municipality", table_name="participant_profiles")
    op.drop_table("participant_profiles")
    for name in reversed(CHILDREN):
        op.drop_index(f"ix_{name}_placement_id", table_name=name)
        op.drop_table(name)
    for column in ("municipality", "participant_id", "opening_id", "employer_id"):
        op.drop_index(f"ix_placements_{column}", table_name="placements")
    op.drop_table("placements")
    op.drop_index("ix_openings_employer_id", table_name="openings")
    op.drop_index("ix_openings_municipality", table_name="openings")
    op.drop_table("openings")
    op.drop_index("ix_employer_history_employer_id", table_name="employer_history")
    op.drop_table("employer_history")
    op.drop_index("ix_employers_municipality", table_name="employers")
    op.drop_table("employers")
