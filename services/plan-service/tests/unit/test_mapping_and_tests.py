"""Competence mapping versions and test results."""

from __future__ import annotations

from datetime import date

import pytest

from helhet_common.domain_errors import Invalid
from plan_service.domain import events
from plan_service.domain.codes import EducationLevel, Interest, LanguageLevel, Skill, TestKind

from .builders import PARTICIPANT_ID, SETTLED_ON, TODAY, mapping, norwegian_test, settled


def test_each_mapping_is_the_next_version_and_records_mapping_recorded() -> None:
    participant = settled()

    first = participant.record_mapping(mapping(), today=TODAY)
    second = participant.record_mapping(mapping(recorded_by_agency="nav"), today=TODAY)

    assert (first.version, second.version) == (1, 2)
    assert participant.mapping_version == 2
    assert second.recorded_by_agency == "nav"
    announced = {
        "participant_id": PARTICIPANT_ID,
        "recorded_on": date(2026, 9, 1),
        "education_level": EducationLevel.SECONDARY,
        "work_experience_sectors": ("Q", "I"),
        "wished_sectors": ("Q",),
        "interests": (Interest.FOOTBALL, Interest.COOKING),
        "norwegian_levels": first.norwegian_levels,
        "has_driving_licence": False,
        "childcare_needs": True,
    }
    assert participant.events == [
        events.MappingRecorded(
            mapping_version=1, recorded_by_agency="learning-centre", **announced
        ),
        events.MappingRecorded(mapping_version=2, recorded_by_agency="nav", **announced),
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"recorded_on": date(2026, 11, 24)}, "mapping-in-future"),
        ({"recorded_on": date(2026, 3, 1)}, "mapping-before-settlement"),
        ({"wished_sectors": ("Z",)}, "unknown-sector"),
        ({"work_experience_sectors": ("Q", "Q")}, "duplicate-sector"),
        ({"interests": (Interest.MUSIC, Interest.MUSIC)}, "duplicate-interest"),
        ({"norwegian_levels": {Skill.LISTENING: LanguageLevel.A1}}, "norwegian-levels-incomplete"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_a_mapping_that_breaks_a_rule_is_refused(changes: dict[str, object], code: str) -> None:
    participant = settled()

    with pytest.raises(Invalid) as refused:
        participant.record_mapping(mapping(**changes), today=TODAY)

    assert refused.value.code == code
    assert participant.mapping_version == 0
    assert participant.events == []


def test_a_test_result_records_test_result_recorded() -> None:
    participant = settled()
    result = norwegian_test()

    participant.record_test_result(result, today=TODAY)

    assert participant.events == [
        events.TestResultRecorded(
            participant_id=PARTICIPANT_ID,
            test_result_id=result.id,
            test=TestKind.NORWEGIAN,
            taken_on=date(2026, 6, 10),
            levels={Skill.LISTENING: LanguageLevel.B1, Skill.WRITING: LanguageLevel.A2},
            passed=None,
        )
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"taken_on": date(2026, 11, 24)}, "test-in-future"),
        ({"taken_on": SETTLED_ON.replace(day=1)}, "test-before-settlement"),
        ({"levels": {}}, "test-result-shape"),
        ({"passed": True}, "test-result-shape"),
        ({"test": TestKind.SOCIAL_STUDIES}, "test-result-shape"),
        ({"test": TestKind.SOCIAL_STUDIES, "levels": {}}, "test-result-shape"),
    ],
)
def test_a_test_result_that_breaks_a_rule_is_refused(changes: dict[str, object], code: str) -> None:
    with pytest.raises(Invalid) as refused:
        settled().record_test_result(norwegian_test(**changes), today=TODAY)

    assert refused.value.code == code


def test_a_social_studies_test_is_passed_or_not() -> None:
    participant = settled()

    participant.record_test_result(
        norwegian_test(test=TestKind.SOCIAL_STUDIES, levels={}, passed=False), today=TODAY
    )

    assert len(participant.events) == 1
