"""rebalance counters on consumer_heartbeats (a shared-table revision)"""

from helhet_common.db.migrations import CONSUMER_HEARTBEAT_REBALANCES as step

revision, down_revision = "0005", "0004"
upgrade, downgrade = step.upgrade, step.downgrade
