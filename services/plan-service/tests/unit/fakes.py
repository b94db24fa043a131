"""plan-service's fakes for the handler tests: its repositories in memory, on the shared
``FakeUnitOfWork`` and ``FakeRepository``, with the queries its handlers use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping as MappingOf
from datetime import date, datetime
from typing import Any
from uuid import UUID

from helhet_common.clock import Clock, FixedClock
from helhet_common.domain_errors import Conflict, NotFound
from helhet_common.testing.fakes import FakeRepository, FakeUnitOfWork
from plan_service import contracts
from plan_service.adapters.repositories.contributions import contribution_not_found
from plan_service.adapters.repositories.follow_up import action_not_found
from plan_service.adapters.repositories.sharing import consent_not_found
from plan_service.domain.attendance import LedgerEntry
from plan_service.domain.benefit import Facts
from plan_service.domain.follow_up import Action, ContactPerson, Meeting, Review
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Contribution
from plan_service.domain.results import TestResult
from plan_service.domain.sharing import Consent, SharingBasis

from .builders import TODAY


class FakeParticipants(FakeRepository[Participant]):
    """The participants, and the records appended beside them (mappings, test results)."""

    what = "participant"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mappings: list[tuple[UUID, Mapping, str]] = []
        self.test_results: list[tuple[UUID, TestResult, str]] = []
        self.national_ids: dict[str, UUID] = {}

    async def national_id_owner(self, national_id: str) -> UUID | None:
        return self.national_ids.get(national_id)

    async def link_national_id(self, participant_id: UUID, national_id: str, at: Any) -> None:
        self.national_ids = {n: p for n, p in self.national_ids.items() if p != participant_id}
        self.national_ids[national_id] = participant_id

    async def add_mapping(
        self, participant_id: UUID, mapping: Mapping, *, recorded_by: str
    ) -> None:
        if any(p == participant_id and m.version == mapping.version for p, m, _ in self.mappings):
            raise Conflict("Another mapping was recorded at the same time; try again.")
        self.mappings.append((participant_id, mapping, recorded_by))

    async def add_test_result(
        self, participant_id: UUID, result: TestResult, *, recorded_by: str
    ) -> None:
        self.test_results.append((participant_id, result, recorded_by))


class FakeContributions(FakeRepository[Contribution]):
    what = "contribution"

    async def of_participant(
        self, participant_id: UUID, contribution_id: UUID, *, municipality: str
    ) -> Contribution:
        found = self._handed_out(
            lambda c: (
                (c.id, c.participant_id, c.municipality)
                == (contribution_id, participant_id, municipality)
            )
        )
        if not found:
            raise contribution_not_found()
        return found[0]


class FakeConsents(FakeRepository[Consent]):
    what = "consent"

    async def of_participant(
        self, participant_id: UUID, consent_id: UUID, *, municipality: str
    ) -> Consent:
        found = self._handed_out(
            lambda c: (
                (c.id, c.participant_id, c.municipality)
                == (consent_id, participant_id, municipality)
            )
        )
        if not found:
            raise consent_not_found()
        return found[0]

    async def lapsed(self, today: date, *, limit: int) -> list[Consent]:
        found = self._handed_out(lambda c: c.lapsed(today) and c.lapse_announced_on is None)
        return sorted(found, key=lambda c: (c.expires_on or today, str(c.id)))[:limit]


class FakeSharingBases(FakeRepository[SharingBasis]):
    what = "sharing basis"

    async def of_participant(
        self, participant_id: UUID, *, agency: str | None = None
    ) -> list[SharingBasis]:
        return self._handed_out(
            lambda b: b.participant_id == participant_id and agency in (None, b.agency)
        )


class FakeMeetings(FakeRepository[Meeting]):
    what = "meeting"


class FakeActions(FakeRepository[Action]):
    what = "action"

    async def of_participant(
        self, participant_id: UUID, action_id: UUID, *, municipality: str
    ) -> Action:
        found = self._handed_out(
            lambda a: (
                (a.id, a.participant_id, a.municipality)
                == (action_id, participant_id, municipality)
            )
        )
        if not found:
            raise action_not_found()
        return found[0]


class FakePlans:
    """The plan's history: the reviews recorded."""

    def __init__(self) -> None:
        self.reviews: list[tuple[UUID, Review, str]] = []

    async def add_review(self, participant_id: UUID, review: Review, *, recorded_by: str) -> None:
        self.reviews.append((participant_id, review, recorded_by))


