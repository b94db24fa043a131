"""Loads and stores consents and sharing bases (aggregates of their own: each records
its events)."""

from __future__ import annotations

import builtins
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from helhet_common.db.rows import from_row
from helhet_common.domain_errors import Conflict, NotFound
from helhet_common.repository import Repository
from plan_service.adapters import tables
from plan_service.domain.codes import ConsentPurpose, LegalBasis, RecipientKind, SharingPurpose
from plan_service.domain.sharing import Consent, SharingBasis

# Consents ---------------------------------------------------------------------------


def _consent(row: Any) -> Consent:
    return from_row(
        Consent,
        row,
        recipient_kind=RecipientKind(row.recipient_kind),
        purpose=ConsentPurpose(row.purpose),
    )


def consent_not_found() -> NotFound:
    return NotFound("No such consent for this participant.", code="consent-not-found")


class ConsentRepository(Repository[Consent]):
    what = "consent"

    async def _load(self, consent_id: UUID, *, lock: bool) -> Consent | None:
        query = select(tables.consents).where(tables.consents.c.id == consent_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _consent(row) if row is not None else None

    async def of_participant(
        self, participant_id: UUID, consent_id: UUID, *, municipality: str
    ) -> Consent:
        """The participant's consent, or ``NotFound``."""
        found = await self._load(consent_id, lock=False)
        if found is None or (found.participant_id, found.municipality) != (
            participant_id,
            municipality,
        ):
            raise consent_not_found()
        return self._seen(found)

    async def list(self, participant_id: UUID) -> list[Consent]:
        rows = await self.session.execute(
            select(tables.consents)
            .where(tables.consents.c.participant_id == participant_id)
            .order_by(tables.consents.c.granted_on, tables.consents.c.id)
        )
        return self._seen_all(_consent(row) for row in rows)

    async def _insert(self, consent: Consent) -> None:
        await self.session.execute(
            insert(tables.consents).values(
                id=consent.id,
                participant_id=consent.participant_id,
                municipality=consent.municipality,
                recipient_kind=consent.recipient_kind.value,
                recipient_id=consent.recipient_id,
                purpose=consent.purpose.value,
                granted_on=consent.granted_on,
                expires_on=consent.expires_on,
                withdrawn_on=consent.withdrawn_on,
                recorded_by=consent.recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def lapsed(self, today: date, *, limit: int) -> builtins.list[Consent]:
        """Consents that expired by ``today``, not withdrawn, whose lapse is not announced
        yet, oldest expiry first."""
        t = tables.consents
        rows = await self.session.execute(
            select(t)
            .where(
                t.c.expires_on <= today,
                t.c.withdrawn_on.is_(None),
                t.c.lapse_announced_on.is_(None),
            )
            .order_by(t.c.expires_on, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self._seen_all(_consent(row) for row in rows)

    async def _update(self, consent: Consent) -> None:
        """The withdrawal, only of a consent not yet withdrawn (a concurrent withdrawal
        makes this one 409), or the announcement of a lapse, once."""
        t = tables.consents
        if consent.withdrawn_on is None:
            result = await self.session.execute(
                update(t)
                .where(t.c.id == consent.id, t.c.lapse_announced_on.is_(None))
                .values(lapse_announced_on=consent.lapse_announced_on)
            )
            if getattr(result, "rowcount", 0) != 1:
                raise Conflict("The consent's lapse was announced.", code="consent-lapse-announced")
            return
        result = await self.session.execute(
            update(t)
            .where(t.c.id == consent.id, t.c.withdrawn_on.is_(None))
            .values(withdrawn_on=consent.withdrawn_on)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("The consent was already withdrawn.", code="consent-already-withdrawn")


# Sharing bases ----------------------------------------------------------------------


def _basis(row: Any) -> SharingBasis:
    return from_row(
        SharingBasis,
        row,
        purpose=SharingPurpose(row.purpose),
        legal_basis=LegalBasis(row.legal_basis),
    )


class SharingBasisRepository(Repository[SharingBasis]):
    """Bases are recorded, never changed."""

    what = "sharing basis"

    async def _load(self, basis_id: UUID, *, lock: bool) -> SharingBasis | None:
        query = select(tables.sharing_bases).where(tables.sharing_bases.c.id == basis_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _basis(row) if row is not None else None

    async def of_participant(
        self, participant_id: UUID, *, agency: str | None = None
    ) -> list[SharingBasis]:
        """The participant's bases (of one agency), oldest first."""
        bases = tables.sharing_bases
        query = select(bases).where(bases.c.participant_id == participant_id)
        if agency is not None:
            query = query.where(bases.c.agency == agency)
        rows = await self.session.execute(query.order_by(bases.c.valid_from, bases.c.id))
        return self._seen_all(_basis(row) for row in rows)

    async def _insert(self, basis: SharingBasis) -> None:
        await self.session.execute(
            insert(tables.sharing_bases).values(
                id=basis.id,
                participant_id=basis.participant_id,
                municipality=basis.municipality,
                agency=basis.agency,
                purpose=basis.purpose.value,
                legal_basis=basis.legal_basis.value,
                valid_from=basis.valid_from,
                valid_to=basis.valid_to,
                recorded_by=basis.recorded_by,
                created_at=datetime.now(UTC),
            )
        )
