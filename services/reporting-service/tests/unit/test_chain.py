"""The stage of a participant's chain is the furthest link known, whatever arrived first."""

from __future__ import annotations

from datetime import date

import pytest

from reporting_service.domain.chain import STAGE_LABELS, ChainFacts, Stage, derive_stage

SETTLED_ON = date(2026, 8, 1)
STARTED_ON = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("settlement_date", "programme_start", "plan_version", "stage"),
    [
        (None, None, None, Stage.UNKNOWN),
        (None, STARTED_ON, None, Stage.UNKNOWN),
        (None, None, 1, Stage.UNKNOWN),
        (None, STARTED_ON, 1, Stage.UNKNOWN),
        (SETTLED_ON, None, None, Stage.SETTLED),
        (SETTLED_ON, STARTED_ON, None, Stage.PROGRAMME),
        (SETTLED_ON, None, 1, Stage.PLAN),
        (SETTLED_ON, STARTED_ON, 1, Stage.PLAN),
    ],
    ids=lambda value: "-" if value is None else str(value),
)
def test_derive_stage(
    settlement_date: date | None,
    programme_start: date | None,
    plan_version: int | None,
    stage: Stage,
) -> None:
    facts = ChainFacts(settlement_date, programme_start, plan_version)

    assert derive_stage(facts) is stage


def test_a_later_plan_version_is_still_the_plan_stage() -> None:
    facts = ChainFacts(SETTLED_ON, STARTED_ON, plan_version=7)

    assert derive_stage(facts) is Stage.PLAN


@pytest.mark.parametrize("language", sorted(STAGE_LABELS))
def test_every_stage_has_a_label(language: str) -> None:
    assert set(STAGE_LABELS[language]) == set(Stage)
