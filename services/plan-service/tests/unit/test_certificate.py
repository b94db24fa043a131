"""The participation certificate's data: only once the programme has ended."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from helhet_common.domain_errors import Conflict
from plan_service.domain.codes import Completion, ExitReason, LanguageLevel, Regime, Skill, TestKind

from .builders import TODAY, ended, enrolled, exit_, leave, norwegian_test, update_plan


def test_there_is_no_certificate_before_the_programme_ends() -> None:
    with pytest.raises(Conflict) as refused:
        enrolled().certificate([])

    assert refused.value.code == "programme-not-ended"


def test_the_certificate_states_the_period_leave_plan_and_results() -> None:
    participant = enrolled()
    update_plan(participant)
    participant.record_leave(leave(from_date=date(2026, 10, 1), to_date=date(2026, 10, 10)))
    participant.record_leave(leave(from_date=date(2026, 10, 20), to_date=date(2026, 12, 31)))
    participant.end_programme(
        exit_(completion=Completion.INTERRUPTED, reason=ExitReason.WORK), today=TODAY
    )
    results = [
        norwegian_test(
            taken_on=date(2026, 6, 10),
            levels={Skill.LISTENING: LanguageLevel.B1, Skill.WRITING: LanguageLevel.A2},
        ),
        norwegian_test(
            id=UUID("01930000-0000-7000-8000-0000000000a2"),
            taken_on=date(2026, 10, 15),
            levels={Skill.LISTENING: LanguageLevel.A2, Skill.WRITING: LanguageLevel.B1},
        ),
        norwegian_test(
            id=UUID("01930000-0000-7000-8000-0000000000a3"),
            test=TestKind.SOCIAL_STUDIES,
            levels={},
            passed=False,
        ),
        norwegian_test(
            id=UUID("01930000-0000-7000-8000-0000000000a4"),
            test=TestKind.SOCIAL_STUDIES,
            taken_on=date(2026, 9, 1),
            levels={},
            passed=True,
        ),
    ]

    certificate = participant.certificate(results)

    assert certificate.regime is Regime.INTEGRATION_ACT
    assert (certificate.start_date, certificate.end_date) == (date(2026, 4, 1), date(2026, 11, 2))
    assert certificate.completion is Completion.INTERRUPTED
    # 10 days in October, then 20 October to the exit on 2 November: 14 days.
    assert certificate.leave_days == 10 + 14
    assert certificate.plan == participant.plan
    assert certificate.best_norwegian_levels == {
        Skill.LISTENING: LanguageLevel.B1,
        Skill.WRITING: LanguageLevel.B1,
    }
    assert [t.taken_on for t in certificate.norwegian_tests] == [
        date(2026, 6, 10),
        date(2026, 10, 15),
    ]
    assert certificate.social_studies_passed is True


def test_a_certificate_without_tests_says_social_studies_were_not_taken() -> None:
    certificate = ended().certificate([])

    assert certificate.social_studies_passed is None
    assert certificate.best_norwegian_levels == {}
    assert certificate.leave_days == 0
