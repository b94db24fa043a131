"""The participant aggregate: settlement and the start of the programme."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helhet_common.domain_errors import Invalid
from plan_service.domain import events
from plan_service.domain.codes import HouseholdType, Regime
from plan_service.domain.participants import Participant, ProgrammeAlreadyStarted

from .builders import PARTICIPANT_ID, SETTLED_ON, TODAY, enrolled, programme, settled

# Settlement ---------------------------------------------------------------------------


def test_settling_records_participant_settled() -> None:
    participant = Participant.settle(
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        settlement_date=SETTLED_ON,
        birth_year=1994,
        household_type=HouseholdType.FAMILY,
        languages=("uk", "ru"),
        today=TODAY,
    )

    assert participant.events == [
        events.ParticipantSettled(
            participant_id=PARTICIPANT_ID,
            municipality="3403",
            settlement_date=SETTLED_ON,
            birth_year=1994,
            household_type=HouseholdType.FAMILY,
            languages=("uk", "ru"),
        )
    ]
    assert participant.programme is None
    assert participant.plan is None
    assert participant.personal == {}


def test_settling_keeps_its_own_copy_of_the_personal_details() -> None:
    personal = {"given_name": "Ruta"}

    participant = settled(personal=personal)
    personal["given_name"] = "changed"

    assert participant.personal == {"given_name": "Ruta"}


def test_settling_today_is_allowed() -> None:
    assert settled(settlement_date=TODAY).settlement_date == TODAY


def test_settling_in_the_future_is_refused() -> None:
    with pytest.raises(Invalid) as refused:
        settled(settlement_date=TODAY + timedelta(days=1))

    assert refused.value.code == "settlement-in-future"


@pytest.mark.parametrize("birth_year", [1900, 2000, SETTLED_ON.year])
def test_plausible_birth_years_are_accepted(birth_year: int) -> None:
    assert settled(birth_year=birth_year).birth_year == birth_year


@pytest.mark.parametrize("birth_year", [1899, SETTLED_ON.year + 1])
def test_implausible_birth_years_are_refused(birth_year: int) -> None:
    with pytest.raises(Invalid) as refused:
        settled(birth_year=birth_year)

    assert refused.value.code == "birth-year"


# Starting the programme ---------------------------------------------------------------


def test_starting_the_programme_records_programme_started() -> None:
    participant = settled()
    started = programme()

    participant.start_programme(started)

    assert participant.programme == started
    assert participant.events == [
        events.ProgrammeStarted(
            participant_id=PARTICIPANT_ID,
            regime=Regime.INTEGRATION_ACT,
            start_date=date(2026, 4, 1),
            expected_end_date=date(2028, 3, 31),
        )
    ]


def test_the_programme_may_start_on_the_settlement_date() -> None:
    participant = settled()

    participant.start_programme(programme(start=SETTLED_ON, end=date(2028, 3, 2)))

    assert participant.programme is not None


def test_the_programme_cannot_start_before_settlement() -> None:
    participant = settled()

    with pytest.raises(Invalid) as refused:
        participant.start_programme(programme(start=SETTLED_ON - timedelta(days=1)))

    assert refused.value.code == "programme-before-settlement"
    assert participant.programme is None
    assert participant.events == []


@pytest.mark.parametrize(
    "end", [date(2026, 4, 1), date(2026, 3, 31)], ids=["same-day", "day-before"]
)
def test_the_expected_end_must_come_after_the_start(end: date) -> None:
    participant = settled()

    with pytest.raises(Invalid) as refused:
        participant.start_programme(programme(start=date(2026, 4, 1), end=end))

    assert refused.value.code == "dates-out-of-order"
    assert participant.programme is None


START = date(2026, 4, 15)
# The expected end date is the programme's last day: 15 April to 14 July is 3 months.
DURATIONS = [
    # integreringsloven: 3 to 36 months
    (Regime.INTEGRATION_ACT, date(2026, 7, 14), True),  # exactly 3 months
    (Regime.INTEGRATION_ACT, date(2026, 7, 13), False),  # a day short of 3
    (Regime.INTEGRATION_ACT, date(2029, 4, 14), True),  # exactly 36 months
    (Regime.INTEGRATION_ACT, date(2029, 4, 15), False),  # a day over 36
    # introduksjonsloven: 1 to 36 months
    (Regime.INTRODUCTION_ACT, date(2026, 5, 14), True),  # exactly 1 month
    (Regime.INTRODUCTION_ACT, date(2026, 5, 13), False),  # a day short of 1
    (Regime.INTRODUCTION_ACT, date(2029, 4, 14), True),  # exactly 36 months
    (Regime.INTRODUCTION_ACT, date(2029, 4, 15), False),  # a day over 36
]


@pytest.mark.parametrize(
    ("regime", "end", "allowed"),
    DURATIONS,
    ids=[f"{r.value}-{end.isoformat()}" for r, end, _ in DURATIONS],
)
def test_duration_limits_per_regime(regime: Regime, end: date, allowed: bool) -> None:
    participant = settled()
    wanted = programme(start=START, end=end, regime=regime)

    if allowed:
        participant.start_programme(wanted)
        assert participant.programme == wanted
    else:
        with pytest.raises(Invalid) as refused:
            participant.start_programme(wanted)
        assert refused.value.code == "duration-outside-regime"
        assert regime.value in refused.value.message
        assert participant.programme is None


def test_the_programme_starts_only_once() -> None:
    participant = enrolled()
    first = participant.programme

    with pytest.raises(ProgrammeAlreadyStarted) as refused:
        participant.start_programme(programme(start=date(2026, 5, 1), end=date(2028, 4, 30)))

    assert refused.value.code == "programme-already-started"
    assert participant.programme == first
    assert participant.events == []
