"""the access log's acting municipality (inter-municipal cooperation; a shared revision)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 19:20:00
"""

from helhet_common.db.migrations import ACCESS_LOG_ACTING_MUNICIPALITY as step

revision, down_revision = "0015", "0014"
upgrade, downgrade = step.upgrade, step.downgrade
