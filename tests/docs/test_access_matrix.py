"""docs/access-matrix.md is what the code says (regenerate with
``python -m helhet_common.access.matrix --write``); each service's sweep test checks its
rows against the running app."""

from __future__ import annotations

from pathlib import Path

from helhet_common.access.matrix import DOCUMENT, generate

ROOT = Path(__file__).resolve().parents[2]


def test_the_access_matrix_is_up_to_date() -> None:
    current = (ROOT / DOCUMENT).read_text(encoding="utf-8")
    assert current == generate(), f"{DOCUMENT} is out of date: run the generator"


def test_the_matrix_names_every_services_personal_data_routes() -> None:
    text = (ROOT / DOCUMENT).read_text(encoding="utf-8")
    for service in ("plan-service", "placement-service", "volunteer-service", "reporting-service"):
        assert f"## {service}" in text
    assert "| `GET /participants/{participant_id}/profile` |" in text
    assert "| `GET /participants/{participant_id}/chain` |" in text
