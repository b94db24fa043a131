"""The catalogue check of the page tests (helhet_common.testing.catalogue) itself."""

from __future__ import annotations

import json
from pathlib import Path

from helhet_common.testing.catalogue import CLOSE, OPEN, mark_catalogue, outside_catalogue


def marked(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def test_a_text_outside_the_catalogue_is_found_and_data_is_not() -> None:
    page = (
        "<html><head><title>" + marked("Oversikt") + " \u2013 Helhet</title>"
        "<style>p { color: red }</style></head><body>"
        f"<p>{marked('Deltakere')}: 12 · 68 %</p>"
        f"<p>{marked('Les <a>mer</a> her')}</p>"  # a text around a link
        "<td>helhet.plan.updated.v1</td><td>01a25319-a0f7-71a7-9efa-44fd6872bf15</td>"
        "<td>Kari Hansen</td><td class='error-text'>Input should be a valid integer</td>"
        "<p>requires one of the roles</p></body></html>"
    )

    found = outside_catalogue(page, {"Kari Hansen"}, data_classes={"error-text"})

    assert found == ["requires one of the roles"]


def test_a_marked_catalogue_keeps_formats_as_they_are(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "nb.json").write_text(
        json.dumps({"title": "Planen din", "date_format": "%d.%m.%Y"}), encoding="utf-8"
    )

    target = mark_catalogue(source, tmp_path / "marked")

    assert json.loads((target / "nb.json").read_text(encoding="utf-8")) == {
        "title": marked("Planen din"),
        "date_format": "%d.%m.%Y",
    }
