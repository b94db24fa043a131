"""Employers, openings and placements: the rules, without I/O."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from placement_service.domain import events
from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    OpeningStatus,
    Ownership,
    PlacementStatus,
)
from placement_service.domain.employers import Agreement, org_number_is_valid
from placement_service.domain.placements import FollowUp, HoursEntry, NavMeasure

from .builders import TODAY, employer, opening, placement


@pytest.mark.parametrize("number", ["974760673", "987654309", "912345602"])
def test_valid_organisation_numbers(number: str) -> None:
    assert org_number_is_valid(number)


@pytest.mark.parametrize(
    "number", ["974760674", "12345678", "9747606730", "97476067a", "٩٧٤٧٦٠٦٧٣"]
)
def test_invalid_organisation_numbers(number: str) -> None:
    assert not org_number_is_valid(number)


def test_registering_checks_the_number_and_records_the_event() -> None:
    with pytest.raises(Invalid) as error:
        employer(org_number="974760674")
    assert error.value.code == "invalid-org-number"


def test_when_the_only_contact_leaves_the_employer_warns() -> None:
    e = employer()
    warnings = e.contact_leaves(
        e.contacts[0].id, left_on=TODAY, today=TODAY, recorded_by="t", entry_id=uuid4()
    )
    assert [w.code for w in warnings] == ["no-active-contact"]
    assert e.history[-1].kind.value == "contact_left"
    with pytest.raises(Conflict):
        e.contact_leaves(
            e.contacts[0].id, left_on=TODAY, today=TODAY, recorded_by="t", entry_id=uuid4()
        )


def test_warnings_for_expired_and_person_anchored_agreements() -> None:
    e = employer(
        agreement=Agreement(
            AgreementKind.ORAL, Anchoring.INDIVIDUAL, date(2024, 1, 1), date(2025, 1, 1)
        ),
        responsible=None,
    )
    assert {w.code for w in e.warnings(TODAY)} == {
        "no-responsible-contact",
        "agreement-expired",
        "agreement-anchored-in-one-person",
    }


def test_an_update_based_on_an_old_version_is_stale() -> None:
    with pytest.raises(StaleVersion):
        employer().update(expected_version=7, capacity_cap=2)


def test_only_a_municipal_employer_has_municipality_created_openings() -> None:
    private = employer(ownership=Ownership.PRIVATE)
    with pytest.raises(Invalid) as error:
        opening(private, created_by_municipality=True)
    assert error.value.code == "not-a-municipal-employer"


def test_an_opening_cannot_exceed_the_employer_cap() -> None:
    with pytest.raises(Invalid) as error:
        opening(employer(capacity_cap=1), capacity=2)
    assert error.value.code == "capacity-over-employer-cap"


def test_the_last_seat_fills_the_opening_and_a_freed_seat_reopens_it() -> None:
    e = employer()
    o = opening(e, capacity=1)
    placement(o, e)
    assert o.status is OpeningStatus.FILLED
    assert o.events[-1] == events.OpeningFilled(opening_id=o.id, employer_id=e.id, capacity=1)
    o.seat_freed(active_after=0)
    assert o.status is OpeningStatus.OPEN
    assert o.events[-1] == events.OpeningReopened(opening_id=o.id, employer_id=e.id, capacity=1)


@pytest.mark.parametrize(
    ("in_opening", "at_employer", "code"),
    [(2, 2, "opening-full"), (0, 3, "employer-capacity-reached")],
)
def test_capacity_caps(in_opening: int, at_employer: int, code: str) -> None:
    e = employer(capacity_cap=3)
    with pytest.raises(Conflict) as error:
        placement(opening(e), e, active_in_opening=in_opening, active_at_employer=at_employer)
    assert error.value.code == code


def test_a_closed_opening_takes_nobody() -> None:
    e = employer()
    o = opening(e)
    o.close(reason="season over", today=TODAY)
    with pytest.raises(Conflict) as error:
        placement(o, e)
    assert error.value.code == "opening-not-open"


def test_status_is_planned_active_or_ended() -> None:
    p = placement()
    assert p.status(date(2026, 8, 1)) is PlacementStatus.PLANNED
    assert p.status(TODAY) is PlacementStatus.ACTIVE
    p.end(actual_end=TODAY, reason=EndReason.COMPLETED, next_step=NextStep.EDUCATION, today=TODAY)
    assert p.status(TODAY) is PlacementStatus.ENDED


def test_a_kind_change_is_kept_as_history_and_the_ledger_counts_by_kind() -> None:
    p = placement()
    p.log_hours(
        [
            HoursEntry(uuid4(), date(2026, 10, 1), 5),
            HoursEntry(uuid4(), date(2026, 11, 2), 6, True),
        ],
        today=TODAY,
    )
    p.change_kind(
        change_id=uuid4(),
        to_kind=OpeningKind.WORK_PRACTICE,
        effective_date=date(2026, 11, 1),
        reason="ready",
        follow_up_by_unit="Hamar flyktningkontor",
    )
    assert p.kind is OpeningKind.WORK_PRACTICE
    assert p.kind_on(date(2026, 10, 31)) is OpeningKind.LANGUAGE_PRACTICE
    assert p.follow_up_plan.by_unit == "Hamar flyktningkontor"
    ledger = p.ledger()
    assert ledger.by_kind == {"language_practice": 5.0, "work_practice": 6.0}
    assert (ledger.total_hours, ledger.confirmed_hours) == (11.0, 6.0)
    assert ledger.by_month == {"2026-10": 5.0, "2026-11": 6.0}
    assert p.events[-1] == events.KindChanged(
        participant_id=p.participant_id,
        placement_id=p.id,
        from_kind=OpeningKind.LANGUAGE_PRACTICE,
        to_kind=OpeningKind.WORK_PRACTICE,
        effective_date=date(2026, 11, 1),
    )


def test_a_kind_change_to_the_same_kind_or_outside_the_placement_is_refused() -> None:
    p = placement()
    with pytest.raises(Invalid):
        p.change_kind(
            change_id=uuid4(),
            to_kind=OpeningKind.LANGUAGE_PRACTICE,
            effective_date=TODAY,
            reason=None,
            follow_up_by_unit=None,
        )
    with pytest.raises(Invalid):
        p.change_kind(
            change_id=uuid4(),
            to_kind=OpeningKind.WORK_PRACTICE,
            effective_date=date(2027, 6, 1),
            reason=None,
            follow_up_by_unit=None,
        )


@pytest.mark.parametrize(
    ("day", "hours", "code"),
    [
        (date(2026, 8, 31), 5, "date-outside-placement"),
        (TODAY + timedelta(days=1), 5, "date-outside-placement"),
        (date(2026, 10, 1), 13, "hours"),
    ],
)
def test_hours_outside_the_rules_are_refused(day: date, hours: float, code: str) -> None:
    with pytest.raises(Invalid) as error:
        placement().log_hours([HoursEntry(uuid4(), day, hours)], today=TODAY)
    assert error.value.code == code


def test_a_day_is_logged_once() -> None:
    p = placement()
    p.log_hours([HoursEntry(uuid4(), date(2026, 10, 1), 5)], today=TODAY)
    with pytest.raises(Conflict):
        p.log_hours([HoursEntry(uuid4(), date(2026, 10, 1), 2)], today=TODAY)


def test_an_extension_for_the_subsidy_is_flagged() -> None:
    p = placement()
    p.extend(
        extension_id=uuid4(),
        new_end=date(2027, 3, 1),
        reason=ExtensionReason.SUBSIDY_CONTINUES,
        today=TODAY,
    )
    assert p.flags == ("subsidy-driven-extension",)


def test_an_extension_that_tracks_the_measure_without_follow_up_is_flagged() -> None:
    p = placement()
    p.link_nav_measure(
        NavMeasure(
            uuid4(),
            NavMeasureType.WORK_TRAINING,
            NavMeasureRole.FUNDS,
            date(2026, 9, 1),
            date(2027, 3, 5),
            None,
        )
    )
    extension = p.extend(
        extension_id=uuid4(),
        new_end=date(2027, 3, 1),
        reason=ExtensionReason.LEARNING_GOALS_NOT_MET,
        today=TODAY,
    )
    assert extension.flags == ("subsidy-driven-extension",)


def test_an_extension_with_recent_follow_up_or_a_hire_in_view_is_not_flagged() -> None:
    p = placement()
    p.link_nav_measure(
        NavMeasure(
            uuid4(),
            NavMeasureType.WORK_TRAINING,
            NavMeasureRole.FUNDS,
            date(2026, 9, 1),
            date(2027, 3, 5),
            None,
        )
    )
    p.log_follow_up(
        FollowUp(
            uuid4(), TODAY - timedelta(days=7), FollowUpKind.VISIT, "NAV", FollowUpOutcome.ON_TRACK
        ),
        today=TODAY,
    )
    assert (
        p.extend(
            extension_id=uuid4(),
            new_end=date(2027, 3, 1),
            reason=ExtensionReason.LEARNING_GOALS_NOT_MET,
            today=TODAY,
        ).flags
        == ()
    )
    assert (
        p.extend(
            extension_id=uuid4(),
            new_end=date(2027, 3, 4),
            reason=ExtensionReason.HIRING_PROSPECT,
            today=TODAY,
        ).flags
        == ()
    )


def test_the_measure_that_carries_the_placement_past_the_programme() -> None:
    p = placement(planned_end=date(2027, 6, 30))
    assert p.funding_after(date(2027, 1, 31)) is None
    measure = NavMeasure(
        uuid4(),
        NavMeasureType.TEMPORARY_WAGE_SUBSIDY,
        NavMeasureRole.CONTINUES,
        date(2027, 2, 1),
        date(2027, 6, 30),
        40,
    )
    p.link_nav_measure(measure)
    assert p.funding_after(date(2027, 1, 31)) == measure


def test_ending_hired_records_the_hire() -> None:
    p = placement()
    p.log_hours([HoursEntry(uuid4(), date(2026, 9, 2), 4.5)], today=TODAY)
    p.end(actual_end=TODAY, reason=EndReason.HIRED, next_step=NextStep.WORK, today=TODAY)
    # The events say what happened at the end, whatever happens to the placement after.
    assert p.events == [
        events.PlacementEnded(
            participant_id=p.participant_id,
            placement_id=p.id,
            employer_id=p.employer_id,
            kind=OpeningKind.LANGUAGE_PRACTICE,
            sector="Q",
            actual_end=TODAY,
            reason=EndReason.HIRED,
            next_step=NextStep.WORK,
            hours_logged=4.5,
        ),
        events.ParticipantHired(
            participant_id=p.participant_id,
            placement_id=p.id,
            employer_id=p.employer_id,
            sector="Q",
            via_kind=OpeningKind.LANGUAGE_PRACTICE,
            hired_on=TODAY,
        ),
    ]
    with pytest.raises(Conflict):
        p.end(actual_end=TODAY, reason=EndReason.COMPLETED, next_step=NextStep.WORK, today=TODAY)


def test_hired_means_work_next_and_an_end_is_not_in_the_future() -> None:
    with pytest.raises(Invalid):
        placement().end(
            actual_end=TODAY, reason=EndReason.HIRED, next_step=NextStep.EDUCATION, today=TODAY
        )
    with pytest.raises(Invalid):
        placement().end(
            actual_end=TODAY + timedelta(days=1),
            reason=EndReason.COMPLETED,
            next_step=NextStep.WORK,
            today=TODAY,
        )
