"""Opening and closing alerts: the stored alerts made to match what the gap rules say.

Used by the projection (for the participants of each batch) and by the daily clock
(``reporting-service evaluate-alerts``: every participant, because time alone opens
alerts such as "no plan 90 days after the programme started"). The caller reads its
clock once and passes ``today`` (what the rules are evaluated as of) and ``now`` (when
an alert opens or closes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import String, Table, and_, bindparam, or_, select, update
from sqlalchemy import func as sql_func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from helhet_common.db.bulk import bulk_insert
from helhet_common.ids import uuid7
from reporting_service.adapters import chain_rows
from reporting_service.adapters.alert_feed import CLOSED, OPENED
from reporting_service.adapters.alert_feed import feed_rows as _changes
from reporting_service.adapters.tables import alert_changes, alerts, participant_chain
from reporting_service.domain import alerts as rules
from reporting_service.domain.chain import ChainState
from reporting_service.domain.organisation import Catalogue

_BULK = 500
# From this many rows an insert goes by COPY on PostgreSQL (``bulk_insert``): a batch of
# the live consumer opens hundreds of alerts when it replays a backlog.
_COPY = 50


async def _insert(session: AsyncSession, table: Table, rows: list[dict[str, object]]) -> None:
    await session.execute(table.insert(), rows)


# An open alert as ``rules.diff`` reads it: (key, rule_id, ref, participant_id).
OpenAlert = tuple[str, str, str, object | None]

_OPEN = select(
    alerts.c.key, alerts.c.rule_id, alerts.c.ref, alerts.c.participant_id, alerts.c.municipality
).where(alerts.c.closed_at.is_(None))

# Alerts closed by hand whose condition still held then: their keys are not opened again
# while the rules still find the gap; once the rules no longer do, the hold is released
# and the next time the gap appears it is a new alert.
_HELD = select(alerts.c.key, alerts.c.participant_id, alerts.c.municipality).where(
    alerts.c.held.is_(True)
)

_OPEN_OR_HELD = select(
    alerts.c.key,
    alerts.c.rule_id,
    alerts.c.ref,
    alerts.c.participant_id,
    alerts.c.municipality,
    alerts.c.closed_at.is_(None).label("is_open"),
    alerts.c.held,
).where(or_(alerts.c.closed_at.is_(None), alerts.c.held.is_(True)))


@dataclass
class AlertCounts:
    opened: int = 0
    closed: int = 0
    participants: int = 0


async def reconcile(
    session: AsyncSession,
    states: Sequence[ChainState],
    *,
    municipalities: Iterable[str],
    catalogue: Catalogue,
    today: date,
    now: datetime,
    open_alerts: Sequence[OpenAlert] | None = None,
    held: Iterable[str] | None = None,
) -> AlertCounts:
    """Make the open alerts of ``states`` and of the organisation rule in
    ``municipalities`` match the rules: three statements (load, insert, close).

    ``open_alerts``: the open alerts of exactly these participants and municipalities,
    when the caller has loaded them already (``evaluate_all`` loads every open alert
    once); then only the insert and the close are run. ``held``: likewise the keys of
    their alerts closed by hand and held (``_HELD``)."""
    places = sorted(set(municipalities))
    desired: list[rules.DesiredAlert] = []
    for state in states:
        desired += rules.evaluate_participant(
            state, catalogue.for_municipality(state.municipality), today
        )
    for municipality in places:
        desired += rules.evaluate_organisation(
            municipality, catalogue.for_municipality(municipality)
        )
    if open_alerts is None:
        ids = [s.participant_id for s in states]
        conditions: list[ColumnElement[bool]] = []
        if ids:
            conditions.append(alerts.c.participant_id.in_(ids))
        if places:
            conditions.append(
                and_(alerts.c.participant_id.is_(None), alerts.c.municipality.in_(places))
            )
        if not conditions:
            return AlertCounts()
        # The open and the held alerts in one statement (a live batch of one event is
        # a round trip less: issue 14).
        rows = (await session.execute(_OPEN_OR_HELD.where(or_(*conditions)))).all()
        open_alerts = [(r.key, r.rule_id, r.ref, r.participant_id) for r in rows if r.is_open]
        held = [r.key for r in rows if r.held]
    by_id: dict[object, ChainState] = {s.participant_id: s for s in states}
    change = rules.diff(desired, open_alerts, by_id)
    held_keys = set(held or ())
    if held_keys:
        wanted = {d.key for d in desired}
        change.to_open[:] = [d for d in change.to_open if d.key not in held_keys]
        released = sorted(held_keys - wanted)
        if released:
            await session.execute(
                update(alerts)
                .where(alerts.c.key == bindparam("b_key"), alerts.c.held.is_(True))
                .values(held=False),
                [{"b_key": key} for key in released],
            )
    if change.to_open:
        # Many at once (the daily job, after a rebuild, a batch of a backlog): COPY on
        # PostgreSQL.
        insert = bulk_insert if len(change.to_open) >= _COPY else _insert
        opened: list[dict[str, Any]] = [
            {
                "alert_id": uuid7(),
                "key": d.key,
                "municipality": d.municipality,
                "rule_id": d.rule_id,
                "participant_id": d.participant_id,
                "ref": d.ref,
                "responsibility": d.responsibility.value,
                "unit_id": d.unit_id,
                "since": d.since,
                "opened_at": now,
                "severity": d.severity.value,
                "version": 1,
                "held": False,
            }
            for d in change.to_open
        ]
        await insert(session, alerts, opened)
        await insert(session, alert_changes, _changes(OPENED, opened, now))
    if change.to_close:
        closing = await _close(session, change.to_close, now)
        if closing:
            insert = bulk_insert if len(closing) >= _COPY else _insert
            await insert(session, alert_changes, _changes(CLOSED, closing, now))
    return AlertCounts(len(change.to_open), len(change.to_close), len(states))


async def _close(
    session: AsyncSession, to_close: Sequence[tuple[str, str]], now: datetime
) -> list[dict[str, Any]]:
    """Close the open alerts of these keys with their reasons; returns their rows as
    closed. On PostgreSQL one ``UPDATE ... FROM unnest(...) RETURNING`` (the alerts'
    keys and reasons as two arrays, found by the open-key index); elsewhere a select
    of the rows, then an executemany."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        given = (
            sql_func.unnest(
                bindparam("keys", [k for k, _ in to_close], type_=ARRAY(String())),
                bindparam("reasons", [r for _, r in to_close], type_=ARRAY(String())),
            )
            .table_valued("key", "reason")
            .render_derived("given")
        )
        rows = await session.execute(
            update(alerts)
            .where(alerts.c.key == given.c.key, alerts.c.closed_at.is_(None))
            .values(closed_at=now, close_reason=given.c.reason)
            .returning(*alerts.c)
        )
        return [dict(r._mapping) for r in rows]
    reasons = dict(to_close)
    keys = sorted(reasons)
    closing: list[dict[str, Any]] = []
    for start in range(0, len(keys), _BULK):
        rows = await session.execute(
            select(alerts).where(
                alerts.c.key.in_(keys[start : start + _BULK]), alerts.c.closed_at.is_(None)
            )
        )
        closing += [{**r._mapping, "closed_at": now, "close_reason": reasons[r.key]} for r in rows]
    await session.execute(
        update(alerts)
        .where(alerts.c.key == bindparam("b_key"), alerts.c.closed_at.is_(None))
        .values(closed_at=bindparam("b_closed_at"), close_reason=bindparam("b_reason")),
        [{"b_key": key, "b_closed_at": now, "b_reason": reason} for key, reason in to_close],
    )
    return closing


