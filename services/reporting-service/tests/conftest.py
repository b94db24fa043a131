"""Fixtures for reporting-service's tests: a migrated database, tokens, an HTTP client,
a consumer runner for direct ``apply_batch`` calls, and records carrying envelopes."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.clock import FixedClock
from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import ConsumerRunner, Projection
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.testing.services import service_fixtures
from reporting_service import contracts
from reporting_service.adapters import tables
from reporting_service.adapters.tables import metadata
from reporting_service.bootstrap import definition
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings

Record = ConsumerRecord[bytes, bytes]
MakeRunner = Callable[[Projection], ConsumerRunner]
ToRecords = Callable[..., list[Record]]

CREATE_TIME = 0  # Kafka's timestamp type for a producer's create time


globals().update(service_fixtures(definition, metadata))


@pytest.fixture(autouse=True)
def no_plan_service(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages ask plan-service for names (``settings.plan_url``): none in a test that
    does not start one, so that nothing listening on the dev port changes what it sees."""
    if "app" in request.fixturenames:
        monkeypatch.setattr(request.getfixturevalue("session_settings"), "plan_url", "")


@pytest.fixture
def session_factory(
    settings: ReportingSettings, test_engine: AsyncEngine
) -> async_sessionmaker[AsyncSession]:
    """Sessions on the test database, for the runner and for looking at the read model."""
    return create_session_factory(test_engine)


