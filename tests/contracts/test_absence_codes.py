"""One absence code list for every service that records attendance (issue 16): a
municipality's addition in HELHET_ABSENCE_CODES reaches plan-service's ledger and
placement-service's placement days alike, and only that municipality's."""

from __future__ import annotations

import pytest

from helhet_common.absence_codes import CodeList
from helhet_common.domain_errors import Invalid
from placement_service.settings import PlacementSettings
from plan_service.settings import PlanSettings


def test_a_municipal_addition_reaches_plan_and_placement(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELHET_ABSENCE_CODES", '{"3403": {"kurs": "keeps", "ugyldig": "keeps"}}')
    for settings in (PlanSettings(), PlacementSettings()):
        hamar = CodeList.for_municipality("3403", settings.absence_codes)
        assert hamar.get("kurs").effect == "keeps"
        assert hamar.get("ugyldig").effect == "reduces"  # a default keeps its effect
        with pytest.raises(Invalid) as refused:
            CodeList.for_municipality("3407", settings.absence_codes).get("kurs")
        assert refused.value.code == "unknown-absence-code"
