"""Edits, deactivation, erasure and cancellation: the domain rules."""

from __future__ import annotations

from datetime import date, time, timedelta
from uuid import uuid4

import pytest

from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from volunteer_service import contracts
from volunteer_service.domain import events, suggestions
from volunteer_service.domain.activities import ActivityChanges, Attendance
from volunteer_service.domain.codes import (
    KEEP,
    ActivityStatus,
    CancellationReason,
    DeactivationReason,
    EndReason,
    MatchStatus,
    OrganisationKind,
    Role,
    Setting,
    VolunteerKind,
)
from volunteer_service.domain.matches import Match
from volunteer_service.domain.organisations import Organisation
from volunteer_service.domain.vetting import TaskRequirements
from volunteer_service.domain.volunteers import Volunteer

from .builders import TODAY, activity, bridge_builder, profile, volunteer


def organisation() -> Organisation:
    return Organisation.register(
        organisation_id=uuid4(),
        municipality="3403",
        name="Frivilligsentralen",
        kind=OrganisationKind.VOLUNTEER_CENTRE,
        offers=[Role.GUIDE],
        contacts=[{"name": "Kari"}],
    )


def open_match(v: Volunteer, *, proposed_on: date = TODAY) -> Match:
    return Match(
        id=uuid4(),
        municipality=v.municipality,
        participant_id=uuid4(),
        volunteer_id=v.id,
        role=Role.GUIDE,
        setting=Setting.EVERYDAY,
        involves_minors=False,
        involves_developmental_disabilities=False,
        proposed_on=proposed_on,
    )


def code_of(excinfo: pytest.ExceptionInfo[Exception]) -> str:
    return str(getattr(excinfo.value, "code", ""))


# -- organisations ---------------------------------------------------------------------------


def test_an_organisation_changes_only_what_is_given_and_moves_its_version() -> None:
    o = organisation()
    o.update(expected_version=1, name="Hamar frivilligsentral", offers=[Role.MENTOR, Role.MENTOR])
    assert (o.name, o.offers, o.contacts, o.version) == (
        "Hamar frivilligsentral",
        (Role.MENTOR,),
        ({"name": "Kari"},),
        2,
    )


def test_an_organisation_change_based_on_an_old_version_is_stale() -> None:
    o = organisation()
    o.update(expected_version=1, name="A")
    with pytest.raises(StaleVersion) as stale:
        o.update(expected_version=1, name="B")
    assert stale.value.current == 2
    assert o.name == "A"


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"contacts": []}, "contact-person-required"), ({}, "no-changes")],
)
def test_an_organisation_keeps_its_rules(changes: dict[str, object], code: str) -> None:
    o = organisation()
    with pytest.raises(Invalid) as refused:
        o.update(expected_version=1, **changes)  # type: ignore[arg-type]
    assert code_of(refused) == code
    assert o.version == 1


def test_a_deactivated_organisation_is_not_changed_or_deactivated_again() -> None:
    o = organisation()
    o.deactivate(expected_version=1, today=TODAY)
    assert (o.active, o.deactivated_on, o.version) == (False, TODAY, 2)
    with pytest.raises(Conflict) as changed:
        o.update(expected_version=2, name="B")
    assert code_of(changed) == "organisation-deactivated"
    with pytest.raises(Conflict) as again:
        o.deactivate(expected_version=2, today=TODAY)
    assert code_of(again) == "organisation-already-deactivated"


# -- volunteers ------------------------------------------------------------------------------


def test_a_volunteer_update_changes_the_profile_and_contact_details() -> None:
    v = volunteer(personal={"name": "Ola", "phone": "+47 900 00 000"})
    v.update(
        expected_version=1,
        languages=["no", "ar"],
        roles=[Role.MENTOR],
        contact={"phone": None, "email": "ola@example.org"},
        organisation_id=None,
    )
    assert v.languages == ("no", "ar")
    assert v.roles == (Role.MENTOR,)
    assert v.personal == {"name": "Ola", "email": "ola@example.org"}
    assert v.version == 2
    # Nothing is published for an edit: the registration says what it said then.
    assert v.events == [
        events.VolunteerRegistered(
            volunteer_id=v.id,
            kind=VolunteerKind.VOLUNTEER,
            organisation_id=None,
            roles=(Role.GUIDE,),
            languages=("no", "en"),
            engagement=None,
            registered_on=TODAY,
        )
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"roles": [Role.BRIDGE_BUILDER]}, "bridge-builder-role"),
        ({"roles": []}, "roles-required"),
        ({"max_matches": 11}, "max-matches"),
        ({"availability": ["nights"]}, "availability"),
        ({"contact": {"name": None}}, "name-required"),
        ({}, "no-changes"),
    ],
)
def test_a_volunteer_update_keeps_the_registration_rules(
    changes: dict[str, object], code: str
) -> None:
    v = volunteer()
    before = (v.roles, v.max_matches, v.availability, dict(v.personal))
    with pytest.raises(Invalid) as refused:
        v.update(expected_version=1, **changes)  # type: ignore[arg-type]
    assert code_of(refused) == code
    assert (v.roles, v.max_matches, v.availability, v.personal, v.version) == (*before, 1)


