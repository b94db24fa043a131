"""docs/identity-roles.md is what the code says (regenerate with
``python -m helhet_common.auth.roles_table --write``)."""

from __future__ import annotations

from pathlib import Path

from helhet_common.auth.roles_table import DOCUMENT, generate

ROOT = Path(__file__).resolve().parents[2]


def test_the_role_table_is_up_to_date() -> None:
    current = (ROOT / DOCUMENT).read_text(encoding="utf-8")
    assert current == generate(ROOT), f"{DOCUMENT} is out of date: run the generator"
