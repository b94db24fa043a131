"""Transition and hand-over: the checklist in the programme's last months, the hand-over
package made under a recorded basis, and its acknowledgement by the receiving unit
(docs/timetable.md, "Transition and hand-over")."""

from __future__ import annotations

from datetime import date
from typing import Any

from helhet_common.domain_errors import NotFound
from helhet_common.ids import uuid7
from plan_service.adapters.repositories.follow_up import ActionQuery
from plan_service.domain.codes import ActionFilter, ConsentStatus, RecipientKind, SharingPurpose
from plan_service.domain.handover import (
    RECEIVING_AGENCY,
    Basis,
    BasisKind,
    HandOver,
    ReceivingKind,
    Transition,
)
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import REFUGEE_SERVICE
from plan_service.service_layer import commands
from plan_service.service_layer.access import load_for, require_programme_owner
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

# The purposes of a sharing basis that let a package go to NAV or the county.
HAND_OVER_PURPOSES = frozenset({SharingPurpose.TRANSITION, SharingPurpose.FOLLOW_UP})
MAX_ACTIONS = 200


async def set_transition(command: commands.SetTransition, uow: PlanUnitOfWork) -> Transition:
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    transition = await uow.transitions.of_participant(participant.id, participant.municipality)
    transition.update(
        programme=participant.programme,
        months=command.months,
        nav_dialogue_held_on=command.nav_dialogue_held_on,
        next_step=command.next_step,
        receiving_kind=command.receiving_kind,
        receiving_unit_id=command.receiving_unit_id,
        by=command.caller.sub,
        at=uow.clock.now(),
        today=uow.clock.today(),
    )
    await uow.transitions.save(transition)
    return transition


async def basis_for(
    uow: PlanUnitOfWork,
    participant: Participant,
    kind: ReceivingKind,
    unit_id: str,
    today: date,
) -> Basis | None:
    """The recorded basis in force today that lets the package go to the unit: a
    sharing basis of NAV or the county for the transition or the follow-up, or the
    participant's consent to the employer (by organisation number)."""
    if kind is ReceivingKind.EMPLOYER:
        for consent in await uow.consents.list(participant.id):
            if (
                consent.recipient_kind is RecipientKind.EMPLOYER
                and consent.recipient_id == unit_id
                and consent.granted_on <= today
                and consent.status(today) is ConsentStatus.IN_FORCE
            ):
                return Basis(kind=BasisKind.CONSENT, id=consent.id)
        return None
    bases = await uow.sharing_bases.of_participant(participant.id, agency=RECEIVING_AGENCY[kind])
    for basis in bases:
        if basis.in_force(today) and basis.purpose in HAND_OVER_PURPOSES:
            return Basis(kind=BasisKind.SHARING_BASIS, id=basis.id)
    return None


async def package_of(
    uow: PlanUnitOfWork, participant: Participant, comment: str | None, today: date
) -> dict[str, Any]:
    """What the receiving unit gets, as it stands today: the plan's goals, the latest
    mapping, the test results, the open actions, and the participant's own comment.
    The placements are those placement-service announced (ids, codes, dates; the
    references stay in placement-service)."""
    plan = participant.plan
    mappings = await uow.participants.list_mappings(participant.id)
    results = await uow.participants.list_test_results(participant.id)
    actions = await uow.actions.list(
        ActionQuery(
            municipality=participant.municipality,
            participant_id=participant.id,
            status=ActionFilter.OPEN,
        ),
        today=today,
        limit=MAX_ACTIONS,
        offset=0,
    )
    latest = mappings[0] if mappings else None
    placements = await uow.placements.of_participant(participant.id)
    return {
        "plan": None
        if plan is None
        else {
            "version": plan.version,
            "end_goal": plan.end_goal.value,
            "norwegian_goal": plan.norwegian_goal.value,
        },
        "mapping": None
        if latest is None
        else {
            "version": latest.version,
            "recorded_on": latest.recorded_on.isoformat(),
            "education_level": latest.education_level.value,
        },
        "test_results": [
            {
                "test": r.test.value,
                "taken_on": r.taken_on.isoformat(),
                "levels": {k.value: v.value for k, v in r.levels.items()},
                "passed": r.passed,
            }
            for r in results
        ],
        "open_actions": [
            {
                "id": str(a.id),
                "description": a.description,
                "owner_agency": a.owner_agency,
                "due_date": a.due_date.isoformat(),
            }
            for a in actions
        ],
        "placements": placements,
        "participant_comment": comment,
    }


async def hand_over(command: commands.HandOverParticipant, uow: PlanUnitOfWork) -> HandOver:
    """The package to the receiving unit, by the programme owner, under a basis."""
    participant = await load_for(uow, command.caller, command.participant_id)
    require_programme_owner(command.caller)
    today = uow.clock.today()
    basis = await basis_for(
        uow, participant, command.receiving_kind, command.receiving_unit_id, today
    )
    made = HandOver.make(
        hand_over_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        programme=participant.programme,
        months=command.months,
        receiving_kind=command.receiving_kind,
        receiving_unit_id=command.receiving_unit_id,
        basis=basis,
        existing=await uow.hand_overs.of_participant(participant.id),
        package=await package_of(uow, participant, command.participant_comment, today)
        if basis is not None
        else {},
        created_by=command.caller.sub,
        today=today,
    )
    await uow.hand_overs.add(made)
    return made


async def acknowledge_hand_over(
    command: commands.AcknowledgeHandOver, uow: PlanUnitOfWork
) -> HandOver:
    """The receiving unit (its staff, on the basis the package went under; the
    programme owner for an employer) acknowledges and owns the follow-up."""
    participant = await load_for(uow, command.caller, command.participant_id)
    found = await uow.hand_overs.get(
        command.hand_over_id, municipality=participant.municipality, lock=True
    )
    if found.participant_id != participant.id:
        raise NotFound.of("hand-over")
    found.acknowledge(
        by=command.caller.sub,
        agency=command.caller.agency,
        on_behalf=command.caller.agency == REFUGEE_SERVICE,
        today=uow.clock.today(),
    )
    await uow.hand_overs.save(found)
    return found
