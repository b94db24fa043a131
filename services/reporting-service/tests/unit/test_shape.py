"""The domain and the service layer never ask the system for the time or read the
environment: 'today' comes from the clock their caller holds (a ``FixedClock`` in the
tests), configuration from the settings the projection is made with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import reporting_service

PACKAGE = Path(reporting_service.__file__).parent
ASKS_THE_SYSTEM = re.compile(
    r"date\.today\(|datetime\.now\(|datetime\.utcnow\(|time\.time\(|os\.environ|getenv\("
    r"|ReportingSettings\(\)"
)


@pytest.mark.parametrize("layer", ["domain", "service_layer"])
def test_no_module_asks_the_system_for_the_time_or_the_environment(layer: str) -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ASKS_THE_SYSTEM.search(line)
    ]

    assert found == []
