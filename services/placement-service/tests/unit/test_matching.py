"""Matching: each factor on its own, the flags, the total and the explanation."""

from __future__ import annotations

from uuid import uuid4

import pytest

from placement_service.domain import matching
from placement_service.domain.codes import GeoPoint, OpeningKind, Skill, Weekday
from placement_service.domain.matching import Candidate, Offer, PastPlacement

from .builders import schedule

HAMAR_CENTRE = GeoPoint(60.7945, 11.0680)


def candidate(**changes: object) -> Candidate:
    values: dict[str, object] = dict(
        participant_id=uuid4(),
        wished_sectors=("Q", "I"),
        work_experience_sectors=("G",),
        end_goal="work",
        norwegian_levels={"listening": "B1", "reading": "A2", "speaking": "A2", "writing": "A1"},
        has_driving_licence=False,
        childcare_needs=True,
        home=HAMAR_CENTRE,
    )
    values.update(changes)
    return Candidate(**values)  # type: ignore[arg-type]


def offer(**changes: object) -> Offer:
    values: dict[str, object] = dict(
        opening_id=uuid4(),
        employer_id=uuid4(),
        kind=OpeningKind.WORK_PRACTICE,
        sector="Q",
        schedule=schedule(),
        requirements={Skill.SPEAKING: "A2"},
        capacity=2,
        free_seats=2,
        employer_free_seats=3,
        point=GeoPoint(60.8010, 11.0590),
        public_transport=True,
    )
    values.update(changes)
    return Offer(**values)  # type: ignore[arg-type]


# -- wishes ---------------------------------------------------------------------------------


def test_first_wish_scores_full_and_says_so() -> None:
    factor = matching.wishes_factor(candidate(), "Q")
    assert (factor.score, factor.reason, factor.flags) == (1.0, "wished-sector", ())
    assert "1st wish" in factor.explanation
    assert "health and social work" in factor.explanation


def test_a_later_wish_scores_less() -> None:
    assert matching.wishes_factor(candidate(), "I").score == 0.85


def test_a_sector_outside_the_wishes_scores_nothing_and_is_flagged() -> None:
    factor = matching.wishes_factor(candidate(), "F")
    assert (factor.score, factor.reason) == (0.0, "outside-wishes")
    assert factor.flags == ("outside-wishes",)
    assert "(Q, I)" in factor.explanation


def test_work_experience_is_not_a_wish_but_counts_a_little() -> None:
    factor = matching.wishes_factor(candidate(), "G")
    assert (factor.score, factor.reason, factor.flags) == (
        0.3,
        "experience-not-wish",
        ("outside-wishes",),
    )


def test_without_mapped_wishes_nothing_is_flagged() -> None:
    factor = matching.wishes_factor(candidate(wished_sectors=()), "F")
    assert (factor.score, factor.reason, factor.flags) == (0.5, "no-wishes-recorded", ())


# -- end goal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "kind", "score", "reason"),
    [
        ("work", OpeningKind.ORDINARY_JOB, 1.0, "serves-end-goal"),
        ("work", OpeningKind.LANGUAGE_PRACTICE, 0.5, "partly-serves-end-goal"),
        ("education", OpeningKind.LANGUAGE_PRACTICE, 0.9, "serves-end-goal"),
        ("qualification", OpeningKind.WORK_PRACTICE, 1.0, "serves-end-goal"),
        (None, OpeningKind.WORK_PRACTICE, 0.5, "no-end-goal"),
    ],
)
def test_end_goal_fit(goal: str | None, kind: OpeningKind, score: float, reason: str) -> None:
    factor = matching.end_goal_factor(goal, kind)
    assert (factor.score, factor.reason) == (score, reason)


# -- language -------------------------------------------------------------------------------


def test_meeting_every_required_level_scores_full() -> None:
    factor = matching.language_factor({"speaking": "B1"}, {Skill.SPEAKING: "A2"})
    assert (factor.score, factor.reason) == (1.0, "meets-requirement")


def test_one_level_below_is_workable_and_flagged() -> None:
    factor = matching.language_factor({"speaking": "A2", "reading": "A2"}, {Skill.SPEAKING: "B1"})
    assert (factor.score, factor.reason, factor.flags) == (
        0.5,
        "one-level-below",
        ("language-gap",),
    )
    assert "speaking A2 < B1" in factor.explanation


def test_two_levels_below_scores_nothing() -> None:
    factor = matching.language_factor({"reading": "A1"}, {Skill.READING: "B1"})
    assert (factor.score, factor.reason) == (0.0, "far-below")


def test_a_skill_not_mapped_counts_as_a0() -> None:
    factor = matching.language_factor({"speaking": "B1"}, {Skill.WRITING: "A2"})
    assert factor.reason == "far-below"


def test_no_requirement_and_unknown_levels() -> None:
    assert matching.language_factor({"speaking": "A1"}, {}).reason == "no-requirement"
    assert matching.language_factor(None, {Skill.SPEAKING: "A2"}).score == 0.5


# -- transport ------------------------------------------------------------------------------


def _transport(km_north: float, **kwargs: object) -> matching.Factor:
    point = GeoPoint(HAMAR_CENTRE.latitude + km_north / 111.2, HAMAR_CENTRE.longitude)
    values: dict[str, object] = {"public_transport": False, "has_driving_licence": False}
    values.update(kwargs)
    return matching.transport_factor(HAMAR_CENTRE, point, **values)  # type: ignore[arg-type]


