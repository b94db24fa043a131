"""What a service's participant repository reads to scope a reader (``scope.py``): who
has a sharing basis for an agency, who has a consent, the consents and the bases; and
for the participant's right of access, every basis and every read of their data.

A repository mixes it in and names its three tables; ``_session`` is the repository's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.access.rules import SharingBasis
from helhet_common.access.tables import sharing_basis_from_row
from helhet_common.consent.model import Consent
from helhet_common.consent.tables import consent_from_row


class AccessQueries:
    consents_table: ClassVar[Table]
    sharing_bases_table: ClassVar[Table]
    access_log_table: ClassVar[Table]
    _session: AsyncSession

    async def with_sharing_basis(self, *, agency: str) -> list[UUID]:
        """The participants ``agency`` has any sharing basis for (in force or not)."""
        t = self.sharing_bases_table
        rows = await self._session.execute(
            select(t.c.participant_id).where(t.c.agency == agency).distinct()
        )
        return list(rows.scalars())

    async def with_consent(self) -> list[UUID]:
        """The participants with any consent (in force or not)."""
        t = self.consents_table
        rows = await self._session.execute(select(t.c.participant_id).distinct())
        return list(rows.scalars())

    async def consents(self, participant_id: UUID) -> list[Consent]:
        """The participant's consents, in the order they were granted."""
        t = self.consents_table
        rows = await self._session.execute(
            select(t)
            .where(t.c.participant_id == participant_id)
            .order_by(t.c.granted_on, t.c.consent_id)
        )
        return [consent_from_row(r) for r in rows]

    async def consents_of(self, participant_ids: Sequence[UUID]) -> dict[UUID, list[Consent]]:
        """The consents of each of ``participant_ids`` (those with none are left out)."""
        t = self.consents_table
        out: dict[UUID, list[Consent]] = {}
        if not participant_ids:
            return out
        rows = await self._session.execute(
            select(t).where(t.c.participant_id.in_(list(participant_ids)))
        )
        for r in rows:
            out.setdefault(r.participant_id, []).append(consent_from_row(r))
        return out

    async def sharing_bases_of(
        self, participant_ids: Sequence[UUID], *, agency: str
    ) -> dict[UUID, list[SharingBasis]]:
        """``agency``'s sharing bases for each of ``participant_ids``."""
        t = self.sharing_bases_table
        out: dict[UUID, list[SharingBasis]] = {}
        if not participant_ids:
            return out
        rows = await self._session.execute(
            select(t).where(t.c.participant_id.in_(list(participant_ids)), t.c.agency == agency)
        )
        for r in rows:
            out.setdefault(r.participant_id, []).append(sharing_basis_from_row(r))
        return out

    async def all_sharing_bases(self, participant_id: UUID) -> list[SharingBasis]:
        """Every agency's sharing bases for the participant, oldest first."""
        t = self.sharing_bases_table
        rows = await self._session.execute(
            select(t).where(t.c.participant_id == participant_id).order_by(t.c.valid_from)
        )
        return [sharing_basis_from_row(r) for r in rows]

    async def reads_of(self, participant_id: UUID) -> list[dict[str, Any]]:
        """The access log's reads of the participant's data, oldest first."""
        t = self.access_log_table
        rows = await self._session.execute(
            select(t).where(t.c.participant_id == participant_id).order_by(t.c.at, t.c.id)
        )
        return [dict(r._mapping) for r in rows]
