"""placement-service's fakes for the handler tests: its repositories in memory, on the
shared ``FakeUnitOfWork`` and ``FakeRepository``, with the queries its handlers use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from helhet_common.clock import Clock, FixedClock
from helhet_common.domain_errors import NotFound
from helhet_common.testing.fakes import FakeRepository, FakeUnitOfWork
from helhet_common.unit_of_work import Seen
from placement_service import contracts
from placement_service.adapters.repository import employer_exists
from placement_service.domain.codes import OpeningStatus
from placement_service.domain.employers import Employer
from placement_service.domain.openings import Opening
from placement_service.domain.placements import Placement
from placement_service.domain.profiles import Consent, Profile

from .builders import TODAY


class FakeEmployers(FakeRepository[Employer]):
    what = "employer"

    def __init__(self, seen: Seen) -> None:
        super().__init__(
            seen, unique=lambda e: (e.municipality, e.org_number), duplicate=employer_exists
        )

    async def ensure_new(self, municipality: str, org_number: str) -> None:
        if any(e.municipality == municipality and e.org_number == org_number for e in self.all()):
            raise employer_exists()

    async def many(self, ids: Sequence[UUID]) -> dict[UUID, Employer]:
        return {e.id: e for e in self._handed_out(lambda e: e.id in ids)}


class FakeOpenings(FakeRepository[Opening]):
    what = "opening"

    async def open_in(self, municipality: str) -> list[Opening]:
        return self._handed_out(
            lambda o: o.municipality == municipality and o.status is OpeningStatus.OPEN
        )


class FakePlacements(FakeRepository[Placement]):
    what = "placement"

    async def of_participant(self, participant_id: UUID) -> list[Placement]:
        found = self._handed_out(lambda p: p.participant_id == participant_id)
        return sorted(found, key=lambda p: p.start_date)

    async def count_active(
        self, *, opening_id: UUID | None = None, employer_id: UUID | None = None
    ) -> int:
        return sum(
            1
            for p in self.all()
            if not p.ended
            and (opening_id is None or p.opening_id == opening_id)
            and (employer_id is None or p.employer_id == employer_id)
        )

    async def active_counts(self, municipality: str) -> tuple[dict[UUID, int], dict[UUID, int]]:
        per_opening: dict[UUID, int] = {}
        per_employer: dict[UUID, int] = {}
        for p in self.all():
            if p.municipality == municipality and not p.ended:
                per_opening[p.opening_id] = per_opening.get(p.opening_id, 0) + 1
                per_employer[p.employer_id] = per_employer.get(p.employer_id, 0) + 1
        return per_opening, per_employer

    async def delete_of_participant(self, participant_id: UUID) -> None:
        for p in [p for p in self.all() if p.participant_id == participant_id]:
            del self._items[p.id]


class FakeParticipants:
    """The participant projection, as plan-service's events would have filled it."""

    def __init__(self) -> None:
        self.profiles: dict[UUID, Profile] = {}
        self.granted: list[Consent] = []
        self.erased: dict[UUID, tuple[date, str]] = {}

    def put(self, profile: Profile) -> Profile:
        self.profiles[profile.participant_id] = profile
        return profile

    async def get(self, participant_id: UUID, *, municipality: str) -> Profile:
        profile = self.profiles.get(participant_id)
        if profile is None or profile.municipality != municipality or profile.gone:
            raise NotFound.of("participant")
        return profile

    async def erase(
        self, participant_id: UUID, *, erased_on: date, reason: str, now: datetime
    ) -> None:
        self.profiles.pop(participant_id, None)
        self.granted = [c for c in self.granted if c.participant_id != participant_id]
        self.erased[participant_id] = (erased_on, reason)

    async def profile(self, participant_id: UUID) -> Profile | None:
        return self.profiles.get(participant_id)

    async def consents(self, participant_id: UUID) -> list[Consent]:
        return [c for c in self.granted if c.participant_id == participant_id]

    async def programme_ends(self, participant_ids: Sequence[UUID]) -> dict[UUID, date | None]:
        return {
            i: self.profiles[i].programme_expected_end
            for i in participant_ids
            if i in self.profiles
        }


class FakePlacementUnitOfWork(FakeUnitOfWork):
    def __init__(self, *, clock: Clock | None = None, **kwargs: Any) -> None:
        super().__init__(clock=clock or FixedClock(TODAY), translate=contracts.translate, **kwargs)
        self.employers = FakeEmployers(self.seen)
        self.openings = FakeOpenings(self.seen)
        self.placements = FakePlacements(self.seen)
        self.participants = FakeParticipants()
