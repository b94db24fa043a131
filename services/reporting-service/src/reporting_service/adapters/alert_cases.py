"""Alerts as the work queue loads and stores them: the workflow columns of ``alerts``
and the new rows of ``alert_history``, in the unit of work's transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select, update

from helhet_common.domain_errors import StaleVersion
from helhet_common.repository import Repository
from reporting_service.adapters.alert_feed import CLOSED, feed_rows
from reporting_service.adapters.tables import alert_changes, alert_history, alerts
from reporting_service.domain.workflow import CLOSED_BY_HAND, Actor, AlertCase


class AlertCaseRepository(Repository[AlertCase]):
    what = "alert"

    async def _load(self, aggregate_id: Any, *, lock: bool) -> AlertCase | None:
        query = select(alerts).where(alerts.c.alert_id == aggregate_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        r = row._mapping
        return AlertCase(
            id=r["alert_id"],
            municipality=r["municipality"],
            version=r["version"],
            closed_at=r["closed_at"],
            acknowledged_at=r["acknowledged_at"],
            assignee=Actor(r["assignee_sub"], r["assignee_name"]) if r["assignee_sub"] else None,
            snoozed_until=r["snoozed_until"],
            closed_by=r["closed_by"],
        )

    async def _update(self, aggregate: AlertCase) -> None:
        """The new state and the next version, if the alert is still at the version it
        was loaded at (of two writers one wins), and its new history row."""
        if not aggregate.history:
            return
        values: dict[str, Any] = {
            "version": aggregate.version + 1,
            "acknowledged_at": aggregate.acknowledged_at,
            "assignee_sub": aggregate.assignee.sub if aggregate.assignee else None,
            "assignee_name": aggregate.assignee.name if aggregate.assignee else None,
            "snoozed_until": aggregate.snoozed_until,
        }
        closing = aggregate.closed_at is not None and aggregate.closed_by is not None
        if closing:
            values |= {
                "closed_at": aggregate.closed_at,
                "close_reason": CLOSED_BY_HAND,
                "closed_by": aggregate.closed_by,
                "held": True,
            }
        result = await self.session.execute(
            update(alerts)
            .where(
                alerts.c.alert_id == aggregate.id,
                alerts.c.version == aggregate.version,
                alerts.c.closed_at.is_(None),
            )
            .values(**values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            current = await self.session.scalar(
                select(alerts.c.version).where(alerts.c.alert_id == aggregate.id)
            )
            raise StaleVersion(current=int(current or 0), given=aggregate.version)
        await self.session.execute(
            alert_history.insert(),
            [
                {
                    "alert_id": e.alert_id,
                    "municipality": e.municipality,
                    "action": e.action.value,
                    "actor_sub": e.actor.sub,
                    "actor_name": e.actor.name,
                    "at": e.at,
                    "text": e.text,
                    "until": e.until,
                    "version": e.version,
                }
                for e in aggregate.history
            ],
        )
        aggregate.history.clear()
        aggregate.version += 1
        if closing:
            await self._feed_closed(aggregate.id)

    async def _feed_closed(self, alert_id: UUID) -> None:
        """An alert closed by hand is in the change feed, as one the data closed is."""
        row = (
            await self.session.execute(select(alerts).where(alerts.c.alert_id == alert_id))
        ).one()
        await self.session.execute(
            alert_changes.insert(), feed_rows(CLOSED, [dict(row._mapping)], row.closed_at)
        )
