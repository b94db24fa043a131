"""the consumer_heartbeats table (a shared-table revision)"""

from helhet_common.db.migrations import CONSUMER_HEARTBEATS as step

revision, down_revision = "0004", "0003"
upgrade, downgrade = step.upgrade, step.downgrade
