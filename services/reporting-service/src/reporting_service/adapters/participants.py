"""What the access rule reads here (``helhet_common.access.scope.Bases``): the sharing
bases of public agencies, folded from plan-service's events.

reporting-service holds no consent that a reader could stand on: its readers are staff
of public agencies (the refugee service, NAV, the learning centre, the county), whose
basis is the law. An employer's or a volunteer's staff have no consent to them here, so
the rule finds nothing for them (not found, and nobody in a list)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.access.queries import AccessQueries
from helhet_common.consent.model import Consent
from reporting_service.adapters import tables


class ParticipantBases(AccessQueries):
    sharing_bases_table = tables.sharing_bases

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def with_consent(self) -> list[UUID]:
        return []

    async def consents_of(self, participant_ids: Sequence[UUID]) -> dict[UUID, list[Consent]]:
        return {}
