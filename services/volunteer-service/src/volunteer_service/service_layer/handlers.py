"""Command handlers: ``async def handler(command, uow) -> result``, one per command.

A handler loads aggregates through the unit of work's repositories (scoped to the
caller's municipality: another municipality's resource is simply not found), applies
the domain rule, and stores the result. It neither commits nor tracks: the command
runner commits, and the repositories have recorded whatever they handed out, so the
events the aggregates record reach the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from helhet_common.domain_errors import Invalid
from helhet_common.ids import uuid7
from volunteer_service.domain import consent, vetting
from volunteer_service.domain.activities import Activity, Attendance, Schedule
from volunteer_service.domain.codes import KEEP, EndReason
from volunteer_service.domain.matches import Match
from volunteer_service.domain.organisations import Organisation
from volunteer_service.domain.volunteers import CONTACT_DETAILS, Volunteer
from volunteer_service.service_layer import commands
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork


@dataclass(frozen=True)
class RecordedAttendance:
    """One session's attendance as recorded: the answer to ``record_attendance``."""

    activity: Activity
    attended_on: date
    entries: list[Attendance]


async def _known_organisation(
    uow: VolunteerUnitOfWork, organisation_id: UUID | None, municipality: str
) -> None:
    """A body's reference to an organisation: unknown is invalid input, not a 404; a
    deactivated organisation takes no new volunteers or activities. The organisation's row
    is share-locked, so its deactivation cannot slip in between."""
    if organisation_id is None:
        return
    organisation = await uow.organisations.referenced(organisation_id, municipality=municipality)
    if organisation is None:
        raise Invalid("No such organisation in your municipality.", code="unknown-organisation")
    if not organisation.active:
        raise Invalid(
            "The organisation is deactivated: it takes no new volunteers or activities.",
            code="organisation-deactivated",
        )


async def _consent_in_force(
    uow: VolunteerUnitOfWork, participant_id: UUID, volunteer: Volunteer, today: date
) -> bool:
    return consent.in_force_for(
        await uow.participants.consents(participant_id),
        volunteer_id=volunteer.id,
        organisation_id=volunteer.organisation_id,
        day=today,
    )


# -- organisations and volunteers ----------------------------------------------------------


async def register_organisation(
    command: commands.RegisterOrganisation, uow: VolunteerUnitOfWork
) -> Organisation:
    organisation = Organisation.register(
        organisation_id=uuid7(),
        municipality=command.municipality,
        name=command.name,
        kind=command.kind,
        offers=command.offers,
        contacts=command.contacts,
        description=command.description,
    )
    await uow.organisations.add(organisation)
    return organisation


async def update_organisation(
    command: commands.UpdateOrganisation, uow: VolunteerUnitOfWork
) -> Organisation:
    organisation = await uow.organisations.get(
        command.organisation_id, municipality=command.municipality
    )
    organisation.update(
        expected_version=command.expected_version,
        name=command.name,
        offers=command.offers,
        contacts=command.contacts,
        description=command.description,
    )
    await uow.organisations.save(organisation)
    return organisation


async def deactivate_organisation(
    command: commands.DeactivateOrganisation, uow: VolunteerUnitOfWork
) -> Organisation:
    organisation = await uow.organisations.get(
        command.organisation_id, municipality=command.municipality
    )
    organisation.deactivate(expected_version=command.expected_version, today=uow.clock.today())
    await uow.organisations.save(organisation)
    return organisation


async def register_volunteer(
    command: commands.RegisterVolunteer, uow: VolunteerUnitOfWork
) -> Volunteer:
    day = uow.clock.today()
    await _known_organisation(uow, command.organisation_id, command.municipality)
    volunteer = Volunteer.register(
        volunteer_id=uuid7(),
        municipality=command.municipality,
        kind=command.kind,
        organisation_id=command.organisation_id,
        languages=command.languages,
        skills=command.skills,
        interests=command.interests,
        availability=command.availability,
        roles=command.roles,
        max_matches=command.max_matches,
        bridge=command.bridge,
        personal=command.personal,
        today=day,
        trainings=command.trainings,
    )
    await uow.volunteers.add(volunteer)
    return volunteer


async def update_volunteer(
    command: commands.UpdateVolunteer, uow: VolunteerUnitOfWork
) -> Volunteer:
    volunteer = await uow.volunteers.get(command.volunteer_id, municipality=command.municipality)
    if command.organisation_id is not KEEP and command.organisation_id != volunteer.organisation_id:
        await _known_organisation(uow, command.organisation_id, command.municipality)
    volunteer.update(
        expected_version=command.expected_version,
        languages=command.languages,
        skills=command.skills,
        interests=command.interests,
        availability=command.availability,
        roles=command.roles,
        max_matches=command.max_matches,
        organisation_id=command.organisation_id,
        contact=command.contact,
    )
    await uow.volunteers.save(volunteer)
    return volunteer


