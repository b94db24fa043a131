from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from helhet_common.testing.plugin import MakeDatabase

from . import toy


@pytest.fixture
async def toy_database(make_database: MakeDatabase) -> str:
    url = make_database("toy")
    await toy.create_schema(url)
    return url


@pytest.fixture
def topic() -> str:
    return f"helhet.test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path
