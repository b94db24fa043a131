"""Volunteers and bridge-builders: languages, skills, roles, training, and vetting."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.domain_errors import Invalid
from helhet_common.pagination import PageDep
from volunteer_service.domain import vetting
from volunteer_service.domain.codes import Role, Setting, VolunteerKind
from volunteer_service.entrypoints import inputs, schemas, views
from volunteer_service.entrypoints.deps import PROBLEMS, Change, Create, Staff, UowDep
from volunteer_service.service_layer import handlers

router = APIRouter(prefix="/volunteers", tags=["volunteers"])


@router.post(
    "",
    status_code=201,
    response_model=schemas.VolunteerPublic,
    summary="Register a volunteer or a bridge-builder",
    responses=PROBLEMS,
)
async def register_volunteer(body: schemas.VolunteerCreate, run: Create) -> Any:
    command = inputs.register_volunteer(body, caller=run.principal)
    return await run(handlers.register_volunteer, command, view=views.volunteer, body=body)


@router.get(
    "",
    response_model=schemas.VolunteersPublic,
    summary="Volunteers in the caller's municipality (optionally only bridge-builders)",
    responses=PROBLEMS,
)
async def list_volunteers(
    principal: Staff,
    uow: UowDep,
    page: PageDep,
    kind: Annotated[schemas.VolunteerKindCode | None, Query()] = None,
    active: Annotated[bool, Query(description="only volunteers not deactivated")] = False,
) -> schemas.VolunteersPublic:
    wanted = VolunteerKind(kind) if kind else None
    async with uow:
        total = await uow.volunteers.count(principal.municipality, kind=wanted, active_only=active)
        items = await uow.volunteers.list_in(
            principal.municipality,
            kind=wanted,
            active_only=active,
            limit=page.limit,
            offset=page.offset,
        )
    return schemas.VolunteersPublic(
        items=[views.volunteer(v) for v in items], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/{volunteer_id}",
    response_model=schemas.VolunteerPublic,
    summary="One volunteer",
    responses=PROBLEMS,
)
async def get_volunteer(
    volunteer_id: UUID, principal: Staff, uow: UowDep
) -> schemas.VolunteerPublic:
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id, municipality=principal.municipality)
    return views.volunteer(volunteer)


@router.patch(
    "/{volunteer_id}",
    response_model=schemas.VolunteerPublic,
    summary="Change a volunteer's languages, skills, interests, availability, roles, "
    "organisation or contact details",
    responses=PROBLEMS,
)
async def update_volunteer(volunteer_id: UUID, body: schemas.VolunteerUpdate, run: Change) -> Any:
    command = inputs.update_volunteer(body, volunteer_id=volunteer_id, caller=run.principal)
    return await run(handlers.update_volunteer, command, view=views.volunteer)


@router.post(
    "/{volunteer_id}/deactivation",
    response_model=schemas.VolunteerPublic,
    summary="Deactivate a volunteer: no longer suggested or matched; open matches end",
    responses=PROBLEMS,
)
async def deactivate_volunteer(
    volunteer_id: UUID, body: schemas.VolunteerDeactivation, run: Change
) -> Any:
    command = inputs.deactivate_volunteer(body, volunteer_id=volunteer_id, caller=run.principal)
    return await run(handlers.deactivate_volunteer, command, view=views.volunteer)


@router.post(
    "/{volunteer_id}/erasure",
    response_model=schemas.VolunteerPublic,
    summary="Erase the volunteer's name and contact details on request (GDPR art. 17)",
    responses=PROBLEMS,
)
async def erase_volunteer(volunteer_id: UUID, body: schemas.VolunteerErasure, run: Change) -> Any:
    command = inputs.erase_volunteer(body, volunteer_id=volunteer_id, caller=run.principal)
    return await run(handlers.erase_volunteer, command, view=views.volunteer)


@router.post(
    "/{volunteer_id}/vetting",
    response_model=schemas.VolunteerPublic,
    summary="Record that a police certificate was seen (never the document)",
    responses=PROBLEMS,
)
async def record_police_certificate_seen(
    volunteer_id: UUID, body: schemas.PoliceCertificateSeen, run: Change
) -> Any:
    command = inputs.record_police_certificate_seen(
        body, volunteer_id=volunteer_id, caller=run.principal
    )
    return await run(handlers.record_police_certificate_seen, command, view=views.volunteer)


@router.post(
    "/{volunteer_id}/trainings",
    response_model=schemas.VolunteerPublic,
    summary="Record a training the volunteer has done",
    responses=PROBLEMS,
)
async def record_training(volunteer_id: UUID, body: schemas.TrainingIn, run: Change) -> Any:
    command = inputs.record_training(body, volunteer_id=volunteer_id, caller=run.principal)
    return await run(handlers.record_training, command, view=views.volunteer)


@router.get(
    "/{volunteer_id}/eligibility",
    response_model=schemas.EligibilityPublic,
    summary="May the volunteer take a task? The vetting rule, with what is missing",
    responses=PROBLEMS,
)
async def eligibility(
    volunteer_id: UUID,
    principal: Staff,
    uow: UowDep,
    role: Annotated[schemas.RoleCode, Query()],
    setting: Annotated[schemas.SettingCode, Query()] = "everyday",
    involves_minors: bool = False,
    involves_developmental_disabilities: bool = False,
) -> schemas.EligibilityPublic:
    task = vetting.TaskRequirements(
        role=Role(role),
        setting=Setting(setting),
        involves_minors=involves_minors,
        involves_developmental_disabilities=involves_developmental_disabilities,
    )
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id, municipality=principal.municipality)
    missing = [
        schemas.MissingPublic(code=m.code, message=m.message)
        for m in volunteer.eligibility(task, today=SYSTEM_CLOCK.today())
    ]
    try:
        vetting.check_not_interpreting(task, bridge_builder=volunteer.is_bridge_builder)
    except Invalid as rule:
        missing.append(schemas.MissingPublic(code=rule.code, message=rule.message))
    return schemas.EligibilityPublic(
        volunteer_id=volunteer.id,
        role=role,
        setting=setting,
        police_certificate_required=task.police_certificate_required,
        training_required=task.training_required,
        may_take=not missing,
        missing=missing,
    )