async def _save_ended(uow: VolunteerUnitOfWork, ended: list[Match]) -> None:
    for match in ended:
        await uow.matches.save(match)


async def deactivate_volunteer(
    command: commands.DeactivateVolunteer, uow: VolunteerUnitOfWork
) -> Volunteer:
    # Locked like a proposal locks it: no match can be proposed while this runs.
    volunteer = await uow.volunteers.get(
        command.volunteer_id, municipality=command.municipality, lock=True
    )
    ended = volunteer.deactivate(
        expected_version=command.expected_version,
        reason=command.reason,
        open_matches=await uow.matches.open_of_volunteer(volunteer.id, lock=True),
        today=uow.clock.today(),
    )
    await uow.volunteers.save(volunteer)
    await _save_ended(uow, ended)
    return volunteer


async def erase_volunteer(command: commands.EraseVolunteer, uow: VolunteerUnitOfWork) -> Volunteer:
    volunteer = await uow.volunteers.get(
        command.volunteer_id, municipality=command.municipality, lock=True
    )
    ended = volunteer.erase(
        expected_version=command.expected_version,
        open_matches=await uow.matches.open_of_volunteer(volunteer.id, lock=True),
        today=uow.clock.today(),
    )
    await uow.volunteers.save(volunteer)
    await _save_ended(uow, ended)
    await uow.volunteers.erase_stored_responses(volunteer, fields=CONTACT_DETAILS)
    return volunteer


async def record_police_certificate_seen(
    command: commands.RecordPoliceCertificateSeen, uow: VolunteerUnitOfWork
) -> Volunteer:
    volunteer = await uow.volunteers.get(command.volunteer_id, municipality=command.municipality)
    volunteer.record_certificate_seen(
        vetting.CertificateSeen(
            seen_on=command.seen_on, seen_by=command.seen_by, grounds=command.grounds
        ),
        today=uow.clock.today(),
    )
    await uow.volunteers.save(volunteer)
    return volunteer


async def record_training(command: commands.RecordTraining, uow: VolunteerUnitOfWork) -> Volunteer:
    volunteer = await uow.volunteers.get(command.volunteer_id, municipality=command.municipality)
    volunteer.record_training(command.code, command.completed_on, today=uow.clock.today())
    await uow.volunteers.save(volunteer)
    return volunteer


# -- activities and attendance -------------------------------------------------------------


async def create_activity(command: commands.CreateActivity, uow: VolunteerUnitOfWork) -> Activity:
    await _known_organisation(uow, command.organisation_id, command.municipality)
    activity = Activity.create(
        id=uuid7(),
        municipality=command.municipality,
        organisation_id=command.organisation_id,
        title=command.title,
        kind=command.kind,
        description=command.description,
        target_groups=command.target_groups,
        interests=command.interests,
        languages=command.languages,
        locals_take_part=command.locals_take_part,
        schedule=Schedule(
            recurrence=command.recurrence,
            weekday=command.weekday,
            start_time=command.start_time,
            end_time=command.end_time,
            starts_on=command.starts_on,
            ends_on=command.ends_on,
        ),
        place=command.place,
        cost_nok=command.cost_nok,
        fee_support_available=command.fee_support_available,
        counts_as_programme_hours=command.counts_as_programme_hours,
    )
    if command.publish:
        activity.publish(today=uow.clock.today())
    await uow.activities.add(activity)
    return activity


async def update_activity(command: commands.UpdateActivity, uow: VolunteerUnitOfWork) -> Activity:
    activity = await uow.activities.get(
        command.activity_id, municipality=command.municipality, lock=True
    )
    organisation_id = command.changes.organisation_id
    if organisation_id is not KEEP and organisation_id != activity.organisation_id:
        await _known_organisation(uow, organisation_id, command.municipality)
    activity.update(
        expected_version=command.expected_version,
        attended_on=await uow.activities.attended_on(activity.id),
        changes=command.changes,
    )
    await uow.activities.save(activity)
    return activity


async def cancel_activity(command: commands.CancelActivity, uow: VolunteerUnitOfWork) -> Activity:
    # Locked, as attendance locks it: no attendance slips in beside the cancellation.
    activity = await uow.activities.get(
        command.activity_id, municipality=command.municipality, lock=True
    )
    activity.cancel(
        expected_version=command.expected_version, reason=command.reason, today=uow.clock.today()
    )
    await uow.activities.save(activity)
    return activity


async def publish_activity(command: commands.PublishActivity, uow: VolunteerUnitOfWork) -> Activity:
    activity = await uow.activities.get(command.activity_id, municipality=command.municipality)
    activity.publish(today=uow.clock.today())
    await uow.activities.save(activity)
    return activity


