"""Volunteers and bridge-builders: languages, skills, roles, training, and vetting."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.commands import run_command
from helhet_common.domain_errors import Invalid
from helhet_common.pagination import PageDep
from volunteer_service.domain import vetting
from volunteer_service.domain.codes import (
    KEEP,
    DeactivationReason,
    Engagement,
    Role,
    Setting,
    VolunteerKind,
    Vulnerable,
)
from volunteer_service.domain.volunteers import CONTACT_DETAILS, BridgeBuilderTerms, Volunteer
from volunteer_service.entrypoints import schemas
from volunteer_service.entrypoints.deps import PROBLEMS, IdempotencyKey, Staff, UowDep, changed
from volunteer_service.service_layer import commands, handlers

router = APIRouter(prefix="/volunteers", tags=["volunteers"])


def to_public(v: Volunteer, *, today: date | None = None) -> schemas.VolunteerPublic:
    day = today or SYSTEM_CLOCK.today()
    return schemas.VolunteerPublic(
        id=v.id,
        municipality=v.municipality,
        kind=v.kind.value,
        organisation_id=v.organisation_id,
        name=v.personal.get("name"),
        phone=v.personal.get("phone"),
        email=v.personal.get("email"),
        languages=list(v.languages),
        skills=list(v.skills),
        interests=list(v.interests),
        availability=list(v.availability),
        roles=[r.value for r in v.roles],
        max_matches=v.max_matches,
        registered_on=v.registered_on,
        trainings=[
            schemas.TrainingIn(code=code, completed_on=on)
            for code, on in sorted(v.trainings.items())
        ],
        vetting=schemas.VettingPublic(
            police_certificate_seen_on=v.certificate.seen_on,
            seen_by=v.certificate.seen_by,
            grounds=sorted(g.value for g in v.certificate.grounds),
            valid=v.certificate.valid_on(day),
        )
        if v.certificate
        else None,
        bridge_builder=schemas.BridgeBuilderIn(
            engagement=v.bridge.engagement.value, former_participant=v.bridge.former_participant
        )
        if v.bridge
        else None,
        version=v.version,
        active=v.active,
        deactivated_on=v.deactivated_on,
        deactivation_reason=v.deactivation_reason.value if v.deactivation_reason else None,
        erased_on=v.erased_on,
    )


def _json(v: Volunteer) -> Any:
    return to_public(v).model_dump(mode="json")


@router.post(
    "",
    status_code=201,
    response_model=schemas.VolunteerPublic,
    summary="Register a volunteer or a bridge-builder",
    responses=PROBLEMS,
)
async def register_volunteer(
    request: Request,
    body: schemas.VolunteerCreate,
    principal: Staff,
    uow: UowDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    personal = {
        k: v for k, v in (("name", body.name), ("phone", body.phone), ("email", body.email)) if v
    }
    command = commands.RegisterVolunteer(
        municipality=principal.municipality,
        kind=VolunteerKind(body.kind),
        organisation_id=body.organisation_id,
        languages=tuple(body.languages),
        skills=tuple(body.skills),
        interests=tuple(body.interests),
        availability=tuple(body.availability),
        roles=tuple(Role(r) for r in body.roles),
        max_matches=body.max_matches,
        bridge=BridgeBuilderTerms(
            engagement=Engagement(body.bridge_builder.engagement),
            former_participant=body.bridge_builder.former_participant,
        )
        if body.bridge_builder
        else None,
        personal=personal,
        trainings=tuple((t.code, t.completed_on) for t in body.trainings),
    )

    async def handle() -> Any:
        return _json(await handlers.register_volunteer(command, uow))

    return await run_command(
        uow,
        response,
        handle,
        status_code=201,
        idempotency_key=idempotency_key,
        principal=principal,
        request=request,
        body=body.model_dump(mode="json"),
    )


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
        items=[to_public(v) for v in items], total=total, limit=page.limit, offset=page.offset
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
    return to_public(volunteer)


@router.patch(
    "/{volunteer_id}",
    response_model=schemas.VolunteerPublic,
    summary="Change a volunteer's languages, skills, interests, availability, roles, "
    "organisation or contact details",
    responses=PROBLEMS,
)
async def update_volunteer(
    volunteer_id: UUID,
    body: schemas.VolunteerUpdate,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    contact: dict[str, str | None] = {
        k: getattr(body, k) for k in CONTACT_DETAILS if k in body.model_fields_set
    }
    command = commands.UpdateVolunteer(
        volunteer_id=volunteer_id,
        municipality=principal.municipality,
        expected_version=body.version,
        languages=changed(body, "languages", tuple),
        skills=changed(body, "skills", tuple),
        interests=changed(body, "interests", tuple),
        availability=changed(body, "availability", tuple),
        roles=changed(body, "roles", lambda v: tuple(Role(r) for r in v)),
        max_matches=changed(body, "max_matches"),
        organisation_id=changed(body, "organisation_id"),
        contact=contact or KEEP,
    )

    async def handle() -> Any:
        return _json(await handlers.update_volunteer(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{volunteer_id}/deactivation",
    response_model=schemas.VolunteerPublic,
    summary="Deactivate a volunteer: no longer suggested or matched; open matches end",
    responses=PROBLEMS,
)
async def deactivate_volunteer(
    volunteer_id: UUID,
    body: schemas.VolunteerDeactivation,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.DeactivateVolunteer(
        volunteer_id=volunteer_id,
        municipality=principal.municipality,
        expected_version=body.version,
        reason=DeactivationReason(body.reason),
    )

    async def handle() -> Any:
        return _json(await handlers.deactivate_volunteer(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{volunteer_id}/erasure",
    response_model=schemas.VolunteerPublic,
    summary="Erase the volunteer's name and contact details on request (GDPR art. 17)",
    responses=PROBLEMS,
)
async def erase_volunteer(
    volunteer_id: UUID,
    body: schemas.VolunteerErasure,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.EraseVolunteer(
        volunteer_id=volunteer_id,
        municipality=principal.municipality,
        expected_version=body.version,
    )

    async def handle() -> Any:
        return _json(await handlers.erase_volunteer(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{volunteer_id}/vetting",
    response_model=schemas.VolunteerPublic,
    summary="Record that a police certificate was seen (never the document)",
    responses=PROBLEMS,
)
async def record_police_certificate_seen(
    volunteer_id: UUID,
    body: schemas.PoliceCertificateSeen,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.RecordPoliceCertificateSeen(
        volunteer_id=volunteer_id,
        municipality=principal.municipality,
        seen_on=body.seen_on,
        seen_by=principal.sub,
        grounds=frozenset(Vulnerable(g) for g in body.grounds),
    )

    async def handle() -> Any:
        return _json(await handlers.record_police_certificate_seen(command, uow))

    return await run_command(uow, response, handle, status_code=200)


@router.post(
    "/{volunteer_id}/trainings",
    response_model=schemas.VolunteerPublic,
    summary="Record a training the volunteer has done",
    responses=PROBLEMS,
)
async def record_training(
    volunteer_id: UUID,
    body: schemas.TrainingIn,
    principal: Staff,
    uow: UowDep,
    response: Response,
) -> Any:
    command = commands.RecordTraining(
        volunteer_id=volunteer_id,
        municipality=principal.municipality,
        code=body.code,
        completed_on=body.completed_on,
    )

    async def handle() -> Any:
        return _json(await handlers.record_training(command, uow))

    return await run_command(uow, response, handle, status_code=200)


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
