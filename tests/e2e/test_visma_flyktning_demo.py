"""The Visma Flyktning adapter's demo, as an operator runs it against ``make dev``.

The platform runs on its embedded defaults (SQLite files under ``var/``, Tansu: the
``dev_platform`` of ``test_embedded_default.py``). The adapter's README block "Into a
running `make dev`" is run as it stands, by ``bash`` in a copy of the repository's
adapter folder: ``uv run X`` is the workspace's ``X`` (the test's own environment), and
only plan-service's address differs (``VISMA_FLYKTNING_PLAN_URL``: a free port, not
8001). Then: the imported participants appear in the integration leader's overview
(reporting-service, fed over the broker), a second run changes nothing, a large file
shows its progress bar on a terminal, and a row that fails waits in the quarantine
until the operator fixes the file and retries it, all through the adapter's command.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from helhet_common.testing import wait_until
from visma_flyktning import samples

from .test_embedded_default import DevPlatform, _configuring, dev_platform  # noqa: F401

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ADAPTER = ROOT / "adapters" / "visma-flyktning"
HAMAR = "3403"
BIN = Path(sys.executable).parent  # where ``uv run`` finds helhet and visma-flyktning
MAPPING = "adapters/visma-flyktning/mappings/3403-hamar.toml"
SAMPLES = ("visma-flyktning-3403.xml", "visma-flyktning-3403.csv")
MARK = "<!-- the demo: tests/e2e/test_visma_flyktning_demo.py runs this block -->"


def readme_demo() -> str:
    """The README's demo block, with ``uv run `` taken off (the commands are on PATH)."""
    text = (ADAPTER / "README.md").read_text(encoding="utf-8")
    block = re.search(re.escape(MARK) + r"\n```sh\n(.*?)\n```", text, re.S)
    assert block is not None, "the README's demo block is gone"
    return block.group(1).replace("uv run ", "")


