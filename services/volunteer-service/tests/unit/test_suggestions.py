"""Suggestion scoring: every point has a reason the coordinator sees."""

from __future__ import annotations

from datetime import date

from volunteer_service.domain import suggestions
from volunteer_service.domain.activities import Schedule
from volunteer_service.domain.codes import ActivityStatus, Role, TargetGroup

from .builders import TODAY, activity, bridge_builder, profile, volunteer


def reasons(s: suggestions.Suggestion | None) -> list[tuple[str, str]]:
    assert s is not None
    return [(r.code, r.detail) for r in s.reasons]


def test_a_shared_language_scores_and_norwegian_does_not() -> None:
    s = suggestions.score_volunteer(
        profile(languages=("ti", "no"), household_type=None), volunteer(languages=["ti", "no"])
    )
    assert s is not None
    assert reasons(s) == [("shared_language", "ti")]
    assert s.score == suggestions.SHARED_LANGUAGE


def test_a_bridge_builder_in_the_participants_language_scores_more() -> None:
    s = suggestions.score_volunteer(profile(household_type=None), bridge_builder())
    assert reasons(s) == [("shared_language", "ti"), ("bridge_builder_in_language", "ti")]
    assert s is not None
    assert s.score == suggestions.SHARED_LANGUAGE + suggestions.BRIDGE_BUILDER_IN_LANGUAGE


def test_shared_interests_count_up_to_a_cap() -> None:
    many = ("football", "music", "cooking", "hiking")
    s = suggestions.score_volunteer(
        profile(languages=(), interests=many, household_type=None),
        volunteer(interests=list(many)),
    )
    assert reasons(s) == [("shared_interest", "football"), ("shared_interest", "music")]


def test_the_role_must_fit_the_household() -> None:
    family_friend = volunteer(roles=[Role.FRIEND_FAMILY], languages=["no"])
    assert (
        suggestions.score_volunteer(profile(household_type="single", languages=()), family_friend)
        is None
    )
    s = suggestions.score_volunteer(profile(household_type="family", languages=()), family_friend)
    assert reasons(s) == [("role_fits_household", "family: friend_family")]


def test_volunteers_are_ranked_best_first_and_unavailable_ones_left_out() -> None:
    p = profile(household_type=None)
    speaks = volunteer(languages=["ti", "no"])
    bridge = bridge_builder()
    nothing = volunteer(languages=["no"])
    ranked = suggestions.suggest_volunteers(p, [speaks, nothing, bridge])
    assert [s.id for s in ranked] == [bridge.id, speaks.id]
    ranked = suggestions.suggest_volunteers(p, [speaks, bridge], unavailable={bridge.id})
    assert [s.id for s in ranked] == [speaks.id]


def test_an_activity_for_the_participants_group_where_locals_take_part() -> None:
    cafe = activity(
        target_groups=(TargetGroup.SINGLES,),
        locals_take_part=True,
        interests=("cooking",),
        languages=("ti",),
        cost_nok=0,
    )
    s = suggestions.score_activity(profile(interests=("cooking",)), cafe, TODAY)
    assert reasons(s) == [
        ("target_group", "singles"),
        ("locals_take_part", "meets local residents"),
        ("shared_interest", "cooking"),
        ("language_support", "ti"),
        ("affordable", "free"),
    ]
    assert s is not None
    assert s.score == 3 + 2 + 2 + 1 + 1


def test_youth_is_read_from_the_birth_year() -> None:
    football = activity(target_groups=(TargetGroup.YOUTH,))
    assert suggestions.score_activity(profile(birth_year=2006), football, TODAY) is not None
    assert suggestions.score_activity(profile(birth_year=1990), football, TODAY) is None


def test_fee_support_makes_a_paid_activity_affordable() -> None:
    club = activity(cost_nok=1200, fee_support_available=True)
    assert ("affordable", "support for fees available") in reasons(
        suggestions.score_activity(profile(), club, TODAY)
    )


def test_activities_for_another_group_unpublished_or_over_are_not_suggested() -> None:
    p = profile()
    assert (
        suggestions.score_activity(p, activity(target_groups=(TargetGroup.WOMEN,)), TODAY) is None
    )
    draft = activity(status=ActivityStatus.DRAFT)
    assert suggestions.score_activity(p, draft, TODAY) is None
    over = activity(
        schedule=Schedule(
            activity().schedule.recurrence,
            "thu",
            activity().schedule.start_time,
            activity().schedule.end_time,
            date(2026, 1, 1),
            date(2026, 6, 1),
        )
    )
    assert suggestions.score_activity(p, over, TODAY) is None


def test_singles_with_no_match_and_no_activity_need_a_network() -> None:
    single, family = profile(household_type="single"), profile(household_type="family")
    assert suggestions.without_network(single, has_match=False, has_activity=False)
    assert not suggestions.without_network(single, has_match=True, has_activity=False)
    assert not suggestions.without_network(single, has_match=False, has_activity=True)
    assert not suggestions.without_network(family, has_match=False, has_activity=False)
