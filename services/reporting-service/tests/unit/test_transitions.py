"""The chain's transitions are pure and order-independent."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from reporting_service.domain import chain
from reporting_service.domain.chain import ChainState, Stage

Step = Callable[[ChainState], ChainState]

STEPS: list[Step] = [
    lambda s: chain.settled(
        s, municipality="3403", settlement_date=date(2026, 3, 1), household_type="single"
    ),
    lambda s: chain.programme_started(
        s,
        municipality="3403",
        regime="integreringsloven",
        start_date=date(2026, 4, 1),
        expected_end_date=date(2028, 3, 31),
    ),
    lambda s: chain.plan_updated(
        s,
        municipality="3403",
        version=1,
        end_goal="work",
        updated_at=datetime(2026, 5, 1, tzinfo=UTC),
    ),
    lambda s: chain.plan_updated(
        s,
        municipality="3403",
        version=2,
        end_goal="education",
        updated_at=datetime(2026, 9, 1, tzinfo=UTC),
    ),
]


def test_every_arrival_order_gives_the_same_chain() -> None:
    start = ChainState(participant_id=uuid4())
    results = set()
    for order in itertools.permutations(STEPS):
        state = start
        for step in order:
            state = step(state)
        results.add(state)
    [final] = results
    assert final.stage is Stage.PLAN
    assert (final.plan_version, final.plan_end_goal) == (2, "education")
    assert final.settlement_date == date(2026, 3, 1)


def test_a_chain_seen_only_through_later_links_is_not_yet_counted_as_settled() -> None:
    state = STEPS[2](ChainState(participant_id=uuid4()))
    assert state.stage is Stage.UNKNOWN
    assert state.municipality == "3403"


# -- every topic at once -------------------------------------------------------------------

H = "3403"
CONSENT = uuid4()

ALL_TOPICS: list[Step] = [
    *STEPS,
    lambda s: chain.programme_extended(
        s, municipality=H, extension_number=1, expected_end_date=date(2028, 9, 30)
    ),
    lambda s: chain.programme_extended(
        s, municipality=H, extension_number=2, expected_end_date=date(2029, 3, 31)
    ),
    lambda s: chain.mapping_recorded(s, municipality=H, version=1, recorded_on=date(2026, 4, 10)),
    lambda s: chain.mapping_recorded(s, municipality=H, version=2, recorded_on=date(2026, 8, 10)),
    lambda s: chain.result_recorded(
        s,
        municipality=H,
        test="norwegian",
        taken_on=date(2027, 1, 10),
        levels={"reading": "A2", "speaking": "B1"},
        passed=None,
    ),
    lambda s: chain.result_recorded(
        s,
        municipality=H,
        test="norwegian",
        taken_on=date(2027, 6, 10),
        levels={"reading": "B1", "speaking": "A2"},
        passed=None,
    ),
    lambda s: chain.result_recorded(
        s, municipality=H, test="social_studies", taken_on=date(2027, 2, 1), levels={}, passed=False
    ),
    lambda s: chain.result_recorded(
        s, municipality=H, test="social_studies", taken_on=date(2027, 5, 1), levels={}, passed=True
    ),
    lambda s: chain.consent_granted(
        s,
        municipality=H,
        consent_id=CONSENT,
        recipient_kind="employer",
        recipient_id="974760673",
        purpose="placement",
        granted_on=date(2026, 5, 1),
        expires_on=None,
    ),
    lambda s: chain.consent_withdrawn(
        s, municipality=H, consent_id=CONSENT, withdrawn_on=date(2026, 12, 1)
    ),
    lambda s: chain.placement_started(
        s,
        municipality=H,
        placement_id="p1",
        kind="language_practice",
        sector="Q",
        start_date=date(2026, 6, 1),
        planned_end=date(2026, 12, 1),
        flags=("outside-wishes",),
    ),
    lambda s: chain.placement_kind_changed(
        s,
        municipality=H,
        placement_id="p1",
        from_kind="language_practice",
        to_kind="work_practice",
        effective_date=date(2026, 9, 1),
    ),
    lambda s: chain.nav_measure_linked(
        s,
        municipality=H,
        placement_id="p1",
        measure_type="work_training",
        role="funds",
        period_from=date(2026, 9, 1),
        period_to=date(2026, 12, 1),
    ),
    lambda s: chain.placement_ended(
        s,
        municipality=H,
        placement_id="p1",
        kind="work_practice",
        sector="Q",
        actual_end=date(2026, 12, 1),
        reason="hired",
        next_step="work",
    ),
    lambda s: chain.participant_hired(
        s, municipality=H, placement_id="p1", hired_on=date(2026, 12, 2)
    ),
    lambda s: chain.match_started(
        s, municipality=H, match_id="m1", role="guide", started_on=date(2026, 4, 1)
    ),
    lambda s: chain.match_ended(
        s,
        municipality=H,
        match_id="m1",
        role="guide",
        ended_on=date(2026, 10, 1),
        was_started=True,
    ),
    lambda s: chain.attendance_recorded(
        s, municipality=H, attended_on=date(2026, 5, 3), present=True
    ),
    lambda s: chain.attendance_recorded(
        s, municipality=H, attended_on=date(2026, 5, 10), present=False
    ),
    lambda s: chain.programme_ended(
        s,
        municipality=H,
        completion="completed",
        end_date=date(2027, 12, 1),
        reason="work",
        regime="integreringsloven",
        start_date=date(2026, 4, 1),
    ),
    lambda s: chain.outcome_recorded(
        s, municipality=H, measured_at="at_exit", status="work", status_on=date(2027, 12, 1)
    ),
    lambda s: chain.outcome_recorded(
        s,
        municipality=H,
        measured_at="one_year_after",
        status="education",
        status_on=date(2028, 11, 30),
    ),
]


# The plan's follow-up (docs/decisions/0003): reviews, meetings, actions (one completed
# before its creation arrives, one cancelled twice), leave, and a move after the exit.
FOLLOW_UP: list[Step] = [
    lambda s: chain.plan_reviewed(
        s,
        municipality=H,
        review_id="r1",
        reviewed_on=date(2026, 10, 20),
        plan_version=2,
        nav_present=False,
        participant_acknowledged=True,
        disagreement_recorded=False,
        next_review_due=date(2027, 4, 20),
    ),
    lambda s: chain.plan_reviewed(
        s,
        municipality=H,
        review_id="r2",
        reviewed_on=date(2027, 4, 2),
        plan_version=2,
        nav_present=True,
        participant_acknowledged=False,
        disagreement_recorded=True,
        next_review_due=date(2027, 10, 2),
    ),
    lambda s: chain.meeting_held(
        s,
        municipality=H,
        meeting_id="m-1",
        kind="three_way_talk",
        held_on=date(2026, 9, 15),
        nav_present=False,
    ),
    lambda s: chain.meeting_held(
        s,
        municipality=H,
        meeting_id="m-2",
        kind="transition_dialogue",
        held_on=date(2027, 8, 1),
        nav_present=False,
    ),
    lambda s: chain.action_created(
        s,
        municipality=H,
        action_id="a1",
        meeting_id="m-1",
        owner_agency="nav",
        owner_unit="nav",
        responsibility="nav_measures",
        due_date=date(2026, 11, 1),
        created_on=date(2026, 9, 15),
    ),
    lambda s: chain.action_completed(
        s, municipality=H, action_id="a1", outcome="done", completed_on=date(2026, 10, 30)
    ),
    lambda s: chain.action_created(
        s,
        municipality=H,
        action_id="a2",
        meeting_id=None,
        owner_agency="learning-centre",
        owner_unit="hls",
        responsibility="language_practice",
        due_date=date(2027, 1, 15),
        created_on=date(2026, 10, 20),
    ),
    lambda s: chain.action_completed(
        s, municipality=H, action_id="a2", outcome="done", completed_on=date(2027, 2, 1)
    ),
    lambda s: chain.action_completed(
        s, municipality=H, action_id="a2", outcome="cancelled", completed_on=date(2027, 2, 1)
    ),
    lambda s: chain.action_created(
        s,
        municipality=H,
        action_id="a3",
        meeting_id=None,
        owner_agency="refugee-service",
        owner_unit="flyktningkontor",
        responsibility=None,
        due_date=date(2027, 11, 1),
        created_on=date(2027, 8, 1),
    ),
    lambda s: chain.leave_granted(
        s,
        municipality=H,
        leave_id="l1",
        from_date=date(2027, 3, 1),
        to_date=date(2027, 3, 31),
    ),
    lambda s: chain.participant_moved(
        s,
        municipality=H,
        moved_on=date(2028, 2, 1),
        from_municipality=H,
        to_municipality="0301",
    ),
]


def test_shuffled_streams_of_every_topic_converge_to_one_chain() -> None:
    import random

    start = ChainState(participant_id=uuid4())
    results = set()
    for seed in range(300):
        order = ALL_TOPICS + FOLLOW_UP
        random.Random(seed).shuffle(order)
        state = start
        for step in order:
            state = step(state)
        results.add(state)

    [final] = results
    assert final.expected_end == date(2029, 3, 31)
    assert (final.mapping_version, final.mapping_recorded_on) == (2, date(2026, 8, 10))
    assert dict(final.norwegian_levels) == {"reading": "B1", "speaking": "B1"}
    assert final.social_studies_passed is True
    [placement] = final.placements
    assert (placement.kind, placement.hired_on, placement.involves_nav) == (
        "work_practice",
        date(2026, 12, 2),
        True,
    )
    assert final.sessions_attended == 1
    assert final.consents_in_force(date(2026, 6, 1)) == 1
    assert final.consents_in_force(date(2027, 1, 1)) == 0
    assert final.next_step is None  # exited, followed up one year after, and moved away
    assert (final.last_reviewed_on, final.next_review_due) == (date(2027, 4, 2), date(2027, 10, 2))
    assert final.nav_meetings == [date(2027, 4, 2), date(2027, 8, 1)]  # review, dialogue
    assert {a.action_id: (a.is_open, a.outcome) for a in final.actions} == {
        "a1": (False, "done"),
        "a2": (False, "done"),  # two completions on one day: the larger code, whatever order
        "a3": (True, None),
    }
    assert final.on_leave(date(2027, 3, 10)) is not None
    assert (final.moved_on, final.moved_to) == (date(2028, 2, 1), "0301")
    statuses = {link.responsibility.value: link.status.value for link in chain.links(final)}
    assert statuses == {
        "settlement": "done",
        "mapping": "done",
        "plan": "done",
        "norwegian_training": "done",
        "language_practice": "not_started",  # the placement became work practice
        "work_practice": "done",
        "nav_measures": "done",
        "social_network": "in_progress",  # attended an activity
        "transition": "done",
        "exit": "done",
        "follow_up": "done",
    }


def test_a_chain_survives_its_row() -> None:
    from reporting_service.adapters import chain_rows

    state = ChainState(participant_id=uuid4())
    for step in ALL_TOPICS + FOLLOW_UP:
        state = step(state)
    state = chain.placement_started(
        state,
        municipality=H,
        placement_id="p2",
        kind="municipal_job",
        sector="Q",
        start_date=date(2027, 1, 1),
        planned_end=date(2027, 6, 1),
        flags=(),
        created_by_municipality=True,
    )

    row = {"participant_id": state.participant_id, **chain_rows.to_row(state)}

    assert chain_rows.from_row(row) == state


# -- the plan's follow-up, one behaviour at a time -------------------------------------------


def _apply(steps: list[Step]) -> ChainState:
    state = ChainState(participant_id=uuid4())
    for step in steps:
        state = step(state)
    return state


def test_a_completion_before_its_creation_closes_the_action_when_it_arrives() -> None:
    created, completed = FOLLOW_UP[4], FOLLOW_UP[5]

    early = _apply([completed])
    both = {_apply([completed, created]), _apply([created, completed])}

    assert early.open_actions == []  # nothing is open before it is created
    [action] = early.actions
    assert (action.created, action.completed_on) == (False, date(2026, 10, 30))
    [final] = {replace(s, participant_id=None) for s in both}
    assert final.open_actions == []
    assert final.actions[0].owner_unit == "nav"


def test_an_open_action_is_past_due_the_day_after_its_due_date() -> None:
    [action] = _apply([FOLLOW_UP[4]]).open_actions

    assert action.past_due(date(2026, 11, 1)) is False
    assert action.past_due(date(2026, 11, 2)) is True
    assert action.days_overdue(date(2026, 11, 11)) == 10
    assert action.past_due(date(2026, 11, 11), grace_days=10) is False


def test_a_meeting_with_nav_present_or_a_transition_dialogue_involves_nav() -> None:
    def meeting(kind: str, nav: bool) -> ChainState:
        return chain.meeting_held(
            ChainState(participant_id=uuid4()),
            municipality=H,
            meeting_id="m",
            kind=kind,
            held_on=date(2026, 9, 1),
            nav_present=nav,
        )

    assert meeting("case_meeting", nav=True).involves_nav
    assert meeting("transition_dialogue", nav=False).involves_nav
    assert not meeting("three_way_talk", nav=False).involves_nav
    assert not meeting("case_meeting", nav=True).has_nav_measure  # not a NAV measure


def test_the_latest_move_counts_in_any_order() -> None:
    first = FOLLOW_UP[-1]

    def later(s: ChainState) -> ChainState:
        return chain.participant_moved(
            s, municipality=H, moved_on=date(2028, 6, 1), from_municipality=H, to_municipality=None
        )

    a, b = _apply([first, later]), _apply([later, first])

    assert (a.moved_on, a.moved_to) == (b.moved_on, b.moved_to) == (date(2028, 6, 1), None)


def test_the_chains_replace_gives_what_dataclasses_replace_gives() -> None:
    from reporting_service.domain.chain import transitions

    state = ChainState(participant_id=uuid4(), municipality="3403", sessions_attended=2)
    changes = {"settlement_date": date(2026, 3, 1), "sessions_attended": 3}

    fast = transitions.replace(state, **changes)

    assert fast == replace(state, **changes)
    assert hash(fast) == hash(replace(state, **changes))
    assert state.sessions_attended == 2  # the original is untouched
    assert fast.stage is Stage.SETTLED


def test_the_chains_replace_refuses_a_field_the_class_does_not_have() -> None:
    from reporting_service.domain.chain import transitions

    with pytest.raises(TypeError, match="no field"):
        transitions.replace(ChainState(participant_id=uuid4()), settled_on=date(2026, 3, 1))


def test_the_yearly_follow_up_after_settlement_leaves_the_exit_and_one_year_horizons() -> None:
    """``year_n`` (helhet.outcome.recorded.v1 since the follow-up to five years) is no
    horizon of the chain: the one-year status stays the SSB measure."""
    one_year = chain.outcome_recorded(
        ChainState(participant_id=uuid4()),
        municipality="3405",
        measured_at="one_year_after",
        status="work",
        status_on=date(2027, 11, 15),
    )
    later = chain.outcome_recorded(
        one_year,
        municipality="3405",
        measured_at="year_n",
        status="social_assistance",
        status_on=date(2028, 2, 1),
    )

    assert later.outcome_one_year_after == one_year.outcome_one_year_after
    assert later.outcome_at_exit is None
