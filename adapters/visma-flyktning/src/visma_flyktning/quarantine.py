"""The quarantine: every row or element not imported, with file, place, field and reason,
until a later run of the same file imports it.

An operator lists it (``visma-flyktning quarantine list``), fixes the mapping or the
file, and runs the file again (``import`` or the drop folder): the call to plan-service is
idempotent, so rows already imported stay as they are, and the quarantine of that file is
replaced by what the new run rejected. One JSON file, written atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from visma_flyktning.report import Report

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

    def record(self, report: Report, *, at: datetime) -> None:
        """Replace the file's entries by what ``report`` rejected (or refused)."""
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
                }
            )
        self._write(kept + new)

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
