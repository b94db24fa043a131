"""the access log's acting municipality (inter-municipal cooperation; a shared revision)"""

from helhet_common.db.migrations import ACCESS_LOG_ACTING_MUNICIPALITY as step

revision, down_revision = "0010", "0009"
upgrade, downgrade = step.upgrade, step.downgrade
