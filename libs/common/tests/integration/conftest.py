from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from helhet_common.testing.plugin import MakeDatabase

from . import toy


@pytest.fixture
async def toy_database(make_backend_database: MakeDatabase) -> str:
    """A fresh database with the toy service's tables: every test that uses it runs on
    PostgreSQL and on SQLite (``database_backend``)."""
    url = make_backend_database("toy")
    await toy.create_schema(url)
    return url


@pytest.fixture
def topic() -> str:
    return f"helhet.test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path
