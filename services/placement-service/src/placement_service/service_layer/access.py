"""Whose data a reader may read here, and on what basis (``helhet_common.access``).

The categories of a participant's data placement-service holds, with the sharing
purposes that let another public agency use them and the consent purposes that let an
employer use them. The rules are the shared ones; the bases and consents are this
service's projections of plan-service's events. Each function notes what it let the
reader read in the read's ``AccessRecord``.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from helhet_common.access import rules, scope
from helhet_common.access.recorder import AccessRecord
from helhet_common.access.rules import Basis, Category, ConsentTo
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork

_WORK = frozenset(
    {"programme_coordination", "work_training", "nav_measures", "transition", "follow_up"}
)
# The participant's profile (from the mapping): what matching and the placements use.
PROFILE = Category(
    "profile",
    sharing_purposes=_WORK | {"mapping", "plan", "education"},
    consent_purposes=frozenset({"placement", "matching"}),
)
# Placements, their follow-ups and hours.
PLACEMENTS = Category(
    "placements", sharing_purposes=_WORK, consent_purposes=frozenset({"placement"})
)
# Openings ranked for the participant.
MATCHING = Category(
    "matching",
    sharing_purposes=_WORK - {"follow_up"},
    consent_purposes=frozenset({"placement", "matching"}),
)
# Which consents the participant has given: a basis for any purpose shows them.
CONSENTS = Category("consents", sharing_purposes=rules.SHARING_PURPOSES)


async def basis_for(
    uow: PlacementUnitOfWork,
    record: AccessRecord,
    participant_id: UUID,
    category: Category,
    *,
    what: str = "participant",
    consent_to: ConsentTo | None = None,
) -> Basis:
    """The reader's basis for one participant's ``category`` of data (noted in
    ``record``); else not found (``what``) or 403 ``no-basis-for-purpose``. ``consent_to``
    says which consents are to an employer's reader (None: none)."""
    return await scope.basis_for(
        uow.participants,
        record,
        participant_id,
        category,
        today=uow.clock.today(),
        what=what,
        consent_to=consent_to,
    )


async def readable(
    uow: PlacementUnitOfWork, record: AccessRecord, category: Category
) -> list[UUID] | None:
    """For a list: the participants whose ``category`` the reader may read (None: the
    reader needs no basis, so everyone in the municipality). An employer reads
    candidates one by one, on their consent, so no list shows them any."""
    return await scope.readable(uow.participants, record, category, today=uow.clock.today())


async def note_all(
    uow: PlacementUnitOfWork,
    record: AccessRecord,
    participant_ids: Iterable[UUID],
    category: Category,
) -> None:
    """Note each participant a list shows (each once), with the reader's basis."""
    await scope.note_all(
        uow.participants, record, participant_ids, category, today=uow.clock.today()
    )
