"""The year-round timetable (docs/timetable.md): a participant's weekly sessions from
every provider, the providers' holidays and closures with who covers them, the
full-time check week by week, and the week's check announced."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from helhet_common.commands import as_json
from helhet_common.domain_errors import Invalid
from helhet_common.idempotency import StoredResponse
from helhet_common.pagination import PageDep
from helhet_common.schema_types import Day
from helhet_common.unit_of_work import execute
from plan_service.domain.participants import Participant
from plan_service.domain.timetable import (
    Closure,
    ClosureKind,
    ParticipantHoliday,
    ProviderKind,
    Session,
    Week,
    WeekCheck,
)
from plan_service.entrypoints.audit import PurposeHeader, read_participant
from plan_service.entrypoints.deps import (
    PROBLEMS,
    Create,
    Reader,
    StaffCreate,
    StaffReader,
    UowDep,
)
from plan_service.entrypoints.inputs import caller_of
from plan_service.entrypoints.schemas import timetable as schemas
from plan_service.service_layer import commands
from plan_service.service_layer import timetable as handlers

router = APIRouter(tags=["timetable"])


def _hours(minutes: int) -> float:
    return minutes / 60


def session_view(session: Session) -> schemas.SessionPublic:
    return schemas.SessionPublic(
        id=session.id,
        provider_kind=session.provider_kind.value,
        provider_id=session.provider_id,
        weekday=session.weekday,
        starts=f"{session.starts:%H:%M}",
        ends=f"{session.ends:%H:%M}",
        hours=_hours(session.minutes),
        valid_from=session.valid_from,
        valid_to=session.valid_to,
        recorded_by=session.recorded_by,
        recorded_by_agency=session.recorded_by_agency,
        recorded_at=session.recorded_at,
    )


def closure_view(closure: Closure) -> schemas.ClosurePublic:
    return schemas.ClosurePublic(
        id=closure.id,
        provider_kind=closure.provider_kind.value,
        provider_id=closure.provider_id,
        kind=closure.kind.value,
        from_date=closure.from_date,
        to_date=closure.to_date,
        covered_by=closure.covered_by,
        recorded_by_agency=closure.recorded_by_agency,
        recorded_at=closure.recorded_at,
    )


def week_view(week: Week) -> schemas.WeekPublic:
    return schemas.WeekPublic(
        week_start=week.week_start,
        hours=_hours(week.minutes),
        scheduled_hours=_hours(week.scheduled_minutes),
        closed_hours=_hours(week.closed_minutes),
        covered_hours=_hours(week.covered_minutes),
        holiday_hours=_hours(week.holiday_minutes),
        required_hours=_hours(week.required_minutes),
        full_time=week.full_time,
        missing_hours=_hours(week.missing_minutes),
    )


@router.post(
    "/participants/{participant_id}/timetable/sessions",
    status_code=201,
    response_model=schemas.SessionPublic,
    summary="Add a weekly session to the participant's timetable",
    description="Published as `helhet.timetable_session.added.v1`. A session overlapping "
    "another of the participant's (same weekday, overlapping times and periods) is 409 "
    "`session-overlaps`; one that ends before it starts 422 `time-span-invalid`; a period "
    "that ends before it begins 422 `period-not-a-span`.",
    responses=PROBLEMS,
)
async def add_session(participant_id: UUID, body: schemas.SessionCreate, run: StaffCreate) -> Any:
    command = commands.AddSession(
        caller=caller_of(run.principal),
        participant_id=participant_id,
        provider_kind=ProviderKind(body.provider_kind),
        provider_id=body.provider_id,
        weekday=body.weekday,
        starts=body.starts,
        ends=body.ends,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
    )
    return await run(handlers.add_session, command, view=session_view, body=body)


@router.patch(
    "/participants/{participant_id}/timetable/sessions/{session_id}",
    response_model=schemas.SessionPublic,
    summary="Change a session's times (or its last day)",
    description="Published as `helhet.timetable_session.changed.v1`. The same refusals as "
    "adding one, and nothing is written on a refusal: an overlap with another of the "
    "participant's sessions is 409 `session-overlaps`, an end not after the start 422 "
    "`time-span-invalid`, a last day before the first 422 `period-not-a-span`; an empty "
    "change 422 `nothing-to-change`.",
    responses=PROBLEMS,
)
async def change_session(
    participant_id: UUID, session_id: UUID, body: schemas.SessionChange, run: StaffCreate
) -> Any:
    if body.starts is None and body.ends is None and body.valid_to is None:
        raise Invalid("Name new times or a new last day.", code="nothing-to-change")
    command = commands.ChangeSession(
        caller=caller_of(run.principal),
        participant_id=participant_id,
        session_id=session_id,
        starts=body.starts,
        ends=body.ends,
        valid_to=body.valid_to,
    )
    return await run(handlers.change_session, command, view=session_view, body=body)


@router.post(
    "/participants/{participant_id}/timetable/sessions/{session_id}/end",
    response_model=schemas.SessionPublic,
    summary="End a session: its last day",
    description="Published as `helhet.timetable_session.ended.v1`. A last day before the "
    "session's first is 422 `period-not-a-span`, nothing written.",
    responses=PROBLEMS,
)
async def end_session(
    participant_id: UUID, session_id: UUID, body: schemas.SessionEnd, run: StaffCreate
) -> Any:
    command = commands.EndSession(
        caller=caller_of(run.principal),
        participant_id=participant_id,
        session_id=session_id,
        last_day=body.valid_to,
    )
    return await run(handlers.end_session, command, view=session_view, body=body)


def holiday_view(holiday: ParticipantHoliday) -> schemas.HolidayPublic:
    return schemas.HolidayPublic(
        id=holiday.id,
        from_date=holiday.from_date,
        to_date=holiday.to_date,
        weekdays=len(holiday.weekdays),
        recorded_by_agency=holiday.recorded_by_agency,
        recorded_at=holiday.recorded_at,
    )


@router.post(
    "/participants/{participant_id}/timetable/holidays",
    status_code=201,
    response_model=schemas.HolidayPublic,
    summary="Record the participant's own holiday",
    description="Its weekdays count as covered in the full-time check (full time's share "
    "of each). Another holiday of the participant's overlapping it is 409 "
    "`holiday-overlaps`; more than five weeks (25 weekdays) in a calendar year 422 "
    "`holiday-over-five-weeks`; a period that ends before it begins 422 "
    "`period-not-a-span`.",
    responses=PROBLEMS,
)
async def record_holiday(
    participant_id: UUID, body: schemas.HolidayCreate, run: StaffCreate
) -> Any:
    command = commands.RecordHoliday(
        caller=caller_of(run.principal),
        participant_id=participant_id,
        from_date=body.from_date,
        to_date=body.to_date,
    )
    return await run(handlers.record_holiday, command, view=holiday_view, body=body)


@router.get(
    "/participants/{participant_id}/timetable/holidays",
    response_model=schemas.HolidaysPublic,
    summary="The participant's own holidays",
    responses=PROBLEMS,
)
async def list_holidays(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        found = await uow.holidays.of_participant(participant.id)
        return schemas.HolidaysPublic(
            participant_id=participant.id, items=[holiday_view(h) for h in found]
        )

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.get(
    "/participants/{participant_id}/timetable",
    response_model=schemas.TimetablePublic,
    summary="The participant's weekly sessions (paginated)",
    responses=PROBLEMS,
)
async def get_timetable(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    page: PageDep,
    purpose: PurposeHeader = None,
) -> Any:
    async def render(participant: Participant) -> Any:
        found = await uow.sessions.of_participant(
            participant.id, limit=page.limit, offset=page.offset
        )
        return schemas.TimetablePublic(
            participant_id=participant.id,
            heavy_self_study=handlers.heavy_self_study(participant),
            items=[session_view(s) for s in found],
            total=await uow.sessions.count(participant.id),
            limit=page.limit,
            offset=page.offset,
        )

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.get(
    "/participants/{participant_id}/timetable/weeks",
    response_model=schemas.WeeksPublic,
    summary="Each week's hours on the timetable, and whether it is full time",
    description="Weeks from the one holding `from` to the one holding `to`, within the "
    "programme (at most 106). A closure nobody covers takes its sessions' hours off the "
    "week; a covered one does not. `to` before `from` is 422 `period-not-a-span`. "
    "Without `from` and `to`: the last four weeks up to this one.",
    responses=PROBLEMS,
)
async def get_weeks(
    participant_id: UUID,
    principal: Reader,
    uow: UowDep,
    request: Request,
    first: Annotated[
        Day | None,
        Query(alias="from", description="a day of the first week (default: 3 weeks ago)"),
    ] = None,
    last: Annotated[
        Day | None, Query(alias="to", description="a day of the last week (default: today)")
    ] = None,
    purpose: PurposeHeader = None,
) -> Any:
    today = uow.clock.today()
    until = last or today
    since = first or min(until, today) - timedelta(weeks=3)

    async def render(participant: Participant) -> Any:
        weeks = await handlers.weeks_of(uow, participant, since, until)
        return schemas.WeeksPublic(
            participant_id=participant.id,
            heavy_self_study=handlers.heavy_self_study(participant),
            items=[week_view(w) for w in weeks],
        )

    return await read_participant(uow, request, principal, participant_id, purpose, render)


@router.post(
    "/timetable/closures",
    status_code=201,
    response_model=schemas.ClosurePublic,
    summary="Record a provider's holiday or closure, and who covers it",
    description="The sessions of the provider on the closed days stop counting towards "
    "full time unless `covered_by` names the agency that runs them. A period that ends "
    "before it begins is 422 `period-not-a-span`.",
    responses=PROBLEMS,
)
async def record_closure(body: schemas.ClosureCreate, run: StaffCreate) -> Any:
    command = commands.RecordClosure(
        caller=caller_of(run.principal),
        provider_kind=ProviderKind(body.provider_kind),
        provider_id=body.provider_id,
        kind=ClosureKind(body.kind),
        from_date=body.from_date,
        to_date=body.to_date,
        covered_by=body.covered_by,
    )
    return await run(handlers.record_closure, command, view=closure_view, body=body)


@router.get(
    "/timetable/closures",
    response_model=schemas.ClosuresPublic,
    summary="The municipality's provider holidays and closures (paginated)",
    responses=PROBLEMS,
)
async def list_closures(principal: StaffReader, uow: UowDep, page: PageDep) -> Any:
    async def read() -> StoredResponse:
        found = await uow.closures.of_municipality(
            principal.municipality, limit=page.limit, offset=page.offset
        )
        body = schemas.ClosuresPublic(
            items=[closure_view(c) for c in found],
            total=await uow.closures.count(principal.municipality),
            limit=page.limit,
            offset=page.offset,
        )
        return StoredResponse(200, as_json(body))

    stored, _ = await execute(uow, read)
    return stored.body


@router.post(
    "/timetable/week-checks",
    status_code=201,
    response_model=schemas.WeekCheckPublic,
    summary="Check a week for every participant in a programme, and announce the checks",
    description="By the programme owner (the refugee service); the job "
    "`plan-service check-timetable-weeks` does the same each Monday for the week before. "
    "Each check that says something new is published as "
    "`helhet.timetable_week.checked.v1`; running it again announces nothing twice. A day "
    "that is not a Monday is 422 `week-start-not-monday`.",
    responses=PROBLEMS,
)
async def check_week(body: schemas.WeekCheckCreate, run: Create) -> Any:
    command = commands.CheckWeek(caller=caller_of(run.principal), week_start=body.week_start)

    def view(checks: list[WeekCheck]) -> schemas.WeekCheckPublic:
        return schemas.WeekCheckPublic(
            week_start=body.week_start,
            announced=len(checks),
            below_full_time=sum(1 for c in checks if not c.week.full_time),
        )

    return await run(handlers.check_week_of_municipality, command, view=view, body=body)
