"""placement-service's unit of work: its repositories on one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.unit_of_work import UnitOfWork
from placement_service import contracts
from placement_service.adapters import tables
from placement_service.adapters.repository import (
    EmployerRepository,
    OpeningRepository,
    ParticipantRepository,
    PlacementRepository,
)


class PlacementUnitOfWork(UnitOfWork, tables=tables.shared, translate=contracts.translate):
    employers: EmployerRepository
    openings: OpeningRepository
    placements: PlacementRepository
    participants: ParticipantRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.employers = EmployerRepository(session, self.seen)
        self.openings = OpeningRepository(session, self.seen)
        self.placements = PlacementRepository(session, self.seen)
        self.participants = ParticipantRepository(session)
