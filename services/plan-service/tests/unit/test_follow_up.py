"""Following the plan up: reviews with the participant, meetings and their actions,
contact persons with hand-over, and a participant who moved away."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.codes import (
    ActionFilter,
    ActionStatus,
    CefrLevel,
    ExtensionReason,
    MeetingKind,
)
from plan_service.domain.follow_up import Attendee, ContactPerson, assign_contact, current_contacts
from plan_service.domain.participants import Participant

from .builders import (
    PARTICIPANT_ID,
    SETTLED_ON,
    TODAY,
    action,
    contact,
    enrolled,
    exit_,
    leave,
    meeting,
    planned,
    review_values,
    settled,
    update_plan,
)

# Reviews ------------------------------------------------------------------------------


def test_a_review_is_of_the_current_version_and_due_again_six_months_later() -> None:
    participant = planned()

    review = participant.review_plan(**review_values())

    assert review.plan_version == 1
    assert review.next_review_due == date(2027, 5, 20)
    assert participant.next_review_due() == date(2027, 5, 20)
    assert participant.events == [
        events.PlanReviewed(
            participant_id=PARTICIPANT_ID,
            review_id=review.id,
            plan_version=1,
            reviewed_on=date(2026, 11, 20),
            agencies_present=("refugee-service", "learning-centre"),
            nav_present=False,
            participant_acknowledged=True,
            participant_disagrees=False,
            next_review_due=date(2027, 5, 20),
        )
    ]


def test_six_months_after_the_last_day_of_august_is_the_last_day_of_february() -> None:
    participant = planned()

    review = participant.review_plan(**review_values(reviewed_on=date(2026, 8, 31)))

    assert review.next_review_due == date(2027, 2, 28)


def test_the_reviewer_may_set_another_due_date() -> None:
    participant = planned()

    review = participant.review_plan(**review_values(next_review_due=date(2027, 1, 31)))

    assert review.next_review_due == date(2027, 1, 31)


def test_a_plan_never_reviewed_is_due_six_months_after_its_first_version() -> None:
    participant = planned()  # first version on 23 November 2026

    assert participant.last_review is None
    assert participant.next_review_due() == date(2027, 5, 23)
    assert not participant.review_overdue(date(2027, 5, 23))
    assert participant.review_overdue(date(2027, 5, 24))


def test_a_review_recorded_late_does_not_replace_a_later_one() -> None:
    participant = planned()
    latest = participant.review_plan(**review_values(reviewed_on=date(2026, 11, 20)))

    participant.review_plan(**review_values(reviewed_on=date(2026, 6, 1)))

    assert participant.last_review == latest


def test_nav_is_present_when_its_agency_is() -> None:
    participant = planned()

    with_nav = participant.review_plan(**review_values(agencies_present=("refugee-service", "nav")))
    without = participant.review_plan(**review_values())

    assert (with_nav.nav_present, without.nav_present) == (True, False)


def test_a_disagreement_needs_the_municipalitys_written_justification() -> None:
    participant = planned()

    with pytest.raises(Invalid) as refused:
        participant.review_plan(
            **review_values(participant_disagrees=True, municipality_justification="  ")
        )
    review = participant.review_plan(
        **review_values(
            participant_disagrees=True,
            participant_comment="I want to study nursing.",
            municipality_justification="Nursing needs B2; the plan is looked at again in May.",
        )
    )

    assert refused.value.code == "justification-required"
    assert review.participant_disagrees
    assert review.municipality_justification is not None


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reviewed_on": date(2026, 11, 24)}, "review-in-future"),
        ({"reviewed_on": date(2026, 3, 1)}, "review-before-settlement"),
        ({"next_review_due": date(2026, 11, 20)}, "review-due-not-after-review"),
        ({"next_review_due": date(2026, 11, 1)}, "review-due-not-after-review"),
    ],
)
def test_review_dates_are_checked(changes: dict[str, Any], code: str) -> None:
    participant = planned()

    with pytest.raises(Invalid) as refused:
        participant.review_plan(**review_values(**changes))

    assert refused.value.code == code
    assert participant.events == []


def test_a_review_needs_a_plan() -> None:
    with pytest.raises(Conflict) as refused:
        enrolled().review_plan(**review_values())

    assert refused.value.code == "no-plan"


# Meetings and actions ------------------------------------------------------------------


def test_a_meeting_names_each_agency_once_and_records_meeting_held() -> None:
    held = meeting(
        attendees=(
            Attendee("refugee-service", name="Kari"),
            Attendee("nav"),
            Attendee("refugee-service", name="Per"),
        )
    )

    assert held.agencies_present == ("refugee-service", "nav")
    assert held.nav_present
    assert held.events == [
        events.MeetingHeld(
            participant_id=PARTICIPANT_ID,
            meeting_id=held.id,
            kind=MeetingKind.THREE_WAY_TALK,
            held_on=date(2026, 11, 18),
            agencies_present=("refugee-service", "nav"),
            nav_present=True,
        )
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"held_on": date(2026, 11, 24)}, "meeting-in-future"),
        ({"held_on": date(2026, 3, 1)}, "meeting-before-settlement"),
        ({"attendees": ()}, "no-attendees"),
        ({"attendees": (Attendee("police"),)}, "unknown-agency"),
    ],
)
def test_meeting_rules(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(Invalid) as refused:
        meeting(**changes)

    assert refused.value.code == code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"due_date": date(2026, 11, 17)}, "action-due-before-creation"),
        ({"created_on": date(2026, 11, 24), "due_date": date(2026, 12, 1)}, "action-in-future"),
        ({"created_on": date(2026, 3, 1)}, "action-before-settlement"),
        ({"description": "  "}, "description-required"),
        ({"owner_agency": "police"}, "unknown-agency"),
    ],
)
def test_action_rules(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(Invalid) as refused:
        action(**changes)

    assert refused.value.code == code


def test_an_action_is_open_until_done_and_overdue_after_its_due_date() -> None:
    open_action = action()  # due 15 December 2026

    assert open_action.status is ActionStatus.OPEN
    assert not open_action.overdue(date(2026, 12, 15))
    assert open_action.overdue(date(2026, 12, 16))
    assert open_action.matches(ActionFilter.OVERDUE, date(2026, 12, 16))
    assert open_action.matches(ActionFilter.OPEN, date(2026, 12, 16))


@pytest.mark.parametrize("outcome", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_an_action_is_closed_once(outcome: ActionStatus) -> None:
    closing = action()
    closing.events.clear()

    closing.complete(
        outcome=outcome,
        completed_on=TODAY,
        note="Called the employer.",
        completed_by="nav-veileder",
        today=TODAY,
    )

    assert (closing.status, closing.completed_on) == (outcome, TODAY)
    assert not closing.overdue(date(2027, 6, 1))
    assert closing.matches(ActionFilter(outcome.value), TODAY)
    assert closing.events == [
        events.ActionCompleted(
            participant_id=PARTICIPANT_ID, action_id=closing.id, outcome=outcome, completed_on=TODAY
        )
    ]
    with pytest.raises(Conflict) as refused:
        closing.complete(
            outcome=outcome, completed_on=TODAY, note=None, completed_by="nav-veileder", today=TODAY
        )
    assert refused.value.code == "action-already-closed"


@pytest.mark.parametrize(
    ("outcome", "completed_on", "code"),
    [
        (ActionStatus.DONE, date(2026, 11, 24), "completion-in-future"),
        (ActionStatus.DONE, date(2026, 11, 17), "dates-out-of-order"),
        (ActionStatus.OPEN, TODAY, "action-outcome"),
    ],
)
def test_completion_is_checked(outcome: ActionStatus, completed_on: date, code: str) -> None:
    closing = action()

    with pytest.raises(Invalid) as refused:
        closing.complete(
            outcome=outcome,
            completed_on=completed_on,
            note=None,
            completed_by="nav-veileder",
            today=TODAY,
        )

    assert refused.value.code == code
    assert closing.status is ActionStatus.OPEN


# Contact persons ----------------------------------------------------------------------


def assign(existing: list[ContactPerson], new: ContactPerson) -> ContactPerson | None:
    return assign_contact(existing, new, settled_on=SETTLED_ON, today=TODAY)


def test_the_first_contact_of_an_agency_needs_no_hand_over_note() -> None:
    assert assign([contact(agency="refugee-service")], contact()) is None


def test_replacing_a_contact_needs_a_hand_over_note() -> None:
    current = contact()
    newcomer = contact(name="Marte Kvam", assigned_on=date(2026, 11, 1), handover_note=None)

    with pytest.raises(Invalid) as refused:
        assign([current], newcomer)

    assert refused.value.code == "handover-note-required"


def test_a_replaced_contact_ends_the_day_the_new_one_starts_and_stays_in_the_history() -> None:
    current = contact()
    newcomer = contact(
        name="Marte Kvam",
        assigned_on=date(2026, 11, 1),
        handover_note="Waiting for the work-training decision.",
    )

    replaced = assign([current], newcomer)

    assert replaced == replace(current, ended_on=date(2026, 11, 1))
    assert current_contacts([replaced, newcomer]) == [newcomer]


def test_an_ended_contact_is_not_replaced() -> None:
    ended = contact(ended_on=date(2026, 10, 1))

    assert assign([ended], contact(name="Marte Kvam")) is None


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"assigned_on": date(2026, 11, 24)}, "contact-in-future"),
        ({"assigned_on": date(2026, 3, 1)}, "contact-before-settlement"),
        ({"agency": "police"}, "unknown-agency"),
        ({"assigned_on": date(2026, 8, 1), "handover_note": "x"}, "dates-out-of-order"),
    ],
)
def test_contact_rules(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(Invalid) as refused:
        assign([contact()], contact(name="Marte Kvam", **changes))

    assert refused.value.code == code


def test_current_contacts_are_one_per_agency_in_agency_order() -> None:
    nav = contact()
    adviser = contact(agency="refugee-service", name="Kari Hansen")

    assert current_contacts([nav, adviser]) == [adviser, nav]


# Leave --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_date", "to_date"),
    [(date(2026, 3, 20), date(2026, 4, 10)), (date(2028, 3, 1), date(2028, 4, 30))],
    ids=["starts-before-the-programme", "ends-after-the-expected-end"],
)
def test_leave_lies_inside_the_programme(from_date: date, to_date: date) -> None:
    with pytest.raises(Invalid) as refused:
        enrolled().record_leave(leave(from_date=from_date, to_date=to_date))

    assert refused.value.code == "leave-outside-programme"


def test_leave_on_the_first_and_last_days_of_the_programme_is_inside() -> None:
    participant = enrolled()

    participant.record_leave(leave(from_date=date(2026, 4, 1), to_date=date(2026, 4, 1)))
    participant.record_leave(leave(from_date=date(2028, 3, 31), to_date=date(2028, 3, 31)))

    assert participant.programme is not None
    assert len(participant.programme.leaves) == 2


# Moving away ---------------------------------------------------------------------------


def test_moving_away_is_recorded_once() -> None:
    participant = settled()

    move = participant.move_away(moved_on=TODAY, to_municipality="0301", today=TODAY)

    assert participant.moved == move
    assert participant.events == [
        events.ParticipantMoved(
            participant_id=PARTICIPANT_ID,
            moved_on=TODAY,
            from_municipality="3403",
            to_municipality="0301",
        )
    ]
    with pytest.raises(Conflict) as again:
        participant.move_away(moved_on=TODAY, to_municipality=None, today=TODAY)
    assert again.value.code == "participant-moved"


@pytest.mark.parametrize(
    ("moved_on", "to", "code"),
    [
        (date(2026, 11, 24), "0301", "move-in-future"),
        (date(2026, 3, 1), "0301", "move-before-settlement"),
        (TODAY, "3403", "move-within-municipality"),
    ],
)
def test_move_rules(moved_on: date, to: str, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        settled().move_away(moved_on=moved_on, to_municipality=to, today=TODAY)

    assert refused.value.code == code


PLAN_CHANGES: dict[str, Callable[[Participant], Any]] = {
    "plan": lambda p: update_plan(p, version=1, norwegian_goal=CefrLevel.B2),
    "review": lambda p: p.review_plan(**review_values()),
    "leave": lambda p: p.record_leave(leave()),
    "extension": lambda p: p.extend_programme(
        new_expected_end_date=date(2028, 12, 31),
        reason=ExtensionReason.OTHER,
        decided_on=TODAY,
        recorded_by="programradgiver",
        today=TODAY,
    ),
    "meeting or action": lambda p: p.check_open_for_changes(),
}


@pytest.mark.parametrize("change", PLAN_CHANGES.values(), ids=PLAN_CHANGES.keys())
def test_a_moved_participant_is_read_only(change: Callable[[Participant], Any]) -> None:
    participant = planned()
    participant.move_away(moved_on=TODAY, to_municipality=None, today=TODAY)
    participant.events.clear()

    with pytest.raises(Conflict) as refused:
        change(participant)

    assert refused.value.code == "participant-moved"
    assert participant.events == []


def test_a_moved_participants_programme_can_still_end() -> None:
    participant = planned()
    participant.move_away(moved_on=TODAY, to_municipality=None, today=TODAY)

    participant.end_programme(exit_(), today=TODAY)

    assert participant.programme is not None
    assert participant.programme.exit is not None


def test_no_review_is_due_once_the_programme_has_ended_or_the_participant_moved() -> None:
    ended_plan, moved_plan = planned(), planned()
    ended_plan.end_programme(exit_(), today=TODAY)
    moved_plan.move_away(moved_on=TODAY, to_municipality=None, today=TODAY)

    assert ended_plan.next_review_due() is None
    assert moved_plan.next_review_due() is None
    assert not ended_plan.review_overdue(date(2030, 1, 1))
