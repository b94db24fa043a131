"""the outbox, processed events and idempotency keys (a shared-table revision)"""

from helhet_common.db.migrations import SHARED_TABLES as step

revision, down_revision = "0001", None
upgrade, downgrade = step.upgrade, step.downgrade
