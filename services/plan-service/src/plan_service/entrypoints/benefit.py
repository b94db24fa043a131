"""The attendance and absence ledger and the introduction benefit: record an entry (or a
correction), read the ledger by month, the benefit of a month explained line by line,
the municipality's monthly basis as CSV, and the export that freezes a month."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from helhet_common.auth import INTEGRATION_LEADER, Principal
from helhet_common.domain_errors import NotAllowed
from helhet_common.pagination import PageDep
from plan_service.domain.attendance import CodeList
from plan_service.domain.benefit import GTable
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import REFUGEE_SERVICE
from plan_service.entrypoints import inputs, schemas, views
from plan_service.entrypoints.audit import PurposeHeader, audited_read, read_participant
from plan_service.entrypoints.deps import PROBLEMS, Create, Reader, StaffCreate, StaffReader, UowDep
from plan_service.service_layer import handlers
from plan_service.service_layer.benefit import bases_of_municipality, basis_of
from plan_service.settings import PlanSettings

router = APIRouter(tags=["attendance and benefit"])

MonthPath = Annotated[
    str, Path(pattern=schemas.benefit.MONTH_PATTERN, description="the month, YYYY-MM")
]
MonthFilter = Annotated[
    str | None,
    Query(pattern=schemas.benefit.MONTH_PATTERN, description="only this month (YYYY-MM)"),
]


def _settings(request: Request) -> PlanSettings:
    settings: PlanSettings = request.app.state.settings
    return settings


def codes_for(request: Request, municipality: str) -> CodeList:
    return CodeList.for_municipality(municipality, _settings(request).absence_codes)


def g_table(request: Request) -> GTable:
    return GTable.with_extra(_settings(request).grunnbelop)


@router.get(
    "/absence-codes",
    response_model=schemas.AbsenceCodesPublic,
    summary="The municipality's absence codes and what each does to the benefit",
    responses=PROBLEMS,
)
async def list_absence_codes(principal: StaffReader, request: Request) -> Any:
    return views.absence_codes(codes_for(request, principal.municipality))


@router.post(
    "/participants/{participant_id}/ledger",
    status_code=201,
    response_model=schemas.LedgerEntryPublic,
    summary="Record attendance or absence on a day, or correct an entry",
    description="Published as `helhet.ledger_entry.recorded.v1` (codes, the date and "
    "minutes only). Entries are never changed: a correction is a new entry naming the one "
    "it corrects. A day outside the programme is 422 `date-outside-programme`, an unknown "
    "code 422 `unknown-absence-code`, an unknown corrected entry 404 "
    "`ledger-entry-not-found`, one corrected before 409 `entry-already-corrected`.",
    responses=PROBLEMS,
)
async def record_ledger_entry(
    participant_id: UUID, body: schemas.LedgerEntryCreate, run: StaffCreate, request: Request
) -> Any:
    command = inputs.record_ledger_entry(
        body,
        participant_id=participant_id,
        caller=run.principal,
        codes=codes_for(request, run.principal.municipality),
    )
    return await run(handlers.record_ledger_entry, command, view=views.ledger_entry, body=body)


@router.get(
    "/participants/{participant_id}/ledger",
    response_model=schemas.LedgerPublic,
    summary="The participant's ledger, by day (filter by month)",
    description="Corrected entries stay, with the entry that superseded them.",
    responses=PROBLEMS,
)
async def get_ledger(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    month: MonthFilter = None,
    purpose: PurposeHeader = None,
) -> Any:
    first = inputs.month_of(month) if month else None

    async def render(participant: Participant) -> Any:
        total = await uow.ledger.count(participant.id, month=first)
        found = await uow.ledger.list(
            participant.id, month=first, limit=page.limit, offset=page.offset
        )
        superseded = await uow.ledger.corrections_of(e.id for e in found)
        return schemas.LedgerPublic(
            items=[views.ledger_entry(e, superseded.get(e.id)) for e in found],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.get(
    "/participants/{participant_id}/benefit/{month}",
    response_model=schemas.BenefitPublic,
    summary="The introduction benefit of a month, explained line by line",
    description="Each line names its rule (docs/benefit.md) and the ledger entries behind "
    "it. Entries recorded after their month was exported appear as lines of the next "
    "month not yet exported. A month outside the programme is 422 "
    "`month-outside-programme`; one whose grunnbeløp is not known 422 `grunnbelop-unknown`.",
    responses=PROBLEMS,
)
async def get_benefit(
    participant_id: UUID,
    month: MonthPath,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    table, first = g_table(request), inputs.month_of(month)

    async def render(participant: Participant) -> Any:
        return views.benefit(await basis_of(uow, participant, first, table))

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/benefit/exports",
    status_code=201,
    response_model=schemas.BenefitExportPublic,
    summary="Export a month's benefit basis to payment: the month is frozen afterwards",
    description="By the programme owner (the refugee service), for a month that has ended; "
    "a month exported before is 409 `month-already-exported`.",
    responses=PROBLEMS,
)
async def export_benefit_month(
    body: schemas.BenefitExportCreate, run: Create, request: Request
) -> Any:
    command = inputs.export_benefit_month(body, caller=run.principal, g_table=g_table(request))
    return await run(handlers.export_benefit_month, command, view=views.benefit_export, body=body)


@router.get(
    "/benefit/{month}/basis.csv",
    summary="The municipality's benefit basis for a month, one CSV row per line",
    description="The layout is documented in docs/benefit.md. For the programme owner and "
    "the integration leader; every participant in it is written to the access log.",
    responses={**PROBLEMS, 200: {"content": {"text/csv": {}}, "description": "the basis"}},
)
async def get_benefit_basis(
    month: MonthPath,
    principal: StaffReader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    require_benefit_reader(principal)
    table, first = g_table(request), inputs.month_of(month)

    async def read() -> tuple[Sequence[UUID], Any]:
        bases = await bases_of_municipality(uow, principal.municipality, first, table)
        text = views.benefit_csv(principal.municipality, first, bases)
        return [b.participant_id for b in bases], text

    text = await audited_read(uow, request, principal, purpose, read)
    return Response(content=text, media_type="text/csv; charset=utf-8")


def require_benefit_reader(principal: Principal) -> None:
    if principal.agency != REFUGEE_SERVICE and not principal.has_role(INTEGRATION_LEADER):
        raise NotAllowed(
            "The benefit basis is the programme owner's (the refugee service) and the "
            "integration leader's.",
            code="programme-owner-only",
        )
