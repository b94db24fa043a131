"""The programme after its start: extension, leave, exit, and the outcomes after it."""

from __future__ import annotations

from datetime import date

import pytest

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.codes import (
    Completion,
    ExitReason,
    ExtensionReason,
    LeaveReason,
    MeasurePoint,
    ProgrammeStatus,
    Regime,
)
from plan_service.domain.follow_up import add_months
from plan_service.domain.programmes import Leave

from .builders import PARTICIPANT_ID, TODAY, ended, enrolled, exit_, outcome, programme, settled
from .builders import leave as make_leave

REASON = ExtensionReason.EXPECTED_TO_REACH_END_GOAL


def extend(participant, new_end: date, **changes):  # type: ignore[no-untyped-def]
    values = dict(
        new_expected_end_date=new_end,
        reason=REASON,
        decided_on=TODAY,
        recorded_by="programradgiver",
        today=TODAY,
    )
    values.update(changes)
    return participant.extend_programme(**values)


# Extension ----------------------------------------------------------------------------


def test_an_extension_moves_the_expected_end_and_records_programme_extended() -> None:
    participant = enrolled()

    extension = extend(participant, date(2028, 9, 30))

    assert participant.programme is not None
    assert participant.programme.expected_end_date == date(2028, 9, 30)
    assert participant.programme.first_expected_end_date == date(2028, 3, 31)
    assert extension.number == 1
    assert extension.previous_expected_end_date == date(2028, 3, 31)
    assert participant.events == [
        events.ProgrammeExtended(
            participant_id=PARTICIPANT_ID,
            extension_number=1,
            previous_expected_end_date=date(2028, 3, 31),
            new_expected_end_date=date(2028, 9, 30),
            reason=REASON,
            decided_on=TODAY,
        )
    ]


def test_extensions_add_up_to_one_year_at_most() -> None:
    participant = enrolled()
    extend(participant, date(2028, 9, 30))

    extend(participant, date(2029, 3, 31))  # one year after the first expected end
    with pytest.raises(Invalid) as refused:
        extend(participant, date(2029, 4, 1))

    assert refused.value.code == "extension-too-long"


def test_an_introduction_act_programme_lasts_three_years_at_most() -> None:
    participant = settled()
    participant.start_programme(
        programme(end=date(2028, 9, 30), regime=Regime.INTRODUCTION_ACT)
    )  # 2.5 years

    with pytest.raises(Invalid) as refused:
        extend(participant, date(2029, 4, 30))

    assert refused.value.code == "extension-too-long"
    extend(participant, date(2029, 3, 31))


def test_an_extension_must_end_later() -> None:
    with pytest.raises(Invalid) as refused:
        extend(enrolled(), date(2028, 3, 31))

    assert refused.value.code == "extension-not-later"


def test_an_extension_cannot_be_decided_in_the_future() -> None:
    with pytest.raises(Invalid) as refused:
        extend(enrolled(), date(2028, 9, 30), decided_on=date(2026, 11, 24))

    assert refused.value.code == "decision-in-future"


@pytest.mark.parametrize(
    ("participant", "code"),
    [(settled, "programme-not-started"), (ended, "programme-ended")],
    ids=["not-started", "ended"],
)
def test_extension_leave_and_exit_are_guarded_by_the_state(participant, code) -> None:  # type: ignore[no-untyped-def]
    leave = make_leave(
        from_date=date(2026, 10, 1), to_date=date(2026, 10, 31), reason=LeaveReason.ILLNESS
    )
    for change in (
        lambda p: extend(p, date(2028, 9, 30)),
        lambda p: p.record_leave(leave),
        lambda p: p.end_programme(exit_(), today=TODAY),
    ):
        with pytest.raises(Conflict) as refused:
            change(participant())
        assert refused.value.code == code


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2028, 3, 31), 12) == date(2029, 3, 31)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


# Leave --------------------------------------------------------------------------------


