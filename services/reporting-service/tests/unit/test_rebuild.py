"""A rebuild empties every read-model table, and keeps the alerts' history on purpose."""

from __future__ import annotations

from reporting_service.adapters import tables
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings


def test_every_table_is_rebuilt_kept_on_purpose_or_shared() -> None:
    projection = make_projection(ReportingSettings())
    rebuilt = {t.name for t in projection.tables}
    kept = {t.name for t in tables.KEPT_ACROSS_REBUILD}
    shared = {t.name for t in tables.shared.__dict__.values() if hasattr(t, "name")}

    assert rebuilt == {"participant_chain", "sharing_bases"}
    assert kept == {"alerts", "alert_changes", "alert_history", "access_log", "erased_participants"}
    assert set(tables.metadata.tables) == rebuilt | kept | shared
