"""The quarantine: every row or element not imported, with file, place, field and reason,
until a later run of the same file imports it.

An operator lists it (``visma-flyktning quarantine list``, or ``GET /quarantine`` of
``visma-flyktning serve``), fixes the mapping or the file, and retries the file
(``quarantine retry <file>``, ``POST /quarantine/retry``, or a new run of ``import`` or
the drop folder): the file is read again from where the run that quarantined it found
it (the archive, for the drop folder), with the mapping as it is now. The call to
plan-service is idempotent, so rows already imported stay as they are, and the
quarantine of that file is replaced by what the new run rejected. One JSON file,
written atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from visma_flyktning.client import PlanServiceClient
from visma_flyktning.importer import import_file
from visma_flyktning.mapping import Mapping
from visma_flyktning.report import Report


class NotInQuarantine(LookupError):
    """No entry of the quarantine is about that file."""


class CannotRetry(RuntimeError):
    """The file is in the quarantine, but cannot be read again from where it was."""


WHOLE_FILE = "the whole file"


class Quarantine:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "quarantine.json"

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return list(data.get("entries", []))

    def record(self, report: Report, *, at: datetime, path: Path | None = None) -> None:
        """Replace the file's entries by what ``report`` rejected (or refused); ``path``
        is where the file can be read again for a retry."""
        if report.stopped is not None or report.dry_run:
            return  # an unfinished run or a dry run says nothing final about the file
        kept = [e for e in self.entries() if e["file"] != report.file]
        new: list[dict[str, Any]] = []
        if report.refused is not None:
            new.append(
                {
                    "file": report.file,
                    "location": WHOLE_FILE,
                    "external_id": None,
                    "field": None,
                    "reason": report.refused,
                    "since": at.isoformat(),
                    "path": str(path) if path is not None else None,
                }
            )
        for entry in report.rejections():
            new.append(
                {
                    "file": report.file,
                    "location": entry.location,
                    "external_id": entry.external_id,
                    "field": entry.field,
                    "reason": entry.reason,
                    "since": at.isoformat(),
                    "path": str(path) if path is not None else None,
                }
            )
        self._write(kept + new)

    def files(self) -> list[str]:
        return sorted({e["file"] for e in self.entries()})

    def path_of(self, file: str) -> Path | None:
        """Where ``file`` (a name in the quarantine) can be read again, if known."""
        paths = {e.get("path") for e in self.entries() if e["file"] == file}
        known = sorted(p for p in paths if p)
        return Path(known[-1]) if known else None

    def text(self) -> str:
        entries = self.entries()
        if not entries:
            return "the quarantine is empty"
        lines = [f"{len(entries)} in quarantine:"]
        for e in entries:
            who = f" id {e['external_id']}" if e.get("external_id") else ""
            field = f"{e['field']}: " if e.get("field") else ""
            lines.append(f"  {e['file']} {e['location']}{who}: {field}{e['reason']}")
        return "\n".join(lines)

    def _write(self, entries: list[dict[str, Any]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"entries": entries}, indent=2, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".quarantine-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, self.path)


async def retry(
    quarantine: Quarantine,
    file: str,
    *,
    mapping: Mapping,
    client: PlanServiceClient,
    at: datetime,
    concurrency: int = 4,
    batch_size: int = 1,
) -> Report:
    """Import ``file`` (a name in the quarantine) again from where it was read, with
    ``mapping`` as it is now; the quarantine of that file becomes what this run rejected
    (nothing, if it all went in). A run that stopped (plan-service unavailable) leaves
    the quarantine as it was."""
    if file not in quarantine.files():
        raise NotInQuarantine(file)
    path = quarantine.path_of(file)
    if path is None:
        raise CannotRetry(
            f"{file}: the quarantine does not say where the file is; run it again with "
            "`visma-flyktning import`"
        )
    if not path.is_file():
        raise CannotRetry(f"{file}: no longer at {path.name} in its folder")
    report = await import_file(
        path, mapping=mapping, client=client, concurrency=concurrency, batch_size=batch_size
    )
    quarantine.record(report, at=at, path=path)
    return report