async def record_attendance(
    command: commands.RecordAttendance, uow: VolunteerUnitOfWork
) -> RecordedAttendance:
    activity = await uow.activities.get(
        command.activity_id, municipality=command.municipality, lock=True
    )
    ids = [e.participant_id for e in command.entries]
    known = await uow.participants.known(ids, municipality=command.municipality)
    unknown = sorted(set(ids) - known, key=str)
    if unknown:
        raise Invalid(
            "Attendance is recorded for participants of your municipality only.",
            code="unknown-participant",
            participant_ids=[str(i) for i in unknown],
        )
    recorded = activity.record_attendance(
        command.attended_on, command.entries, today=uow.clock.today()
    )
    await uow.activities.add_attendance(
        activity, command.attended_on, recorded, command.recorded_by
    )
    return RecordedAttendance(activity=activity, attended_on=command.attended_on, entries=recorded)


# -- matches -------------------------------------------------------------------------------


async def propose_match(command: commands.ProposeMatch, uow: VolunteerUnitOfWork) -> Match:
    day = uow.clock.today()
    task = vetting.TaskRequirements(
        role=command.role,
        setting=command.setting,
        involves_minors=command.involves_minors,
        involves_developmental_disabilities=command.involves_developmental_disabilities,
    )
    vetting.check_demand(task, demands_certificate=command.demands_police_certificate)
    # The volunteer's row is locked: two proposals at once cannot both take the last place.
    volunteer = await uow.volunteers.get(
        command.volunteer_id, municipality=command.municipality, lock=True
    )
    profile = await uow.participants.get(command.participant_id, municipality=command.municipality)
    match = Match.propose(
        match_id=uuid7(),
        volunteer=volunteer,
        participant_id=profile.participant_id,
        participant_household=profile.household_type,
        task=task,
        consent_in_force=await _consent_in_force(uow, profile.participant_id, volunteer, day),
        open_matches_of_volunteer=await uow.matches.open_of_volunteer(volunteer.id),
        today=day,
    )
    await uow.matches.add(match)
    return match


async def accept_match(command: commands.AcceptMatch, uow: VolunteerUnitOfWork) -> Match:
    day = uow.clock.today()
    match = await uow.matches.get(command.match_id, municipality=command.municipality)
    volunteer = await uow.volunteers.get(match.volunteer_id, municipality=command.municipality)
    match.accept(
        command.party,
        consent_in_force=await _consent_in_force(uow, match.participant_id, volunteer, day),
        today=day,
    )
    await uow.matches.save(match)
    return match


async def end_match(command: commands.EndMatch, uow: VolunteerUnitOfWork) -> Match:
    match = await uow.matches.get(command.match_id, municipality=command.municipality)
    match.end(command.reason, today=uow.clock.today())
    await uow.matches.save(match)
    return match


async def end_uncovered_matches(
    command: commands.EndUncoveredMatches, uow: VolunteerUnitOfWork
) -> list[Match]:
    """The participant's open matches that no consent in force on the day of the
    withdrawal covers end (``consent_withdrawn``), never before they were proposed."""
    ended = []
    for match in await uow.matches.open_of_participant(command.participant_id):
        volunteer = await uow.volunteers.get(match.volunteer_id, municipality=match.municipality)
        if consent.in_force_for(
            command.consents,
            volunteer_id=match.volunteer_id,
            organisation_id=volunteer.organisation_id,
            day=command.withdrawn_on,
        ):
            continue
        match.end(command.reason, today=max(command.withdrawn_on, match.proposed_on))
        await uow.matches.save(match)
        ended.append(match)
    return ended


async def end_matches_of_moved(
    command: commands.EndMatchesOfMoved, uow: VolunteerUnitOfWork
) -> list[Match]:
    """The participant moved away: their open matches end on the day of the move
    (``participant_moved``), never before they were proposed."""
    ended = []
    for match in await uow.matches.open_of_participant(command.participant_id):
        match.end(EndReason.PARTICIPANT_MOVED, today=max(command.moved_on, match.proposed_on))
        await uow.matches.save(match)
        ended.append(match)
    return ended


async def end_matches_of_exited(
    command: commands.EndMatchesOfExited, uow: VolunteerUnitOfWork
) -> list[Match]:
    """The participant's programme ended: their open matches end that day
    (``programme_ended``), never before they were proposed."""
    ended = []
    for match in await uow.matches.open_of_participant(command.participant_id):
        match.end(EndReason.PROGRAMME_ENDED, today=max(command.ended_on, match.proposed_on))
        await uow.matches.save(match)
        ended.append(match)
    return ended


async def erase_participant(command: commands.EraseParticipant, uow: VolunteerUnitOfWork) -> None:
    """plan-service erased the participant: their matches, their attendance, their
    profile, consents and sharing bases, and the stored responses that show them are
    deleted (a volunteer's open matches count one fewer). A second erasure finds nothing
    left to delete."""
    await uow.matches.delete_of_participant(command.participant_id)
    await uow.activities.delete_attendance_of(command.participant_id)
    await uow.participants.erase(
        command.participant_id,
        erased_on=command.erased_on,
        reason=command.reason,
        now=uow.clock.now(),
    )
