"""The follow-up to five years and the coarse gender through the consumer runner (issue
16): the gender of the settlement and a later correction, the yearly status kept apart
from IMDi's and SSB's measures, and the two gap rules over them: invalid absence above
the municipality's share, and no status one year after the exit."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.messaging.envelope import CloudEvent
from reporting_service import contracts
from reporting_service.adapters import chain_rows
from reporting_service.adapters.tables import alerts, participant_chain
from reporting_service.domain.chain.follow_up import gender_of

Sessions = async_sessionmaker[AsyncSession]

SETTLED = date(2023, 1, 9)
START = date(2023, 2, 6)
END = date(2025, 1, 31)
PROGRAMME_OWNER = "flyktningkontor"  # Hamar's model
FOLLOW_UP_OWNER = "nav"  # owns follow_up in Hamar's model


async def alert_rows(sessions: Sessions, participant: UUID, rule: str) -> list[dict[str, Any]]:
    async with sessions() as session:
        rows = await session.execute(
            select(alerts)
            .where(alerts.c.participant_id == participant, alerts.c.rule_id == rule)
            .order_by(alerts.c.opened_at, alerts.c.key)
        )
        return [dict(r._mapping) for r in rows]


async def chain_of(sessions: Sessions, participant: UUID) -> Any:
    async with sessions() as session:
        row = (
            await session.execute(
                select(participant_chain).where(participant_chain.c.participant_id == participant)
            )
        ).one()
    return chain_rows.from_row(row._mapping)


def settled(events: Any, p: UUID, gender: str | None) -> CloudEvent:
    envelope = events.settled(p, SETTLED, household="family")
    if gender is not None:
        envelope.data["gender"] = gender
    return envelope


def gender_set(events: Any, p: UUID, gender: str, on: date) -> CloudEvent:
    return events.envelope(contracts.ParticipantGenderSet.event_type, p, gender=gender, set_on=on)


def year_n(events: Any, p: UUID, years: int, status: str, on: date) -> CloudEvent:
    return events.envelope(
        contracts.OutcomeRecorded.event_type,
        p,
        measured_at="year_n",
        status=status,
        status_on=on,
        programme_end_date=END,
        years_since_settlement=years,
        still_in_municipality=status != "moved_away",
    )


def ledger(
    events: Any,
    p: UUID,
    on: date,
    minutes: int,
    code: str | None = None,
    *,
    entry: UUID | None = None,
    corrects: UUID | None = None,
) -> CloudEvent:
    effect = {None: None, "ugyldig": "reduces", "syk": "keeps"}[code]
    return events.envelope(
        contracts.LedgerEntryRecorded.event_type,
        p,
        entry_id=entry or uuid4(),
        kind="attendance" if code is None else "absence",
        entry_date=on,
        minutes=minutes,
        code=code,
        effect=effect,
        corrects=corrects,
        recorded_by_agency="learning_centre",
    )


async def test_the_gender_and_the_yearly_follow_up_fold_the_same_in_any_order(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    runner = clock_runner(date(2026, 11, 20))
    seen = []
    for seed in range(3):
        p = uuid4()
        stream = [
            settled(events, p, "unknown"),
            gender_set(events, p, "female", date(2023, 3, 1)),
            events.programme_started(p, START, END),
            events.programme_ended(p, END, START),
            events.outcome(p, "education", END, ended=END),
            year_n(events, p, 1, "education", date(2023, 12, 1)),
            year_n(events, p, 2, "work", date(2024, 12, 1)),
            year_n(events, p, 2, "unknown", date(2024, 11, 1)),  # an earlier status
        ]
        random.Random(seed).shuffle(stream)
        for envelope in stream:
            await runner.apply_batch(to_records(envelope))
        state = await chain_of(session_factory, p)
        seen.append(
            (
                gender_of(state),
                [(f.years, f.status) for f in state.follow_up],
                state.outcome_at_exit.status if state.outcome_at_exit else None,
                state.outcome_one_year_after,
            )
        )

    assert len(set(map(repr, seen))) == 1
    # The yearly statuses are their own: neither IMDi's at exit nor SSB's one year after.
    assert seen[0] == ("female", [(1, "education"), (2, "work")], "education", None)


async def test_a_settled_event_without_gender_leaves_it_unknown(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    p, q = uuid4(), uuid4()
    await clock_runner(date(2026, 11, 20)).apply_batch(
        to_records(settled(events, p, None), settled(events, q, "male"))
    )

    assert gender_of(await chain_of(session_factory, p)) == "unknown"
    assert gender_of(await chain_of(session_factory, q)) == "male"


async def test_invalid_absence_above_the_share_is_a_gap_for_the_programme_owner(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    today = date(2025, 3, 14)
    runner = clock_runner(today)
    days = [today - timedelta(days=n) for n in range(1, 11)]
    invalid = uuid4()
    # 9 days of attendance (2,700 minutes) and 300 minutes of invalid absence: 10 %.
    first = [
        settled(events, p, "male"),
        events.programme_started(p, START, END),
        *(ledger(events, p, d, 300) for d in days[:9]),
        ledger(events, p, days[9], 300, "ugyldig", entry=invalid),
    ]
    await runner.apply_batch(to_records(*first))
    at_the_share = await alert_rows(session_factory, p, "invalid-absence-above-share")

    await runner.apply_batch(to_records(ledger(events, p, days[0], 120, "ugyldig")))
    [opened] = await alert_rows(session_factory, p, "invalid-absence-above-share")

    # The invalid day is corrected to illness: the share falls below again.
    await runner.apply_batch(to_records(ledger(events, p, days[9], 300, "syk", corrects=invalid)))
    [closed] = await alert_rows(session_factory, p, "invalid-absence-above-share")

    assert at_the_share == []  # 10 % is not above the default 10 %
    assert (opened["unit_id"], opened["since"]) == (PROGRAMME_OWNER, days[9])
    assert (closed["alert_id"], closed["close_reason"]) == (
        opened["alert_id"],
        "invalid_absence_below_share",
    )


def placement_day(
    events: Any, p: UUID, on: date, minutes: int, code: str | None = None, *, entry: UUID
) -> CloudEvent:
    """A day the employer's contact person recorded at the placement (placement-service's
    event; plan-service adds it to the ledger under the same entry id)."""
    return events.envelope(
        contracts.PlacementAttendanceRecorded.event_type,
        p,
        placement_id=uuid4(),
        employer_id=uuid4(),
        entry_id=entry,
        kind="attendance" if code is None else "absence",
        entry_date=on,
        minutes=minutes,
        code=code,
        effect={None: None, "ugyldig": "reduces", "syk": "keeps"}[code],
        recorded_by_agency="employer",
    )


async def test_invalid_absence_recorded_at_the_placement_counts_once(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    """Days recorded by the placement's contact person count in the share like the
    learning centre's; the same day arriving again as plan-service's ledger entry (same
    entry id) is not counted twice."""
    p = uuid4()
    today = date(2025, 3, 14)
    runner = clock_runner(today)
    days = [today - timedelta(days=n) for n in range(1, 9)]
    absent = [uuid4(), uuid4()]
    await runner.apply_batch(
        to_records(
            settled(events, p, "female"),
            events.programme_started(p, START, END),
            *(ledger(events, p, d, 300) for d in days[:6]),
            *(
                placement_day(events, p, d, 300, "ugyldig", entry=e)
                for d, e in zip(days[6:], absent, strict=True)
            ),
        )
    )
    [opened] = await alert_rows(session_factory, p, "invalid-absence-above-share")
    # plan-service's ledger entry for the same day, under the placement entry's id.
    await runner.apply_batch(
        to_records(ledger(events, p, days[6], 300, "ugyldig", entry=absent[0]))
    )
    chain = await chain_of(session_factory, p)

    assert opened["unit_id"] == PROGRAMME_OWNER  # 600 of 2,400 minutes invalid: 25 %
    assert sorted(d.entry_id for d in chain.ledger if d.invalid) == sorted(map(str, absent))
    assert len(chain.ledger) == 8


async def test_invalid_absence_older_than_four_weeks_does_not_count(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    today = date(2025, 3, 14)
    await clock_runner(today).apply_batch(
        to_records(
            settled(events, p, "female"),
            events.programme_started(p, START, END),
            ledger(events, p, today - timedelta(days=28), 450, "ugyldig"),
            ledger(events, p, today - timedelta(days=2), 450),
        )
    )

    assert await alert_rows(session_factory, p, "invalid-absence-above-share") == []


async def test_no_status_one_year_after_the_exit_is_a_gap_until_one_is_recorded(
    clock_runner: Any, to_records: Any, session_factory: Sessions, events: Any
) -> None:
    p = uuid4()
    ended = date(2024, 6, 28)
    exited = [
        settled(events, p, "female"),
        events.programme_started(p, START, ended),
        events.programme_ended(p, ended, START),
        events.outcome(p, "work", ended, ended=ended),
        year_n(events, p, 3, "work", date(2025, 12, 1)),  # not SSB's measure
    ]
    # SSB's reference month is November 2025; 60 days after its end is 2026-01-29. (The
    # clock is in the past of the events' time: they are live, and the rules evaluated.)
    await clock_runner(date(2026, 1, 28)).apply_batch(to_records(*exited))
    early = await alert_rows(session_factory, p, "no-status-at-one-year")

    runner = clock_runner(date(2026, 1, 29))
    await runner.apply_batch(to_records(events.meeting_held(p, uuid4(), date(2026, 1, 29))))
    [opened] = await alert_rows(session_factory, p, "no-status-at-one-year")
    one_year = events.outcome(
        p, "work", date(2026, 1, 29), ended=ended, measured_at="one_year_after"
    )
    await runner.apply_batch(to_records(one_year))
    [closed] = await alert_rows(session_factory, p, "no-status-at-one-year")

    assert early == []
    assert (opened["unit_id"], opened["responsibility"], opened["since"]) == (
        FOLLOW_UP_OWNER,
        "follow_up",
        date(2026, 1, 29),
    )
    assert closed["close_reason"] == "status_recorded"
