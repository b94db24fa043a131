"""the access log and the sharing bases (helhet_common.access; a shared revision)"""

from helhet_common.db.migrations import ACCESS_LOG as step

revision, down_revision = "0008", "0007"
upgrade, downgrade = step.upgrade, step.downgrade