async def evaluate_all(
    session: AsyncSession,
    *,
    catalogue: Catalogue,
    today: date,
    now: datetime,
    page_size: int = 1000,
) -> AlertCounts:
    """The daily clock: every chain, a page at a time, and the organisation rule in
    every municipality that has a model or a participant.

    Every open alert is read once at the start (one statement) and each page is diffed
    against its share in memory. Looking them up page by page made the job quadratic
    in the open alerts: without statistics for the rows inserted earlier in the same
    transaction, PostgreSQL read every open alert for each page (a 1M-event rebuild
    spent three minutes there)."""
    total = AlertCounts()
    after: UUID | None = None
    municipalities = {n for m in catalogue.models for n in m.municipalities}
    by_participant: dict[object, list[OpenAlert]] = defaultdict(list)
    by_municipality: dict[str, list[OpenAlert]] = defaultdict(list)
    held_by_participant: dict[object, list[str]] = defaultdict(list)
    held_by_municipality: dict[str, list[str]] = defaultdict(list)
    for h in await session.execute(_HELD):
        if h.participant_id is None:
            held_by_municipality[h.municipality].append(h.key)
        else:
            held_by_participant[h.participant_id].append(h.key)
    for r in await session.execute(_OPEN):
        alert = (r.key, r.rule_id, r.ref, r.participant_id)
        if r.participant_id is None:
            by_municipality[r.municipality].append(alert)
        else:
            by_participant[r.participant_id].append(alert)
    while True:
        query = select(participant_chain).order_by(participant_chain.c.participant_id)
        if after is not None:
            query = query.where(participant_chain.c.participant_id > after)
        page = [dict(r._mapping) for r in await session.execute(query.limit(page_size))]
        if not page:
            break
        states = [chain_rows.from_row(r) for r in page]
        municipalities |= {s.municipality for s in states if s.municipality}
        counts = await reconcile(
            session,
            states,
            municipalities=(),
            catalogue=catalogue,
            today=today,
            now=now,
            open_alerts=[a for s in states for a in by_participant.pop(s.participant_id, ())],
            held=[k for s in states for k in held_by_participant.pop(s.participant_id, ())],
        )
        total.opened += counts.opened
        total.closed += counts.closed
        total.participants += counts.participants
        after = page[-1]["participant_id"]
    counts = await reconcile(
        session,
        [],
        municipalities=municipalities,
        catalogue=catalogue,
        today=today,
        now=now,
        open_alerts=[a for m in sorted(municipalities) for a in by_municipality.get(m, ())],
        held=[k for m in sorted(municipalities) for k in held_by_municipality.get(m, ())],
    )
    total.opened += counts.opened
    total.closed += counts.closed
    return total
