"""volunteer-service's fakes for the handler tests: its repositories in memory, on the
shared ``FakeUnitOfWork`` and ``FakeRepository``, with the queries its handlers use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from helhet_common.clock import Clock, FixedClock
from helhet_common.domain_errors import NotFound
from helhet_common.repository import Aggregate
from helhet_common.testing.fakes import FakeRepository, FakeUnitOfWork
from volunteer_service import contracts
from volunteer_service.adapters.repository import attendance_recorded
from volunteer_service.domain.activities import Activity, Attendance
from volunteer_service.domain.codes import stale_version
from volunteer_service.domain.consent import Consent
from volunteer_service.domain.matches import Match
from volunteer_service.domain.organisations import Organisation
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.volunteers import Volunteer

from .builders import TODAY

A = TypeVar("A", bound=Aggregate)


class VersionedByTheDomain(FakeRepository[A]):
    """volunteer-service's aggregates move their own version with each change, so a save
    holds only if the stored version is the one before (as the real repository's
    ``UPDATE ... WHERE version = :version - 1``)."""

    async def save(self, aggregate: A) -> None:
        self._seen(aggregate)
        stored = self._items.get(aggregate.id)
        if stored is None:
            raise NotFound.of(self.what)
        if stored.version != aggregate.version - 1:  # type: ignore[attr-defined]
            raise stale_version(self.what, current=stored.version)  # type: ignore[attr-defined]
        self._items[aggregate.id] = self._copy(aggregate)
        self.saved.append(aggregate.id)


class FakeOrganisations(VersionedByTheDomain[Organisation]):
    what = "organisation"

    async def referenced(self, organisation_id: UUID, *, municipality: str) -> Organisation | None:
        found = self._handed_out(
            lambda o: o.id == organisation_id and o.municipality == municipality
        )
        return found[0] if found else None


class FakeVolunteers(VersionedByTheDomain[Volunteer]):
    what = "volunteer"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.erased_responses: list[tuple[UUID, tuple[str, ...]]] = []

    async def erase_stored_responses(self, v: Volunteer, *, fields: Sequence[str]) -> int:
        self.erased_responses.append((v.id, tuple(fields)))
        return 0


class FakeActivities(VersionedByTheDomain[Activity]):
    what = "activity"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendance: dict[tuple[UUID, date, UUID], Attendance] = {}

    async def attended_on(self, activity_id: UUID) -> set[date]:
        return {on for a, on, _ in self.attendance if a == activity_id}

    async def add_attendance(
        self, activity: Activity, attended_on: date, entries: Sequence[Attendance], by: str
    ) -> None:
        self._seen(activity)
        keys = [(activity.id, attended_on, e.participant_id) for e in entries]
        if already := [k for k in keys if k in self.attendance]:
            raise attendance_recorded(attended_on, len(already))
        self.attendance.update(zip(keys, entries, strict=True))

    async def delete_attendance_of(self, participant_id: UUID) -> None:
        for key in [k for k in self.attendance if k[2] == participant_id]:
            del self.attendance[key]


class FakeMatches(VersionedByTheDomain[Match]):
    what = "match"

    async def open_of_volunteer(self, volunteer_id: UUID, *, lock: bool = False) -> list[Match]:
        return self._handed_out(lambda m: m.volunteer_id == volunteer_id and m.is_open)

    async def open_of_participant(self, participant_id: UUID) -> list[Match]:
        return self._handed_out(lambda m: m.participant_id == participant_id and m.is_open)

    async def delete_of_participant(self, participant_id: UUID) -> None:
        for m in [m for m in self.all() if m.participant_id == participant_id]:
            del self._items[m.id]


class FakeParticipants:
    """The participant projection, as plan-service's events would have filled it."""

    def __init__(self) -> None:
        self.profiles: dict[UUID, ParticipantProfile] = {}
        self.granted: list[Consent] = []
        self.erased: dict[UUID, tuple[date, str]] = {}

    def put(self, profile: ParticipantProfile) -> ParticipantProfile:
        self.profiles[profile.participant_id] = profile
        return profile

    async def get(self, participant_id: UUID, *, municipality: str) -> ParticipantProfile:
        profile = self.profiles.get(participant_id)
        if profile is None or profile.municipality != municipality or profile.gone:
            raise NotFound.of("participant")
        return profile

    async def known(self, participant_ids: Sequence[UUID], *, municipality: str) -> set[UUID]:
        return {
            i
            for i in participant_ids
            if i in self.profiles
            and self.profiles[i].municipality == municipality
            and not self.profiles[i].gone
        }

    async def erase(
        self, participant_id: UUID, *, erased_on: date, reason: str, now: datetime
    ) -> None:
        self.profiles.pop(participant_id, None)
        self.granted = [c for c in self.granted if c.participant_id != participant_id]
        self.erased[participant_id] = (erased_on, reason)

    async def consents(self, participant_id: UUID) -> list[Consent]:
        return [c for c in self.granted if c.participant_id == participant_id]


class FakeVolunteerUnitOfWork(FakeUnitOfWork):
    def __init__(self, *, clock: Clock | None = None, **kwargs: Any) -> None:
        super().__init__(clock=clock or FixedClock(TODAY), translate=contracts.translate, **kwargs)
        self.organisations = FakeOrganisations(self.seen)
        self.volunteers = FakeVolunteers(self.seen)
        self.activities = FakeActivities(self.seen)
        self.matches = FakeMatches(self.seen)
        self.participants = FakeParticipants()