@pytest.fixture
async def make_runner(
    settings: ReportingSettings,
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[MakeRunner]:
    """``make_runner(projection)``: a consumer runner on the test database and broker."""
    runners: list[ConsumerRunner] = []

    def factory(maintained: Projection) -> ConsumerRunner:
        runner = ConsumerRunner(
            settings=settings,
            session_factory=session_factory,
            tables=tables.shared,
            projection=maintained,
        )
        runners.append(runner)
        return runner

    yield factory

    # Direct ``apply_batch`` calls never enter ``run()``, which would close the runner.
    for runner in runners:
        await runner.close()


@pytest.fixture
def runner(make_runner: MakeRunner, settings: ReportingSettings) -> ConsumerRunner:
    """The runner of reporting-service's participant-chain projection, made from the
    settings as the consumer makes it (on the system clock)."""
    return make_runner(make_projection(settings))


def _topic_of(envelope: CloudEvent) -> str:
    if envelope.type in contracts.registry:
        return contracts.registry.model_for(envelope.type).topic
    return contracts.PARTICIPANTS_TOPIC


@pytest.fixture
def to_records() -> ToRecords:
    """``to_records(*envelopes, topic=None, partition=0)``: the records a consumer would get.

    Each envelope travels as ``to_json_bytes()`` under its key (the subject), on the topic
    its type is published on (or ``topic``), at the next offset of that partition. A
    ``bytes`` value instead of an envelope travels as it is (a malformed record).
    """
    offsets: defaultdict[tuple[str, int], itertools.count[int]] = defaultdict(itertools.count)

    def build(
        *items: CloudEvent | bytes,
        topic: str | None = None,
        partition: int = 0,
        key: bytes | None = None,
    ) -> list[Record]:
        records: list[Record] = []
        for item in items:
            if isinstance(item, CloudEvent):
                value = item.to_json_bytes()
                record_key = key if key is not None else item.key
                record_topic = topic or _topic_of(item)
                timestamp = int(item.time.timestamp() * 1000)
            else:
                value, record_key = item, key
                record_topic = topic or contracts.PARTICIPANTS_TOPIC
                timestamp = 0
            records.append(
                ConsumerRecord(
                    topic=record_topic,
                    partition=partition,
                    offset=next(offsets[(record_topic, partition)]),
                    timestamp=timestamp,
                    timestamp_type=CREATE_TIME,
                    key=record_key,
                    value=value,
                    checksum=None,
                    serialized_key_size=len(record_key) if record_key is not None else -1,
                    serialized_value_size=len(value),
                    headers=[],
                )
            )
        return records

    return build


class ChainEvents:
    """Envelopes of every event the chain reads, as their producers publish them (with
    fields our tolerant models ignore). ``events.settled(pid)`` and so on."""

    SOURCES = {
        contracts.PLACEMENTS_TOPIC: "/helhet/placement-service",
        contracts.VOLUNTEERING_TOPIC: "/helhet/volunteer-service",
    }

    def __init__(self, municipality: str = "3403") -> None:
        self.municipality = municipality

    def envelope(self, event_type: str, participant: UUID, **data: Any) -> CloudEvent:
        topic = contracts.registry.model_for(event_type).topic
        return CloudEvent(
            source=self.SOURCES.get(topic, "/helhet/plan-service"),
            type=event_type,
            subject=str(participant),
            municipality=self.municipality,
            data={"participant_id": str(participant), **_jsonable(data)},
        )

    def settled(self, p: UUID, on: date, household: str = "single") -> CloudEvent:
        return self.envelope(
            contracts.ParticipantSettled.event_type,
            p,
            municipality=self.municipality,
            settlement_date=on,
            birth_year=1990,
            household_type=household,
            languages=["ti"],
        )

    def programme_started(self, p: UUID, on: date, ends: date) -> CloudEvent:
        return self.envelope(
            contracts.ProgrammeStarted.event_type,
            p,
            regime="integreringsloven",
            start_date=on,
            expected_end_date=ends,
        )

    def plan_updated(self, p: UUID, version: int = 1, saved_on: date | None = None) -> CloudEvent:
        return self.envelope(
            contracts.PlanUpdated.event_type,
            p,
            plan_version=version,
            end_goal="work",
            norwegian_goal="B1",
            activity_kinds=["norwegian"],
            programme_hours_per_week=37.5,
            **({"saved_on": saved_on} if saved_on else {}),
        )

    def mapping_recorded(self, p: UUID, on: date, version: int = 1) -> CloudEvent:
        return self.envelope(
            contracts.MappingRecorded.event_type,
            p,
            mapping_version=version,
            recorded_by_agency="refugee_service",
            recorded_on=on,
            education_level="secondary",
            work_experience_sectors=["Q"],
            wished_sectors=["Q"],
            interests=[],
            norwegian_levels={
                "listening": "A1",
                "reading": "A1",
                "speaking": "A1",
                "writing": "A0",
            },
            has_driving_licence=False,
            childcare_needs=False,
        )

    def placement_started(
        self,
        p: UUID,
        placement: UUID,
        on: date,
        kind: str = "work_practice",
        flags: tuple[str, ...] = (),
        created_by_municipality: bool = False,
    ) -> CloudEvent:
        return self.envelope(
            contracts.PlacementStarted.event_type,
            p,
            placement_id=placement,
            opening_id=uuid4(),
            employer_id=uuid4(),
            kind=kind,
            sector="Q",
            purpose="language",
            created_by_municipality=created_by_municipality,
            plan_version=1,
            start_date=on,
            planned_end=on + timedelta(days=90),
            flags=list(flags),
        )

    def placement_ended(
        self,
        p: UUID,
        placement: UUID,
        on: date,
        next_step: str = "undecided",
        reason: str = "completed",
    ) -> CloudEvent:
        return self.envelope(
            contracts.PlacementEnded.event_type,
            p,
            placement_id=placement,
            employer_id=uuid4(),
            kind="work_practice",
            sector="Q",
            actual_end=on,
            reason=reason,
            next_step=next_step,
            hours_logged=120.0,
        )

    def nav_measure_linked(self, p: UUID, placement: UUID, on: date) -> CloudEvent:
        return self.envelope(
            contracts.NavMeasureLinked.event_type,
            p,
            placement_id=placement,
            measure_type="work_training",
            role="funds",
            period_from=on,
            period_to=on + timedelta(days=90),
            rate_percent=None,
        )

    def match_started(self, p: UUID, match: UUID, on: date) -> CloudEvent:
        return self.envelope(
            contracts.MatchStarted.event_type,
            p,
            match_id=match,
            volunteer_id=uuid4(),
            role="guide",
            started_on=on,
        )

    def attendance(self, p: UUID, on: date) -> CloudEvent:
        return self.envelope(
            contracts.AttendanceRecorded.event_type,
            p,
            activity_id=uuid4(),
            attended_on=on,
            present=True,
            hours=2.0,
            counts_as_programme_hours=False,
        )

    def consent_granted(self, p: UUID, consent: UUID, on: date) -> CloudEvent:
        return self.envelope(
            contracts.ConsentGranted.event_type,
            p,
            consent_id=consent,
            recipient_kind="volunteer",
            recipient_id=str(uuid4()),
            purpose="social_network",
            granted_on=on,
            expires_on=None,
        )

    def programme_ended(self, p: UUID, on: date, started: date) -> CloudEvent:
        return self.envelope(
            contracts.ProgrammeEnded.event_type,
            p,
            completion="completed",
            end_date=on,
            reason="work",
            regime="integreringsloven",
            start_date=started,
        )

    # -- the plan's follow-up (docs/decisions/0003), with every field plan-service sends --

    def plan_reviewed(
        self, p: UUID, review: UUID, on: date, *, nav: bool = False, version: int = 1
    ) -> CloudEvent:
        return self.envelope(
            contracts.PlanReviewed.event_type,
            p,
            review_id=review,
            plan_version=version,
            reviewed_on=on,
            agencies_present=["refugee-service", "learning-centre", *(["nav"] if nav else [])],
            nav_present=nav,
            participant_acknowledged=True,
            disagreement_recorded=False,
            next_review_due=on + timedelta(days=182),
        )

    def meeting_held(
        self, p: UUID, meeting: UUID, on: date, kind: str = "case_meeting", *, nav: bool = False
    ) -> CloudEvent:
        return self.envelope(
            contracts.MeetingHeld.event_type,
            p,
            meeting_id=meeting,
            kind=kind,
            held_on=on,
            agencies_present=["refugee-service", *(["nav"] if nav else [])],
            nav_present=nav,
        )

    def action_created(
        self,
        p: UUID,
        action: UUID,
        due: date,
        *,
        owner_unit: str = "nav",
        responsibility: str | None = "nav_measures",
        meeting: UUID | None = None,
    ) -> CloudEvent:
        return self.envelope(
            contracts.ActionCreated.event_type,
            p,
            action_id=action,
            meeting_id=meeting,
            owner_agency="nav",
            owner_unit=owner_unit,
            responsibility=responsibility,
            due_date=due,
            created_on=due - timedelta(days=30),
        )

    def action_completed(
        self, p: UUID, action: UUID, on: date, outcome: str = "done"
    ) -> CloudEvent:
        return self.envelope(
            contracts.ActionCompleted.event_type,
            p,
            action_id=action,
            outcome=outcome,
            completed_on=on,
        )

    def leave(self, p: UUID, leave: UUID, start: date, end: date) -> CloudEvent:
        return self.envelope(
            contracts.ProgrammeLeave.event_type,
            p,
            leave_id=leave,
            reason="parental",
            from_date=start,
            to_date=end,
        )

    def moved(self, p: UUID, on: date, to: str | None = "0301") -> CloudEvent:
        return self.envelope(
            contracts.ParticipantMoved.event_type,
            p,
            moved_on=on,
            from_municipality=self.municipality,
            to_municipality=to,
        )

    def outcome(
        self, p: UUID, status: str, on: date, *, ended: date, measured_at: str = "at_exit"
    ) -> CloudEvent:
        return self.envelope(
            contracts.OutcomeRecorded.event_type,
            p,
            measured_at=measured_at,
            status=status,
            status_on=on,
            programme_end_date=ended,
        )

    def erased(self, p: UUID, on: date, reason: str = "retention_expired") -> CloudEvent:
        return self.envelope(contracts.ParticipantErased.event_type, p, erased_on=on, reason=reason)

    def sharing_basis(
        self,
        p: UUID,
        *,
        agency: str,
        purpose: str,
        valid_from: date,
        valid_to: date | None = None,
        basis: UUID | None = None,
    ) -> CloudEvent:
        return self.envelope(
            contracts.SharingBasisRecorded.event_type,
            p,
            basis_id=basis or uuid4(),
            agency=agency,
            purpose=purpose,
            legal_basis="integreringsloven",
            valid_from=valid_from,
            valid_to=valid_to,
        )

    def norwegian_test(self, p: UUID, on: date, **levels: str) -> CloudEvent:
        return self.envelope(
            contracts.TestResultRecorded.event_type,
            p,
            test_result_id=uuid4(),
            test="norwegian",
            taken_on=on,
            levels=levels,
            passed=None,
        )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, UUID) else v)
        for k, v in data.items()
    }


@pytest.fixture
def events() -> ChainEvents:
    """Builders of the envelopes of every topic the chain reads (Hamar by default)."""
    return ChainEvents()


@pytest.fixture
def clock_runner(
    make_runner: MakeRunner, settings: ReportingSettings
) -> Callable[[date], ConsumerRunner]:
    """``clock_runner(day)``: the real projection with its clock pinned to ``day``
    (noon in Norway): the gap rules are evaluated as of ``day``."""

    def build(day: date) -> ConsumerRunner:
        return make_runner(make_projection(settings, clock=FixedClock(day)))

    return build
