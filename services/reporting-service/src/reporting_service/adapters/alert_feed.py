"""The rows of ``alert_changes`` (``GET /changes``): each alert opened or closed, by the
rules or by hand, as a CloudEvent whose ``data`` is the alert as ``GET /alerts`` shows it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from helhet_common.ids import uuid7

SOURCE = "/helhet/reporting-service"
OPENED = "helhet.alert.opened.v1"
CLOSED = "helhet.alert.closed.v1"


def feed_rows(kind: str, rows: list[dict[str, Any]], now: datetime) -> list[dict[str, object]]:
    """The rows of ``alert_changes`` for alerts just opened or closed: each change as a
    CloudEvent, its ``data`` the alert as ``GET /alerts`` shows it."""
    changes: list[dict[str, object]] = []
    for row in rows:
        data = {
            "alert_id": str(row["alert_id"]),
            "rule_id": row["rule_id"],
            "status": "open" if kind == OPENED else "closed",
            "municipality": row["municipality"],
            "participant_id": str(row["participant_id"]) if row["participant_id"] else None,
            "ref": row["ref"],
            "responsibility": row["responsibility"],
            "unit_id": row["unit_id"],
            "since": row["since"].isoformat() if row["since"] else None,
            "opened_at": row["opened_at"].isoformat(),
            "closed_at": row["closed_at"].isoformat() if row.get("closed_at") else None,
            "close_reason": row.get("close_reason"),
            "severity": row.get("severity"),
        }
        event = {
            "specversion": "1.0",
            "id": str(uuid7()),
            "source": SOURCE,
            "type": kind,
            "subject": data["alert_id"],
            "time": now.isoformat(),
            "datacontenttype": "application/json",
            "municipality": row["municipality"],
            "data": data,
        }
        changes.append(
            {
                "alert_id": row["alert_id"],
                "municipality": row["municipality"],
                "payload": json.dumps(event).encode(),
                "created_at": now,
            }
        )
    return changes
