"""The commands of reporting-service's own: the daily alert clock and the model check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reporting_service.settings import ReportingSettings


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reporting_service.entrypoints.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_evaluate_alerts_runs_against_the_database(settings: ReportingSettings) -> None:
    result = _run(
        "evaluate-alerts",
        "--date",
        "2026-11-23",
        env={"REPORTING_DATABASE_URL": settings.resolved_database_url, "LOG_JSON": "true"},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert '"event": "alerts_evaluated"' in result.stdout


def test_an_invalid_organisation_model_stops_every_command(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"municipality": "34x3"}')
    result = _run("migrate", env={"REPORTING_ORGANISATION_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "broken.json is invalid" in result.stderr
    assert "municipality" in result.stderr
