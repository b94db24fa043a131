"""``GET /participants/{participant_id}/personal-data``: what reporting-service holds
about one participant, for their right of access (GDPR art. 15;
``helhet_common.access.export``).

Who may ask is the shared rule of placement- and volunteer-service
(``helhet_common.access.innsyn.answer_basis``): the participant themself (their own
login, legal basis ``gdpr_art_15``), and the refugee service's staff and the integration
leader of the participant's municipality (on the law). Anyone else: the 404 of a
participant reporting does not hold, or 403 ``no-basis-for-purpose`` for another agency
with a sharing basis (no sharing purpose covers the answer). Each answer is a read in
the participant's access log, with the purpose ``innsyn``.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from sqlalchemy import select

from helhet_common.access import innsyn
from helhet_common.access.export import PERSONAL_DATA_PATH, PersonalData
from helhet_common.access.export import PersonalDataSection as Section
from helhet_common.access.recorder import AccessRecord, access_recorder, audited
from helhet_common.auth import (
    CASEWORKER,
    INTEGRATION_LEADER,
    PARTICIPANT,
    PLAN_EDITOR,
    require_roles,
)
from reporting_service.adapters import tables
from reporting_service.entrypoints import schemas
from reporting_service.entrypoints.deps import UowDep
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork

router = APIRouter(tags=["participants"])

SERVICE = "reporting-service"
STAFF = (CASEWORKER, PLAN_EDITOR, INTEGRATION_LEADER)

asker = require_roles(*STAFF, PARTICIPANT)
ExportRead = Annotated[
    AccessRecord,
    Depends(
        access_recorder(tables.access_log, asker, "chain", "alerts", "sharing_bases", "access_log")
    ),
]

EXAMPLE = {
    "service": SERVICE,
    "participant_id": "0193a0b4-3f5e-7c1a-9a42-5b8e0f2d6c11",
    "generated_at": "2026-11-20T09:15:00Z",
    "sections": [
        {
            "name": "chain",
            "title": "Forløpet gjennom introduksjonsprogrammet",
            "records": [{"stage": "plan", "municipality": "3403"}],
        }
    ],
}


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in rows]


async def personal_data(uow: ReportingUnitOfWork, participant_id: UUID) -> list[Section]:
    session = uow.session
    chain = tables.participant_chain
    alerts = tables.alerts
    history = tables.alert_history
    log = tables.access_log
    bases = tables.sharing_bases
    theirs = select(alerts.c.alert_id).where(alerts.c.participant_id == participant_id)
    return [
        Section(
            name="chain",
            title="Forløpet gjennom introduksjonsprogrammet (lenker, plan, tiltak, utfall)",
            records=_rows(
                await session.execute(select(chain).where(chain.c.participant_id == participant_id))
            ),
        ),
        Section(
            name="alerts",
            title="Varsler om mangler i forløpet",
            records=_rows(
                await session.execute(
                    select(alerts)
                    .where(alerts.c.participant_id == participant_id)
                    .order_by(alerts.c.opened_at, alerts.c.alert_id)
                )
            ),
        ),
        Section(
            name="alert_history",
            title="Hva saksbehandlere har gjort med varslene (kvittering, kommentarer, lukking)",
            records=_rows(
                await session.execute(
                    select(history).where(history.c.alert_id.in_(theirs)).order_by(history.c.id)
                )
            ),
        ),
        innsyn.sharing_bases_section(
            _rows(
                await session.execute(
                    select(bases)
                    .where(bases.c.participant_id == participant_id)
                    .order_by(bases.c.valid_from, bases.c.basis_id)
                )
            )
        ),
        innsyn.access_log_section(
            _rows(
                await session.execute(
                    select(log).where(log.c.participant_id == participant_id).order_by(log.c.id)
                )
            )
        ),
    ]


@router.get(
    PERSONAL_DATA_PATH,
    response_model=PersonalData,
    summary="Everything reporting-service holds about one participant (right of access)",
    description="For the participant themself and the refugee service's staff and the "
    "integration leader of the participant's municipality; anyone else gets the 404 of a "
    "participant not held (another agency with a sharing basis: 403 "
    "`no-basis-for-purpose`). "
    "The read is in the participant's access log with the purpose `innsyn`.",
    responses={
        **schemas.ok(EXAMPLE),
        401: {"description": "No or invalid bearer token"},
        403: {"description": "Role not allowed, or `no-basis-for-purpose`"},
        404: {"description": "No such participant that you may ask for"},
    },
)
async def get_personal_data(participant_id: UUID, record: ExportRead, uow: UowDep) -> PersonalData:
    async def read() -> PersonalData:
        chain = tables.participant_chain
        municipality = await uow.session.scalar(
            select(chain.c.municipality).where(chain.c.participant_id == participant_id)
        )
        bases = await uow.participants.sharing_bases_of(
            [participant_id], agency=record.principal.agency
        )
        innsyn.answer_basis(
            record,
            participant_id,
            municipality=municipality,
            bases=bases.get(participant_id, []),
            today=uow.clock.today(),
        )
        sections = await personal_data(uow, participant_id)
        return PersonalData(
            service=SERVICE,
            participant_id=participant_id,
            generated_at=uow.clock.now(),
            sections=sections,
        )

    return await audited(uow, record, read)