def test_distance_is_great_circle_kilometres() -> None:
    north = GeoPoint(HAMAR_CENTRE.latitude + 10 / 111.2, HAMAR_CENTRE.longitude)
    assert matching.distance_km(HAMAR_CENTRE, north) == pytest.approx(10, abs=0.05)


@pytest.mark.parametrize(
    ("km", "kwargs", "score", "reason"),
    [
        (2, {}, 1.0, "walking-distance"),
        (10, {"has_driving_licence": True}, 1.0, "short-drive"),
        (30, {"has_driving_licence": True}, 0.7, "drive"),
        (60, {"has_driving_licence": True}, 0.2, "long-drive"),
        (10, {"public_transport": True}, 0.8, "public-transport"),
        (30, {"public_transport": True}, 0.5, "long-public-transport"),
        (5, {}, 0.6, "cycling-distance"),
        (12, {}, 0.0, "no-transport"),
    ],
)
def test_transport(km: float, kwargs: dict[str, object], score: float, reason: str) -> None:
    factor = _transport(km, **kwargs)
    assert (factor.score, factor.reason) == (score, reason)
    assert f"{km:.0f}." in factor.explanation or "km away" in factor.explanation


def test_unknown_distance_is_neutral() -> None:
    factor = matching.transport_factor(
        None, HAMAR_CENTRE, public_transport=True, has_driving_licence=None
    )
    assert (factor.score, factor.reason) == (0.5, "distance-unknown")


# -- childcare ------------------------------------------------------------------------------


def test_weekday_hours_inside_the_kindergarten_day_fit() -> None:
    factor = matching.childcare_factor(True, schedule(830, 1430))
    assert (factor.score, factor.reason) == (1.0, "within-kindergarten-hours")


@pytest.mark.parametrize(
    "hours", [schedule(700, 1430), schedule(1500, 2100), schedule(900, 1500, (Weekday.SAT,))]
)
def test_early_late_or_weekend_work_conflicts_with_childcare(hours: object) -> None:
    factor = matching.childcare_factor(True, hours)  # type: ignore[arg-type]
    assert (factor.score, factor.reason, factor.flags) == (
        0.0,
        "outside-kindergarten-hours",
        ("childcare-conflict",),
    )


def test_without_childcare_needs_any_schedule_fits() -> None:
    assert matching.childcare_factor(False, schedule(600, 2200)).score == 1.0
    assert matching.childcare_factor(None, schedule()).reason == "childcare-unknown"


# -- capacity -------------------------------------------------------------------------------


def test_free_seats_raise_the_score() -> None:
    assert matching.capacity_factor(2, 2, None).score == 1.0
    half = matching.capacity_factor(1, 2, 5)
    assert (half.score, half.explanation) == (0.75, "1 of 2 seats free.")


def test_an_employer_at_its_cap_scores_nothing_and_is_flagged() -> None:
    factor = matching.capacity_factor(1, 2, 0)
    assert (factor.score, factor.reason, factor.flags) == (
        0.0,
        "employer-at-capacity",
        ("employer-at-capacity",),
    )


# -- history, total, ranking ----------------------------------------------------------------


def test_a_third_placement_in_an_unrelated_sector_is_flagged() -> None:
    hopping = candidate(
        past_placements=(
            PastPlacement("P", OpeningKind.LANGUAGE_PRACTICE),
            PastPlacement("Q", OpeningKind.WORK_PRACTICE),
        )
    )
    assert matching.history_flags(hopping, "N") == ("third-unrelated-sector",)
    assert matching.history_flags(hopping, "P") == ()  # a sector they have been in
    assert matching.history_flags(candidate(), "N") == ()  # only the first placement


def test_the_total_is_the_weighted_sum_and_every_factor_explains_itself() -> None:
    match = matching.score_offer(candidate(), offer())
    assert [f.name for f in match.factors] == [
        "wishes",
        "language",
        "end_goal",
        "transport",
        "childcare",
        "capacity",
    ]
    assert sum(f.weight for f in match.factors) == 100
    assert match.score == pytest.approx(sum(f.points for f in match.factors), abs=0.2)
    assert all(f.explanation and f.reason for f in match.factors)
    # wishes 30, language 20, end goal 0.8*15, transport (walking) 15, childcare 10, capacity 10
    assert match.score == 97.0
    assert match.flags == ()


def test_rank_puts_the_wished_sector_first_and_flags_the_rest() -> None:
    wished = offer(sector="Q")
    unwished = offer(sector="F", kind=OpeningKind.ORDINARY_JOB)
    ranked = matching.rank(candidate(), [unwished, wished])
    assert [m.opening_id for m in ranked] == [wished.opening_id, unwished.opening_id]
    assert "outside-wishes" in ranked[1].flags


def test_proposal_flags_combine_wishes_and_history() -> None:
    hopping = candidate(
        past_placements=(
            PastPlacement("P", OpeningKind.LANGUAGE_PRACTICE),
            PastPlacement("I", OpeningKind.WORK_PRACTICE),
        )
    )
    assert matching.proposal_flags(hopping, "N") == ("outside-wishes", "third-unrelated-sector")
    assert matching.proposal_flags(hopping, "Q") == ()
