"""Throughput of reporting-service's projection on a realistic mix of every topic it reads.

One run starts its own Tansu broker and a throw-away PostgreSQL database, then:

1. generates N events: whole participant stories (settlement, programme, mapping, plan
   versions, reviews, meetings, actions and their completion, tests, placements with kind
   changes, NAV measures, ends and hires, volunteer matches, attendance, consents,
   leave, moves, exits and outcomes), their data built with the producers' own contract
   models, spread over the seven municipalities with an organisation model;
2. publishes them (untimed) to the five topics, keyed by participant;
3. baseline consumer: a bare ``AIOKafkaConsumer`` (no group) reads all N from the
   beginning and only counts them;
4. projection: ``ConsumerRunner.run`` with reporting-service's projection and a fresh
   consumer group applies all N (one transaction per ``getmany`` batch: the chains, the
   processed-events rows and the gap rules' alerts), timed from its first batch to the
   N-th event applied;
5. database-only apply: the same N messages, held in memory as the records a consumer
   hands the runner, cut in publish order into batches of the runner's ``getmany`` size
   and given to ``ConsumerRunner.apply_batch`` (the runner's whole per-batch path, one
   transaction per batch) on a second fresh database, without the broker;

and prints the rates, the projection's ratios to the baseline and to the database-only
apply measured in the same run, and the peak memory (RSS) of the process during the
projection stage.

    uv run --frozen python bench/reporting_projection.py [--events N] [--json]

(N = 20000 by default, the quick run; ``--events 200000`` is the full one.)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helhet_common.broker import TansuBroker
from helhet_common.consent.contracts import CONSENTS_TOPIC
from helhet_common.db import create_engine
from helhet_common.db.engine import create_session_factory
from helhet_common.db.migrations import upgrade
from helhet_common.heap import settle_heap
from helhet_common.messaging.consumer import BatchResult, ConsumerRunner, KeepCheck
from helhet_common.messaging.envelope import CONTENT_TYPE, CloudEvent, IntegrationEvent
from helhet_common.messaging.kafka import ensure_topics
from helhet_common.observability.logging import configure_logging
from helhet_common.settings import ServiceSettings
from helhet_common.testing.databases import check_server, create_database, drop_database, redact
from helhet_common.testing.services import service_settings
from placement_service import contracts as placement
from plan_service import contracts as plan
from reporting_service import bootstrap as reporting_bootstrap
from reporting_service import contracts as reporting
from reporting_service.adapters.organisation import load_catalogue
from reporting_service.adapters.tables import alerts, participant_chain
from reporting_service.adapters.tables import shared as reporting_shared
from reporting_service.service_layer.projection import make_projection
from reporting_service.settings import ReportingSettings
from volunteer_service import contracts as volunteer

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
DEFAULT_EVENTS = 20_000  # the quick run; the full one is --events 200000
FULL_EVENTS = 200_000
RUNNER_BATCH = ServiceSettings.model_fields["consumer_max_records"].default
BASELINE_BATCH = 1_000
STAGE_TIMEOUT_S = 1_800.0
MUNICIPALITIES = ["3403", "3405", "3407", "3411", "3435", "3437", "3448"]
TOPICS = sorted(
    {
        reporting.PARTICIPANTS_TOPIC,
        reporting.PLANS_TOPIC,
        reporting.PLACEMENTS_TOPIC,
        reporting.VOLUNTEERING_TOPIC,
        CONSENTS_TOPIC,
    }
)
HEADERS = [("content-type", CONTENT_TYPE.encode())]
SOURCES = {
    reporting.PLACEMENTS_TOPIC: "/helhet/placement-service",
    reporting.VOLUNTEERING_TOPIC: "/helhet/volunteer-service",
}


AGENCY_OF_KIND: dict[str, Any] = {
    "nav": "nav",
    "learning_centre": "learning-centre",
    "refugee_service": "refugee-service",
    "municipal": "refugee-service",
    "county": "county",
    "volunteer": "volunteer",
}
UNITS = {
    m: [(u.id, u.kind) for u in model.units]
    for m in MUNICIPALITIES
    if (model := load_catalogue().for_municipality(m)) is not None
}


class BenchError(RuntimeError):
    """A stage did not read or apply every event."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise BenchError(message)


# --------------------------------------------------------------------------- the events


