"""volunteer-service's unit of work: its repositories on one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

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


class VolunteerUnitOfWork(UnitOfWork, tables=tables.shared, translate=contracts.translate):
    organisations: OrganisationRepository
    volunteers: VolunteerRepository
    activities: ActivityRepository
    matches: MatchRepository
    participants: ParticipantRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.organisations = OrganisationRepository(session, self.seen)
        self.volunteers = VolunteerRepository(session, self.seen)
        self.activities = ActivityRepository(session, self.seen)
        self.matches = MatchRepository(session, self.seen)
        self.participants = ParticipantRepository(session)
