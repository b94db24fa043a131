"""Whose data a reader may read here, and on what basis (``helhet_common.access``).

The categories of a participant's data volunteer-service holds, with the sharing
purposes that let another public agency use them and the consent purposes that let the
volunteer centre use them. The volunteer centre (agency ``volunteer``) reads on the
participant's consent to a volunteer, a mentor or an organisation; an employer's staff
has no basis here. The rules are the shared ones; the bases and consents are this
service's projections of plan-service's events.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from helhet_common.access import scope
from helhet_common.access.recorder import AccessRecord
from helhet_common.access.rules import Basis, Category, ConsentTo
from helhet_common.auth.principal import VOLUNTEER
from helhet_common.consent.model import Consent
from volunteer_service.domain.consent import MATCHING_PURPOSES, VOLUNTEER_RECIPIENTS
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork

_NETWORK = frozenset({"programme_coordination", "plan", "follow_up", "transition"})
# What volunteer-service knows of the participant (household, languages, interests).
PROFILE = Category(
    "profile", sharing_purposes=_NETWORK | {"mapping"}, consent_purposes=MATCHING_PURPOSES
)
# The participant's matches and attendance: their social network.
VOLUNTEERING = Category(
    "volunteering", sharing_purposes=_NETWORK, consent_purposes=MATCHING_PURPOSES
)
RECIPIENTS = VOLUNTEER_RECIPIENTS | {"organisation"}


def _to_volunteering(consent: Consent) -> bool:
    return consent.recipient_kind in RECIPIENTS


def consent_to(record: AccessRecord) -> ConsentTo | None:
    """The consents that are to the reader: the volunteer centre's are those to a
    volunteer, a mentor or an organisation; nobody else reads on consent here."""
    return _to_volunteering if record.principal.agency == VOLUNTEER else None


async def basis_for(
    uow: VolunteerUnitOfWork,
    record: AccessRecord,
    participant_id: UUID,
    category: Category,
    *,
    what: str = "participant",
) -> Basis:
    """The reader's basis for one participant's ``category`` of data (noted in
    ``record``); else not found (``what``) or 403 ``no-basis-for-purpose``."""
    return await scope.basis_for(
        uow.participants,
        record,
        participant_id,
        category,
        today=uow.clock.today(),
        consent_to=consent_to(record),
        what=what,
    )


async def readable(
    uow: VolunteerUnitOfWork, record: AccessRecord, category: Category
) -> list[UUID] | None:
    """For a list: the participants whose ``category`` the reader may read (None: the
    reader needs no basis, so everyone in the municipality)."""
    return await scope.readable(
        uow.participants, record, category, today=uow.clock.today(), consent_to=consent_to(record)
    )


async def note_all(
    uow: VolunteerUnitOfWork,
    record: AccessRecord,
    participant_ids: Iterable[UUID],
    category: Category,
) -> None:
    """Note each participant a list shows (each once), with the reader's basis."""
    await scope.note_all(
        uow.participants,
        record,
        participant_ids,
        category,
        today=uow.clock.today(),
        consent_to=consent_to(record),
    )
