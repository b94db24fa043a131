"""an index on processed_events (consumer, processed_at) (a shared-table revision)"""

from helhet_common.db.migrations import PROCESSED_EVENTS_CONSUMER_INDEX as step

revision, down_revision = "0004", "0003"
upgrade, downgrade = step.upgrade, step.downgrade
