"""The year-round timetable's commands and reads: a weekly session, a provider's
closure, the weeks of a participant's timetable, and the full-time
check of a week announced for every participant in a programme (docs/timetable.md)."""

from __future__ import annotations

from datetime import date, timedelta

from helhet_common.domain_errors import Conflict, Invalid, NotFound
from helhet_common.ids import uuid7
from plan_service.domain.participants import Participant
from plan_service.domain.timetable import (
    Closure,
    ParticipantHoliday,
    Session,
    Week,
    WeekCheck,
    check_week,
    check_weeks,
)
from plan_service.service_layer import commands
from plan_service.service_layer.access import load_for, require_programme_owner
from plan_service.service_layer.benefit import programme_period
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

MAX_WEEKS = 106  # what one read of the weeks covers: two years


async def add_session(command: commands.AddSession, uow: PlanUnitOfWork) -> Session:
    """A weekly session in the participant's timetable, overlapping none of theirs."""
    participant = await load_for(uow, command.caller, command.participant_id)
    existing = await uow.sessions.of_participant(participant.id, lock=True)
    session = Session.add(
        session_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        provider_kind=command.provider_kind,
        provider_id=command.provider_id,
        weekday=command.weekday,
        starts=command.starts,
        ends=command.ends,
        valid_from=command.valid_from,
        valid_to=command.valid_to,
        existing=existing,
        recorded_by=command.caller.sub,
        recorded_by_agency=command.caller.agency,
        recorded_at=uow.clock.now(),
    )
    await uow.sessions.add(session)
    return session


async def _session_of(uow: PlanUnitOfWork, participant: Participant, session_id: object) -> Session:
    for session in await uow.sessions.of_participant(participant.id, lock=True):
        if session.id == session_id:
            return session
    raise NotFound.of("timetable-session")


async def change_session(command: commands.ChangeSession, uow: PlanUnitOfWork) -> Session:
    """New times (or a new last day) for one of the participant's sessions."""
    participant = await load_for(uow, command.caller, command.participant_id)
    session = await _session_of(uow, participant, command.session_id)
    existing = await uow.sessions.of_participant(participant.id)
    session.change(
        starts=command.starts,
        ends=command.ends,
        valid_to=command.valid_to,
        existing=existing,
        by_agency=command.caller.agency,
    )
    await uow.sessions.save(session)
    return session


async def end_session(command: commands.EndSession, uow: PlanUnitOfWork) -> Session:
    """The last day of one of the participant's sessions."""
    participant = await load_for(uow, command.caller, command.participant_id)
    session = await _session_of(uow, participant, command.session_id)
    session.end(last_day=command.last_day, by_agency=command.caller.agency)
    await uow.sessions.save(session)
    return session


async def record_holiday(
    command: commands.RecordHoliday, uow: PlanUnitOfWork
) -> ParticipantHoliday:
    """The participant's own holiday, at most five weeks a year."""
    participant = await load_for(uow, command.caller, command.participant_id)
    await uow.sessions.of_participant(participant.id, lock=True)  # one writer at a time
    holiday = ParticipantHoliday.record(
        holiday_id=uuid7(),
        participant_id=participant.id,
        municipality=participant.municipality,
        from_date=command.from_date,
        to_date=command.to_date,
        existing=await uow.holidays.of_participant(participant.id),
        recorded_by=command.caller.sub,
        recorded_by_agency=command.caller.agency,
        recorded_at=uow.clock.now(),
    )
    await uow.holidays.add(holiday)
    return holiday


async def record_closure(command: commands.RecordClosure, uow: PlanUnitOfWork) -> Closure:
    """A provider's holiday or closure in the caller's municipality."""
    closure = Closure.record(
        closure_id=uuid7(),
        municipality=command.caller.municipality,
        provider_kind=command.provider_kind,
        provider_id=command.provider_id,
        kind=command.kind,
        from_date=command.from_date,
        to_date=command.to_date,
        covered_by=command.covered_by,
        recorded_by=command.caller.sub,
        recorded_by_agency=command.caller.agency,
        recorded_at=uow.clock.now(),
    )
    await uow.closures.add(closure)
    return closure


def heavy_self_study(participant: Participant) -> bool:
    """The plan's setting: 30 hours a week is full time when self-study is heavy."""
    return participant.plan is not None and participant.plan.heavy_self_study


def _programme_of(participant: Participant) -> tuple[date, date]:
    period = programme_period(participant)
    if period is None:
        raise Conflict(
            "The participant has no programme: there is no week to check.",
            code="no-programme",
        )
    return period


async def weeks_of(
    uow: PlanUnitOfWork, participant: Participant, first: date, last: date
) -> list[Week]:
    """The full-time check of each week from ``first`` to ``last`` within the programme."""
    if last < first:
        raise Invalid("The period ends before it begins.", code="period-not-a-span")
    if (last - first).days > MAX_WEEKS * 7:
        raise Invalid(
            f"At most {MAX_WEEKS} weeks at a time.", code="period-too-long", max_weeks=MAX_WEEKS
        )
    programme = _programme_of(participant)
    sessions = await uow.sessions.of_participant(participant.id)
    closures = await uow.closures.of_municipality(
        participant.municipality, first=first - timedelta(days=7), last=last + timedelta(days=7)
    )
    return check_weeks(
        first,
        last,
        sessions,
        closures,
        programme=programme,
        heavy_self_study=heavy_self_study(participant),
        holidays=await uow.holidays.of_participant(participant.id),
    )


async def check_week_of_municipality(
    command: commands.CheckWeek, uow: PlanUnitOfWork
) -> list[WeekCheck]:
    """Check the week for every participant in a programme during it, and announce each
    check that says something new (``helhet.timetable_week.checked.v1``)."""
    if command.week_start.weekday() != 0:
        raise Invalid("A week begins on a Monday.", code="week-start-not-monday")
    if command.caller is not None:
        require_programme_owner(command.caller)
        municipality = command.caller.municipality
    elif command.municipality is not None:
        municipality = command.municipality
    else:
        raise ValueError("a week check needs a caller or a municipality")
    first, last = command.week_start, command.week_start + timedelta(days=6)
    programmes = await uow.sessions.programmes_during(municipality, first, last)
    ids = [p[0] for p in programmes]
    sessions = await uow.sessions.of_participants(ids)
    closures = await uow.closures.of_municipality(municipality, first=first, last=last)
    heavy = await uow.self_study.heavy_self_study_of(ids)
    holidays = await uow.holidays.of_participants(ids, first, last)
    previous = await uow.week_checks.of_week(ids, first)
    now = uow.clock.now()
    announced: list[WeekCheck] = []
    for participant_id, start, end in programmes:
        week = check_week(
            first,
            sessions[participant_id],
            closures,
            programme=(start, end),
            heavy_self_study=participant_id in heavy,
            holidays=holidays[participant_id],
        )
        before = previous.get(participant_id)
        check = WeekCheck.announce(
            check_id=uuid7(),
            participant_id=participant_id,
            municipality=municipality,
            week=week,
            previous=before,
        )
        if check is not None and await uow.week_checks.store(
            check, replaces=before is not None, at=now
        ):
            announced.append(check)
    return announced
