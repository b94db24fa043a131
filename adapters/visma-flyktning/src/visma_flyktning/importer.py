"""One import run: read the export, check every row or element, send what passed to
plan-service, and report every row's outcome.

Nothing is lost and nothing is silent: a row that fails a check, or that plan-service
refuses (4xx), is rejected with its reason; a file that cannot be read at all is refused
as a whole; when plan-service stays unavailable the run stops and the rows not yet sent
are reported as not processed. Running the same file again changes nothing that was
already imported (the request is idempotent), so a stopped run is resumed by running it
again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from visma_flyktning.checking import check
from visma_flyktning.client import Answer, PlanServiceClient, PlanServiceUnavailable
from visma_flyktning.csv_export import read_csv
from visma_flyktning.errors import ExportError
from visma_flyktning.mapping import Mapping
from visma_flyktning.pifu import read_pifu
from visma_flyktning.records import ImportRecord, Rejection
from visma_flyktning.report import (
    NOT_PROCESSED,
    REJECTED,
    SKIPPED,
    Entry,
    Report,
)

Format = Literal["auto", "pifu", "csv"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True, kw_only=True)
class Checked:
    """A file read and checked, before anything is sent."""

    records: list[ImportRecord]
    report: Report


def detect(data: bytes, name: str) -> Literal["pifu", "csv"]:
    if name.lower().endswith(".xml"):
        return "pifu"
    if name.lower().endswith(".csv"):
        return "csv"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "pifu" if head == b"<" else "csv"


def read_and_check(
    data: bytes, *, name: str, mapping: Mapping, fmt: Format = "auto", dry_run: bool = False
) -> Checked:
    report = Report(file=name, dry_run=dry_run)
    kind = detect(data, name) if fmt == "auto" else fmt
    try:
        if kind == "pifu":
            raws, skipped = read_pifu(data, file=name, mapping=mapping.pifu)
            date_format = mapping.pifu.date_format
            for item in skipped:
                report.add(
                    Entry(
                        location=item.location,
                        outcome=SKIPPED,
                        external_id=item.external_id,
                        reason=item.reason,
                    )
                )
        else:
            if mapping.csv is None:
                raise ExportError(name, "is CSV, but the mapping has no [csv] section")
            raws = list(read_csv(data, file=name, mapping=mapping.csv))
            date_format = mapping.csv.date_format
    except ExportError as error:
        report.refused = error.reason
        return Checked(records=[], report=report)
    records, rejections = check(raws, mapping, date_format=date_format)
    for rejection in rejections:
        report.add(_rejected(rejection))
    return Checked(records=records, report=report)


def _rejected(rejection: Rejection) -> Entry:
    return Entry(
        location=rejection.location,
        outcome=REJECTED,
        external_id=rejection.external_id,
        field=rejection.field,
        reason=rejection.reason,
    )


async def send(
    checked: Checked,
    client: PlanServiceClient,
    mapping: Mapping,
    *,
    concurrency: int = 4,
    batch_size: int = 1,
    progress: Progress | None = None,
) -> Report:
    """Send every checked record; the report gets one entry per record. With
    ``batch_size`` above 1 the records go ``batch_size`` at a time
    (``POST /external-participants/{source}``); a batch plan-service does not take is
    sent one record at a time."""
    report = checked.report
    records = checked.records
    results: dict[int, Entry] = {}
    stop = asyncio.Event()
    stopped: list[str] = []
    queue: asyncio.Queue[list[int]] = asyncio.Queue()
    size = max(1, batch_size)
    for start in range(0, len(records), size):
        queue.put_nowait(list(range(start, min(start + size, len(records)))))

    async def one_by_one(indexes: list[int]) -> None:
        for index in indexes:
            results[index] = await _send_one(records[index], client, mapping, report.dry_run)
            if progress is not None:
                progress(len(results), len(records))

    async def worker() -> None:
        while not stop.is_set():
            try:
                indexes = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                if len(indexes) == 1:
                    await one_by_one(indexes)
                    continue
                answers = await client.import_batch(
                    [records[i] for i in indexes],
                    source=mapping.source,
                    reason=mapping.reason,
                    dry_run=report.dry_run,
                )
                if answers is None:
                    await one_by_one(indexes)
                    continue
                for index, answer in zip(indexes, answers, strict=True):
                    results[index] = _entry(records[index], answer)
            except PlanServiceUnavailable as error:
                stopped.append(str(error))
                stop.set()
                return
            if progress is not None:
                progress(len(results), len(records))

    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
    for index, record in enumerate(records):
        entry = results.get(index)
        if entry is None:
            entry = Entry(
                location=record.location,
                outcome=NOT_PROCESSED,
                external_id=record.external_id,
                reason="plan-service was unavailable",
            )
        report.add(entry)
    if stopped:
        report.stopped = stopped[0]
    report.entries.sort(key=lambda e: _order(e.location))
    return report


async def _send_one(
    record: ImportRecord, client: PlanServiceClient, mapping: Mapping, dry_run: bool
) -> Entry:
    answer = await client.import_participant(
        record, source=mapping.source, reason=mapping.reason, dry_run=dry_run
    )
    return _entry(record, answer)


def _entry(record: ImportRecord, answer: Answer) -> Entry:
    """The report's entry for plan-service's answer to one record."""
    if answer.ok:
        return Entry(
            location=record.location,
            outcome=str(answer.body["outcome"]),
            external_id=record.external_id,
            participant_id=answer.body.get("participant_id"),
            changed_fields=list(answer.body.get("changed_fields", [])),
        )
    body = answer.body
    code = body.get("code", f"http-{answer.status}")
    if code == "published-fields-differ":
        fields: Sequence[str] = body.get("fields", [])
        reason = (
            f"plan-service holds other settlement facts ({', '.join(fields)}); they are "
            "published, so correct them in plan-service or in Visma, not by import"
        )
        field = ", ".join(fields) or None
    else:
        reason = f"plan-service refused it ({answer.status} {code}): {body.get('detail', '')}"
        errors = body.get("errors") or []
        field = ".".join(errors[0].get("location", [])[1:]) or None if errors else None
    return Entry(
        location=record.location,
        outcome=REJECTED,
        external_id=record.external_id,
        field=field,
        reason=reason.rstrip(": "),
    )


def _order(location: str) -> tuple[int, str]:
    digits = "".join(c for c in location.split("(")[0] if c.isdigit())
    return (int(digits) if digits else 0, location)


async def import_file(
    path: Path,
    *,
    mapping: Mapping,
    client: PlanServiceClient,
    fmt: Format = "auto",
    dry_run: bool = False,
    concurrency: int = 4,
    batch_size: int = 1,
    progress: Progress | None = None,
) -> Report:
    data = await asyncio.to_thread(path.read_bytes)
    checked = read_and_check(data, name=path.name, mapping=mapping, fmt=fmt, dry_run=dry_run)
    if checked.report.refused is not None:
        return checked.report
    return await send(
        checked,
        client,
        mapping,
        concurrency=concurrency,
        batch_size=batch_size,
        progress=progress,
    )
