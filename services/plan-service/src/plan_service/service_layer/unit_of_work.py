"""plan-service's unit of work: its repositories on one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.idempotency import IdempotencyStore
from helhet_common.unit_of_work import UnitOfWork
from plan_service import contracts
from plan_service.adapters import tables
from plan_service.adapters.repository import (
    AccessLogRepository,
    FollowUpRepository,
    ParticipantRepository,
    PlanRepository,
    SharingRepository,
)


class PlanUnitOfWork(UnitOfWork):
    participants: ParticipantRepository
    plans: PlanRepository
    follow_up: FollowUpRepository
    sharing: SharingRepository
    access_log: AccessLogRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, source: str) -> None:
        super().__init__(
            session_factory, tables=tables.shared, source=source, translate=contracts.translate
        )
        self.idempotency = IdempotencyStore(tables.shared)

    def open_repositories(self, session: AsyncSession) -> None:
        self.participants = ParticipantRepository(session)
        self.plans = PlanRepository(session)
        self.follow_up = FollowUpRepository(session)
        self.sharing = SharingRepository(session)
        self.access_log = AccessLogRepository(session)
