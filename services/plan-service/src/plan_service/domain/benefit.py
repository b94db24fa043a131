"""The introduction benefit (introduksjonsstønad) for one participant and one month,
explained line by line: the annual basis at the dated grunnbeløp (G), the month's
amount, the reductions the ledger's absence causes, and corrections of months already
exported, each line with the rule behind it (``docs/benefit.md``) and the ledger entries.

An exported month is never rewritten. An entry recorded after its month was exported
counts in the first month not yet exported when it was recorded, as a line of its own
(the difference it makes to the month it is dated in, valued at that month's rates).

Amounts are whole øre, computed exactly (fractions) and rounded half up once per line.
Plain Python: no I/O, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from uuid import UUID

from helhet_common.domain_errors import Invalid
from plan_service.domain.attendance import BenefitEffect, EntryKind, LedgerEntry
from plan_service.domain.codes import Regime

HOURS_PER_YEAR = 1850  # the hourly rate is 1/1850 of the annual benefit
DAYS_PER_MONTH = 30  # the daily rate is 1/30 of the monthly benefit
UNDER_AGE = 25

# Rule ids, each documented with its source in docs/benefit.md.
RULE_FULL = {
    Regime.INTEGRATION_ACT: "integreringsloven-20-2g",
    Regime.INTRODUCTION_ACT: "introduksjonsloven-8-2g",
}
RULE_UNDER_25 = {
    Regime.INTEGRATION_ACT: "integreringsloven-20-under-25",
    Regime.INTRODUCTION_ACT: "introduksjonsloven-8-under-25",
}
RULE_UNDER_25_WITH_PARENTS = "integreringsloven-20-under-25-with-parents"
RULE_REDUCTION = {
    Regime.INTEGRATION_ACT: "integreringsloven-21-invalid-absence",
    Regime.INTRODUCTION_ACT: "introduksjonsloven-9-invalid-absence",
}
RULE_MONTHLY = "monthly-1-12"
RULE_PARTIAL = "partial-month-1-30"
RULE_UNPAID_LEAVE = "leave-without-benefit"
RULE_ATTENDANCE = "registered-attendance"
RULE_LATE = "entry-after-export"


@dataclass(frozen=True)
class GValue:
    """The grunnbeløp in force from ``effective`` (whole kroner)."""

    effective: date
    kroner: int
    source: str
    verified: bool = True


# The values this repository could source (docs/benefit.md, "Grunnbeløpet"). G changes
# on 1 May; a month after the last value plus a year has no known G and is refused.
G_VALUES: tuple[GValue, ...] = (
    GValue(date(2019, 5, 1), 99_858, "langsethservices.no; navikt/g grunnbeløp.json"),
    GValue(date(2020, 5, 1), 101_351, "revisorforeningen.no; navikt/g grunnbeløp.json"),
    GValue(date(2021, 5, 1), 106_399, "verdtavite.kpmg.no; elverumpensjon.no"),
    GValue(date(2022, 5, 1), 111_477, "elverumpensjon.no"),
    GValue(date(2023, 5, 1), 118_620, "tkp.no"),
    GValue(date(2024, 5, 1), 124_028, "hjelp.unimicro.no"),
    GValue(date(2025, 5, 1), 130_160, "not verified from a source here", verified=False),
)


@dataclass(frozen=True)
class GTable:
    values: tuple[GValue, ...] = G_VALUES

    @classmethod
    def with_extra(cls, extra: Mapping[str, int] | None = None) -> GTable:
        """The sourced values and those configured (ISO date -> kroner), the configured
        winning on the same date."""
        by_date = {g.effective: g for g in G_VALUES}
        for day, kroner in (extra or {}).items():
            effective = date.fromisoformat(day)
            by_date[effective] = GValue(effective, int(kroner), "configured", verified=False)
        return cls(values=tuple(sorted(by_date.values(), key=lambda g: g.effective)))

    def on(self, day: date) -> GValue:
        found = [g for g in self.values if g.effective <= day]
        if not found or day >= date(found[-1].effective.year + 1, 5, 1):
            raise Invalid(
                f"The grunnbeløp in force on {day.isoformat()} is not known here; the "
                "operator adds it to the configuration (docs/benefit.md).",
                code="grunnbelop-unknown",
            )
        return found[-1]


@dataclass(frozen=True)
class Facts:
    """What the benefit depends on besides the ledger."""

    participant_id: UUID
    regime: Regime
    birth_year: int
    programme_start: date
    programme_end: date
    lives_with_parents: bool | None = None  # None: not recorded (treated as not)


@dataclass(frozen=True)
class Line:
    rule: str
    kind: str
    description: str
    amount_ore: int  # what the line adds to the amount to pay (0: a line that explains)
    of_month: date  # the month the line's figures belong to
    figure_ore: int | None = None  # the amount the line states (e.g. the annual basis)
    hours: float | None = None
    entry_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class Basis:
    participant_id: UUID
    month: date
    regime: Regime
    g: GValue
    lines: tuple[Line, ...]
    to_pay_ore: int
    exported_at: datetime | None = None
    entry_ids: tuple[UUID, ...] = field(default=())


def first_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def days_in(month: date) -> int:
    return (next_month(month) - month).days


def round_ore(value: Fraction) -> int:
    """Half up, away from zero."""
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


@dataclass(frozen=True)
class Rates:
    month: date
    g: GValue
    annual_ore: Fraction
    rule: str
    share: Fraction

    @property
    def monthly_ore(self) -> int:
        return round_ore(self.annual_ore / 12)

    def per_minutes(self, minutes: int) -> Fraction:
        return self.annual_ore / HOURS_PER_YEAR * Fraction(minutes, 60)


def rates(facts: Facts, month: date, g_table: GTable) -> Rates:
    """The annual benefit in the month: 2G at the G in force on its first day, two
    thirds under 25 (one third under the integration act when living with parents).
    Age is counted by birth year (the only birth date held)."""
    g = g_table.on(month)
    full = Fraction(2 * g.kroner * 100)
    if month.year - facts.birth_year >= UNDER_AGE:
        return Rates(month, g, full, RULE_FULL[facts.regime], Fraction(1))
    if facts.regime is Regime.INTEGRATION_ACT and facts.lives_with_parents:
        return Rates(month, g, full / 3, RULE_UNDER_25_WITH_PARENTS, Fraction(1, 3))
    return Rates(month, g, full * 2 / 3, RULE_UNDER_25[facts.regime], Fraction(2, 3))


def counted_in(entry: LedgerEntry, exports: Mapping[date, datetime]) -> date:
    """The month whose basis counts the entry: its own, unless that month was exported
    before the entry was recorded; then the first month not exported by then."""
    month = first_of(entry.on)
    while (exported := exports.get(month)) is not None and exported < entry.recorded_at:
        month = next_month(month)
    return month


def _reduction_minutes(entry: LedgerEntry | None) -> tuple[int, int]:
    """(invalid minutes, unpaid-leave minutes) the entry stands for."""
    if entry is None or entry.kind is not EntryKind.ABSENCE:
        return 0, 0
    if entry.effect is BenefitEffect.REDUCES:
        return entry.minutes, 0
    if entry.effect is BenefitEffect.UNPAID_LEAVE:
        return 0, entry.minutes
    return 0, 0


def monthly_basis(
    facts: Facts,
    month: date,
    entries: Iterable[LedgerEntry],
    *,
    exports: Mapping[date, datetime],
    g_table: GTable | None = None,
) -> Basis:
    """The month's lines and the amount to pay. ``entries`` are all the participant's
    ledger entries (those of other months are read for corrections); ``exports`` when
    each month was exported for the municipality."""
    g_table = g_table or GTable()
    month = first_of(month)
    everything = {e.id: e for e in entries}
    here = {e.id: e for e in everything.values() if counted_in(e, exports) == month}
    superseded = {e.corrects for e in here.values() if e.corrects in here}

    own = rates(facts, month, g_table)
    lines: list[Line] = [
        Line(
            rule=own.rule,
            kind="annual_basis",
            description=f"Annual benefit: {own.share} of 2G at G {own.g.kroner} kr "
            f"(in force from {own.g.effective.isoformat()})",
            amount_ore=0,
            of_month=month,
            figure_ore=round_ore(own.annual_ore),
        )
    ]
    start = max(facts.programme_start, month)
    end = min(facts.programme_end + timedelta(days=1), next_month(month))
    days = max((end - start).days, 0)
    if days >= days_in(month):
        lines.append(
            Line(
                rule=RULE_MONTHLY,
                kind="monthly_amount",
                description="One twelfth of the annual benefit",
                amount_ore=own.monthly_ore,
                of_month=month,
                figure_ore=own.monthly_ore,
            )
        )
    else:
        if days == 0 and not here:
            raise Invalid(
                f"{month:%Y-%m} is outside the participant's programme.",
                code="month-outside-programme",
            )
        daily = Fraction(own.monthly_ore, DAYS_PER_MONTH)
        amount = min(round_ore(daily * days), own.monthly_ore)
        lines.append(
            Line(
                rule=RULE_PARTIAL,
                kind="partial_month",
                description=f"{days} programme days at one thirtieth of the monthly benefit",
                amount_ore=amount,
                of_month=month,
                figure_ore=own.monthly_ore,
            )
        )

    in_month = sorted(
        (e for e in here.values() if first_of(e.on) == month and e.id not in superseded),
        key=lambda e: (e.on, e.recorded_at, e.id),
    )
    attendance = [e for e in in_month if e.kind is EntryKind.ATTENDANCE]
    if attendance:
        lines.append(
            Line(
                rule=RULE_ATTENDANCE,
                kind="attendance",
                description="Registered attendance (the benefit is paid on it, afterwards)",
                amount_ore=0,
                of_month=month,
                hours=sum(e.minutes for e in attendance) / 60,
                entry_ids=tuple(e.id for e in attendance),
            )
        )
    for which, rule, kind, text in (
        (0, RULE_REDUCTION[facts.regime], "invalid_absence", "Invalid absence, per hour"),
        (1, RULE_UNPAID_LEAVE, "leave_without_benefit", "Leave without benefit, per hour"),
    ):
        counted = [e for e in in_month if _reduction_minutes(e)[which]]
        if counted:
            minutes = sum(_reduction_minutes(e)[which] for e in counted)
            lines.append(
                Line(
                    rule=rule,
                    kind=kind,
                    description=f"{text}: 1/{HOURS_PER_YEAR} of the annual benefit",
                    amount_ore=-round_ore(own.per_minutes(minutes)),
                    of_month=month,
                    hours=minutes / 60,
                    entry_ids=tuple(e.id for e in counted),
                )
            )

    late = sorted(
        (e for e in here.values() if first_of(e.on) < month and e.id not in superseded),
        key=lambda e: (e.on, e.recorded_at, e.id),
    )
    for entry in late:
        lines.extend(_late_line(entry, here, everything, facts, g_table))

    to_pay = sum(line.amount_ore for line in lines)
    return Basis(
        participant_id=facts.participant_id,
        month=month,
        regime=facts.regime,
        g=own.g,
        lines=tuple(lines),
        to_pay_ore=to_pay,
        exported_at=exports.get(month),
        entry_ids=tuple(sorted(here, key=str)),
    )


def _late_line(
    entry: LedgerEntry,
    here: Mapping[UUID, LedgerEntry],
    everything: Mapping[UUID, LedgerEntry],
    facts: Facts,
    g_table: GTable,
) -> Sequence[Line]:
    """The difference an entry recorded after its month's export makes to that month,
    against the entry it corrects as that month (or a later one) already counted it."""
    before: LedgerEntry | None = everything.get(entry.corrects) if entry.corrects else None
    while before is not None and before.id in here:  # counted here too: look further back
        before = everything.get(before.corrects) if before.corrects else None
    now_invalid, now_unpaid = _reduction_minutes(entry)
    was_invalid, was_unpaid = _reduction_minutes(before)
    minutes = (now_invalid - was_invalid) + (now_unpaid - was_unpaid)
    if minutes == 0:
        return ()
    origin = first_of(entry.on)
    at = rates(facts, origin, g_table)
    ids = (entry.id,) + ((before.id,) if before is not None else ())
    return (
        Line(
            rule=RULE_LATE,
            kind="correction",
            description=f"Recorded after {origin:%Y-%m} was exported: {minutes / 60:g} "
            f"hours more without benefit, at {origin:%Y-%m}'s rate ({at.rule})",
            amount_ore=-round_ore(at.per_minutes(minutes)),
            of_month=origin,
            hours=minutes / 60,
            entry_ids=ids,
        ),
    )
