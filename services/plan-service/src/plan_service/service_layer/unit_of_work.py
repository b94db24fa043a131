"""plan-service's unit of work: its repositories on one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.unit_of_work import UnitOfWork
from plan_service import contracts
from plan_service.adapters import tables
from plan_service.adapters.repositories.access_log import AccessLogRepository
from plan_service.adapters.repositories.contributions import ContributionRepository
from plan_service.adapters.repositories.directory import DirectoryRepository
from plan_service.adapters.repositories.erasure import ErasureRepository
from plan_service.adapters.repositories.external_links import ExternalLinkRepository
from plan_service.adapters.repositories.follow_up import (
    ActionRepository,
    ContactRepository,
    MeetingRepository,
)
from plan_service.adapters.repositories.handover import (
    HandOverRepository,
    PlacementRepository,
    TransitionRepository,
)
from plan_service.adapters.repositories.ledger import BenefitRepository, LedgerRepository
from plan_service.adapters.repositories.participants import ParticipantRepository
from plan_service.adapters.repositories.plans import PlanRepository
from plan_service.adapters.repositories.sharing import ConsentRepository, SharingBasisRepository
from plan_service.adapters.repositories.timetable import (
    ClosureRepository,
    HolidayRepository,
    SelfStudyRepository,
    SessionRepository,
    WeekCheckRepository,
)


class PlanUnitOfWork(UnitOfWork, tables=tables.shared, translate=contracts.translate):
    participants: ParticipantRepository
    plans: PlanRepository
    contributions: ContributionRepository
    consents: ConsentRepository
    sharing_bases: SharingBasisRepository
    meetings: MeetingRepository
    actions: ActionRepository
    contacts: ContactRepository
    access_log: AccessLogRepository
    external_links: ExternalLinkRepository
    ledger: LedgerRepository
    benefit: BenefitRepository
    erasure: ErasureRepository
    sessions: SessionRepository
    closures: ClosureRepository
    holidays: HolidayRepository
    self_study: SelfStudyRepository
    week_checks: WeekCheckRepository
    transitions: TransitionRepository
    hand_overs: HandOverRepository
    placements: PlacementRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.participants = ParticipantRepository(session, self.seen)
        self.plans = PlanRepository(session)
        self.contributions = ContributionRepository(session, self.seen)
        self.consents = ConsentRepository(session, self.seen)
        self.sharing_bases = SharingBasisRepository(session, self.seen)
        self.meetings = MeetingRepository(session, self.seen)
        self.actions = ActionRepository(session, self.seen)
        self.contacts = ContactRepository(session)
        self.access_log = AccessLogRepository(session)
        self.external_links = ExternalLinkRepository(session)
        self.ledger = LedgerRepository(session, self.seen)
        self.benefit = BenefitRepository(session)
        self.erasure = ErasureRepository(session)
        self.sessions = SessionRepository(session, self.seen)
        self.closures = ClosureRepository(session, self.seen)
        self.holidays = HolidayRepository(session)
        self.self_study = SelfStudyRepository(session)
        self.week_checks = WeekCheckRepository(session, self.seen)
        self.transitions = TransitionRepository(session, self.seen)
        self.hand_overs = HandOverRepository(session, self.seen)
        self.placements = PlacementRepository(session)
        self.directory = DirectoryRepository(session)
