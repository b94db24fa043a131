"""Erasure of a participant at their request or after the retention period
(docs/retention.md): ``POST /participants/{participant_id}/erasure``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends

from helhet_common.auth import ADMIN, INTEGRATION_LEADER, require_roles
from helhet_common.commands import CommandRunner, command_runner
from plan_service.entrypoints import schemas
from plan_service.entrypoints.deps import PROBLEMS, get_uow
from plan_service.service_layer import erasure
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

router = APIRouter(prefix="/participants", tags=["erasure"])

# The municipality's integration leader (who answers for the programme's records, with
# the data protection officer) or an admin; either of the participant's municipality.
Erase = Annotated[
    CommandRunner[PlanUnitOfWork],
    Depends(command_runner(get_uow, require_roles(INTEGRATION_LEADER, ADMIN), idempotent=True)),
]


def view(erased: erasure.Erased) -> schemas.ErasurePublic:
    return schemas.ErasurePublic(
        participant_id=erased.participant_id,
        erased_on=erased.erased_on,
        reason=erased.reason.value,
    )


@router.post(
    "/{participant_id}/erasure",
    status_code=201,
    response_model=schemas.ErasurePublic,
    summary="Erase the participant's personal data (integration leader or admin)",
    description="In one transaction: names, identity number, login, links to other "
    "systems, contact persons and every free text removed; ids, codes and dates kept for "
    "statistics (docs/retention.md). Publishes `helhet.participant.erased.v1`, so every "
    "service drops or anonymises the participant. Afterwards the participant is not found "
    "(404) on every route. A second erasure is a 409 `participant-already-erased`.",
    responses=PROBLEMS,
)
async def erase_participant(participant_id: UUID, body: schemas.ErasureCreate, run: Erase) -> Any:
    command = erasure.EraseParticipant(
        participant_id=participant_id,
        municipality=run.municipality,
        reason=erasure.ErasureReason(body.reason),
    )
    return await run(erasure.erase_participant, command, view=view, body=body)