def test_a_bridge_builder_stays_bilingual() -> None:
    b = bridge_builder()
    with pytest.raises(Invalid) as refused:
        b.update(expected_version=1, languages=["no"])
    assert code_of(refused) == "bridge-builder-bilingual"


def test_a_volunteer_change_based_on_an_old_version_is_stale() -> None:
    v = volunteer()
    with pytest.raises(StaleVersion) as stale:
        v.update(expected_version=3, skills=["driving"])
    assert stale.value.current == 1


def test_deactivation_ends_the_open_matches_and_is_published_without_personal_data() -> None:
    v = volunteer(personal={"name": "Ola Hansen"})
    v.events.clear()
    early = open_match(v, proposed_on=TODAY + timedelta(days=2))
    active = open_match(v)
    active.status = MatchStatus.ACTIVE
    ended = v.deactivate(
        expected_version=1,
        reason=DeactivationReason.MOVED,
        open_matches=[early, active],
        today=TODAY,
    )
    assert ended == [early, active]
    assert all(m.end_reason is EndReason.VOLUNTEER_LEFT for m in ended)
    assert early.ended_on == early.proposed_on  # never before it was proposed
    assert (v.active, v.deactivated_on, v.deactivation_reason, v.version) == (
        False,
        TODAY,
        DeactivationReason.MOVED,
        2,
    )
    assert v.events == [
        events.VolunteerDeactivated(
            volunteer_id=v.id,
            kind=VolunteerKind.VOLUNTEER,
            organisation_id=None,
            deactivated_on=TODAY,
            reason=DeactivationReason.MOVED,
            matches_ended=2,
        )
    ]
    (published,) = contracts.translate(v.events[0])
    assert published.model_dump()["reason"] == "moved"
    assert published.model_dump()["matches_ended"] == 2
    assert "Ola" not in published.model_dump_json()
    assert active.events == [
        events.MatchEnded(
            match_id=active.id,
            participant_id=active.participant_id,
            volunteer_id=v.id,
            role=Role.GUIDE,
            ended_on=TODAY,
            reason=EndReason.VOLUNTEER_LEFT,
            was_started=False,
        )
    ]
    (match_ended,) = contracts.translate(active.events[0])
    assert match_ended.model_dump()["reason"] == "volunteer_left"


def test_a_deactivated_volunteer_is_not_matched_suggested_or_changed() -> None:
    v = volunteer(languages=["no", "ti"])
    v.deactivate(
        expected_version=1, reason=DeactivationReason.STOPPED, open_matches=[], today=TODAY
    )
    with pytest.raises(Conflict) as refused:
        Match.propose(
            match_id=uuid4(),
            volunteer=v,
            participant_id=uuid4(),
            participant_household="single",
            task=TaskRequirements(role=Role.GUIDE),
            consent_in_force=True,
            open_matches_of_volunteer=[],
            today=TODAY,
        )
    assert code_of(refused) == "volunteer-deactivated"
    assert suggestions.suggest_volunteers(profile(), [v]) == []
    with pytest.raises(Conflict) as changed:
        v.update(expected_version=2, skills=["driving"])
    assert code_of(changed) == "volunteer-deactivated"
    with pytest.raises(Conflict) as twice:
        v.deactivate(
            expected_version=2, reason=DeactivationReason.OTHER, open_matches=[], today=TODAY
        )
    assert code_of(twice) == "volunteer-already-deactivated"


