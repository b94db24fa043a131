"""Loads and stores the attendance and absence ledger (entries are inserted, never
changed), the months of the benefit exported, and what a month's benefit basis for a
municipality reads: its participants' facts and entries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.domain_errors import Conflict
from helhet_common.repository import Repository
from plan_service.adapters import tables
from plan_service.domain.attendance import BenefitEffect, EntryKind, LedgerEntry
from plan_service.domain.benefit import Facts, next_month
from plan_service.domain.codes import Regime

_L, _E = tables.ledger_entries, tables.benefit_exports
_P, _PR = tables.participants, tables.programmes


def _entry(row: Any) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        participant_id=row.participant_id,
        municipality=row.municipality,
        kind=EntryKind(row.kind),
        on=row.entry_date,
        minutes=row.minutes,
        code=row.code,
        effect=BenefitEffect(row.effect) if row.effect else None,
        recorded_by=row.recorded_by,
        recorded_by_agency=row.recorded_by_agency,
        recorded_at=row.recorded_at,
        corrects=row.corrects,
    )


def _in_month(month: date | None) -> ColumnElement[bool]:
    if month is None:
        return _L.c.id.is_not(None)
    return and_(_L.c.entry_date >= month, _L.c.entry_date < next_month(month))


class LedgerRepository(Repository[LedgerEntry]):
    """Ledger entries: recorded, never changed."""

    what = "ledger-entry"

    async def _load(self, entry_id: UUID, *, lock: bool) -> LedgerEntry | None:
        query = select(_L).where(_L.c.id == entry_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _entry(row) if row is not None else None

    async def _insert(self, entry: LedgerEntry) -> None:
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(_L).values(
                        id=entry.id,
                        participant_id=entry.participant_id,
                        municipality=entry.municipality,
                        kind=entry.kind.value,
                        entry_date=entry.on,
                        minutes=entry.minutes,
                        code=entry.code,
                        effect=entry.effect.value if entry.effect else None,
                        corrects=entry.corrects,
                        recorded_by=entry.recorded_by,
                        recorded_by_agency=entry.recorded_by_agency,
                        recorded_at=entry.recorded_at,
                    )
                )
        except IntegrityError as error:
            raise Conflict(
                "This entry has already been corrected; correct the correction instead.",
                code="entry-already-corrected",
            ) from error

    async def correction_of(self, entry_id: UUID) -> LedgerEntry | None:
        row = (await self.session.execute(select(_L).where(_L.c.corrects == entry_id))).first()
        return _entry(row) if row is not None else None

    async def corrections_of(self, entry_ids: Iterable[UUID]) -> dict[UUID, UUID]:
        """Corrected entry id -> the id of the entry correcting it."""
        ids = list(entry_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(_L.c.id, _L.c.corrects).where(_L.c.corrects.in_(ids))
        )
        return {row.corrects: row.id for row in rows}

    async def for_basis(
        self, participant_ids: list[UUID], month: date, exports: Mapping[date, datetime]
    ) -> dict[UUID, list[LedgerEntry]]:
        """What a month's basis reads of each participant's ledger: the entries dated in
        ``month``, those dated earlier but recorded after their month was exported, and
        the entries these correct."""
        found: dict[UUID, list[LedgerEntry]] = defaultdict(list)
        if not participant_ids:
            return found
        rows = list(
            await self.session.execute(
                select(_L).where(
                    _L.c.participant_id.in_(participant_ids), basis_rows(month, exports)
                )
            )
        )
        have = {row.id for row in rows}
        wanted = {row.corrects for row in rows if row.corrects is not None} - have
        while wanted:  # the entries corrected, and those they correct in turn
            more = list(await self.session.execute(select(_L).where(_L.c.id.in_(wanted))))
            rows.extend(more)
            have |= {row.id for row in more}
            wanted = {row.corrects for row in more if row.corrects is not None} - have
        for row in rows:
            found[row.participant_id].append(_entry(row))
        return found

    async def count(self, participant_id: UUID, *, month: date | None = None) -> int:
        found = await self.session.scalar(
            select(func.count())
            .select_from(_L)
            .where(_L.c.participant_id == participant_id, _in_month(month))
        )
        return int(found or 0)

    async def list(
        self,
        participant_id: UUID,
        *,
        month: date | None = None,
        limit: int,
        offset: int,
        newest_first: bool = False,
    ) -> list[LedgerEntry]:
        """By day, then as recorded (``newest_first``: the other way round)."""
        order = [_L.c.entry_date, _L.c.recorded_at, _L.c.id]
        rows = await self.session.execute(
            select(_L)
            .where(_L.c.participant_id == participant_id, _in_month(month))
            .order_by(*(c.desc() for c in order) if newest_first else order)
            .limit(limit)
            .offset(offset)
        )
        return [_entry(row) for row in rows]


def basis_rows(month: date, exports: Mapping[date, datetime]) -> ColumnElement[bool]:
    """The ledger rows a month's basis reads (the ids of those they correct aside)."""
    late = [
        and_(
            _L.c.entry_date >= exported_month,
            _L.c.entry_date < next_month(exported_month),
            _L.c.recorded_at > exported_at,
        )
        for exported_month, exported_at in exports.items()
        if exported_month < month
    ]
    return or_(_in_month(month), *late)


def _month(text: str) -> date:
    return date.fromisoformat(f"{text}-01")


class BenefitRepository:
    """The exported months, and the facts the benefit is computed from."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def exports(self, municipality: str) -> dict[date, datetime]:
        rows = await self.session.execute(
            select(_E.c.month, _E.c.exported_at).where(_E.c.municipality == municipality)
        )
        return {_month(row.month): row.exported_at for row in rows}

    async def record_export(
        self,
        *,
        municipality: str,
        month: date,
        at: datetime,
        by: str,
        participants: int,
        total_ore: int,
    ) -> None:
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(_E).values(
                        municipality=municipality,
                        month=f"{month:%Y-%m}",
                        exported_at=at,
                        exported_by=by,
                        participants=participants,
                        total_ore=total_ore,
                    )
                )
        except IntegrityError as error:
            raise Conflict(
                f"{month:%Y-%m} has already been exported; later changes count in the next month.",
                code="month-already-exported",
            ) from error

    async def facts(self, municipality: str, month: date) -> list[Facts]:
        """The municipality's participants whose programme has begun by the end of
        ``month`` and had not ended before it began (by id)."""
        end = func.coalesce(_PR.c.ended_on, _PR.c.expected_end_date)
        rows = await self.session.execute(
            select(
                _P.c.id,
                _P.c.birth_year,
                _PR.c.regime,
                _PR.c.start_date,
                end.label("end_date"),
            )
            .join(_PR, _PR.c.participant_id == _P.c.id)
            .where(
                _P.c.municipality == municipality,
                _PR.c.start_date < next_month(month),
                end >= month,
            )
            .order_by(_P.c.id)
        )
        return [
            Facts(
                participant_id=row.id,
                regime=Regime(row.regime),
                birth_year=row.birth_year,
                programme_start=row.start_date,
                programme_end=row.end_date,
            )
            for row in rows
        ]
