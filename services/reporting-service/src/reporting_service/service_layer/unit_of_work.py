"""reporting-service's unit of work: the work queue's writes and the access log's reads
on one transaction.

The work queue's changes are not published on Kafka (their feed is ``alert_changes``);
the one event reporting-service publishes is a recorded read of participants' personal
data (``helhet.access.recorded.v1``, ``helhet_common.access``), through the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.unit_of_work import UnitOfWork
from reporting_service import contracts
from reporting_service.adapters import tables
from reporting_service.adapters.alert_cases import AlertCaseRepository
from reporting_service.adapters.participants import ParticipantBases


class ReportingUnitOfWork(UnitOfWork, tables=tables.shared, translate=contracts.translate):
    alerts: AlertCaseRepository
    participants: ParticipantBases

    def open_repositories(self, session: AsyncSession) -> None:
        self.alerts = AlertCaseRepository(session, self.seen)
        self.participants = ParticipantBases(session)
