"""A read route's check of the reader's basis, on a service's projections.

The service's participant repository gives the sharing bases and consents it holds
(``Bases``); these functions apply ``rules.basis_for`` and note what they let the reader
read in the read's ``AccessRecord``: ``basis_for`` one participant (or not found / 403),
``readable`` the participants a list may show, ``note_all`` each participant a list
showed, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol
from uuid import UUID

from helhet_common.access import rules
from helhet_common.access.recorder import AccessRecord
from helhet_common.access.rules import Basis, Category, ConsentTo, SharingBasis
from helhet_common.consent.model import Consent
from helhet_common.domain_errors import NotAllowed, NotFound


class Bases(Protocol):
    """What a service's participant repository gives for the access rule."""

    async def sharing_bases_of(
        self, participant_ids: Sequence[UUID], *, agency: str
    ) -> dict[UUID, list[SharingBasis]]: ...

    async def consents_of(self, participant_ids: Sequence[UUID]) -> dict[UUID, list[Consent]]: ...

    async def with_sharing_basis(self, *, agency: str) -> list[UUID]: ...

    async def with_consent(self) -> list[UUID]: ...


async def _decide(
    participants: Bases,
    record: AccessRecord,
    participant_ids: Sequence[UUID],
    category: Category,
    *,
    consent_to: ConsentTo | None,
    today: date,
    what: str,
) -> dict[UUID, Basis | Exception]:
    reader = record.reader
    law = rules.needs_basis(reader) and not rules.on_consent(reader)
    bases = (
        await participants.sharing_bases_of(participant_ids, agency=reader.agency) if law else {}
    )
    consents = await participants.consents_of(participant_ids) if rules.on_consent(reader) else {}
    out: dict[UUID, Basis | Exception] = {}
    for pid in participant_ids:
        try:
            out[pid] = rules.basis_for(
                reader,
                category=category,
                purpose=record.purpose,
                bases=bases.get(pid, []),
                consents=consents.get(pid, []),
                consent_to=consent_to,
                today=today,
                what=what,
            )
        except (NotFound, NotAllowed) as refused:
            out[pid] = refused
    return out


async def basis_for(
    participants: Bases,
    record: AccessRecord,
    participant_id: UUID,
    category: Category,
    *,
    today: date,
    consent_to: ConsentTo | None = None,
    what: str = "participant",
) -> Basis:
    """The reader's basis for one participant's ``category`` of data, noted in
    ``record``; else not found (``what``) or 403 ``no-basis-for-purpose``."""
    decided = await _decide(
        participants,
        record,
        [participant_id],
        category,
        consent_to=consent_to,
        today=today,
        what=what,
    )
    found = decided[participant_id]
    if isinstance(found, Exception):
        raise found
    record.read(participant_id, found)
    return found


async def readable(
    participants: Bases,
    record: AccessRecord,
    category: Category,
    *,
    today: date,
    consent_to: ConsentTo | None = None,
) -> list[UUID] | None:
    """For a list: the participants whose ``category`` the reader may read; None when the
    reader needs no basis (everyone in the municipality)."""
    reader = record.reader
    if not rules.needs_basis(reader):
        return None
    if rules.on_consent(reader):
        candidates = await participants.with_consent() if consent_to is not None else []
    else:
        candidates = await participants.with_sharing_basis(agency=reader.agency)
    decided = await _decide(
        participants,
        record,
        candidates,
        category,
        consent_to=consent_to,
        today=today,
        what="participant",
    )
    return sorted(pid for pid, found in decided.items() if not isinstance(found, Exception))


async def note_all(
    participants: Bases,
    record: AccessRecord,
    participant_ids: Iterable[UUID],
    category: Category,
    *,
    today: date,
    consent_to: ConsentTo | None = None,
) -> None:
    """Note each participant a list showed (each once), with the reader's basis."""
    ids = list(dict.fromkeys(participant_ids))
    decided = await _decide(
        participants,
        record,
        ids,
        category,
        consent_to=consent_to,
        today=today,
        what="participant",
    )
    for pid in ids:
        found = decided[pid]
        if isinstance(found, Exception):
            raise found  # the list was scoped by ``readable``: not reached
        record.read(pid, found)
