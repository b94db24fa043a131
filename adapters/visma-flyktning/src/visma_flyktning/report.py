"""What a run did, row by row, and its summary: created, updated, unchanged, skipped,
rejected (quarantined) and, when plan-service went away mid-file, not processed."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
REJECTED = "rejected"
NOT_PROCESSED = "not_processed"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, SKIPPED, REJECTED, NOT_PROCESSED)


@dataclass(frozen=True, kw_only=True)
class Entry:
    location: str
    outcome: str
    external_id: str | None = None
    participant_id: str | None = None
    field: str | None = None
    reason: str | None = None
    changed_fields: list[str] = dataclasses.field(default_factory=list)


@dataclass
class Report:
    file: str
    dry_run: bool = False
    refused: str | None = None  # the whole file was refused: why
    stopped: str | None = None  # the run stopped part way: why
    entries: list[Entry] = dataclasses.field(default_factory=list)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def counts(self) -> dict[str, int]:
        seen = Counter(entry.outcome for entry in self.entries)
        # A row rejected for two fields is one rejected row.
        seen[REJECTED] = len({e.location for e in self.entries if e.outcome == REJECTED})
        return {outcome: seen.get(outcome, 0) for outcome in OUTCOMES}

    def rejections(self) -> list[Entry]:
        return [e for e in self.entries if e.outcome == REJECTED]

    @property
    def ok(self) -> bool:
        return self.refused is None and self.stopped is None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "stopped": self.stopped,
            "summary": self.counts(),
            "entries": [asdict(e) for e in self.entries],
        }

    def text(self, *, details: bool = True, quarantine: bool = False) -> str:
        """Each row that was not unchanged, then the summary. ``quarantine``: the run's
        rejected rows went to the quarantine (an import that ran to its end), and the
        summary says so. A dry run says what would happen."""
        lines = [f"{self.file}{' (dry run: nothing was changed)' if self.dry_run else ''}"]
        if self.refused:
            lines.append(f"  refused: {self.refused}")
            return "\n".join(lines)
        if details:
            for entry in self.entries:
                if entry.outcome == UNCHANGED:
                    continue
                what = entry.outcome.replace("_", " ")
                if self.dry_run and entry.outcome in (CREATED, UPDATED):
                    what = f"would be {what}"
                who = f" id {entry.external_id}" if entry.external_id else ""
                extra = ""
                if entry.reason:
                    extra = f": {entry.field + ': ' if entry.field else ''}{entry.reason}"
                elif entry.changed_fields:
                    extra = f": {', '.join(entry.changed_fields)}"
                lines.append(f"  {entry.location}{who}: {what}{extra}")
        if self.stopped:
            lines.append(f"  stopped: {self.stopped}; run it again to go on (nothing is doubled)")
        quarantined = quarantine and not self.dry_run and self.stopped is None
        names = {REJECTED: "rejected (in the quarantine)" if quarantined else "rejected"}
        counts = ", ".join(
            f"{n} {names.get(o, o.replace('_', ' '))}" for o, n in self.counts().items()
        )
        lines.append(f"  summary{' (what would change)' if self.dry_run else ''}: {counts}")
        return "\n".join(lines)

    def dumps(self) -> str:
        return json.dumps(self.as_json(), indent=2, ensure_ascii=False)
