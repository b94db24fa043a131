"""the access log and the sharing bases (helhet_common.access; a shared revision)"""

from helhet_common.db.migrations import ACCESS_LOG as step

revision, down_revision = "0009", "0008"
upgrade, downgrade = step.upgrade, step.downgrade
