"""organisations, volunteers, activities, attendance, matches; participant profiles and
consents (the projection of plan-service's events)

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


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("offers", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_organisations_municipality", "organisations", ["municipality"])
    op.create_table(
        "volunteers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), sa.ForeignKey("organisations.id"), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("max_matches", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("trainings", sa.JSON(), nullable=False),
        sa.Column("certificate_seen_on", sa.Date(), nullable=True),
        sa.Column("certificate_seen_by", sa.String(200), nullable=True),
        sa.Column("certificate_grounds", sa.JSON(), nullable=True),
        sa.Column("engagement", sa.String(20), nullable=True),
        sa.Column("former_participant", sa.Boolean(), nullable=True),
        sa.Column("personal", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_volunteers_municipality", "volunteers", ["municipality"])
    op.create_table(
        "activities",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), sa.ForeignKey("organisations.id"), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("locals_take_part", sa.Boolean(), nullable=False),
        sa.Column("recurrence", sa.String(20), nullable=False),
        sa.Column("weekday", sa.String(3), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("cost_nok", sa.Integer(), nullable=False),
        sa.Column("fee_support_available", sa.Boolean(), nullable=False),
        sa.Column("counts_as_programme_hours", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_activities_municipality", "activities", ["municipality"])
    op.create_table(
        "attendance",
        sa.Column(
            "activity_id",
            sa.Uuid(),
            sa.ForeignKey("activities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("attended_on", sa.Date(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "participant_id", "attended_on"),
    )
    op.create_index("ix_attendance_participant_id", "attendance", ["participant_id"])
    op.create_table(
        "matches",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("volunteer_id", sa.Uuid(), sa.ForeignKey("volunteers.id"), nullable=False),
        sa.Column("volunteer_kind", sa.String(20), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("setting", sa.String(30), nullable=False),
        sa.Column("involves_minors", sa.Boolean(), nullable=False),
        sa.Column("involves_developmental_disabilities", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("participant_accepted_on", sa.Date(), nullable=True),
        sa.Column("volunteer_accepted_on", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_matches_municipality", "matches", ["municipality"])
    op.create_index("ix_matches_participant_id", "matches", ["participant_id"])
    op.create_index("ix_matches_volunteer_id", "matches", ["volunteer_id"])
    op.create_table(
        "participant_profiles",
        sa.Column("participant_id", sa.Uuid(), primary_key=True),
        sa.Column("municipality", sa.String(4), nullable=True),
        sa.Column("household_type", sa.String(20), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("settlement_date", sa.Date(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("mapping_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_participant_profiles_municipality", "participant_profiles", ["municipality"]
    )
    op.create_table(
        "participant_consents",
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
    op.create_index(
        "ix_participant_consents_participant_id", "participant_consents", ["participant_id"]
    )


def downgrade() -> None:
    op.drop_table("participant_consents")
    op.drop_table("participant_profiles")
    op.drop_table("matches")
    op.drop_table("attendance")
    op.drop_table("activities")
    op.drop_table("volunteers")
    op.drop_table("organisations")
