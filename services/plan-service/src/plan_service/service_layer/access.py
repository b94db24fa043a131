"""Who may see and change a participant: the participant loaded as the caller may see
them, and the checks of who may decide what. Used by the handlers and by the audited
reads alike."""

from __future__ import annotations

from uuid import UUID

from helhet_common.domain_errors import NotAllowed, NotFound
from plan_service.domain.codes import DataCategory
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Contributor
from plan_service.domain.sharing import (
    REFUGEE_SERVICE,
    Caller,
    covers,
    is_plan_editor,
    is_the_participant,
    may_see,
    needs_basis,
    sharing_purpose,
)
from plan_service.service_layer.unit_of_work import PlanUnitOfWork


async def load_for(
    uow: PlanUnitOfWork,
    caller: Caller,
    participant_id: UUID,
    *,
    category: DataCategory = DataCategory.PARTICIPANT,
    purpose: str | None = None,
) -> Participant:
    """The participant, if it exists in the caller's municipality and the caller may
    see it (else: not found, never forbidden, so that its existence is not confirmed),
    and the caller's sharing basis covers this ``category`` of data (for the
    ``purpose`` the caller names, if a sharing purpose, by default the one its change
    names; else 403). 'Today' is the unit of work's."""
    purpose = caller.purpose if purpose is None else purpose
    participant = await uow.participants.get(participant_id, municipality=caller.municipality)
    today = uow.clock.today()
    bases = (
        await uow.sharing_bases.of_participant(participant.id, agency=caller.agency)
        if needs_basis(caller)
        else []
    )
    if not may_see(
        caller,
        municipality=participant.municipality,
        person_sub=participant.person_sub,
        bases=bases,
        today=today,
    ):
        raise NotFound.of("participant")
    if not covers(caller, category=category, purpose=purpose, bases=bases, today=today):
        named = sharing_purpose(purpose)
        raise NotAllowed(
            f"{caller.agency} has no sharing basis in force that covers the participant's "
            f"{category.value} data" + (f" for the purpose {named.value}." if named else "."),
            code="no-basis-for-purpose",
        )
    return participant


async def load(
    uow: PlanUnitOfWork,
    participant_id: UUID,
    *,
    municipality: str,
    caller: Caller | None,
    category: DataCategory = DataCategory.PARTICIPANT,
) -> Participant:
    """As ``load_for`` the caller; without a caller (an internal call: the demo seed)
    only the municipality is checked."""
    if caller is None:
        return await uow.participants.get(participant_id, municipality=municipality)
    return await load_for(uow, caller, participant_id, category=category)


def require_programme_owner(caller: Caller) -> None:
    """Decisions about the programme are the programme owner's (the refugee service)."""
    if caller.agency != REFUGEE_SERVICE:
        raise NotAllowed(
            "Only the programme owner (the refugee service) may do this.",
            code="programme-owner-only",
        )


def require_plan_editor(caller: Caller) -> None:
    """Changes to the plan itself are the editor's; other units propose contributions."""
    if not is_plan_editor(caller):
        raise NotAllowed(
            "Only the plan's editor (a plan editor, or a caseworker of the refugee service) "
            "may do this; other units propose contributions.",
            code="plan-editor-only",
        )


def require_owner_or_self(caller: Caller, participant: Participant) -> None:
    if is_the_participant(caller, participant.person_sub):
        return
    require_programme_owner(caller)


def contributor_of(caller: Caller) -> Contributor:
    return Contributor(agency=caller.agency, sub=caller.sub)
