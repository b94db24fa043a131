"""The demo's year round and end of programme (issue 16): the learning centre's summer
holiday (its first three weeks covered by the refugee service, the rest not), a weekly
timetable for each participant in a programme (one below full time), last
week's check announced, and hand-overs of the recently exited (one acknowledged by NAV,
one still waiting: a gap in reporting). Each step is skipped when already done."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from plan_service.domain.codes import LegalBasis, SharingPurpose
from plan_service.domain.handover import ReceivingKind
from plan_service.domain.participants import Participant
from plan_service.domain.sharing import NAV, REFUGEE_SERVICE, Caller
from plan_service.domain.timetable import ClosureKind, ProviderKind, monday_of
from plan_service.service_layer import commands, handlers, handover, timetable

if TYPE_CHECKING:
    from plan_service.entrypoints.seed import Seeder

LEARNING_CENTRE_ID = "hamar-laeringssenter"
PRACTICE_ID = "hamar-kommune-drift"
NAV_UNIT = "nav-hamar"


async def seed_year(
    seeder: Seeder, caller: Caller, participants: list[Participant], *, months: int = 3
) -> None:
    today = seeder.today
    async with seeder.uow() as uow:
        closures = await uow.closures.of_municipality(caller.municipality, limit=1)
    if not closures:
        await _closures(seeder, caller, today)
    for index, participant in enumerate(participants):
        programme = participant.programme
        if programme is None or participant.moved is not None:
            continue  # not enrolled, or the new municipality's
        if programme.exit is None:
            await _timetable(
                seeder, caller, participant.id, programme.start_date, short=index % 3 == 2
            )
        else:
            await _hand_over(
                seeder, caller, participant.id, programme.exit.end_date, index, months=months
            )
    last_week = monday_of(today) - timedelta(days=7)
    await seeder.run(
        timetable.check_week_of_municipality,
        commands.CheckWeek(caller=caller, week_start=last_week),
    )


async def _closures(seeder: Seeder, caller: Caller, today: date) -> None:
    summer = date(today.year if today.month > 8 else today.year - 1, 6, 22)
    for first, last, covered_by, kind in (
        (summer, summer + timedelta(days=20), REFUGEE_SERVICE, ClosureKind.HOLIDAY),
        (summer + timedelta(days=21), summer + timedelta(days=53), None, ClosureKind.HOLIDAY),
    ):
        await seeder.run(
            timetable.record_closure,
            commands.RecordClosure(
                caller=caller,
                provider_kind=ProviderKind.LEARNING_CENTRE,
                provider_id=LEARNING_CENTRE_ID,
                kind=kind,
                from_date=first,
                to_date=last,
                covered_by=covered_by,
            ),
        )


async def _timetable(
    seeder: Seeder, caller: Caller, participant_id: UUID, start: date, *, short: bool
) -> None:
    """The learning centre 08:00-14:00 on weekdays (30 h) and, unless ``short``, language
    practice 14:30-18:15 on Tuesdays and Thursdays (7.5 h)."""
    async with seeder.uow() as uow:
        if await uow.sessions.count(participant_id):
            return
    slots = [
        (d, ProviderKind.LEARNING_CENTRE, LEARNING_CENTRE_ID, "08:00", "14:00") for d in range(1, 6)
    ]
    if not short:
        slots += [
            (d, ProviderKind.LANGUAGE_PRACTICE, PRACTICE_ID, "14:30", "18:15") for d in (2, 4)
        ]
    for weekday, kind, provider, starts, ends in slots:
        await seeder.run(
            timetable.add_session,
            commands.AddSession(
                caller=caller,
                participant_id=participant_id,
                provider_kind=kind,
                provider_id=provider,
                weekday=weekday,
                starts=time.fromisoformat(starts),
                ends=time.fromisoformat(ends),
                valid_from=start,
            ),
        )


async def _hand_over(
    seeder: Seeder,
    caller: Caller,
    participant_id: UUID,
    ended_on: date,
    index: int,
    *,
    months: int,
) -> None:
    """A hand-over to NAV on the exit day, under a basis for the transition; every other
    one acknowledged by NAV three days later."""
    if seeder.today - ended_on > timedelta(days=120):
        return  # exited long ago: before hand-overs were kept
    async with seeder.uow() as uow:
        if await uow.hand_overs.of_participant(participant_id):
            return
    opened = ended_on - timedelta(days=60)
    await seeder.run(
        handlers.record_sharing_basis,
        commands.RecordSharingBasis(
            caller=caller,
            participant_id=participant_id,
            agency=NAV,
            purpose=SharingPurpose.TRANSITION,
            legal_basis=LegalBasis.INTEGRATION_ACT,
            valid_from=opened,
        ),
        on=opened,
    )
    made = await seeder.run(
        handover.hand_over,
        commands.HandOverParticipant(
            caller=caller,
            participant_id=participant_id,
            months=months,
            receiving_kind=ReceivingKind.NAV,
            receiving_unit_id=NAV_UNIT,
            participant_comment="Jeg ønsker å fortsette med arbeidstrening.",
        ),
        on=ended_on,
    )
    if index % 2:
        return
    nav = Caller(
        sub="seed-nav",
        municipality=caller.municipality,
        agency=NAV,
        roles=frozenset({"caseworker"}),
    )
    await seeder.run(
        handover.acknowledge_hand_over,
        commands.AcknowledgeHandOver(
            caller=nav, participant_id=participant_id, hand_over_id=made.id
        ),
        on=ended_on + timedelta(days=3),
    )
