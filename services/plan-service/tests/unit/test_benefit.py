"""The ledger's rules and the introduction benefit for a month, line by line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from uuid import uuid4

import pytest

from helhet_common.domain_errors import Conflict, Invalid, NotFound
from plan_service.domain import events
from plan_service.domain.attendance import (
    DEFAULT_CODE_LIST,
    BenefitEffect,
    CodeList,
    EntryKind,
    LedgerEntry,
    check_not_corrected,
    current,
)
from plan_service.domain.benefit import (
    RULE_LATE,
    Facts,
    GTable,
    monthly_basis,
    round_ore,
)
from plan_service.domain.codes import Regime

PROGRAMME = (date(2024, 8, 1), date(2026, 7, 31))
G_2024 = 124_028  # in force from 2024-05-01
PARTICIPANT = uuid4()


def facts(**changes: object) -> Facts:
    values: dict[str, object] = {
        "participant_id": PARTICIPANT,
        "regime": Regime.INTEGRATION_ACT,
        "birth_year": 1990,
        "programme_start": PROGRAMME[0],
        "programme_end": PROGRAMME[1],
    }
    values.update(changes)
    return Facts(**values)  # type: ignore[arg-type]


def entry(
    on: date,
    hours: float,
    code: str | None = "ugyldig",
    *,
    corrects: LedgerEntry | None = None,
    at: datetime | None = None,
    codes: CodeList = DEFAULT_CODE_LIST,
) -> LedgerEntry:
    return LedgerEntry.record(
        entry_id=uuid4(),
        participant_id=PARTICIPANT,
        municipality="3403",
        kind=EntryKind.ATTENDANCE if code is None else EntryKind.ABSENCE,
        on=on,
        minutes=round(hours * 60),
        code=code,
        codes=codes,
        programme_period=PROGRAMME,
        corrected=corrects,
        recorded_by="kari",
        recorded_by_agency="learning-centre",
        recorded_at=at or datetime(on.year, on.month, on.day, 16, tzinfo=UTC),
        today=date(2026, 12, 7),
    )


def amounts(basis: object) -> dict[str, int]:
    return {line.kind: line.amount_ore for line in basis.lines}  # type: ignore[attr-defined]


# The ledger --------------------------------------------------------------------------


def test_an_entry_records_a_value_event_without_free_text() -> None:
    absence = entry(date(2024, 9, 2), 2.5)

    assert absence.effect is BenefitEffect.REDUCES
    assert absence.events == [
        events.LedgerEntryRecorded(
            participant_id=PARTICIPANT,
            entry_id=absence.id,
            kind="absence",
            on=date(2024, 9, 2),
            minutes=150,
            code="ugyldig",
            effect="reduces",
            corrects=None,
            recorded_by_agency="learning-centre",
        )
    ]


@pytest.mark.parametrize("hours", [0, -1, 24.25])
def test_hours_are_more_than_nothing_and_at_most_a_day(hours: float) -> None:
    with pytest.raises(Invalid) as raised:
        entry(date(2024, 9, 2), hours)
    assert raised.value.code == "hours-out-of-range"


def test_a_day_outside_the_programme_is_refused() -> None:
    with pytest.raises(Invalid) as raised:
        entry(date(2024, 7, 31), 1)
    assert raised.value.code == "date-outside-programme"


def test_an_unknown_code_is_refused_and_a_municipality_may_add_its_own() -> None:
    with pytest.raises(Invalid) as raised:
        entry(date(2024, 9, 2), 1, "tannlege")
    assert raised.value.code == "unknown-absence-code"

    hamar = CodeList.for_municipality("3403", {"3403": {"tannlege": "keeps", "ugyldig": "keeps"}})
    assert entry(date(2024, 9, 2), 1, "tannlege", codes=hamar).effect is BenefitEffect.KEEPS
    assert hamar.get("ugyldig").effect is BenefitEffect.REDUCES  # a default keeps its effect


def test_a_correction_supersedes_the_entry_once() -> None:
    wrong = entry(date(2024, 9, 2), 3)
    fixed = entry(date(2024, 9, 2), 3, "syk", corrects=wrong)

    assert current([wrong, fixed]) == [fixed]
    with pytest.raises(Conflict) as raised:
        check_not_corrected(wrong, [fixed])
    assert raised.value.code == "entry-already-corrected"


def test_a_correction_of_another_participants_entry_is_not_found() -> None:
    other = entry(date(2024, 9, 2), 3)
    other.participant_id = uuid4()
    with pytest.raises(NotFound):
        entry(date(2024, 9, 2), 3, corrects=other)


# The benefit ---------------------------------------------------------------------------


def test_over_25_the_annual_benefit_is_2g_and_a_twelfth_is_paid() -> None:
    basis = monthly_basis(facts(), date(2024, 9, 1), [], exports={})

    annual = basis.lines[0]
    assert annual.rule == "integreringsloven-20-2g"
    assert annual.figure_ore == 2 * G_2024 * 100
    assert basis.g.kroner == G_2024
    assert basis.to_pay_ore == round_ore(Fraction(2 * G_2024 * 100, 12)) == 2_067_133


def test_under_25_gets_two_thirds_and_a_third_when_living_with_parents() -> None:
    young = facts(birth_year=2001)  # 23 in 2024

    alone = monthly_basis(young, date(2024, 9, 1), [], exports={})
    at_home = monthly_basis(
        facts(birth_year=2001, lives_with_parents=True), date(2024, 9, 1), [], exports={}
    )

    assert alone.lines[0].rule == "integreringsloven-20-under-25"
    assert alone.lines[0].figure_ore == round_ore(Fraction(2 * G_2024 * 100 * 2, 3))
    assert at_home.lines[0].rule == "integreringsloven-20-under-25-with-parents"
    assert at_home.lines[0].figure_ore == round_ore(Fraction(2 * G_2024 * 100, 3))


def test_under_the_old_act_under_25_gets_two_thirds_whoever_they_live_with() -> None:
    old = facts(regime=Regime.INTRODUCTION_ACT, birth_year=2001, lives_with_parents=True)

    basis = monthly_basis(old, date(2024, 9, 1), [entry(date(2024, 9, 3), 2)], exports={})

    assert basis.lines[0].rule == "introduksjonsloven-8-under-25"
    assert basis.lines[0].figure_ore == round_ore(Fraction(2 * G_2024 * 100 * 2, 3))
    reduction = next(line for line in basis.lines if line.kind == "invalid_absence")
    assert reduction.rule == "introduksjonsloven-9-invalid-absence"


def test_invalid_absence_reduces_by_the_hour_and_valid_absence_does_not() -> None:
    absences = [
        entry(date(2024, 9, 2), 2.5),
        entry(date(2024, 9, 3), 4),
        entry(date(2024, 9, 4), 7.5, "syk"),
        entry(date(2024, 9, 5), 7.5, None),
    ]

    basis = monthly_basis(facts(), date(2024, 9, 1), absences, exports={})

    hourly = Fraction(2 * G_2024 * 100, 1850)
    reduction = next(line for line in basis.lines if line.kind == "invalid_absence")
    assert reduction.hours == 6.5
    assert reduction.amount_ore == -round_ore(hourly * Fraction(13, 2))
    assert set(reduction.entry_ids) == {absences[0].id, absences[1].id}
    assert amounts(basis)["attendance"] == 0
    assert basis.to_pay_ore == 2_067_133 + reduction.amount_ore


def test_leave_without_benefit_takes_the_hours_off() -> None:
    leave = entry(date(2024, 9, 9), 7.5, "permisjon_uten_stonad")

    basis = monthly_basis(facts(), date(2024, 9, 1), [leave], exports={})

    line = next(line for line in basis.lines if line.kind == "leave_without_benefit")
    assert line.rule == "leave-without-benefit"
    assert line.amount_ore == -round_ore(Fraction(2 * G_2024 * 100, 1850) * Fraction(15, 2))


def test_a_month_that_starts_the_programme_pays_its_days_at_a_thirtieth() -> None:
    basis = monthly_basis(facts(), date(2024, 8, 1), [], exports={})
    assert basis.lines[1].kind == "monthly_amount"  # from the 1st: the whole month

    late_start = monthly_basis(
        facts(programme_start=date(2024, 8, 21)), date(2024, 8, 1), [], exports={}
    )
    assert late_start.lines[1].kind == "partial_month"
    assert late_start.to_pay_ore == round_ore(Fraction(2_067_133 * 11, 30))


def test_a_correction_after_export_is_a_line_of_the_next_month_and_leaves_it_alone() -> None:
    september_export = {date(2024, 9, 1): datetime(2024, 10, 2, 8, tzinfo=UTC)}
    recorded = entry(date(2024, 9, 2), 4)  # invalid, counted in September
    corrected = entry(
        date(2024, 9, 2), 4, "syk", corrects=recorded, at=datetime(2024, 10, 10, tzinfo=UTC)
    )
    forgotten = entry(date(2024, 9, 6), 2, at=datetime(2024, 10, 11, tzinfo=UTC))
    ledger = [recorded, corrected, forgotten]

    september = monthly_basis(facts(), date(2024, 9, 1), ledger, exports=september_export)
    october = monthly_basis(facts(), date(2024, 10, 1), ledger, exports=september_export)

    hourly = Fraction(2 * G_2024 * 100, 1850)
    assert september.exported_at == datetime(2024, 10, 2, 8, tzinfo=UTC)
    assert amounts(september)["invalid_absence"] == -round_ore(hourly * 4)  # as exported
    late = [line for line in october.lines if line.rule == RULE_LATE]
    assert [(line.of_month, line.hours, line.amount_ore) for line in late] == [
        (date(2024, 9, 1), -4.0, round_ore(hourly * 4)),  # given back
        (date(2024, 9, 1), 2.0, -round_ore(hourly * 2)),  # taken
    ]
    assert late[0].entry_ids == (corrected.id, recorded.id)
    assert october.to_pay_ore == 2_067_133 + round_ore(hourly * 4) - round_ore(hourly * 2)


def test_a_correction_before_export_simply_replaces_the_entry() -> None:
    recorded = entry(date(2024, 9, 2), 4)
    corrected = entry(date(2024, 9, 2), 1, corrects=recorded)

    basis = monthly_basis(facts(), date(2024, 9, 1), [recorded, corrected], exports={})

    line = next(line for line in basis.lines if line.kind == "invalid_absence")
    assert line.hours == 1
    assert line.entry_ids == (corrected.id,)


def test_a_month_without_a_known_g_is_refused_unless_configured() -> None:
    with pytest.raises(Invalid) as raised:
        monthly_basis(facts(programme_end=date(2027, 7, 31)), date(2026, 6, 1), [], exports={})
    assert raised.value.code == "grunnbelop-unknown"

    table = GTable.with_extra({"2026-05-01": 135_000})
    basis = monthly_basis(
        facts(programme_end=date(2027, 7, 31)), date(2026, 6, 1), [], exports={}, g_table=table
    )
    assert basis.g.kroner == 135_000
    assert not basis.g.verified


def test_a_month_outside_the_programme_is_refused() -> None:
    with pytest.raises(Invalid) as raised:
        monthly_basis(facts(), date(2024, 7, 1), [], exports={})
    assert raised.value.code == "month-outside-programme"
