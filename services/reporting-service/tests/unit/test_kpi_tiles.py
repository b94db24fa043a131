"""A KPI tile against its target (issue 15): met, near (within ten percentage points of
a share's target, a tenth of a target in days or a count) or far; nothing to say for a
suppressed or empty figure or one without a target. The tile leads to the list behind
it: the alerts of the rule that watches the figure, else the people (for a role that may
see them)."""

from __future__ import annotations

from typing import Any

import pytest

from reporting_service.domain.kpis import KpiValue
from reporting_service.entrypoints.pages.overview import kpi_tile, standing
from reporting_service.entrypoints.pages.texts import Translator


def kpi(value: float | None, target: float | None, **changes: Any) -> KpiValue:
    fields: dict[str, Any] = {
        "id": "work_or_education_at_exit",
        "label": {"nb": "Arbeid eller utdanning ved avslutning"},
        "unit": "share",
        "value": value,
        "numerator": None,
        "denominator": None,
        "suppressed": False,
        "target": target,
        "meets_target": None,
        "direction": "higher",
    }
    fields.update(changes)
    return KpiValue(**fields)


@pytest.mark.parametrize(
    ("value", "target", "changes", "expected"),
    [
        (0.70, 0.70, {}, "met"),
        (0.62, 0.70, {}, "near"),
        (0.20, 0.70, {}, "far"),
        (80.0, 90.0, {"unit": "days", "direction": "lower"}, "met"),
        (97.0, 90.0, {"unit": "days", "direction": "lower"}, "near"),
        (150.0, 90.0, {"unit": "days", "direction": "lower"}, "far"),
        (None, 0.70, {}, None),
        (None, 0.70, {"suppressed": True}, None),
        (0.5, None, {}, None),
    ],
)
def test_a_figure_stands_met_near_or_far_from_its_target(
    value: float | None, target: float | None, changes: dict[str, Any], expected: str | None
) -> None:
    assert standing(kpi(value, target, **changes)) == expected


def test_a_tile_says_its_standing_and_leads_to_the_list_behind_it() -> None:
    t = Translator("nb")
    plan = kpi(0.2, 0.9, id="plan_reviews_on_time")
    outcome = kpi(0.2, 0.43)

    reviews = kpi_tile(plan, t, {}, sees_people=False)
    people = kpi_tile(outcome, t, {}, cohort=2025, sees_people=True)
    operator = kpi_tile(outcome, t, {}, cohort=2025, sees_people=False)

    assert reviews["standing"] == "far"
    assert reviews["url"] == "/alerts?rule=plan-not-reviewed"
    assert people["url"] == "/participants?cohort=2025"
    assert operator["url"] is None
