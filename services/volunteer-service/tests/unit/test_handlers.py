"""Every command handler, through the fake unit of work (no database, no broker).

The tier between the domain's unit tests and the API's integration tests: a handler
loads through the repositories, applies the rule with the pinned clock's today, stores,
and what its events say is what the outbox would get on commit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from uuid import UUID, uuid4

import pytest

from helhet_common.clock import FixedClock
from helhet_common.domain_errors import Conflict, Invalid, NotFound, StaleVersion
from helhet_common.testing.guards import handlers_without_a_test
from volunteer_service.domain import events
from volunteer_service.domain.activities import ActivityChanges, Attendance
from volunteer_service.domain.codes import (
    ActivityKind,
    ActivityStatus,
    CancellationReason,
    DeactivationReason,
    EndReason,
    MatchStatus,
    OrganisationKind,
    Party,
    Recurrence,
    Role,
    Setting,
    TargetGroup,
    VolunteerKind,
    Vulnerable,
)
from volunteer_service.domain.volunteers import CONTACT_DETAILS, Volunteer
from volunteer_service.service_layer import commands, handlers

from .builders import HAMAR, TODAY, activity, consent_to, match, organisation, profile, volunteer
from .fakes import FakeVolunteerUnitOfWork

GJOVIK = "3407"
THURSDAY = date(2026, 11, 19)  # a session of the builders' Thursday café, before TODAY


@pytest.fixture
def uow() -> FakeVolunteerUnitOfWork:
    return FakeVolunteerUnitOfWork(clock=FixedClock(TODAY))


def stored_volunteer(uow: FakeVolunteerUnitOfWork, **changes: object) -> Volunteer:
    return uow.volunteers.put(volunteer(**changes))


# -- organisations ----------------------------------------------------------------------------


async def test_register_organisation_stores_it_and_publishes_nothing(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    command = commands.RegisterOrganisation(
        municipality=HAMAR,
        name="Hamar Røde Kors",
        kind=OrganisationKind.RED_CROSS,
        offers=(Role.GUIDE, Role.GUIDE),
        contacts=({"name": "Kari"},),
        description="",
    )
    registered = await uow.run(handlers.register_organisation, command)
    assert uow.organisations.stored(registered.id).offers == (Role.GUIDE,)
    assert (uow.commits, uow.events) == (1, [])


async def test_update_organisation_is_based_on_the_version_seen(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    o = uow.organisations.put(organisation())

    def rename(name: str) -> commands.UpdateOrganisation:
        return commands.UpdateOrganisation(
            organisation_id=o.id, municipality=HAMAR, expected_version=1, name=name
        )

    await uow.run(handlers.update_organisation, rename("Hamar frivilligsentral"))
    assert (uow.organisations.stored(o.id).name, uow.organisations.stored(o.id).version) == (
        "Hamar frivilligsentral",
        2,
    )
    with pytest.raises(StaleVersion) as stale:
        await uow.run(handlers.update_organisation, rename("Other"))
    assert stale.value.details == {"current_version": 2}
    assert uow.organisations.stored(o.id).name == "Hamar frivilligsentral"


async def test_deactivate_organisation_is_dated_by_the_clock(uow: FakeVolunteerUnitOfWork) -> None:
    o = uow.organisations.put(organisation())
    command = commands.DeactivateOrganisation(
        organisation_id=o.id, municipality=HAMAR, expected_version=1
    )
    await uow.run(handlers.deactivate_organisation, command)
    assert uow.organisations.stored(o.id).deactivated_on == TODAY


async def test_another_municipalitys_organisation_is_not_found(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    o = uow.organisations.put(organisation())
    command = commands.DeactivateOrganisation(
        organisation_id=o.id, municipality=GJOVIK, expected_version=1
    )
    with pytest.raises(NotFound) as missing:
        await uow.run(handlers.deactivate_organisation, command)
    assert missing.value.code == "organisation-not-found"


# -- volunteers -------------------------------------------------------------------------------


def register(**changes: object) -> commands.RegisterVolunteer:
    values: dict[str, object] = dict(
        municipality=HAMAR,
        kind=VolunteerKind.VOLUNTEER,
        organisation_id=None,
        languages=("no", "ti"),
        skills=(),
        interests=("football",),
        availability=("weekend",),
        roles=(Role.GUIDE,),
        max_matches=2,
        bridge=None,
        personal={"name": "Ola Hansen"},
    )
    values.update(changes)
    return commands.RegisterVolunteer(**values)  # type: ignore[arg-type]


async def test_register_volunteer_announces_it_without_personal_data(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    centre = uow.organisations.put(organisation())
    registered = await uow.run(handlers.register_volunteer, register(organisation_id=centre.id))
    assert uow.volunteers.stored(registered.id).personal == {"name": "Ola Hansen"}
    assert uow.events == [
        events.VolunteerRegistered(
            volunteer_id=registered.id,
            kind=VolunteerKind.VOLUNTEER,
            organisation_id=centre.id,
            roles=(Role.GUIDE,),
            languages=("no", "ti"),
            engagement=None,
            registered_on=TODAY,
        )
    ]
    assert "Ola" not in uow.published[0].model_dump_json()


async def test_a_volunteer_needs_an_active_organisation_of_the_municipality(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    elsewhere = uow.organisations.put(organisation(municipality=GJOVIK))
    closed = organisation()
    closed.deactivate(expected_version=1, today=TODAY)
    uow.organisations.put(closed)
    for organisation_id, code in (
        (elsewhere.id, "unknown-organisation"),
        (closed.id, "organisation-deactivated"),
    ):
        with pytest.raises(Invalid) as refused:
            await uow.run(handlers.register_volunteer, register(organisation_id=organisation_id))
        assert refused.value.code == code
    assert (uow.volunteers.all(), uow.events) == ([], [])


async def test_update_volunteer_checks_a_new_organisation(uow: FakeVolunteerUnitOfWork) -> None:
    v = stored_volunteer(uow)
    centre = uow.organisations.put(organisation())

    def move(organisation_id: UUID, version: int) -> commands.UpdateVolunteer:
        return commands.UpdateVolunteer(
            volunteer_id=v.id,
            municipality=HAMAR,
            expected_version=version,
            organisation_id=organisation_id,
            contact={"phone": "+47 900 00 000"},
        )

    await uow.run(handlers.update_volunteer, move(centre.id, 1))
    stored = uow.volunteers.stored(v.id)
    assert (stored.organisation_id, stored.personal["phone"], stored.version) == (
        centre.id,
        "+47 900 00 000",
        2,
    )
    with pytest.raises(Invalid) as refused:
        await uow.run(handlers.update_volunteer, move(uuid4(), 2))
    assert refused.value.code == "unknown-organisation"
    assert uow.events == []  # an edit publishes nothing


async def test_deactivate_volunteer_ends_the_open_matches_in_the_same_commit(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    v = stored_volunteer(uow)
    proposed = uow.matches.put(match(v))
    ended_before = match(v, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED)
    uow.matches.put(ended_before)
    command = commands.DeactivateVolunteer(
        volunteer_id=v.id, municipality=HAMAR, expected_version=1, reason=DeactivationReason.MOVED
    )
    await uow.run(handlers.deactivate_volunteer, command)

    assert uow.matches.stored(proposed.id).end_reason is EndReason.VOLUNTEER_LEFT
    assert uow.matches.stored(ended_before.id).end_reason is EndReason.COMPLETED
    assert uow.events == [
        events.VolunteerDeactivated(
            volunteer_id=v.id,
            kind=VolunteerKind.VOLUNTEER,
            organisation_id=None,
            deactivated_on=TODAY,
            reason=DeactivationReason.MOVED,
            matches_ended=1,
        ),
        events.MatchEnded(
            match_id=proposed.id,
            participant_id=proposed.participant_id,
            volunteer_id=v.id,
            role=Role.GUIDE,
            ended_on=TODAY,
            reason=EndReason.VOLUNTEER_LEFT,
            was_started=False,
        ),
    ]


async def test_erase_volunteer_empties_personal_data_and_the_stored_replies(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    v = stored_volunteer(uow, personal={"name": "Ola", "email": "ola@example.org"})
    command = commands.EraseVolunteer(volunteer_id=v.id, municipality=HAMAR, expected_version=1)
    await uow.run(handlers.erase_volunteer, command)
    stored = uow.volunteers.stored(v.id)
    assert (stored.personal, stored.erased_on) == ({}, TODAY)
    assert stored.deactivation_reason is DeactivationReason.ERASURE_REQUESTED
    assert uow.volunteers.erased_responses == [(v.id, CONTACT_DETAILS)]
    assert [type(e) for e in uow.events] == [events.VolunteerDeactivated]


async def test_record_police_certificate_seen_announces_when_and_for_what(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    v = stored_volunteer(uow)

    def seen(on: date) -> commands.RecordPoliceCertificateSeen:
        return commands.RecordPoliceCertificateSeen(
            volunteer_id=v.id,
            municipality=HAMAR,
            seen_on=on,
            seen_by="coord",
            grounds=frozenset({Vulnerable.MINORS}),
        )

    with pytest.raises(Invalid) as future:
        await uow.run(handlers.record_police_certificate_seen, seen(TODAY + timedelta(days=1)))
    assert future.value.code == "seen-in-future"
    await uow.run(handlers.record_police_certificate_seen, seen(TODAY))
    assert uow.events == [
        events.VolunteerVetted(
            volunteer_id=v.id, seen_on=TODAY, grounds=frozenset({Vulnerable.MINORS})
        )
    ]


async def test_record_training_is_not_in_the_future_by_the_clock() -> None:
    uow = FakeVolunteerUnitOfWork(clock=FixedClock(date(2026, 11, 1)))
    v = stored_volunteer(uow, today=date(2026, 10, 1))

    def training(on: date) -> commands.RecordTraining:
        return commands.RecordTraining(
            volunteer_id=v.id, municipality=HAMAR, code="mentor_course", completed_on=on
        )

    with pytest.raises(Invalid) as future:
        await uow.run(handlers.record_training, training(date(2026, 11, 2)))
    assert future.value.code == "training-in-future"
    await uow.run(handlers.record_training, training(date(2026, 11, 1)))
    assert uow.volunteers.stored(v.id).trainings == {"mentor_course": date(2026, 11, 1)}


# -- activities and attendance ----------------------------------------------------------------


def create(**changes: object) -> commands.CreateActivity:
    values: dict[str, object] = dict(
        municipality=HAMAR,
        organisation_id=None,
        title="Språkkafé",
        kind=ActivityKind.LANGUAGE_CAFE,
        description="",
        target_groups=(TargetGroup.SINGLES, TargetGroup.SINGLES),
        interests=(),
        languages=(),
        locals_take_part=True,
        recurrence=Recurrence.WEEKLY,
        weekday="tue",
        start_time=time(12),
        end_time=time(14),
        starts_on=date(2026, 9, 1),
        ends_on=None,
        place="Hamar bibliotek",
        cost_nok=0,
        fee_support_available=False,
        counts_as_programme_hours=True,
        publish=True,
    )
    values.update(changes)
    return commands.CreateActivity(**values)  # type: ignore[arg-type]


async def test_create_activity_published_at_once_is_announced(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    created = await uow.run(handlers.create_activity, create())
    assert uow.activities.stored(created.id).status is ActivityStatus.PUBLISHED
    assert uow.events == [
        events.ActivityPublished(
            activity_id=created.id,
            organisation_id=None,
            kind=ActivityKind.LANGUAGE_CAFE,
            target_groups=(TargetGroup.SINGLES,),
            locals_take_part=True,
            counts_as_programme_hours=True,
            fee_support_available=False,
            cost_nok=0,
            starts_on=date(2026, 9, 1),
            ends_on=None,
            published_on=TODAY,
        )
    ]


async def test_a_draft_is_announced_when_publish_activity_publishes_it(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    draft = await uow.run(handlers.create_activity, create(publish=False))
    assert uow.events == []
    command = commands.PublishActivity(activity_id=draft.id, municipality=HAMAR)
    await uow.run(handlers.publish_activity, command)
    assert uow.activities.stored(draft.id).published_on == TODAY
    assert [type(e) for e in uow.events] == [events.ActivityPublished]


async def test_update_activity_keeps_counting_once_attendance_is_recorded(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    a = uow.activities.put(activity())
    came = Attendance(participant_id=uuid4(), present=True)
    uow.activities.attendance[(a.id, THURSDAY, came.participant_id)] = came

    def change(**values: object) -> commands.UpdateActivity:
        return commands.UpdateActivity(
            activity_id=a.id,
            municipality=HAMAR,
            expected_version=1,
            changes=ActivityChanges(**values),  # type: ignore[arg-type]
        )

    with pytest.raises(Conflict) as counted:
        await uow.run(handlers.update_activity, change(counts_as_programme_hours=True))
    assert counted.value.code == "attendance-recorded"
    await uow.run(handlers.update_activity, change(place="Kulturhuset"))
    assert uow.activities.stored(a.id).place == "Kulturhuset"


async def test_cancel_activity_says_whether_it_was_published(uow: FakeVolunteerUnitOfWork) -> None:
    a = uow.activities.put(activity())
    command = commands.CancelActivity(
        activity_id=a.id,
        municipality=HAMAR,
        expected_version=1,
        reason=CancellationReason.NO_VENUE,
    )
    await uow.run(handlers.cancel_activity, command)
    assert uow.events == [
        events.ActivityCancelled(
            activity_id=a.id,
            organisation_id=None,
            cancelled_on=TODAY,
            reason=CancellationReason.NO_VENUE,
            was_published=True,
        )
    ]


async def test_record_attendance_once_for_participants_of_the_municipality(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    a = uow.activities.put(activity(counts_as_programme_hours=True))
    here = uow.participants.put(profile()).participant_id
    there = uow.participants.put(profile(municipality=GJOVIK)).participant_id

    def attendance(*participants: UUID) -> commands.RecordAttendance:
        return commands.RecordAttendance(
            activity_id=a.id,
            municipality=HAMAR,
            attended_on=THURSDAY,
            entries=tuple(Attendance(participant_id=p, present=True) for p in participants),
            recorded_by="coord",
        )

    with pytest.raises(Invalid) as unknown:
        await uow.run(handlers.record_attendance, attendance(here, there))
    assert (unknown.value.code, unknown.value.details) == (
        "unknown-participant",
        {"participant_ids": [str(there)]},
    )
    recorded = await uow.run(handlers.record_attendance, attendance(here))
    assert recorded.entries == [Attendance(participant_id=here, present=True, hours=2.0)]
    assert uow.events == [
        events.AttendanceRecorded(
            activity_id=a.id,
            participant_id=here,
            attended_on=THURSDAY,
            present=True,
            hours=2.0,
            counts_as_programme_hours=True,
        )
    ]
    with pytest.raises(Conflict) as twice:
        await uow.run(handlers.record_attendance, attendance(here))
    assert twice.value.code == "attendance-already-recorded"
    assert len(uow.events) == 1


# -- matches ----------------------------------------------------------------------------------


def propose(v: Volunteer, participant_id: UUID) -> commands.ProposeMatch:
    return commands.ProposeMatch(
        municipality=HAMAR,
        participant_id=participant_id,
        volunteer_id=v.id,
        role=Role.GUIDE,
        setting=Setting.EVERYDAY,
        involves_minors=False,
        involves_developmental_disabilities=False,
        demands_police_certificate=False,
    )


async def test_propose_match_needs_the_participants_consent_in_force(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    v = stored_volunteer(uow)
    participant = uow.participants.put(profile()).participant_id
    with pytest.raises(Invalid) as refused:
        await uow.run(handlers.propose_match, propose(v, participant))
    assert refused.value.code == "consent-required"

    uow.participants.granted.append(consent_to(v, participant))
    proposed = await uow.run(handlers.propose_match, propose(v, participant))
    assert uow.events == [
        events.MatchProposed(
            match_id=proposed.id,
            participant_id=participant,
            volunteer_id=v.id,
            volunteer_kind=VolunteerKind.VOLUNTEER,
            role=Role.GUIDE,
            proposed_on=TODAY,
        )
    ]


async def test_a_participant_of_another_municipality_is_not_found(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    v = stored_volunteer(uow)
    participant = uow.participants.put(profile(municipality=GJOVIK)).participant_id
    with pytest.raises(NotFound) as missing:
        await uow.run(handlers.propose_match, propose(v, participant))
    assert missing.value.code == "participant-not-found"


async def test_accept_match_starts_it_when_both_sides_have_accepted(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    v = stored_volunteer(uow)
    m = uow.matches.put(match(v))
    uow.participants.granted.append(consent_to(v, m.participant_id))
    for party in (Party.PARTICIPANT, Party.VOLUNTEER):
        command = commands.AcceptMatch(match_id=m.id, municipality=HAMAR, party=party)
        await uow.run(handlers.accept_match, command)
    assert uow.matches.stored(m.id).status is MatchStatus.ACTIVE
    assert uow.events == [
        events.MatchStarted(
            match_id=m.id,
            participant_id=m.participant_id,
            volunteer_id=v.id,
            role=Role.GUIDE,
            started_on=TODAY,
        )
    ]


async def test_end_match_announces_the_reason(uow: FakeVolunteerUnitOfWork) -> None:
    v = stored_volunteer(uow)
    m = uow.matches.put(match(v))
    command = commands.EndMatch(
        match_id=m.id, municipality=HAMAR, reason=EndReason.PARTICIPANT_DECLINED
    )
    await uow.run(handlers.end_match, command)
    with pytest.raises(Conflict) as twice:
        await uow.run(handlers.end_match, command)
    assert twice.value.code == "match-already-ended"
    assert uow.events == [
        events.MatchEnded(
            match_id=m.id,
            participant_id=m.participant_id,
            volunteer_id=v.id,
            role=Role.GUIDE,
            ended_on=TODAY,
            reason=EndReason.PARTICIPANT_DECLINED,
            was_started=False,
        )
    ]


async def test_end_uncovered_matches_ends_only_what_no_consent_covers(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    """Judged on the day of the withdrawal, never ended before the match was proposed."""
    covered, uncovered = stored_volunteer(uow), stored_volunteer(uow)
    participant = uow.participants.put(profile()).participant_id
    withdrawn_on = TODAY - timedelta(days=10)
    kept = uow.matches.put(match(covered, participant_id=participant))
    ends = uow.matches.put(match(uncovered, participant_id=participant, proposed_on=TODAY))
    withdrawn = consent_to(uncovered, participant, withdrawn_on=withdrawn_on)
    command = commands.EndUncoveredMatches(
        participant_id=participant,
        withdrawn_on=withdrawn_on,
        consents=(consent_to(covered, participant), withdrawn),
    )
    ended = await uow.run(handlers.end_uncovered_matches, command)

    assert [m.id for m in ended] == [ends.id]
    assert uow.matches.stored(kept.id).status is MatchStatus.PROPOSED
    assert uow.events == [
        events.MatchEnded(
            match_id=ends.id,
            participant_id=participant,
            volunteer_id=uncovered.id,
            role=Role.GUIDE,
            ended_on=TODAY,
            reason=EndReason.CONSENT_WITHDRAWN,
            was_started=False,
        )
    ]


async def test_end_matches_of_moved_ends_every_open_match_and_the_participant_is_gone(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    first, second = stored_volunteer(uow), stored_volunteer(uow)
    participant = uow.participants.put(profile()).participant_id
    moved_on = TODAY - timedelta(days=3)
    proposed = uow.matches.put(match(first, participant_id=participant))
    late = uow.matches.put(match(second, participant_id=participant, proposed_on=TODAY))
    command = commands.EndMatchesOfMoved(participant_id=participant, moved_on=moved_on)

    ended = await uow.run(handlers.end_matches_of_moved, command)

    assert sorted(m.id for m in ended) == sorted([proposed.id, late.id])
    assert {(e.reason, e.ended_on) for e in uow.events} == {
        (EndReason.PARTICIPANT_MOVED, max(moved_on, proposed.proposed_on)),
        (EndReason.PARTICIPANT_MOVED, TODAY),  # never before it was proposed
    }
    uow.participants.put(replace(uow.participants.profiles[participant], moved_on=moved_on))
    with pytest.raises(NotFound):
        await uow.participants.get(participant, municipality=HAMAR)


async def test_end_matches_of_exited_ends_every_open_match_and_the_participant_is_gone(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    volunteer = stored_volunteer(uow)
    participant = uow.participants.put(profile()).participant_id
    ended_on = TODAY - timedelta(days=1)
    proposed = uow.matches.put(match(volunteer, participant_id=participant))
    command = commands.EndMatchesOfExited(participant_id=participant, ended_on=ended_on)

    ended = await uow.run(handlers.end_matches_of_exited, command)

    assert [m.id for m in ended] == [proposed.id]
    assert [(e.reason, e.ended_on) for e in uow.events] == [
        (EndReason.PROGRAMME_ENDED, max(ended_on, proposed.proposed_on))
    ]
    assert await uow.run(handlers.end_matches_of_exited, command) == []
    uow.participants.put(replace(uow.participants.profiles[participant], exited_on=ended_on))
    with pytest.raises(NotFound):
        await uow.participants.get(participant, municipality=HAMAR)


async def test_erase_participant_deletes_their_matches_attendance_and_profile(
    uow: FakeVolunteerUnitOfWork,
) -> None:
    volunteer = stored_volunteer(uow)
    participant = uow.participants.put(profile()).participant_id
    other = uow.participants.put(profile()).participant_id
    uow.matches.put(match(volunteer, participant_id=participant))
    kept = uow.matches.put(match(volunteer, participant_id=other))
    command = commands.EraseParticipant(
        participant_id=participant, erased_on=TODAY, reason="retention_expired"
    )

    await uow.run(handlers.erase_participant, command)

    assert [m.id for m in uow.matches.all()] == [kept.id]
    assert participant not in uow.participants.profiles
    assert uow.participants.erased == {participant: (TODAY, "retention_expired")}
    assert uow.events == []  # nothing of theirs is published
    await uow.run(handlers.erase_participant, command)  # again: nothing left, no error


def test_every_handler_has_a_test_here() -> None:
    assert handlers_without_a_test(handlers, __file__) == []
