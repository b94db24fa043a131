"""Each gap rule opens when its condition holds and closes, with a reason, when it clears.

Rules are pure functions over a ``ChainState`` and a day; Hamar's shipped model routes
them (it owns no mapping, social network or transition: those are its real gaps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from reporting_service.adapters.organisation import load_catalogue
from reporting_service.domain import alerts, chain
from reporting_service.domain.alerts import add_months, diff, evaluate_organisation
from reporting_service.domain.chain import ChainState
from reporting_service.domain.organisation import OrganisationModel, Responsibility

HAMAR = "3403"
SETTLED = date(2026, 1, 5)
START = date(2026, 2, 1)
END = date(2028, 1, 31)


@pytest.fixture(scope="module")
def hamar() -> OrganisationModel:
    model = load_catalogue().for_municipality(HAMAR)
    assert model is not None
    return model


def in_programme(household: str = "family") -> ChainState:
    state = chain.settled(
        ChainState(participant_id=uuid4()),
        municipality=HAMAR,
        settlement_date=SETTLED,
        household_type=household,
    )
    return chain.programme_started(
        state,
        municipality=HAMAR,
        regime="integreringsloven",
        start_date=START,
        expected_end_date=END,
    )


def with_plan(state: ChainState, on: date, version: int = 1) -> ChainState:
    return chain.plan_updated(
        state,
        municipality=HAMAR,
        version=version,
        end_goal="work",
        updated_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC),
    )


def placement(
    state: ChainState,
    pid: str = "p1",
    *,
    kind: str = "work_practice",
    start: date = date(2026, 6, 1),
    flags: tuple[str, ...] = (),
) -> ChainState:
    return chain.placement_started(
        state,
        municipality=HAMAR,
        placement_id=pid,
        kind=kind,
        sector="Q",
        start_date=start,
        planned_end=add_months(start, 3),
        flags=flags,
    )


def ended(state: ChainState, pid: str = "p1", next_step: str = "undecided") -> ChainState:
    return chain.placement_ended(
        state,
        municipality=HAMAR,
        placement_id=pid,
        kind="work_practice",
        sector="Q",
        actual_end=date(2026, 9, 1),
        reason="completed",
        next_step=next_step,
    )


def nav_linked(state: ChainState, role: str = "funds") -> ChainState:
    return chain.nav_measure_linked(
        state,
        municipality=HAMAR,
        placement_id="p1",
        measure_type="work_training",
        role=role,
        period_from=date(2026, 6, 1),
        period_to=date(2026, 12, 1),
    )


def end_programme(state: ChainState) -> ChainState:
    return chain.programme_ended(
        state,
        municipality=HAMAR,
        completion="completed",
        end_date=date(2026, 12, 1),
        reason="work",
        regime="integreringsloven",
        start_date=START,
    )


def open_rules(state: ChainState, model: OrganisationModel, today: date) -> dict[str, str | None]:
    """rule id -> the unit it is routed to, for every alert that should be open."""
    return {
        f"{a.rule_id}:{a.ref}" if a.ref else a.rule_id: a.unit_id
        for a in alerts.evaluate_participant(state, model, today)
    }


def closing_reason(
    opened: ChainState, cleared: ChainState, model: OrganisationModel, today: date, rule: str
) -> str:
    """Open the alerts of ``opened``, evaluate ``cleared``: the reason ``rule`` closes with."""
    was = alerts.evaluate_participant(opened, model, today)
    now = alerts.evaluate_participant(cleared, model, today)
    change = diff(
        now,
        [(a.key, a.rule_id, a.ref, a.participant_id) for a in was],
        {cleared.participant_id: cleared},
    )
    reasons = {key.split(":")[0]: reason for key, reason in change.to_close}
    return reasons[rule]


# -- no plan N days after the programme started ---------------------------------------------


def test_no_plan_opens_on_day_90_routed_to_the_plan_owner(hamar: OrganisationModel) -> None:
    state = in_programme()

    assert alerts.NO_PLAN not in open_rules(state, hamar, date(2026, 5, 1))  # day 89
    assert open_rules(state, hamar, date(2026, 5, 2))[alerts.NO_PLAN] == "flyktningkontor"


def test_no_plan_closes_when_a_plan_arrives(hamar: OrganisationModel) -> None:
    state = in_programme()
    today = date(2026, 6, 1)

    assert closing_reason(state, with_plan(state, today), hamar, today, alerts.NO_PLAN) == (
        "plan_recorded"
    )


def test_a_municipality_threshold_overrides_the_default() -> None:
    nordre_land = load_catalogue().for_municipality("3448")
    assert nordre_land is not None
    rule = alerts.RULES_BY_ID[alerts.NO_NAV_INVOLVEMENT]

    assert (rule.default_threshold, rule.threshold(nordre_land)) == (6, 3)


# -- plan not reviewed for six months ---------------------------------------------------------


def reviewed(state: ChainState, on: date, *, nav: bool = False, rid: str = "r1") -> ChainState:
    return chain.plan_reviewed(
        state,
        municipality=HAMAR,
        review_id=rid,
        reviewed_on=on,
        plan_version=state.plan_version or 1,
        nav_present=nav,
        participant_acknowledged=True,
        disagreement_recorded=False,
        next_review_due=add_months(on, 6),
    )


def test_plan_not_reviewed_opens_six_months_after_the_first_plan(
    hamar: OrganisationModel,
) -> None:
    state = with_plan(in_programme(), date(2026, 3, 1))

    assert alerts.PLAN_NOT_REVIEWED not in open_rules(state, hamar, date(2026, 8, 31))
    assert alerts.PLAN_NOT_REVIEWED in open_rules(state, hamar, date(2026, 9, 1))


def test_a_new_plan_version_is_not_a_review(hamar: OrganisationModel) -> None:
    state = with_plan(with_plan(in_programme(), date(2026, 3, 1)), date(2026, 8, 1), version=2)

    assert alerts.PLAN_NOT_REVIEWED in open_rules(state, hamar, date(2026, 9, 1))


def test_plan_not_reviewed_counts_from_the_latest_review(hamar: OrganisationModel) -> None:
    state = reviewed(with_plan(in_programme(), date(2026, 3, 1)), date(2026, 7, 15))

    assert alerts.PLAN_NOT_REVIEWED not in open_rules(state, hamar, date(2027, 1, 14))
    assert open_rules(state, hamar, date(2027, 1, 15))[alerts.PLAN_NOT_REVIEWED] == (
        "flyktningkontor"
    )


def test_plan_not_reviewed_closes_on_a_review(hamar: OrganisationModel) -> None:
    state = with_plan(in_programme(), date(2026, 3, 1))
    today = date(2026, 10, 1)

    assert closing_reason(
        state, reviewed(state, today), hamar, today, alerts.PLAN_NOT_REVIEWED
    ) == ("plan_reviewed")


# -- programme ends within three months and NAV is not involved -----------------------------


def test_ending_without_nav_opens_three_months_before_the_end_unowned_goes_to_the_owner(
    hamar: OrganisationModel,
) -> None:
    state = with_plan(in_programme(), date(2027, 10, 1))

    assert alerts.ENDING_WITHOUT_NAV not in open_rules(state, hamar, date(2027, 10, 30))
    # Hamar owns no transition: the alert goes to the programme owner.
    assert open_rules(state, hamar, date(2027, 10, 31))[alerts.ENDING_WITHOUT_NAV] == (
        "flyktningkontor"
    )


@pytest.mark.parametrize(
    ("clear", "reason"),
    [
        (lambda s: nav_linked(placement(s)), "nav_involved"),
        (
            lambda s: chain.programme_extended(
                s, municipality=HAMAR, extension_number=1, expected_end_date=date(2028, 12, 31)
            ),
            "programme_extended",
        ),
        (end_programme, "programme_ended"),
    ],
    ids=["nav-measure-linked", "extended", "ended"],
)
def test_ending_without_nav_closes(
    clear: Callable[[ChainState], ChainState], reason: str, hamar: OrganisationModel
) -> None:
    state = with_plan(in_programme(), date(2027, 10, 1))
    today = date(2027, 11, 15)

    assert closing_reason(state, clear(state), hamar, today, alerts.ENDING_WITHOUT_NAV) == reason


# -- placement ended with no next step ------------------------------------------------------


def test_a_placement_ended_undecided_opens_routed_by_its_kind(hamar: OrganisationModel) -> None:
    state = ended(placement(with_plan(in_programme(), date(2026, 3, 1))))

    found = open_rules(state, hamar, date(2026, 9, 2))

    assert found[f"{alerts.ENDED_WITHOUT_NEXT_STEP}:p1"] == "flyktningkontor"  # work practice


def test_a_placement_ended_with_a_next_step_opens_nothing(hamar: OrganisationModel) -> None:
    state = ended(placement(in_programme()), next_step="new_placement")

    assert f"{alerts.ENDED_WITHOUT_NEXT_STEP}:p1" not in open_rules(state, hamar, date(2026, 9, 2))


def test_an_ended_placement_closes_when_the_next_one_starts(hamar: OrganisationModel) -> None:
    state = ended(placement(in_programme()))
    following = placement(state, "p2", kind="language_practice", start=date(2026, 9, 15))

    reason = closing_reason(
        state, following, hamar, date(2026, 9, 20), alerts.ENDED_WITHOUT_NEXT_STEP
    )

    assert reason == "next_placement_started"


# -- placement outside the participant's wishes ---------------------------------------------


def test_a_placement_flagged_outside_wishes_opens_while_it_runs(hamar: OrganisationModel) -> None:
    state = placement(in_programme(), kind="language_practice", flags=("outside-wishes",))
    today = date(2026, 6, 2)

    assert open_rules(state, hamar, today)[f"{alerts.OUTSIDE_WISHES}:p1"] == "hls"
    assert closing_reason(
        state, ended(state, next_step="work"), hamar, today, alerts.OUTSIDE_WISHES
    ) == ("placement_ended")


# -- a single participant with no social network ---------------------------------------------


def test_a_single_without_match_or_activity_opens_after_three_months(
    hamar: OrganisationModel,
) -> None:
    single = in_programme(household="single")
    family = in_programme(household="family")

    assert alerts.SINGLE_WITHOUT_NETWORK not in open_rules(single, hamar, date(2026, 4, 4))
    assert alerts.SINGLE_WITHOUT_NETWORK in open_rules(single, hamar, date(2026, 4, 5))
    assert alerts.SINGLE_WITHOUT_NETWORK not in open_rules(family, hamar, date(2027, 1, 1))
    # Hamar owns no social network: routed to the programme owner.
    assert open_rules(single, hamar, date(2026, 4, 5))[alerts.SINGLE_WITHOUT_NETWORK] == (
        "flyktningkontor"
    )


@pytest.mark.parametrize(
    ("clear", "reason"),
    [
        (
            lambda s: chain.match_started(
                s, municipality=HAMAR, match_id="m1", role="guide", started_on=date(2026, 5, 1)
            ),
            "match_started",
        ),
        (
            lambda s: chain.attendance_recorded(
                s, municipality=HAMAR, attended_on=date(2026, 5, 1), present=True
            ),
            "activity_attended",
        ),
    ],
    ids=["match", "attendance"],
)
def test_a_single_without_network_closes(
    clear: Callable[[ChainState], ChainState], reason: str, hamar: OrganisationModel
) -> None:
    state = in_programme(household="single")
    today = date(2026, 5, 2)

    assert (
        closing_reason(state, clear(state), hamar, today, alerts.SINGLE_WITHOUT_NETWORK) == reason
    )


def test_a_declined_match_is_no_network(hamar: OrganisationModel) -> None:
    state = chain.match_ended(
        in_programme(household="single"),
        municipality=HAMAR,
        match_id="m1",
        role="guide",
        ended_on=date(2026, 3, 1),
        was_started=False,
    )

    assert alerts.SINGLE_WITHOUT_NETWORK in open_rules(state, hamar, date(2026, 5, 1))


# -- no NAV involvement by month N ------------------------------------------------------------


def test_no_nav_involvement_opens_at_month_six_and_closes_on_a_nav_placement(
    hamar: OrganisationModel,
) -> None:
    state = with_plan(in_programme(), date(2026, 7, 1))
    today = date(2026, 8, 1)
    nav_placement = placement(state, "p9", kind="nav_work_training")

    assert alerts.NO_NAV_INVOLVEMENT not in open_rules(state, hamar, date(2026, 7, 31))
    assert open_rules(state, hamar, today)[alerts.NO_NAV_INVOLVEMENT] == "nav"
    assert closing_reason(state, nav_placement, hamar, today, alerts.NO_NAV_INVOLVEMENT) == (
        "nav_involved"
    )


# -- a responsibility no unit owns --------------------------------------------------------------


def test_every_unowned_responsibility_is_an_organisation_alert(hamar: OrganisationModel) -> None:
    found = evaluate_organisation(HAMAR, hamar)

    assert {a.ref for a in found} == {"mapping", "social_network", "transition"}
    assert {(a.participant_id, a.unit_id) for a in found} == {(None, "flyktningkontor")}


def test_an_unowned_responsibility_closes_when_the_model_gives_it_an_owner(
    hamar: OrganisationModel,
) -> None:
    from dataclasses import replace

    assignments = dict(hamar.assignments)
    assignments[Responsibility.MAPPING] = replace(
        assignments[Responsibility.MAPPING], owner="flyktningkontor"
    )
    fixed = replace(hamar, assignments=assignments)
    was = evaluate_organisation(HAMAR, hamar)

    change = diff(
        evaluate_organisation(HAMAR, fixed),
        [(a.key, a.rule_id, a.ref, None) for a in was],
        {},
    )

    assert change.to_open == []
    assert change.to_close == [(f"unowned-responsibility:{HAMAR}:mapping", "responsibility_owned")]


def test_a_participant_without_a_model_opens_unrouted_alerts() -> None:
    state = in_programme()

    [found] = [
        a
        for a in alerts.evaluate_participant(state, None, date(2026, 6, 1))
        if a.rule_id == alerts.NO_PLAN
    ]

    assert found.unit_id is None


# -- an action past its due date -----------------------------------------------------------


def action(
    state: ChainState,
    aid: str = "a1",
    *,
    unit: str = "nav",
    due: date = date(2026, 6, 1),
    responsibility: str | None = "nav_measures",
) -> ChainState:
    return chain.action_created(
        state,
        municipality=HAMAR,
        action_id=aid,
        meeting_id=None,
        owner_agency="nav",
        owner_unit=unit,
        responsibility=responsibility,
        due_date=due,
        created_on=date(2026, 5, 1),
    )


def completed(state: ChainState, aid: str = "a1", outcome: str = "done") -> ChainState:
    return chain.action_completed(
        state, municipality=HAMAR, action_id=aid, outcome=outcome, completed_on=date(2026, 6, 5)
    )


def test_an_action_past_its_due_date_opens_the_next_day_routed_to_its_owner(
    hamar: OrganisationModel,
) -> None:
    state = action(in_programme())
    key = f"{alerts.ACTION_PAST_DUE}:a1"

    assert key not in open_rules(state, hamar, date(2026, 6, 1))  # due today: not yet
    assert open_rules(state, hamar, date(2026, 6, 2))[key] == "nav"
    [found] = [
        a
        for a in alerts.evaluate_participant(state, hamar, date(2026, 6, 2))
        if a.rule_id == alerts.ACTION_PAST_DUE
    ]
    assert (found.responsibility, found.since) == (Responsibility.NAV_MEASURES, date(2026, 6, 2))


def test_an_action_of_a_unit_the_model_does_not_know_is_routed_to_it_as_named(
    hamar: OrganisationModel,
) -> None:
    state = action(in_programme(), unit="nav-gjovik-x", responsibility="not-a-link")

    found = open_rules(state, hamar, date(2026, 7, 1))

    assert found[f"{alerts.ACTION_PAST_DUE}:a1"] == "nav-gjovik-x"


def test_days_of_grace_delay_the_alert() -> None:
    model = load_catalogue().for_municipality(HAMAR)
    assert model is not None
    graced = replace(model, thresholds={**model.thresholds, alerts.ACTION_PAST_DUE: 7})
    state = action(in_programme())

    assert f"{alerts.ACTION_PAST_DUE}:a1" not in open_rules(state, graced, date(2026, 6, 8))
    assert f"{alerts.ACTION_PAST_DUE}:a1" in open_rules(state, graced, date(2026, 6, 9))


@pytest.mark.parametrize(
    ("outcome", "reason"), [("done", "action_completed"), ("cancelled", "action_cancelled")]
)
def test_an_action_past_due_closes_when_it_completes(
    outcome: str, reason: str, hamar: OrganisationModel
) -> None:
    state = action(in_programme())
    today = date(2026, 6, 10)

    assert (
        closing_reason(
            state, completed(state, outcome=outcome), hamar, today, alerts.ACTION_PAST_DUE
        )
        == reason
    )


def test_an_action_completed_before_its_creation_arrives_never_opens(
    hamar: OrganisationModel,
) -> None:
    state = action(completed(in_programme()))

    assert f"{alerts.ACTION_PAST_DUE}:a1" not in open_rules(state, hamar, date(2026, 7, 1))


# -- NAV at a meeting, moving away ------------------------------------------------------------


def test_a_meeting_with_nav_closes_no_nav_involvement(hamar: OrganisationModel) -> None:
    state = with_plan(in_programme(), date(2026, 3, 1))
    today = date(2026, 8, 15)
    met = chain.meeting_held(
        state,
        municipality=HAMAR,
        meeting_id="m1",
        kind="case_meeting",
        held_on=date(2026, 8, 14),
        nav_present=True,
    )

    assert alerts.NO_NAV_INVOLVEMENT in open_rules(state, hamar, today)
    assert closing_reason(state, met, hamar, today, alerts.NO_NAV_INVOLVEMENT) == "nav_involved"


def test_a_transition_dialogue_stops_the_programme_ending_without_nav_alert(
    hamar: OrganisationModel,
) -> None:
    state = with_plan(in_programme(), date(2027, 10, 1))
    dialogue = chain.meeting_held(
        state,
        municipality=HAMAR,
        meeting_id="m2",
        kind="transition_dialogue",
        held_on=date(2027, 11, 1),
        nav_present=False,
    )

    assert alerts.ENDING_WITHOUT_NAV in open_rules(state, hamar, date(2027, 11, 15))
    assert alerts.ENDING_WITHOUT_NAV not in open_rules(dialogue, hamar, date(2027, 11, 15))


def test_a_participant_who_moved_away_has_every_alert_closed(hamar: OrganisationModel) -> None:
    state = action(in_programme(household="single"))
    today = date(2026, 7, 1)
    moved = chain.participant_moved(
        state,
        municipality=HAMAR,
        moved_on=date(2026, 6, 20),
        from_municipality=HAMAR,
        to_municipality="0301",
    )
    was = alerts.evaluate_participant(state, hamar, today)

    change = diff(
        alerts.evaluate_participant(moved, hamar, today),
        [(a.key, a.rule_id, a.ref, a.participant_id) for a in was],
        {moved.participant_id: moved},
    )

    assert len(was) >= 3  # no plan, single without network, action past due
    assert change.to_open == []
    assert {reason for _, reason in change.to_close} == {"moved_away"}