class FakeContacts:
    """Contact persons by participant, newest first."""

    def __init__(self) -> None:
        self.by_participant: dict[UUID, list[ContactPerson]] = {}
        self.recorded_by: dict[UUID, str] = {}

    def put(self, participant_id: UUID, contact: ContactPerson) -> ContactPerson:
        self.by_participant.setdefault(participant_id, []).insert(0, contact)
        return contact

    async def of_participant(self, participant_id: UUID) -> list[ContactPerson]:
        return list(self.by_participant.get(participant_id, []))

    async def add(self, participant_id: UUID, contact: ContactPerson, *, recorded_by: str) -> None:
        self.put(participant_id, contact)
        self.recorded_by[contact.id] = recorded_by

    async def end(self, contact: ContactPerson) -> None:
        for contacts in self.by_participant.values():
            for n, stored in enumerate(contacts):
                if stored.id == contact.id:
                    if stored.ended_on is not None:
                        raise Conflict("The contact person was replaced at the same time.")
                    contacts[n] = contact
                    return
        raise NotFound.of("contact person")


class FakeLedger(FakeRepository[LedgerEntry]):
    what = "ledger-entry"

    async def correction_of(self, entry_id: UUID) -> LedgerEntry | None:
        found = self._handed_out(lambda e: e.corrects == entry_id)
        return found[0] if found else None

    async def for_basis(
        self, participant_ids: list[UUID], month: date, exports: MappingOf[date, datetime]
    ) -> dict[UUID, list[LedgerEntry]]:
        """Every entry of the participants up to the month (a superset of the real
        query's: the computation ignores the rest)."""
        found: dict[UUID, list[LedgerEntry]] = defaultdict(list)
        for entry in self.all():
            if entry.participant_id in participant_ids and entry.on < date(
                month.year + (month.month == 12), month.month % 12 + 1, 1
            ):
                found[entry.participant_id].append(entry)
        return found


class FakeBenefit:
    """The exported months by municipality, and the facts the benefit reads."""

    def __init__(self) -> None:
        self.exported: dict[str, dict[date, datetime]] = {}
        self.facts_of: dict[str, list[Facts]] = {}
        self.totals: dict[tuple[str, date], tuple[int, int, str]] = {}

    async def exports(self, municipality: str) -> dict[date, datetime]:
        return dict(self.exported.get(municipality, {}))

    async def record_export(
        self,
        *,
        municipality: str,
        month: date,
        at: datetime,
        by: str,
        participants: int,
        total_ore: int,
    ) -> None:
        months = self.exported.setdefault(municipality, {})
        if month in months:
            raise Conflict("exported before", code="month-already-exported")
        months[month] = at
        self.totals[(municipality, month)] = (participants, total_ore, by)

    async def facts(self, municipality: str, month: date) -> list[Facts]:
        return list(self.facts_of.get(municipality, []))


class FakePlanUnitOfWork(FakeUnitOfWork):
    def __init__(self, *, clock: Clock | None = None, **kwargs: Any) -> None:
        super().__init__(clock=clock or FixedClock(TODAY), translate=contracts.translate, **kwargs)
        self.participants = FakeParticipants(self.seen)
        self.plans = FakePlans()
        self.contributions = FakeContributions(self.seen)
        self.consents = FakeConsents(self.seen)
        self.sharing_bases = FakeSharingBases(self.seen)
        self.meetings = FakeMeetings(self.seen)
        self.actions = FakeActions(self.seen)
        self.contacts = FakeContacts()
        self.ledger = FakeLedger(self.seen)
        self.benefit = FakeBenefit()