def test_erasure_removes_personal_data_keeps_codes_and_deactivates() -> None:
    v = volunteer(personal={"name": "Ola", "phone": "+47 900 00 000"}, languages=["no", "ti"])
    v.events.clear()
    match = open_match(v)
    ended = v.erase(expected_version=1, open_matches=[match], today=TODAY)
    assert ended == [match]
    assert v.personal == {}
    assert (v.languages, v.registered_on, v.erased_on) == (("no", "ti"), TODAY, TODAY)
    assert (v.active, v.deactivation_reason) == (False, DeactivationReason.ERASURE_REQUESTED)
    assert v.version == 2
    (published,) = contracts.translate(v.events[0])
    assert published.model_dump()["reason"] == "erasure_requested"
    with pytest.raises(Conflict) as twice:
        v.erase(expected_version=2, open_matches=[], today=TODAY)
    assert code_of(twice) == "volunteer-already-erased"


def test_erasing_a_deactivated_volunteer_keeps_the_first_reason_and_publishes_nothing() -> None:
    v = volunteer()
    v.deactivate(expected_version=1, reason=DeactivationReason.MOVED, open_matches=[], today=TODAY)
    v.events.clear()
    v.erase(expected_version=2, open_matches=[], today=TODAY + timedelta(days=30))
    assert (v.deactivated_on, v.deactivation_reason) == (TODAY, DeactivationReason.MOVED)
    assert v.events == []
    assert v.personal == {}


# -- activities ------------------------------------------------------------------------------


def test_an_activity_update_keeps_the_schedule_rules() -> None:
    a = activity()
    with pytest.raises(Invalid) as refused:
        a.update(expected_version=1, attended_on=set(), changes=ActivityChanges(end_time=time(17)))
    assert code_of(refused) == "times-out-of-order"
    assert (a.schedule.end_time, a.version) == (time(20), 1)
    a.update(
        expected_version=1,
        attended_on=set(),
        changes=ActivityChanges(place="Kulturhuset", start_time=time(17), ends_on=None),
    )
    assert (a.place, a.schedule.start_time, a.version) == ("Kulturhuset", time(17), 2)


def test_an_activity_update_keeps_recorded_attendance_within_the_rules() -> None:
    a = activity(counts_as_programme_hours=True)
    attended = {date(2026, 10, 1)}
    with pytest.raises(Conflict) as outside:
        a.update(
            expected_version=1,
            attended_on=attended,
            changes=ActivityChanges(starts_on=date(2026, 10, 8)),
        )
    assert code_of(outside) == "attendance-outside-schedule"
    with pytest.raises(Conflict) as counted:
        a.update(
            expected_version=1,
            attended_on=attended,
            changes=ActivityChanges(counts_as_programme_hours=False),
        )
    assert code_of(counted) == "attendance-recorded"
    with pytest.raises(Invalid) as nothing:
        a.update(expected_version=1, attended_on=attended, changes=ActivityChanges())
    assert code_of(nothing) == "no-changes"
    with pytest.raises(StaleVersion):
        a.update(expected_version=2, attended_on=attended, changes=ActivityChanges(place="X"))


def test_a_cancelled_activity_takes_no_attendance_and_is_not_suggested() -> None:
    a = activity()
    assert suggestions.score_activity(profile(), a, TODAY) is not None
    a.cancel(expected_version=1, reason=CancellationReason.NO_VENUE, today=TODAY)
    assert (a.status, a.cancelled_on, a.version) == (ActivityStatus.CANCELLED, TODAY, 2)
    assert suggestions.score_activity(profile(), a, TODAY) is None
    with pytest.raises(Conflict) as attendance:
        a.record_attendance(date(2026, 11, 19), [Attendance(uuid4(), True)], today=TODAY)
    assert code_of(attendance) == "activity-cancelled"
    for change in (
        lambda: a.publish(today=TODAY),
        lambda: a.update(expected_version=2, attended_on=set(), changes=ActivityChanges(place="X")),
    ):
        with pytest.raises(Conflict) as refused:
            change()
        assert code_of(refused) == "activity-cancelled"
    with pytest.raises(Conflict) as twice:
        a.cancel(expected_version=2, reason=CancellationReason.OTHER, today=TODAY)
    assert code_of(twice) == "activity-already-cancelled"
    (published,) = contracts.translate(a.events[-1])
    assert published.model_dump()["reason"] == "no_venue"
    assert published.model_dump()["was_published"] is True


def test_keep_is_not_a_value() -> None:
    assert ActivityChanges().given() == {}
    assert ActivityChanges(ends_on=None).given() == {"ends_on": None}
    assert KEEP is not None