class Story:
    """One participant's events, each on the day it happens, data valid against the
    producer's contract."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pid = uuid.UUID(int=rng.getrandbits(128), version=4)
        self.municipality = rng.choice(MUNICIPALITIES)
        self.events: list[tuple[date, IntegrationEvent]] = []

    def add(self, day: date, event: IntegrationEvent) -> None:
        self.events.append((day, event))

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, start: date, low: int, high: int) -> date:
        return start + timedelta(days=self.rng.randint(low, high))


def story(rng: random.Random) -> Story:
    s = Story(rng)
    pid = s.pid
    single = s.chance(0.45)
    settled = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    s.add(
        settled,
        plan.ParticipantSettledV1(
            participant_id=pid,
            municipality=s.municipality,
            settlement_date=settled,
            birth_year=rng.randrange(1970, 2007),
            household_type="single" if single else "family",
            languages=rng.sample(["ar", "uk", "ti", "so", "fa", "prs", "ru"], k=2),
        ),
    )
    if not s.chance(0.9):
        return s
    start = s.days(settled, 20, 120)
    expected_end = start + timedelta(days=730)
    s.add(
        start,
        plan.ProgrammeStartedV1(
            participant_id=pid,
            regime="integreringsloven",
            start_date=start,
            expected_end_date=expected_end,
        ),
    )
    if s.chance(0.1):
        decided = expected_end - timedelta(days=rng.randint(30, 90))
        expected_end += timedelta(days=182)
        s.add(
            decided,
            plan.ProgrammeExtendedV1(
                participant_id=pid,
                extension_number=1,
                previous_expected_end_date=expected_end - timedelta(days=182),
                expected_end_date=expected_end,
                reason="work_training_in_progress",
                decided_on=decided,
            ),
        )
    mapped = s.days(start, 5, 60)
    s.add(
        mapped,
        plan.MappingRecordedV1(
            participant_id=pid,
            mapping_version=1,
            recorded_by_agency="refugee-service",
            recorded_on=mapped,
            education_level=rng.choice(["none", "primary", "secondary", "vocational"]),
            work_experience_sectors=rng.sample(["C", "F", "G", "I", "Q"], k=1),
            wished_sectors=rng.sample(["C", "F", "G", "I", "Q"], k=2),
            interests=["cooking"],
            norwegian_levels=plan.NorwegianLevelsV1(
                listening="A0", reading="A0", speaking="A0", writing="A0"
            ),
            has_driving_licence=s.chance(0.3),
            childcare_needs=not single and s.chance(0.5),
        ),
    )
    planned = s.days(mapped, 5, 90)
    versions = 2 if s.chance(0.4) else 1
    for version in range(1, versions + 1):
        saved_on = planned + timedelta(days=150 * (version - 1))
        s.add(
            saved_on,
            plan.PlanUpdatedV1(
                participant_id=pid,
                plan_version=version,
                end_goal=rng.choice(["work", "education", "qualification"]),
                norwegian_goal=rng.choice(["A2", "B1", "B1", "B2"]),
                activity_kinds=["norwegian", "social_studies", "language_practice"],
                programme_hours_per_week=37.5,
                saved_on=saved_on,
            ),
        )
    if s.chance(0.6):
        reviewed = s.days(planned, 120, 200)
        nav = s.chance(0.4)
        s.add(
            reviewed,
            plan.PlanReviewedV1(
                participant_id=pid,
                review_id=s.uid(),
                plan_version=1,
                reviewed_on=reviewed,
                agencies_present=["refugee-service", "learning-centre", *(["nav"] if nav else [])],
                nav_present=nav,
                participant_acknowledged=True,
                disagreement_recorded=s.chance(0.05),
                next_review_due=reviewed + timedelta(days=182),
            ),
        )
    if s.chance(0.5):
        held = s.days(start, 30, 500)
        meeting = s.uid()
        kind = rng.choice(["three_way_talk", "case_meeting", "transition_dialogue"])
        nav = kind == "transition_dialogue" or s.chance(0.3)
        s.add(
            held,
            plan.MeetingHeldV1(
                participant_id=pid,
                meeting_id=meeting,
                kind=kind,
                held_on=held,
                agencies_present=["refugee-service", *(["nav"] if nav else [])],
                nav_present=nav,
            ),
        )
        for _ in range(rng.choice([1, 1, 2])):
            action = s.uid()
            due = s.days(held, 14, 60)
            owner = rng.choice(UNITS[s.municipality])
            s.add(
                held,
                plan.ActionCreatedV1(
                    participant_id=pid,
                    action_id=action,
                    meeting_id=meeting,
                    owner_agency=AGENCY_OF_KIND.get(owner[1], "refugee-service"),
                    owner_unit=owner[0],
                    responsibility=rng.choice(["nav_measures", "language_practice", None]),
                    due_date=due,
                    created_on=held,
                ),
            )
            if s.chance(0.7):
                done = s.days(due, -10, 20)
                s.add(
                    done,
                    plan.ActionCompletedV1(
                        participant_id=pid,
                        action_id=action,
                        outcome="done" if s.chance(0.9) else "cancelled",
                        completed_on=done,
                    ),
                )
    if s.chance(0.5):
        taken = s.days(start, 300, 650)
        cefr = ["A1", "A2", "A2", "B1", "B1", "B2"]
        s.add(
            taken,
            plan.TestResultRecordedV1(
                participant_id=pid,
                test_result_id=s.uid(),
                test="norwegian",
                taken_on=taken,
                levels={
                    "listening": rng.choice(cefr),
                    "reading": rng.choice(cefr),
                    "speaking": rng.choice(cefr),
                    "writing": rng.choice(cefr),
                },
                passed=None,
            ),
        )
    if s.chance(0.3):
        taken = s.days(start, 200, 600)
        s.add(
            taken,
            plan.TestResultRecordedV1(
                participant_id=pid,
                test_result_id=s.uid(),
                test="social_studies",
                taken_on=taken,
                levels={},
                passed=s.chance(0.75),
            ),
        )
    if s.chance(0.6):
        placed = s.days(planned, 30, 200)
        pl = s.uid()
        kind = rng.choice(["language_practice", "work_practice", "nav_work_training"])
        s.add(
            placed,
            placement.PlacementStartedV1(
                participant_id=pid,
                placement_id=pl,
                opening_id=s.uid(),
                employer_id=s.uid(),
                kind=kind,
                sector=rng.choice(["C", "G", "I", "Q"]),
                purpose="language",
                created_by_municipality=s.chance(0.3),
                plan_version=1,
                start_date=placed,
                planned_end=placed + timedelta(days=90),
                flags=["outside-wishes"] if s.chance(0.2) else [],
            ),
        )
        if kind == "language_practice" and s.chance(0.2):
            changed = placed + timedelta(days=30)
            s.add(
                changed,
                placement.PlacementKindChangedV1(
                    participant_id=pid,
                    placement_id=pl,
                    from_kind="language_practice",
                    to_kind=rng.choice(["work_practice", "municipal_job"]),
                    effective_date=changed,
                ),
            )
        if s.chance(0.2):
            s.add(
                placed,
                placement.NavMeasureLinkedV1(
                    participant_id=pid,
                    placement_id=pl,
                    measure_type="work_training",
                    role="funds",
                    period_from=placed,
                    period_to=placed + timedelta(days=90),
                    rate_percent=None,
                ),
            )
        if s.chance(0.6):
            ended = placed + timedelta(days=rng.randint(60, 120))
            hired = s.chance(0.2)
            s.add(
                ended,
                placement.PlacementEndedV1(
                    participant_id=pid,
                    placement_id=pl,
                    employer_id=s.uid(),
                    kind=kind,
                    sector="Q",
                    actual_end=ended,
                    reason="hired" if hired else "completed",
                    next_step="work" if hired else rng.choice(["undecided", "new_placement"]),
                    hours_logged=120.0,
                ),
            )
            if hired:
                s.add(
                    ended,
                    placement.ParticipantHiredV1(
                        participant_id=pid,
                        placement_id=pl,
                        employer_id=s.uid(),
                        sector="Q",
                        via_kind=kind,
                        hired_on=ended,
                    ),
                )
    if s.chance(0.6 if single else 0.2):
        matched = s.days(settled, 20, 150)
        match = s.uid()
        s.add(
            matched,
            volunteer.MatchStartedV1(
                match_id=match,
                participant_id=pid,
                volunteer_id=s.uid(),
                role="guide",
                started_on=matched,
            ),
        )
        if s.chance(0.3):
            ended = matched + timedelta(days=rng.randint(60, 300))
            s.add(
                ended,
                volunteer.MatchEndedV1(
                    match_id=match,
                    participant_id=pid,
                    volunteer_id=s.uid(),
                    role="guide",
                    ended_on=ended,
                    reason="completed",
                    was_started=True,
                ),
            )
    if s.chance(0.4):
        attended = s.days(settled, 10, 200)
        s.add(
            attended,
            volunteer.AttendanceRecordedV1(
                participant_id=pid,
                activity_id=s.uid(),
                attended_on=attended,
                present=s.chance(0.85),
                hours=2.0,
                counts_as_programme_hours=False,
            ),
        )
    if s.chance(0.3):
        granted = s.days(start, 10, 120)
        consent = s.uid()
        s.add(
            granted,
            plan.ConsentGrantedV1(
                participant_id=pid,
                consent_id=consent,
                recipient_kind="employer",
                recipient_id="974760673",
                purpose="placement",
                granted_on=granted,
                expires_on=None,
            ),
        )
        if s.chance(0.1):
            withdrawn = granted + timedelta(days=rng.randint(10, 200))
            s.add(
                withdrawn,
                plan.ConsentWithdrawnV1(
                    participant_id=pid, consent_id=consent, withdrawn_on=withdrawn
                ),
            )
    if s.chance(0.04):
        leave = s.days(start, 100, 400)
        s.add(
            leave,
            plan.ProgrammeLeaveV1(
                participant_id=pid,
                leave_id=s.uid(),
                reason="parental",
                from_date=leave,
                to_date=leave + timedelta(days=60),
            ),
        )
    if s.chance(0.03):
        moved = s.days(start, 60, 500)
        s.add(
            moved,
            plan.ParticipantMovedV1(
                participant_id=pid,
                moved_on=moved,
                from_municipality=s.municipality,
                to_municipality="0301",
            ),
        )
    if s.chance(0.35):
        end = expected_end - timedelta(days=rng.randint(0, 200))
        s.add(
            end,
            plan.ProgrammeEndedV1(
                participant_id=pid,
                completion="completed",
                end_date=end,
                reason=rng.choice(["work", "education", "period_expired"]),
                regime="integreringsloven",
                start_date=start,
            ),
        )
        if s.chance(0.85):
            s.add(
                end,
                plan.OutcomeRecordedV1(
                    participant_id=pid,
                    measured_at="at_exit",
                    status=rng.choice(["work", "education", "nav_measure", "other"]),
                    status_on=end,
                    programme_end_date=end,
                ),
            )
        if s.chance(0.4):
            later = end + timedelta(days=365)
            s.add(
                later,
                plan.OutcomeRecordedV1(
                    participant_id=pid,
                    measured_at="one_year_after",
                    status=rng.choice(["work", "education", "social_assistance"]),
                    status_on=later,
                    programme_end_date=end,
                ),
            )
    return s


@dataclass(frozen=True)
class Message:
    """One event as it goes on the wire: its topic, key (the participant) and JSON."""

    topic: str
    key: bytes | None
    value: bytes
    type: str


def make_events(count: int, seed: int = 11) -> tuple[list[Message], int]:
    """Whole stories until there are ``count`` events, cut at ``count``; published in the
    order their days come (as a live system would), each stamped now. Serialised at once,
    so the models do not stay in memory."""
    rng = random.Random(seed)
    timed: list[tuple[date, int, str, str, IntegrationEvent]] = []
    while len(timed) < count:
        s = story(rng)
        timed += [
            (day, len(timed) + n, str(s.pid), s.municipality, e)
            for n, (day, e) in enumerate(s.events)
        ]
    timed = timed[:count]
    participants = len({pid for _, _, pid, _, _ in timed})
    timed.sort(key=lambda t: (t[0], t[1]))
    now = datetime.now(UTC)
    messages = []
    for _, _, pid, municipality, event in timed:
        envelope = CloudEvent(
            source=SOURCES.get(event.topic, "/helhet/plan-service"),
            type=event.event_type,
            subject=pid,
            municipality=municipality,
            time=now,
            data=event.model_dump(mode="json"),
        )
        messages.append(
            Message(event.topic, envelope.key, envelope.to_json_bytes(), event.event_type)
        )
    return messages, participants


# --------------------------------------------------------------------------- kafka


async def publish(bootstrap: str, messages: Sequence[Message]) -> None:
    """Every event to its topic under its participant's key (untimed setup)."""
    settings = ReportingSettings(kafka_bootstrap_servers=bootstrap)
    await ensure_topics(settings, TOPICS)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=20, max_batch_size=512 * 1024
    )
    await producer.start()
    try:
        futures = []
        for n, message in enumerate(messages):
            futures.append(
                await producer.send(
                    message.topic, value=message.value, key=message.key, headers=HEADERS
                )
            )
            if n % 20_000 == 19_999:
                await asyncio.gather(*futures)
                futures = []
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def _partitions(consumer: AIOKafkaConsumer) -> list[TopicPartition]:
    deadline = time.monotonic() + 20
    while True:
        await consumer.topics()
        found = [
            TopicPartition(t, p)
            for t in TOPICS
            for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        if len({tp.topic for tp in found}) == len(TOPICS):
            return found
        check(time.monotonic() < deadline, "topic metadata did not arrive")
        await asyncio.sleep(0.2)


async def baseline_consumer(bootstrap: str, expected: int) -> Figure:
    """A bare consumer (no group) reading every topic from its start, only counting."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    count = 0
    try:
        partitions = await _partitions(consumer)
        deadline = time.monotonic() + STAGE_TIMEOUT_S
        started = time.perf_counter()  # connected; nothing is fetched before assign()
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        while count < expected:
            got = await consumer.getmany(timeout_ms=1000, max_records=BASELINE_BATCH)
            count += sum(len(records) for records in got.values())
            check(time.monotonic() < deadline, f"baseline read {count} of {expected} in time")
        seconds = time.perf_counter() - started
        extra = await consumer.getmany(timeout_ms=300)
        count += sum(len(records) for records in extra.values())
    finally:
        await consumer.stop()
    check(count == expected, f"baseline read {count} records, expected {expected}")
    return Figure("baseline consumer", count, seconds, note=f"getmany({BASELINE_BATCH})")


# --------------------------------------------------------------------------- the projection


@dataclass
class Figure:
    name: str
    events: int
    seconds: float
    ratio: float | None = None  # to the baseline consumer
    note: str = ""
    # further ratios printed after the first: (value, what it is relative to)
    more_ratios: list[tuple[float, str]] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")


class _TimedRunner(ConsumerRunner):
    """The runner unchanged, noting when its first batch starts and its N-th event is applied."""

    def __init__(self, *, expected: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.expected = expected
        self.total = BatchResult()
        self.batches = 0
        self.first: float | None = None
        self.last = 0.0
        self.spans: list[tuple[int, float]] = []  # (records, seconds) per batch
        self.done = asyncio.Event()

    def rate(self, part: slice) -> float:
        """Events per second inside ``apply_batch`` over a slice of the batches."""
        spans = self.spans[part]
        seconds = sum(t for _, t in spans)
        return sum(n for n, _ in spans) / seconds if seconds else 0.0

    async def apply_batch(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], *, keep: KeepCheck | None = None
    ) -> BatchResult:
        started = time.perf_counter()
        if self.first is None:
            self.first = started
        result = await super().apply_batch(records, keep=keep)
        self.last = time.perf_counter()
        self.spans.append((len(records), self.last - started))
        self.total.applied += result.applied
        self.total.duplicates += result.duplicates
        self.total.ignored += result.ignored
        self.total.dead_lettered += result.dead_lettered
        self.batches += 1
        if self.total.applied + len(self.total.dead_lettered) >= self.expected:
            self.done.set()
        return result


def rss_kib(field: str) -> int | None:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process in KiB, from /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Reset the peak RSS (Linux 4.0+), so the next peak is the projection stage's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


async def projection_stage(
    url: str, bootstrap: str, home: Path, expected: int
) -> tuple[Figure, dict[str, Any]]:
    settings = service_settings(
        ReportingSettings,
        database_url=url,
        kafka_bootstrap=bootstrap,
        home=home,
        consumer_max_records=RUNNER_BATCH,
        consumer_group=f"bench-projection-{uuid.uuid4().hex[:8]}",
    )
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    stop = asyncio.Event()
    await checkpoint(engine)
    settle_heap()  # as the service's consume command does before its loop
    rss_before = rss_kib("VmRSS")
    peak_reset = reset_peak_rss()
    try:
        runner = _TimedRunner(
            expected=expected,
            settings=settings,
            session_factory=sessions,
            tables=reporting_shared,
            projection=make_projection(settings),
        )
        launched = time.perf_counter()
        task = asyncio.create_task(runner.run(stop))
        waiter = asyncio.create_task(runner.done.wait())
        await asyncio.wait({task, waiter}, timeout=STAGE_TIMEOUT_S, return_when="FIRST_COMPLETED")
        stop.set()
        waiter.cancel()
        await asyncio.wait_for(task, timeout=60)  # re-raises if run() failed
        peak = rss_kib("VmHWM") if peak_reset else None
        if peak is None:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        total = runner.total
        check(
            runner.done.is_set() and total.applied == expected and not total.dead_lettered,
            f"projection: applied {total.applied} of {expected} "
            f"(dead letters {len(total.dead_lettered)}, ignored {total.ignored})",
        )
        model = await read_model(sessions)
    finally:
        stop.set()
        await engine.dispose()
    assert runner.first is not None
    figure = Figure(
        "reporting projection",
        total.applied,
        runner.last - runner.first,
        note=f"run(): {runner.batches} batches of <= {RUNNER_BATCH}, "
        f"+{runner.first - launched:.1f}s group join (untimed)",
    )
    memory = {
        **batch_stats(runner),
        "rss_before_mib": round((rss_before or 0) / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "peak_is_stage_only": peak_reset,
    }
    return figure, {**model, **memory}


def batch_stats(runner: _TimedRunner) -> dict[str, Any]:
    """Time inside ``apply_batch``, and its rate over the first and the last tenth."""
    tenth = max(len(runner.spans) // 10, 1)
    return {
        "apply_batch_seconds": round(sum(t for _, t in runner.spans), 2),
        "first_tenth_events_per_second": round(runner.rate(slice(0, tenth))),
        "last_tenth_events_per_second": round(runner.rate(slice(-tenth, None))),
    }


async def checkpoint(engine: AsyncEngine) -> None:
    """Best effort (needs a superuser or ``pg_checkpoint``): flush what earlier stages
    wrote, so that both database stages start from the same state and neither pays for
    a checkpoint the other caused. Untimed."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("CHECKPOINT"))
    except Exception as exc:  # only a fairer start, not required
        print(f"... CHECKPOINT skipped: {exc.__class__.__name__}", file=sys.stderr, flush=True)


def write_messages(file: BinaryIO, messages: Iterable[Message]) -> None:
    """Each message's topic, key, value and type, length-prefixed."""
    for m in messages:
        for part in (m.topic.encode(), m.key or b"", m.value, m.type.encode()):
            file.write(len(part).to_bytes(4, "big"))
            file.write(part)


def read_messages(file: BinaryIO) -> Iterator[Message]:
    """The messages ``write_messages`` wrote, in their order."""

    def part(size: bytes) -> bytes:
        return file.read(int.from_bytes(size, "big"))

    while size := file.read(4):
        topic = part(size)
        key, value, type_ = (part(file.read(4)) for _ in range(3))
        yield Message(topic.decode(), key or None, value, type_.decode())


def in_memory_batches(
    messages: Iterable[Message], size: int
) -> list[list[ConsumerRecord[bytes, bytes]]]:
    """The messages as the records a consumer hands the runner (same bytes, key and
    headers), in publish order, cut into batches of ``size``. Publish order keeps each
    participant's events in the order its partition holds them. Untimed setup."""
    offsets: Counter[str] = Counter()
    stamp = int(time.time() * 1000)
    records: list[ConsumerRecord[bytes, bytes]] = []
    for message in messages:
        offset = offsets[message.topic]
        offsets[message.topic] += 1
        records.append(
            ConsumerRecord(
                topic=message.topic,
                partition=0,
                offset=offset,
                timestamp=stamp,
                timestamp_type=0,
                key=message.key,
                value=message.value,
                checksum=None,
                serialized_key_size=len(message.key) if message.key is not None else -1,
                serialized_value_size=len(message.value),
                headers=HEADERS,
            )
        )
    return [records[i : i + size] for i in range(0, len(records), size)]


async def database_only_stage(
    url: str,
    bootstrap: str,
    home: Path,
    batches: Sequence[Sequence[ConsumerRecord[bytes, bytes]]],
    expected: int,
) -> tuple[Figure, dict[str, Any]]:
    """The same projection through the runner's batch path, without the broker:
    ``ConsumerRunner.apply_batch`` (parse, claim the processed-events rows, apply the
    projection to the batch in one savepoint, commit: one transaction per batch) on each
    in-memory batch in turn, timed from the first batch's start to the last one's end.
    The runner's Kafka parts are not used (they would be only for dead letters)."""
    settings = service_settings(
        ReportingSettings,
        database_url=url,
        kafka_bootstrap=bootstrap,
        home=home,
        consumer_max_records=RUNNER_BATCH,
        consumer_group=f"bench-database-only-{uuid.uuid4().hex[:8]}",
    )
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    try:
        await checkpoint(engine)
        runner = _TimedRunner(
            expected=expected,
            settings=settings,
            session_factory=sessions,
            tables=reporting_shared,
            projection=make_projection(settings),
        )
        settle_heap()  # as the service's consume command does before its loop
        deadline = time.monotonic() + STAGE_TIMEOUT_S
        try:
            for batch in batches:
                await runner.apply_batch(batch)
                check(time.monotonic() < deadline, "database-only apply did not finish in time")
        finally:
            await runner.close()
        total = runner.total
        check(
            runner.done.is_set() and total.applied == expected and not total.dead_lettered,
            f"database-only: applied {total.applied} of {expected} "
            f"(dead letters {len(total.dead_lettered)}, duplicates {total.duplicates}, "
            f"ignored {total.ignored})",
        )
        model = await read_model(sessions)
    finally:
        await engine.dispose()
    assert runner.first is not None
    sizes = [len(b) for b in batches]
    figure = Figure(
        "database-only apply",
        total.applied,
        runner.last - runner.first,
        note=f"apply_batch(): {runner.batches} batches of <= {max(sizes)}, in memory, no broker",
    )
    return figure, {**model, **batch_stats(runner)}


async def read_model(sessions: async_sessionmaker[AsyncSession]) -> dict[str, Any]:
    async def scalar(statement: Any) -> int:
        async with sessions() as session:
            return int(await session.scalar(statement) or 0)

    processed = reporting_shared.processed_events
    return {
        "processed_events": await scalar(select(func.count()).select_from(processed)),
        "chains": await scalar(select(func.count()).select_from(participant_chain)),
        "open_alerts": await scalar(
            select(func.count()).select_from(alerts).where(alerts.c.closed_at.is_(None))
        ),
        "closed_alerts": await scalar(
            select(func.count()).select_from(alerts).where(alerts.c.closed_at.is_not(None))
        ),
    }


# --------------------------------------------------------------------------- main


def _times(value: float, against: str) -> str:
    if value >= 0.1:
        return f"{value:.2f} x {against}"
    return f"{value:.4f} (1/{1 / value:.0f}) x {against}"


def _ratio(figure: Figure) -> str:
    if figure.ratio is None:
        return ""
    first = [_times(figure.ratio, "baseline consumer")]
    return ", ".join(first + [_times(value, against) for value, against in figure.more_ratios])


def render(figures: Sequence[Figure]) -> str:
    header = ("stage", "events", "seconds", "events/s", "ratio", "note")
    rows = [header] + [
        (f.name, str(f.events), f"{f.seconds:.2f}", f"{f.per_second:,.0f}", _ratio(f), f.note)
        for f in figures
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(w) if i in (1, 2, 3) else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


async def run(
    args: argparse.Namespace, url: str, direct_url: str, bootstrap: str
) -> dict[str, Any]:
    def progress(text: str) -> None:
        print(f"... {text}", file=sys.stderr, flush=True)

    progress(f"generating {args.events} events")
    messages, participants = make_events(args.events)
    mix = Counter(m.type for m in messages)
    topics = Counter(m.topic for m in messages)
    size = sum(len(m.value) for m in messages) / len(messages)
    progress(f"publishing to {len(TOPICS)} topics ({participants} participants)")
    started = time.perf_counter()
    await publish(bootstrap, messages)
    published = time.perf_counter() - started
    # The same bytes are kept on disk, not in memory, for the database-only stage: the
    # projection stage runs in the same state as without it (messages freed, nothing
    # else before it), so its peak RSS means what it meant.
    with tempfile.TemporaryFile() as spill:
        write_messages(spill, messages)
        del messages
        gc.collect()
        progress("baseline consumer")
        baseline = await baseline_consumer(bootstrap, args.events)
        with tempfile.TemporaryDirectory(prefix="helhet-bench-") as tmp:
            progress("reporting projection (ConsumerRunner.run)")
            figure, model = await projection_stage(url, bootstrap, Path(tmp), args.events)
        spill.seek(0)
        batches = in_memory_batches(read_messages(spill), RUNNER_BATCH)
    with tempfile.TemporaryDirectory(prefix="helhet-bench-") as tmp:
        progress("database-only apply (ConsumerRunner.apply_batch, no broker)")
        direct, direct_model = await database_only_stage(
            direct_url, bootstrap, Path(tmp), batches, args.events
        )
    del batches
    direct.ratio = direct.per_second / baseline.per_second
    figure.ratio = figure.per_second / baseline.per_second
    figure.more_ratios = [(figure.per_second / direct.per_second, "database-only")]
    for stage, counts in (("database-only", direct_model), ("projection", model)):
        check(
            counts["processed_events"] == args.events,
            f"{stage}: {counts['processed_events']} processed-events rows, expected {args.events}",
        )
        check(
            counts["chains"] == participants,
            f"{stage}: {counts['chains']} chains, expected {participants}",
        )
    return {
        "figures": [baseline, direct, figure],
        "database_only": direct_model,
        "participants": participants,
        "event_types": len(mix),
        "mix": dict(sorted(mix.items())),
        "topics": dict(sorted(topics.items())),
        "publish_seconds": round(published, 2),
        "bytes_per_event": round(size),
        **model,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--events",
        type=int,
        default=DEFAULT_EVENTS,
        help=f"N (default {DEFAULT_EVENTS}, a quick run; {FULL_EVENTS} for the full one)",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_ADMIN_URL,
        help="admin URL of the PostgreSQL server (default: the local server, user postgres)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.events < 100:
        parser.error("--events must be at least 100")

    configure_logging(ReportingSettings(log_level="WARNING", log_json=True), stream=sys.stderr)
    admin = args.database_url
    try:
        version = check_server(admin)
    except Exception as exc:
        print(f"PostgreSQL not reachable at {redact(admin)}: {exc!r}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    broker = TansuBroker()
    urls: list[str] = []
    wall = time.perf_counter()
    try:
        broker.start()
        for _ in range(2):  # the projection's, the database-only apply's
            urls.append(create_database(admin, "bench"))
            upgrade(reporting_bootstrap.MIGRATIONS, urls[-1])
        result = asyncio.run(run(args, urls[0], urls[1], broker.bootstrap_servers))
    except BenchError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        broker.stop()
        for url in urls:
            drop_database(admin, url)
    wall = time.perf_counter() - wall
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))
    baseline, direct, figure = result["figures"]
    if args.json:
        report = {
            **{k: v for k, v in result.items() if k != "figures"},
            "events": args.events,
            "postgresql": version,
            "broker": "tansu",
            "cpus": os.cpu_count(),
            "load_average_1m": {"before": load[0], "after": load[1]},
            "wall_seconds": round(wall, 1),
            "baseline_events_per_second": round(baseline.per_second, 1),
            "projection_events_per_second": round(figure.per_second, 1),
            "projection_seconds": round(figure.seconds, 3),
            "ratio_to_baseline": round(figure.ratio or 0, 6),
            "database_only_events_per_second": round(direct.per_second, 1),
            "database_only_seconds": round(direct.seconds, 3),
            "database_only_ratio_to_baseline": round(direct.ratio or 0, 6),
            "projection_ratio_to_database_only": round(figure.per_second / direct.per_second, 4),
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"reporting projection: N={args.events} events of {result['event_types']} types "
            f"over {len(TOPICS)} topics, {result['participants']} participants, "
            f"~{result['bytes_per_event']} B/event; PostgreSQL {version}, Tansu; "
            f"{os.cpu_count()} CPUs, load {load[0]:.2f} -> {load[1]:.2f}; wall {wall:.0f}s"
        )
        print(render([baseline, direct, figure]))
        scope = "projection stage" if result["peak_is_stage_only"] else "whole process"
        print(
            f"peak RSS {result['peak_rss_mib']} MiB ({scope}; {result['rss_before_mib']} MiB "
            f"before it); read model: {result['chains']} chains, "
            f"{result['processed_events']} processed events, {result['open_alerts']} open "
            f"and {result['closed_alerts']} closed alerts"
        )
        print(
            f"inside apply_batch: {result['apply_batch_seconds']}s of {figure.seconds:.1f}s; "
            f"first tenth of the batches {result['first_tenth_events_per_second']:,} events/s, "
            f"last tenth {result['last_tenth_events_per_second']:,}"
        )
        d = result["database_only"]
        print(
            f"database-only apply: inside apply_batch {d['apply_batch_seconds']}s of "
            f"{direct.seconds:.1f}s; first tenth of the batches "
            f"{d['first_tenth_events_per_second']:,} events/s, last tenth "
            f"{d['last_tenth_events_per_second']:,}; read model: {d['chains']} chains, "
            f"{d['processed_events']} processed events, {d['open_alerts']} open and "
            f"{d['closed_alerts']} closed alerts"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
