"""reporting-service's unit of work: the work queue's writes on one transaction.

reporting-service publishes nothing on Kafka (its feed is ``alert_changes``), so its
translation gives no events; the unit of work is still the one commit point, with the
shared idempotency table and the clock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.messaging.envelope import IntegrationEvent
from helhet_common.unit_of_work import UnitOfWork
from reporting_service.adapters import tables
from reporting_service.adapters.alert_cases import AlertCaseRepository


def no_events(event: Any) -> Iterable[IntegrationEvent]:
    """The work queue's changes are not published on Kafka."""
    return ()


class ReportingUnitOfWork(UnitOfWork, tables=tables.shared, translate=no_events):
    alerts: AlertCaseRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.alerts = AlertCaseRepository(session, self.seen)
