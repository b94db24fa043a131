"""Where the deploy checks find their tools (installed by ``make deploy-tools``).

The fixtures ``tool`` and ``run`` hand the helpers below to the tests (the tests run
with ``--import-mode=importlib``, so they cannot import this module).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_TOOLS = ROOT / ".tools" / "deploy" / "bin"
OPERATOR_MODELS = ROOT / ".tools" / "operator-models"


def tool(name: str) -> str:
    """The path of ``name``: .tools/deploy/bin first, then PATH.

    Missing, the test is skipped locally and fails in CI (``CI`` set), where
    ``make test`` has installed every tool first.
    """
    local = DEPLOY_TOOLS / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: run `make deploy-tools`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> str:
    """Run a command from the repository root; fail the test with its output if it fails."""
    result = subprocess.run(
        args,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


@pytest.fixture(name="tool", scope="session")
def tool_fixture() -> Callable[[str], str]:
    return tool


@pytest.fixture(name="run", scope="session")
def run_fixture() -> Callable[..., str]:
    return run


@pytest.fixture(name="root")
def root_fixture() -> Path:
    return ROOT


@pytest.fixture(name="operator_models")
def operator_models_fixture() -> Path:
    return OPERATOR_MODELS
