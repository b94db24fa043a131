"""Read queries over the participant chain, always scoped to one municipality.

A list that shows participants also takes ``readable``: the participants the reader has
a basis for (``service_layer.access.readable``; None: every one of the municipality).
Alerts that name no participant are shown to every reader of alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from reporting_service.adapters.tables import alert_history, alerts, shared
from reporting_service.adapters.tables import participant_chain as table
from reporting_service.domain.chain import STAGE_ORDER, Stage


@dataclass(frozen=True)
class Overview:
    municipality: str
    total: int
    by_stage: dict[str, int]
    by_household: dict[str, int]


async def overview(session: AsyncSession, municipality: str) -> Overview:
    stage_rows = await session.execute(
        select(table.c.stage, func.count())
        .where(table.c.municipality == municipality)
        .group_by(table.c.stage)
    )
    by_stage = {stage: int(n) for stage, n in stage_rows.all()}
    household_rows = await session.execute(
        select(table.c.household_type, func.count())
        .where(table.c.municipality == municipality, table.c.household_type.is_not(None))
        .group_by(table.c.household_type)
    )
    by_household = {kind: int(n) for kind, n in household_rows.all()}
    return Overview(
        municipality=municipality,
        total=sum(by_stage.values()),
        by_stage=by_stage,
        by_household=by_household,
    )


async def chain(session: AsyncSession, participant_id: UUID) -> dict[str, Any] | None:
    row = (
        await session.execute(select(table).where(table.c.participant_id == participant_id))
    ).first()
    return dict(row._mapping) if row is not None else None


def _alerts_readable(readable: Sequence[UUID] | None) -> list[ColumnElement[bool]]:
    if readable is None:
        return []
    return [or_(alerts.c.participant_id.is_(None), alerts.c.participant_id.in_(list(readable)))]


CHAIN_SORTS = ("settled", "start", "stage", "household", "next_step")


def _chain_order(key: str, descending: bool) -> list[Any]:
    column: Any = {
        "settled": table.c.settlement_date,
        "start": table.c.programme_start,
        "household": table.c.household_type,
        "next_step": table.c.next_step,
        "stage": case(
            {stage.value: n for n, stage in enumerate((*STAGE_ORDER, Stage.UNKNOWN))},
            value=table.c.stage,
            else_=len(STAGE_ORDER) + 1,
        ),
    }[key]
    ordered = column.desc().nulls_last() if descending else column.asc().nulls_last()
    return [ordered, table.c.participant_id]


async def list_chains(
    session: AsyncSession,
    municipality: str,
    *,
    stage: str | None,
    limit: int,
    offset: int,
    readable: Sequence[UUID] | None = None,
    household: str | None = None,
    next_steps: Sequence[str] | None = None,
    ended_between: tuple[date, date] | None = None,
    among: Sequence[UUID] | None = None,
    sort: tuple[str, bool] = ("settled", True),
) -> tuple[int, list[dict[str, Any]]]:
    """The municipality's chains, filtered (``next_steps``: the next step is one of
    these; ``ended_between``: the programme ended in [from, to), an exit cohort;
    ``among``: only these participants) and sorted by ``sort`` (a key of
    ``CHAIN_SORTS``, descending or not)."""
    condition = [table.c.municipality == municipality]
    if readable is not None:
        condition.append(table.c.participant_id.in_(list(readable)))
    if stage:
        condition.append(table.c.stage == stage)
    if household:
        condition.append(table.c.household_type == household)
    if next_steps is not None:
        condition.append(table.c.next_step.in_(list(next_steps)))
    if ended_between is not None:
        condition.append(table.c.programme_end_date >= ended_between[0])
        condition.append(table.c.programme_end_date < ended_between[1])
    if among is not None:
        condition.append(table.c.participant_id.in_(list(among)))
    total = await session.scalar(select(func.count()).select_from(table).where(*condition))
    rows = await session.execute(
        select(table).where(*condition).order_by(*_chain_order(*sort)).limit(limit).offset(offset)
    )
    return int(total or 0), [dict(r._mapping) for r in rows]


async def projection_position(session: AsyncSession) -> datetime | None:
    """When the projection last applied a batch (its consumer's heartbeat), else when it
    last changed a chain: how current the figures are."""
    beats = shared.consumer_heartbeats
    position = await session.scalar(select(func.max(beats.c.batch_at)))
    if position is None:
        position = await session.scalar(select(func.max(table.c.updated_at)))
    return position  # type: ignore[no-any-return]


def _about_chains(
    stage: str | None, household: str | None, ended_between: tuple[date, date] | None
) -> list[ColumnElement[bool]]:
    """Alerts about a participant at ``stage``, of ``household``, or of the exit cohort
    ``ended_between`` (each when given); an alert about no participant matches none."""
    if not (stage or household or ended_between):
        return []
    chains = select(table.c.participant_id)
    if stage:
        chains = chains.where(table.c.stage == stage)
    if household:
        chains = chains.where(table.c.household_type == household)
    if ended_between:
        chains = chains.where(
            table.c.programme_end_date >= ended_between[0],
            table.c.programme_end_date < ended_between[1],
        )
    return [alerts.c.participant_id.in_(chains)]


# -- alerts ------------------------------------------------------------------------------


async def open_alert_count(session: AsyncSession, municipality: str) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(alerts)
        .where(alerts.c.municipality == municipality, alerts.c.closed_at.is_(None))
    )
    return int(total or 0)


async def list_alerts(
    session: AsyncSession,
    municipality: str,
    *,
    rule_id: str | None,
    unit_id: str | None,
    status: str,
    participant_id: UUID | None,
    limit: int,
    offset: int,
    readable: Sequence[UUID] | None = None,
    severity: str | None = None,
    sort: tuple[str, bool] = ("opened", True),
    stage: str | None = None,
    household: str | None = None,
    ended_between: tuple[date, date] | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """The alerts, filtered, in the order of ``sort`` (a key of ``ALERT_SORTS``)."""
    condition = [
        alerts.c.municipality == municipality,
        *_alerts_readable(readable),
        *_about_chains(stage, household, ended_between),
    ]
    if severity:
        condition.append(alerts.c.severity == severity)
    if rule_id:
        condition.append(alerts.c.rule_id == rule_id)
    if unit_id:
        condition.append(alerts.c.unit_id == unit_id)
    if participant_id:
        condition.append(alerts.c.participant_id == participant_id)
    if status == "open":
        condition.append(alerts.c.closed_at.is_(None))
    elif status == "closed":
        condition.append(alerts.c.closed_at.is_not(None))
    total = await session.scalar(select(func.count()).select_from(alerts).where(*condition))
    rows = await session.execute(
        select(alerts).where(*condition).order_by(*_alert_order(*sort)).limit(limit).offset(offset)
    )
    return int(total or 0), [dict(r._mapping) for r in rows]


async def open_alerts_of(session: AsyncSession, participant_id: UUID) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(alerts)
        .where(alerts.c.participant_id == participant_id, alerts.c.closed_at.is_(None))
        .order_by(alerts.c.opened_at, alerts.c.alert_id)
    )
    return [dict(r._mapping) for r in rows]


async def participants_by_next_step(session: AsyncSession, municipality: str) -> dict[str, int]:
    rows = await session.execute(
        select(table.c.next_step, func.count())
        .where(
            table.c.municipality == municipality,
            table.c.next_step.is_not(None),
        )
        .group_by(table.c.next_step)
    )
    return {str(step): int(n) for step, n in rows.all()}


async def open_alerts_by_cell(
    session: AsyncSession, municipality: str
) -> dict[tuple[str, str | None], int]:
    rows = await session.execute(
        select(alerts.c.responsibility, alerts.c.unit_id, func.count())
        .where(alerts.c.municipality == municipality, alerts.c.closed_at.is_(None))
        .group_by(alerts.c.responsibility, alerts.c.unit_id)
    )
    return {(str(r), u): int(n) for r, u, n in rows.all()}


async def open_alerts_per_participant(
    session: AsyncSession, participant_ids: Sequence[UUID]
) -> dict[UUID, int]:
    if not participant_ids:
        return {}
    rows = await session.execute(
        select(alerts.c.participant_id, func.count())
        .where(
            alerts.c.participant_id.in_(participant_ids),
            alerts.c.closed_at.is_(None),
        )
        .group_by(alerts.c.participant_id)
    )
    return {pid: int(n) for pid, n in rows.all()}


# -- the work queue ----------------------------------------------------------------------

SEVERITY_RANK = case((alerts.c.severity == "high", 0), (alerts.c.severity == "medium", 1), else_=2)
# The day the gap began: the condition's day, else the day the alert opened.
GAP_DAY = func.coalesce(alerts.c.since, func.date(alerts.c.opened_at))

# The orders of the alert lists and the queue: by severity (most severe first, then the
# oldest gap), by the gap's day (age), when the alert opened, rule, unit or assignee.
ALERT_SORTS = ("severity", "since", "opened", "rule", "unit", "assignee")


def _alert_order(key: str, descending: bool) -> list[Any]:
    if key == "severity":
        rank = SEVERITY_RANK.desc() if descending else SEVERITY_RANK
        return [rank, GAP_DAY, alerts.c.opened_at, alerts.c.alert_id]
    column: Any = {
        "since": GAP_DAY,
        "opened": alerts.c.opened_at,
        "rule": alerts.c.rule_id,
        "unit": alerts.c.unit_id,
        "assignee": func.coalesce(alerts.c.assignee_name, alerts.c.assignee_sub),
    }[key]
    ordered = column.desc().nulls_last() if descending else column.asc().nulls_last()
    return [ordered, SEVERITY_RANK, alerts.c.opened_at, alerts.c.alert_id]


def _waiting(municipality: str, today: date) -> list[ColumnElement[bool]]:
    """Open alerts of ``municipality`` that are not snoozed past ``today``."""
    return [
        alerts.c.municipality == municipality,
        alerts.c.closed_at.is_(None),
        or_(alerts.c.snoozed_until.is_(None), alerts.c.snoozed_until <= today),
    ]


async def queue(
    session: AsyncSession,
    municipality: str,
    *,
    today: date,
    unit_id: str | None = None,
    assignee_sub: str | None = None,
    severity: str | None = None,
    rule_id: str | None = None,
    limit: int,
    offset: int,
    readable: Sequence[UUID] | None = None,
    sort: tuple[str, bool] = ("severity", False),
    unassigned: bool = False,
    stage: str | None = None,
    household: str | None = None,
    ended_between: tuple[date, date] | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """The work queue: open alerts not snoozed, by severity and then oldest gap first
    (or in the order of ``sort``, a key of ``ALERT_SORTS``); ``unassigned``: only those
    nobody has taken; ``stage``, ``household``, ``ended_between``: only those about a
    participant at that stage, of that household, of that exit cohort."""
    condition = [
        *_waiting(municipality, today),
        *_alerts_readable(readable),
        *_about_chains(stage, household, ended_between),
    ]
    if unit_id:
        condition.append(alerts.c.unit_id == unit_id)
    if assignee_sub:
        condition.append(alerts.c.assignee_sub == assignee_sub)
    if unassigned:
        condition.append(alerts.c.assignee_sub.is_(None))
    if severity:
        condition.append(alerts.c.severity == severity)
    if rule_id:
        condition.append(alerts.c.rule_id == rule_id)
    total = await session.scalar(select(func.count()).select_from(alerts).where(*condition))
    rows = await session.execute(
        select(alerts).where(*condition).order_by(*_alert_order(*sort)).limit(limit).offset(offset)
    )
    return int(total or 0), [dict(r._mapping) for r in rows]


async def queue_assignees(
    session: AsyncSession, municipality: str, today: date
) -> list[tuple[str, str | None]]:
    """``(sub, name)`` of everyone with alerts assigned in the queue, by name."""
    rows = await session.execute(
        select(alerts.c.assignee_sub, func.max(alerts.c.assignee_name))
        .where(*_waiting(municipality, today), alerts.c.assignee_sub.is_not(None))
        .group_by(alerts.c.assignee_sub)
    )
    found = [(sub, name) for sub, name in rows.all()]
    return sorted(found, key=lambda row: ((row[1] or row[0]).casefold(), row[0]))


async def waiting_per_unit(
    session: AsyncSession, municipality: str, today: date
) -> list[tuple[str | None, int, int]]:
    """``(unit_id, waiting, of them high)`` for every unit with alerts in the queue."""
    rows = await session.execute(
        select(
            alerts.c.unit_id,
            func.count(),
            func.sum(case((alerts.c.severity == "high", 1), else_=0)),
        )
        .where(*_waiting(municipality, today))
        .group_by(alerts.c.unit_id)
        .order_by(func.count().desc(), alerts.c.unit_id)
    )
    return [(u, int(n), int(h or 0)) for u, n, h in rows.all()]


@dataclass(frozen=True)
class UnitQueue:
    """A unit's work queue in counts (the daily digest): alerts waiting, by severity,
    nobody's yet, opened since ``since``, and the day the oldest gap began."""

    waiting: int
    high: int
    medium: int
    low: int
    unassigned: int
    new: int
    oldest_since: date | None


async def queue_counts(
    session: AsyncSession, municipality: str, today: date, since: datetime
) -> dict[str | None, UnitQueue]:
    """Per unit (None: alerts of no unit), counts only."""

    def count_of(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    rows = await session.execute(
        select(
            alerts.c.unit_id,
            func.count(),
            count_of(alerts.c.severity == "high"),
            count_of(alerts.c.severity == "medium"),
            count_of(alerts.c.severity == "low"),
            count_of(alerts.c.assignee_sub.is_(None)),
            count_of(alerts.c.opened_at >= since),
            func.min(GAP_DAY),
        )
        .where(*_waiting(municipality, today))
        .group_by(alerts.c.unit_id)
    )
    found = {}
    for unit_id, waiting, high, medium, low, unassigned, new, oldest in rows.all():
        if isinstance(oldest, str):  # SQLite's date() is text
            oldest = date.fromisoformat(oldest[:10])
        elif isinstance(oldest, datetime):
            oldest = oldest.date()
        found[unit_id] = UnitQueue(
            int(waiting), int(high or 0), int(medium or 0), int(low or 0),
            int(unassigned or 0), int(new or 0), oldest,
        )  # fmt: skip
    return found


async def oldest_waiting(
    session: AsyncSession, municipality: str, today: date, limit: int
) -> list[dict[str, Any]]:
    """The queue's first ``limit`` alerts: the most severe first, the oldest gap first
    among them."""
    rows = await session.execute(
        select(alerts)
        .where(*_waiting(municipality, today))
        .order_by(SEVERITY_RANK, GAP_DAY, alerts.c.opened_at, alerts.c.alert_id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


async def alert(session: AsyncSession, municipality: str, alert_id: UUID) -> dict[str, Any] | None:
    row = (
        await session.execute(
            select(alerts).where(
                alerts.c.alert_id == alert_id, alerts.c.municipality == municipality
            )
        )
    ).first()
    return dict(row._mapping) if row is not None else None


async def alert_history_of(session: AsyncSession, alert_id: UUID) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(alert_history)
        .where(alert_history.c.alert_id == alert_id)
        .order_by(alert_history.c.id)
    )
    return [dict(r._mapping) for r in rows]