def test_leave_is_recorded_without_moving_the_end_and_shows_in_the_status() -> None:
    participant = enrolled()

    participant.record_leave(
        make_leave(
            from_date=date(2026, 11, 1), to_date=date(2026, 12, 31), reason=LeaveReason.PARENTAL
        )
    )

    assert participant.programme is not None
    assert participant.programme.expected_end_date == date(2028, 3, 31)
    assert participant.programme.status(TODAY) is ProgrammeStatus.ON_LEAVE
    assert participant.programme.status(date(2027, 1, 1)) is ProgrammeStatus.ACTIVE
    assert participant.events == [
        events.LeaveGranted(
            participant_id=PARTICIPANT_ID,
            leave_id=participant.programme.leaves[0].id,
            reason=LeaveReason.PARENTAL,
            from_date=date(2026, 11, 1),
            to_date=date(2026, 12, 31),
        )
    ]


@pytest.mark.parametrize(
    ("leave", "code"),
    [
        (
            make_leave(
                from_date=date(2026, 10, 2), to_date=date(2026, 10, 1), reason=LeaveReason.OTHER
            ),
            "dates-out-of-order",
        ),
        (
            make_leave(
                from_date=date(2026, 3, 1), to_date=date(2026, 4, 30), reason=LeaveReason.OTHER
            ),
            "leave-outside-programme",
        ),
    ],
    ids=["ends-before-start", "before-the-programme"],
)
def test_leave_dates_are_checked(leave: Leave, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        enrolled().record_leave(leave)

    assert refused.value.code == code


def test_overlapping_leave_is_a_conflict() -> None:
    participant = enrolled()
    participant.record_leave(
        make_leave(
            from_date=date(2026, 11, 1), to_date=date(2026, 12, 31), reason=LeaveReason.PARENTAL
        )
    )

    with pytest.raises(Conflict) as refused:
        participant.record_leave(
            make_leave(
                from_date=date(2026, 12, 31), to_date=date(2027, 1, 5), reason=LeaveReason.ILLNESS
            )
        )

    assert refused.value.code == "leave-overlaps"


# Exit ---------------------------------------------------------------------------------


def test_exit_ends_the_programme_and_records_programme_ended() -> None:
    participant = enrolled()

    participant.end_programme(exit_(completion=Completion.INTERRUPTED), today=TODAY)

    assert participant.programme is not None
    assert participant.programme.status(TODAY) is ProgrammeStatus.INTERRUPTED
    assert participant.events == [
        events.ProgrammeEnded(
            participant_id=PARTICIPANT_ID,
            completion=Completion.INTERRUPTED,
            end_date=date(2026, 11, 2),
            reason=ExitReason.WORK,
            regime=Regime.INTEGRATION_ACT,
            start_date=date(2026, 4, 1),
        )
    ]


@pytest.mark.parametrize(
    ("end", "code"),
    [(date(2026, 3, 31), "dates-out-of-order"), (date(2026, 11, 24), "exit-in-future")],
)
def test_exit_dates_are_checked(end: date, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        enrolled().end_programme(exit_(end_date=end), today=TODAY)

    assert refused.value.code == code


# Outcomes -----------------------------------------------------------------------------


def test_an_outcome_needs_an_ended_programme() -> None:
    with pytest.raises(Conflict) as refused:
        enrolled().record_outcome(outcome(), today=TODAY)

    assert refused.value.code == "programme-not-ended"


def test_an_outcome_is_recorded_once_per_measuring_point() -> None:
    participant = ended()
    participant.record_outcome(outcome(), today=TODAY)

    with pytest.raises(Conflict) as refused:
        participant.record_outcome(outcome(), today=TODAY)

    assert refused.value.code == "outcome-already-recorded"
    assert len(participant.events) == 1


@pytest.mark.parametrize(
    ("measured_at", "status_on", "code"),
    [
        (MeasurePoint.AT_EXIT, date(2026, 11, 1), "outcome-before-exit"),
        (MeasurePoint.AT_EXIT, date(2026, 11, 24), "outcome-in-future"),
        (MeasurePoint.ONE_YEAR_AFTER, date(2026, 11, 20), "outcome-too-early"),
    ],
)
def test_outcome_dates_are_checked(measured_at: MeasurePoint, status_on: date, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        ended().record_outcome(outcome(measured_at=measured_at, status_on=status_on), today=TODAY)

    assert refused.value.code == code


def test_status_at_exit_is_measured_near_the_exit() -> None:
    participant = ended()

    with pytest.raises(Invalid) as refused:
        participant.record_outcome(outcome(status_on=date(2027, 3, 1)), today=date(2027, 3, 1))

    assert refused.value.code == "outcome-not-at-exit"
