"""The attendance and absence ledger: one list of entries per participant, fed by the
learning centre, placement contact persons and the refugee service alike, under one
municipality-wide list of absence codes (``helhet_common.absence_codes``, shared with
placement-service; report 002, F7: Vågå's "ulike praksiser i
forhold til føring av fravær og ferie").

An entry is attendance or absence on one day, in hours (kept as whole minutes). It is
never changed: a correction is a new entry that names the one it corrects, which is then
superseded. Each code says what the absence does to the introduction benefit
(``docs/benefit.md``): nothing (valid absence, illness, holiday, leave with benefit), a
reduction per hour (invalid absence), or no benefit for the hours (leave without it).

Plain Python: no I/O, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.absence_codes import (
    CODE_PATTERN,
    DEFAULT_CODE_LIST,
    DEFAULT_CODES,
    AbsenceCode,
    BenefitEffect,
    CodeList,
)
from helhet_common.domain_errors import Conflict, Invalid, NotFound
from plan_service.domain import events

MAX_MINUTES_PER_DAY = 24 * 60
# The code list lives in helhet_common (one list for every service); named here too.
__all__ = [
    "CODE_PATTERN",
    "DEFAULT_CODES",
    "DEFAULT_CODE_LIST",
    "AbsenceCode",
    "BenefitEffect",
    "CodeList",
    "EntryKind",
    "LedgerEntry",
    "check_not_corrected",
    "current",
]


class EntryKind(StrEnum):
    ATTENDANCE = "attendance"
    ABSENCE = "absence"


@dataclass
class LedgerEntry:
    """Attendance or absence on one day. Never changed; ``corrects`` names the entry
    this one replaces."""

    id: UUID
    participant_id: UUID
    municipality: str
    kind: EntryKind
    on: date
    minutes: int
    code: str | None  # absence only
    effect: BenefitEffect | None  # absence only: the code's effect when recorded
    recorded_by: str  # the login (``sub``) of who recorded it
    recorded_by_agency: str
    recorded_at: datetime
    corrects: UUID | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @classmethod
    def record(
        cls,
        *,
        entry_id: UUID,
        participant_id: UUID,
        municipality: str,
        kind: EntryKind,
        on: date,
        minutes: int,
        code: str | None,
        codes: CodeList,
        programme_period: tuple[date, date] | None,
        corrected: LedgerEntry | None,
        recorded_by: str,
        recorded_by_agency: str,
        recorded_at: datetime,
        today: date,
    ) -> LedgerEntry:
        """The rules of an entry: hours within a day, a day within the programme and
        not ahead of today, a known code on an absence and none on attendance, and a
        correction of an entry of the same participant not corrected before."""
        if not 0 < minutes <= MAX_MINUTES_PER_DAY:
            raise Invalid("Hours must be more than 0 and at most 24.", code="hours-out-of-range")
        if programme_period is None:
            raise Conflict(
                "The participant has no programme: nothing to record attendance for.",
                code="no-programme",
            )
        start, end = programme_period
        if not start <= on <= end:
            raise Invalid(
                f"{on.isoformat()} is outside the participant's programme "
                f"({start.isoformat()} to {end.isoformat()}).",
                code="date-outside-programme",
                programme_start=start.isoformat(),
                programme_end=end.isoformat(),
            )
        if on > today:
            raise Invalid("Attendance is recorded when the day has come.", code="entry-in-future")
        effect: BenefitEffect | None = None
        if kind is EntryKind.ABSENCE:
            if code is None:
                raise Invalid("An absence needs a code.", code="absence-code-required")
            effect = codes.get(code).effect
        elif code is not None:
            raise Invalid("Attendance takes no absence code.", code="code-on-attendance")
        if corrected is not None:
            if corrected.participant_id != participant_id:
                raise NotFound.of("ledger-entry")
            if (on.year, on.month) != (corrected.on.year, corrected.on.month):
                raise Invalid(
                    "A correction stays in the month of the entry it corrects; record an "
                    "entry of its own for another month.",
                    code="correction-other-month",
                )
        entry = cls(
            id=entry_id,
            participant_id=participant_id,
            municipality=municipality,
            kind=kind,
            on=on,
            minutes=minutes,
            code=code,
            effect=effect,
            recorded_by=recorded_by,
            recorded_by_agency=recorded_by_agency,
            recorded_at=recorded_at,
            corrects=corrected.id if corrected is not None else None,
        )
        entry.events.append(
            events.LedgerEntryRecorded(
                participant_id=participant_id,
                entry_id=entry_id,
                kind=kind.value,
                on=on,
                minutes=minutes,
                code=code,
                effect=effect.value if effect is not None else None,
                corrects=entry.corrects,
                recorded_by_agency=recorded_by_agency,
            )
        )
        return entry


def check_not_corrected(corrected: LedgerEntry, correcting: Iterable[LedgerEntry]) -> None:
    """An entry is corrected once; a second correction corrects the correction."""
    for other in correcting:
        if other.corrects == corrected.id:
            raise Conflict(
                "This entry has already been corrected; correct the correction instead.",
                code="entry-already-corrected",
                corrected_by=str(other.id),
            )


def current(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """The entries no later entry corrects."""
    found = list(entries)
    superseded = {e.corrects for e in found if e.corrects is not None}
    return [e for e in found if e.id not in superseded]
