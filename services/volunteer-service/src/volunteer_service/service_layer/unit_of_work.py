"""volunteer-service's unit of work: its repositories on one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK, Clock
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

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession] | None,
        *,
        source: str,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        """``session_factory`` None: a unit of work only for ``within`` (the projection's)."""
        super().__init__(
            session_factory,
            tables=tables.shared,
            source=source,
            translate=contracts.translate,
            clock=clock,
        )

    def open_repositories(self, session: AsyncSession) -> None:
        self.organisations = OrganisationRepository(session, self.seen)
        self.volunteers = VolunteerRepository(session, self.seen)
        self.activities = ActivityRepository(session, self.seen)
        self.matches = MatchRepository(session, self.seen)
        self.participants = ParticipantRepository(session)
