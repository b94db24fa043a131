"""volunteer-service's unit of work: its repositories on one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.idempotency import IdempotencyStore
from helhet_common.unit_of_work import UnitOfWork
from volunteer_service import contracts
from volunteer_service.adapters import tables
from volunteer_service.adapters.repository import (
    ActivityRepository,
    MatchRepository,
    OrganisationRepository,
    ParticipantRepository,
    VolunteerRepository,
)


class VolunteerUnitOfWork(UnitOfWork):
    organisations: OrganisationRepository
    volunteers: VolunteerRepository
    activities: ActivityRepository
    matches: MatchRepository
    participants: ParticipantRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, source: str) -> None:
        super().__init__(
            session_factory, tables=tables.shared, source=source, translate=contracts.translate
        )
        self.idempotency = IdempotencyStore(tables.shared)

    def open_repositories(self, session: AsyncSession) -> None:
        self.organisations = OrganisationRepository(session)
        self.volunteers = VolunteerRepository(session)
        self.activities = ActivityRepository(session)
        self.matches = MatchRepository(session)
        self.participants = ParticipantRepository(session)
