"""What an operator reads at the end of a run (the summary; a dry run says what would
change) and, on a terminal, while a large file runs (the progress bar)."""

from __future__ import annotations

import io

from visma_flyktning.cli import ProgressBar
from visma_flyktning.report import CREATED, REJECTED, UNCHANGED, UPDATED, Entry, Report


def a_run(*, dry_run: bool = False) -> Report:
    report = Report(file="uke49.csv", dry_run=dry_run)
    report.add(Entry(location="row 2", outcome=CREATED, external_id="1"))
    report.add(
        Entry(location="row 3", outcome=UPDATED, external_id="2", changed_fields=["d_number"])
    )
    report.add(Entry(location="row 4", outcome=UNCHANGED, external_id="3"))
    report.add(
        Entry(
            location="row 5",
            outcome=REJECTED,
            external_id="4",
            field="household_type",
            reason="the code 'Storfamilie' is not in the mapping's [codes.household_type]",
        )
    )
    return report


def test_every_run_ends_with_its_summary_and_the_quarantined_rows_are_named() -> None:
    text = a_run().text(quarantine=True)

    assert text.splitlines()[-1] == (
        "  summary: 1 created, 1 updated, 1 unchanged, 0 skipped, "
        "1 rejected (in the quarantine), 0 not processed"
    )
    assert "  row 5 id 4: rejected: household_type: the code 'Storfamilie'" in text
    assert "row 4" not in text  # an unchanged row is only counted


def test_a_dry_run_says_what_would_change() -> None:
    text = a_run(dry_run=True).text(quarantine=True)

    assert "uke49.csv (dry run: nothing was changed)" in text
    assert "  row 2 id 1: would be created" in text
    assert "  row 3 id 2: would be updated: d_number" in text
    assert "summary (what would change): 1 created, 1 updated" in text
    assert "quarantine" not in text.splitlines()[-1]  # a dry run quarantines nothing


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_large_file_shows_a_progress_bar_on_a_terminal_only() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(stream)
        for done in range(0, 1001, 100):
            bar(done, 1000)
    small = Terminal()
    ProgressBar(small)(10, 10)

    assert terminal.getvalue().endswith("\r[#########################] 1000/1000\n")
    assert "\r[############             ] 500/1000" in terminal.getvalue()
    assert pipe.getvalue() == ""
    assert small.getvalue() == ""  # a small file needs no bar
