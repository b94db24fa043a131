"""placement-service's published contracts: the registry, the translation, no personal data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from helhet_common.absence_codes import DEFAULT_CODE_LIST
from placement_service import contracts
from placement_service.domain import events
from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    EndReason,
    ExtensionReason,
    NextStep,
    Ownership,
)

from .builders import TODAY, employer, opening, placement


def test_every_published_type_is_registered_on_the_placements_topic() -> None:
    types = {m.event_type for m in contracts.registry}
    assert types == {
        "helhet.employer.registered.v1",
        "helhet.opening.published.v1",
        "helhet.opening.filled.v1",
        "helhet.opening.reopened.v1",
        "helhet.opening.closed.v1",
        "helhet.placement.started.v1",
        "helhet.placement.kind_changed.v1",
        "helhet.placement.follow_up_logged.v1",
        "helhet.placement.extended.v1",
        "helhet.placement.nav_measure_linked.v1",
        "helhet.placement.ended.v1",
        "helhet.participant.hired.v1",
        "helhet.placement.attendance_recorded.v1",
        "helhet.access.recorded.v1",
    }
    assert {m.topic for m in contracts.registry} == {"helhet.placements", "helhet.access"}


def test_an_unknown_domain_event_is_refused_not_dropped() -> None:
    with pytest.raises(TypeError, match="no contract"):
        list(contracts.translate(object()))


def test_no_names_or_free_text_leave_the_service() -> None:
    e = employer()
    e.events.clear()
    o = opening(e)
    p = placement(o, e)
    p.end(
        actual_end=date(2026, 11, 20),
        reason=EndReason.HIRED,
        next_step=NextStep.WORK,
        today=date(2026, 11, 23),
    )
    published = [c for event in [*p.events] for c in contracts.translate(event)]
    assert [c.event_type for c in published] == [
        "helhet.placement.ended.v1",
        "helhet.participant.hired.v1",
    ]
    for contract in published:
        text = contract.model_dump_json()
        assert "Kari" not in text
        assert "sykehjem" not in text
        assert "instructions" not in text
        assert contract.subject() == str(p.participant_id)


def test_employer_and_opening_events_are_keyed_by_their_own_id() -> None:
    employer_id, opening_id = uuid4(), uuid4()
    [registered] = contracts.translate(
        events.EmployerRegistered(
            employer_id=employer_id,
            org_number="974760673",
            sector="Q",
            nace_code=None,
            ownership=Ownership.MUNICIPAL,
            capacity_cap=None,
            agreement_kind=AgreementKind.ORAL,
            anchored_at=Anchoring.INDIVIDUAL,
        )
    )
    assert registered.subject() == str(employer_id)
    [closed] = contracts.translate(
        events.OpeningClosed(opening_id=opening_id, employer_id=employer_id, closed_on=TODAY)
    )
    assert closed.subject() == str(opening_id)


def test_a_contract_says_what_its_event_says() -> None:
    e = employer()
    o = opening(e)
    p = placement(o, e)
    p.extend(
        extension_id=uuid4(),
        new_end=date(2027, 3, 1),
        reason=ExtensionReason.SUBSIDY_CONTINUES,
        today=TODAY,
    )
    [extended] = [c for event in p.events for c in contracts.translate(event)]
    assert extended == contracts.PlacementExtendedV1(
        participant_id=p.participant_id,
        placement_id=p.id,
        previous_end=date(2026, 12, 18),
        new_end=date(2027, 3, 1),
        reason="subsidy_continues",
        flags=["subsidy-driven-extension"],
    )


def test_a_recorded_day_is_published_with_codes_and_minutes_never_the_login() -> None:
    e = employer()
    o = opening(e)
    p = placement(o, e)
    p.events.clear()
    day = max(p.start_date, TODAY - timedelta(days=1))
    entry = p.record_attendance(
        entry_id=uuid4(),
        on=day,
        kind="absence",
        minutes=90,
        code="sykt_barn",
        codes=DEFAULT_CODE_LIST,
        exited_on=None,
        recorded_by="kari@sykehjem",
        recorded_by_agency="employer",
        recorded_at=datetime(2026, 11, 23, 12, tzinfo=UTC),
        today=TODAY,
    )
    [recorded] = [c for event in p.events for c in contracts.translate(event)]
    assert recorded == contracts.AttendanceRecordedV1(
        participant_id=p.participant_id,
        placement_id=p.id,
        employer_id=e.id,
        entry_id=entry.id,
        entry_date=day,
        kind="absence",
        minutes=90,
        code="sykt_barn",
        effect="keeps",
        recorded_by_agency="employer",
    )
    assert recorded.subject() == str(p.participant_id)
    assert "kari" not in recorded.model_dump_json()
