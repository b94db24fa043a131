"""The chain's transitions are pure and order-independent."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import uuid4

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


def test_shuffled_streams_of_every_topic_converge_to_one_chain() -> None:
    import random

    start = ChainState(participant_id=uuid4())
    results = set()
    for seed in range(300):
        order = list(ALL_TOPICS)
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
    assert final.next_step is None  # exited and followed up one year after
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
    for step in ALL_TOPICS:
        state = step(state)

    row = {"participant_id": state.participant_id, **chain_rows.to_row(state)}

    assert chain_rows.from_row(row) == state
