"""The drop folder of the SFTP drop municipalities use: new files in the inbox are
picked up, imported once, and moved to the archive with their report beside them.

A file is only read once it has not changed for ``settle_s`` seconds (size and time of
the last write), and names that upload clients use while writing (a leading dot,
``.part``, ``.tmp``, ``.filepart``) are never read: a file half written is not read. A
run that stopped because plan-service was unavailable leaves the file in the inbox for
the next round (nothing is doubled when it runs again). A refused file is archived too,
with the report that says why, and its reason goes to the quarantine.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from visma_flyktning.client import PlanServiceClient
from visma_flyktning.importer import import_file
from visma_flyktning.mapping import Mapping
from visma_flyktning.quarantine import Quarantine
from visma_flyktning.report import Report

WRITING_SUFFIXES = (".part", ".tmp", ".filepart", ".partial")
READ_SUFFIXES = (".xml", ".csv", ".txt")


def ready(path: Path, *, now: float, settle_s: float) -> bool:
    name = path.name.lower()
    if name.startswith(".") or name.endswith(WRITING_SUFFIXES):
        return False
    if not name.endswith(READ_SUFFIXES) or not path.is_file():
        return False
    return now - path.stat().st_mtime >= settle_s


def _ready_files(inbox: Path, now: float, settle_s: float) -> list[Path]:
    """The files ready to read, oldest first."""
    found = [p for p in inbox.iterdir() if ready(p, now=now, settle_s=settle_s)]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def _archive_path(archive: Path, name: str, day: str) -> Path:
    folder = archive / day
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    counter = 1
    while target.exists():
        target = folder / f"{Path(name).stem}.{counter}{Path(name).suffix}"
        counter += 1
    return target


async def process_inbox(
    inbox: Path,
    archive: Path,
    *,
    mapping: Mapping,
    client: PlanServiceClient,
    quarantine: Quarantine,
    settle_s: float = 10.0,
    batch_size: int = 1,
    clock: Callable[[], datetime] = datetime.now,
) -> list[Report]:
    """One round: every ready file, oldest first."""
    now = clock()
    files = await asyncio.to_thread(_ready_files, inbox, now.timestamp(), settle_s)
    reports = []
    for path in files:
        report = await import_file(path, mapping=mapping, client=client, batch_size=batch_size)
        reports.append(report)
        if report.stopped is not None:
            continue  # plan-service went away: the next round takes the file again
        target = _archive_path(archive, path.name, now.strftime("%Y-%m-%d"))
        await asyncio.to_thread(shutil.move, path, target)
        report_path = target.with_name(target.name + ".report.json")
        await asyncio.to_thread(report_path.write_text, report.dumps(), "utf-8")
        quarantine.record(report, at=now, path=target)
    return reports
