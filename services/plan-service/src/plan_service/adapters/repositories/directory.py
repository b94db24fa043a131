"""Who is who: the participants' display names, case numbers and caseworkers, for the
pages of other services that show participants by id (reporting's lists), and the
search by name or case number. Read-only; the caller's scope decides who is found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from plan_service.adapters import tables
from plan_service.adapters.repositories.participants import ParticipantRepository
from plan_service.domain.sharing import REFUGEE_SERVICE

# How many participants a search looks through at most (a municipality's whole roll).
SEARCH_SCAN_LIMIT = 20_000


@dataclass(frozen=True)
class Listing:
    """A participant as another service's page names them."""

    participant_id: UUID
    display_name: str | None
    case_number: str | None
    caseworker: str | None


def display_name(personal: dict[str, object]) -> str | None:
    parts = [str(personal[k]) for k in ("given_name", "family_name") if personal.get(k)]
    return " ".join(parts) or None


class DirectoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def listings(
        self,
        municipality: str,
        *,
        today: date,
        agency: str | None,
        ids: Sequence[UUID] | None = None,
    ) -> list[Listing]:
        """The participants among ``ids`` (all when None) the caller may see: of the
        municipality, not erased, and with ``agency`` only those it has a sharing basis
        in force for. An id outside that is simply absent."""
        p = tables.participants
        where = ParticipantRepository.visible_in(municipality, agency, today)
        if ids is not None:
            if not ids:
                return []
            where.append(p.c.id.in_(list(dict.fromkeys(ids))))
        rows = (
            await self.session.execute(
                select(p.c.id, p.c.personal)
                .where(and_(*where))
                .order_by(p.c.id)
                .limit(SEARCH_SCAN_LIMIT)
            )
        ).all()
        found = [row.id for row in rows]
        cases = await self._case_numbers(municipality, found)
        workers = await self._caseworkers(found, today)
        return [
            Listing(
                participant_id=row.id,
                display_name=display_name(dict(row.personal or {})),
                case_number=cases.get(row.id),
                caseworker=workers.get(row.id),
            )
            for row in rows
        ]

    async def _case_numbers(self, municipality: str, ids: Sequence[UUID]) -> dict[UUID, str]:
        """The participant's number in the municipality's case system (an import's
        external link), the first source by name when there are several."""
        if not ids:
            return {}
        links = tables.external_links
        rows = await self.session.execute(
            select(links.c.participant_id, links.c.external_id)
            .where(links.c.municipality == municipality, links.c.participant_id.in_(ids))
            .order_by(links.c.source, links.c.external_id)
        )
        found: dict[UUID, str] = {}
        for row in rows:
            found.setdefault(row.participant_id, row.external_id)
        return found

    async def _caseworkers(self, ids: Sequence[UUID], today: date) -> dict[UUID, str]:
        """The refugee service's current contact person of each participant."""
        if not ids:
            return {}
        c = tables.contacts
        rows = await self.session.execute(
            select(c.c.participant_id, c.c.name)
            .where(
                c.c.participant_id.in_(ids),
                c.c.agency == REFUGEE_SERVICE,
                c.c.assigned_on <= today,
                or_(c.c.ended_on.is_(None), c.c.ended_on > today),
            )
            .order_by(c.c.assigned_on.desc(), c.c.created_at.desc())
        )
        found: dict[UUID, str] = {}
        for row in rows:
            found.setdefault(row.participant_id, row.name)
        return found

    async def search(
        self,
        municipality: str,
        *,
        today: date,
        agency: str | None,
        query: str | None,
        limit: int,
        caseworker: str | None = None,
    ) -> list[Listing]:
        """The participants the caller may see whose name or case number contains
        ``query`` and whose caseworker's name contains ``caseworker`` (any case; each
        when given), by name. Names live in a JSON column, so the match is made here
        rather than in SQL, on the municipality's roll."""

        def folded(text: str | None) -> str:
            return " ".join((text or "").split()).casefold()

        wanted, worker = folded(query), folded(caseworker)
        found = [
            listing
            for listing in await self.listings(municipality, today=today, agency=agency)
            if (
                not wanted
                or wanted in folded(listing.display_name)
                or wanted in folded(listing.case_number)
            )
            and (not worker or worker in folded(listing.caseworker))
        ]
        found.sort(key=lambda x: ((x.display_name or "").casefold(), str(x.participant_id)))
        return found[:limit]