class Operator:
    """A shell in the platform's working directory, as the operator's."""

    def __init__(self, platform: DevPlatform) -> None:
        self.cwd = platform.workdir
        self.env = {k: v for k, v in os.environ.items() if not _configuring(k)}
        self.env = {k: v for k, v in self.env.items() if not k.startswith("VISMA_FLYKTNING_")}
        self.env["PATH"] = f"{BIN}{os.pathsep}{self.env.get('PATH', '')}"
        self.env["VISMA_FLYKTNING_PLAN_URL"] = platform.urls["plan"]
        # What the operator has of the repository: the adapter's mappings and samples.
        for folder in ("mappings", "samples"):
            shutil.copytree(ADAPTER / folder, self.cwd / "adapters" / "visma-flyktning" / folder)

    def run(self, *argv: str, expect: int = 0) -> str:
        done = subprocess.run(
            argv, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == expect, f"{argv}: {done.returncode}\n{done.stdout}{done.stderr}"
        return done.stdout

    def on_a_terminal(self, *argv: str) -> tuple[int, str]:
        """``argv`` with standard error on a terminal (a pseudo-terminal): what it shows."""
        main, child = pty.openpty()
        process = subprocess.Popen(
            argv, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=child
        )
        os.close(child)
        shown = bytearray()
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            shown += chunk
        os.close(main)
        return process.wait(timeout=300), shown.decode("utf-8", "replace")


def chains(client: httpx.Client, reporting: str, leader: dict[str, str]) -> set[str]:
    """Every participant in the leader's participants list (reporting-service)."""
    found: set[str] = set()
    offset = 0
    while True:
        page = client.get(
            f"{reporting}/participants",
            params={"limit": 200, "offset": offset},
            headers=leader,
        )
        assert page.status_code == 200, page.text
        body = page.json()
        found |= {item["participant_id"] for item in body["items"]}
        offset += len(body["items"])
        if not body["items"] or offset >= body["total"]:
            return found


def imported(report: dict[str, Any], outcome: str) -> set[str]:
    return {e["participant_id"] for e in report["entries"] if e["outcome"] == outcome}


def test_the_samples_imported_as_the_readme_says_reach_the_leaders_overview(
    dev_platform: DevPlatform,  # noqa: F811
) -> None:
    platform = dev_platform
    operator = Operator(platform)
    reporting = platform.urls["reporting"]
    leader = platform.tokens.headers("integration_leader", municipality=HAMAR)

    # The README's block, as it stands.
    shown = operator.run("bash", "-euo", "pipefail", "-c", readme_demo())

    assert "12 rows would be sent to plan-service" in shown  # check
    assert "(dry run: nothing was changed)" in shown
    assert "id 20001: would be created" in shown
    summaries = re.findall(r"summary( \(what would change\))?: (\d+) created", shown)
    assert summaries == [("", "0"), (" (what would change)", "12"), ("", "12"), ("", "12")], shown
    assert shown.count("0 rejected (in the quarantine)") == 2

    # Again, with the reports as JSON: nothing changes, and each row says whose it is.
    token = operator.run(
        "helhet",
        "token",
        "--role",
        "caseworker",
        "--agency",
        "refugee-service",
        "--municipality",
        HAMAR,
        "--sub",
        "visma-flyktning",
    ).strip()
    participants: set[str] = set()
    for sample in SAMPLES:
        again = json.loads(
            operator.run(
                "visma-flyktning",
                "import",
                "--mapping",
                MAPPING,
                "--token",
                token,
                "--json",
                f"adapters/visma-flyktning/samples/{sample}",
            )
        )
        assert again["summary"]["unchanged"] == 12, again["summary"]
        assert again["summary"]["created"] == again["summary"]["updated"] == 0
        participants |= imported(again, "unchanged")
    assert len(participants) == 24

    with httpx.Client(timeout=10) as client:
        wait_until(
            lambda: participants <= chains(client, reporting, leader),
            timeout=90,
            message="the imported participants in the leader's participants list",
        )
        overview = client.get(f"{reporting}/overview", headers=leader)
        assert overview.status_code == 200, overview.text
        assert overview.json()["total"] >= 24

    # A large file shows a progress bar on a terminal, and ends with its summary.
    (platform.workdir / "big.csv").write_bytes(
        samples.csv_export(samples.people(400, seed=7, first_id=40001))
    )
    code, terminal = operator.on_a_terminal(
        "visma-flyktning", "import", "--mapping", MAPPING, "--token", token, "big.csv"
    )
    assert code == 0, terminal
    assert "[#########################] 400/400" in terminal

    # A row that fails waits in the quarantine; the operator fixes the file, retries it.
    rows = samples.csv_export(samples.people(3, seed=8, first_id=50001)).split(b"\r\n")
    bad = rows[2].split(b";")
    bad[9] = b"Storfamilie"  # Husstand: a code the mapping lacks
    week = platform.workdir / "uke49.csv"
    week.write_bytes(b"\r\n".join([*rows[:2], b";".join(bad), *rows[3:]]))

    first = operator.run(
        "visma-flyktning",
        "import",
        "--mapping",
        MAPPING,
        "--token",
        token,
        "uke49.csv",
        expect=1,
    )
    listed = operator.run("visma-flyktning", "quarantine", "list")
    week.write_bytes(week.read_bytes().replace(b"Storfamilie", b"Enslig"))
    retried = operator.run(
        "visma-flyktning",
        "quarantine",
        "retry",
        "--mapping",
        MAPPING,
        "--token",
        token,
        "uke49.csv",
    )
    after = operator.run("visma-flyktning", "quarantine", "list")

    assert "summary: 2 created" in first, first
    assert "1 rejected (in the quarantine)" in first
    assert "uke49.csv row 3 id 50002: household_type:" in listed, listed
    assert "Storfamilie" in listed
    assert "1 created" in retried, retried
    assert "2 unchanged" in retried
    assert "uke49.csv" not in after
