"""The plan as a living, shared document: a reason for every change, contributors per
section, contributions the editor accepts or rejects, and the full-time rule."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.codes import (
    ActivityKind,
    CefrLevel,
    ContributionStatus,
    EndGoal,
    ParticipantGroup,
    Section,
)
from plan_service.domain.participants import Participant
from plan_service.domain.plans import FIRST_PLAN_REASON, Contribution, Contributor, SectionProposal

from .builders import EDITOR, PARTICIPANT_ID, TODAY, activity, enrolled, planned, update_plan

NAV = Contributor("nav", "nav-veileder")
TEACHER = Contributor("learning-centre", "laerer")
CONTRIBUTION_ID = UUID("01930000-0000-7000-8000-0000000000b9")


def propose(
    participant: Participant, proposal: SectionProposal, by: Contributor = NAV
) -> Contribution:
    return participant.propose_contribution(
        contribution_id=CONTRIBUTION_ID,
        proposal=proposal,
        reason="Agreed with the participant.",
        proposed_by=by,
        today=TODAY,
    )


def work_training(hours: float = 2.5) -> SectionProposal:
    return SectionProposal(
        section=Section.ACTIVITIES,
        activities=(activity(hours, kind=ActivityKind.NAV_MEASURE, provider_unit="NAV Hamar"),),
    )


# Reasons and versions -----------------------------------------------------------------


def test_a_first_plan_without_a_reason_gets_the_first_plan_reason() -> None:
    plan = update_plan(enrolled(), reason=None)

    assert (plan.version, plan.reason) == (1, FIRST_PLAN_REASON)
    assert plan.changed_by == EDITOR
    assert plan.started_on == TODAY


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_every_later_change_needs_a_reason(reason: str | None) -> None:
    participant = planned()

    with pytest.raises(Invalid) as refused:
        update_plan(participant, version=1, reason=reason)

    assert refused.value.code == "reason-required"
    assert participant.plan is not None
    assert participant.plan.version == 1
    assert participant.events == []


def test_a_change_keeps_the_day_of_the_first_version_and_its_reason() -> None:
    participant = planned()

    plan = update_plan(
        participant, version=1, reason="  B2 is within reach ", today=date(2027, 1, 4)
    )

    assert plan.reason == "B2 is within reach"
    assert plan.started_on == TODAY  # the first version's day, not this change's


# Contributors per section --------------------------------------------------------------


def test_the_first_version_credits_its_author_in_every_section() -> None:
    plan = update_plan(enrolled())

    assert {s: plan.contributors_of(s) for s in Section} == dict.fromkeys(Section, (EDITOR,))


def test_a_change_credits_the_editor_only_in_the_sections_it_changes() -> None:
    participant = planned()
    other_editor = Contributor("refugee-service", "another-adviser")

    plan = update_plan(participant, version=1, norwegian_goal=CefrLevel.B2, editor=other_editor)

    assert plan.contributors_of(Section.NORWEGIAN_GOAL) == (EDITOR, other_editor)
    assert plan.contributors_of(Section.END_GOAL) == (EDITOR,)
    assert plan.contributors_of(Section.ACTIVITIES) == (EDITOR,)


def test_the_participant_group_belongs_to_the_end_goal_section() -> None:
    participant = planned()
    other_editor = Contributor("refugee-service", "another-adviser")

    plan = update_plan(
        participant,
        version=1,
        participant_group=ParticipantGroup.VOCATIONAL,
        editor=other_editor,
    )

    assert plan.changed_sections(None) == list(Section)
    assert plan.contributors_of(Section.END_GOAL) == (EDITOR, other_editor)


# Contributions ---------------------------------------------------------------------


def test_a_contribution_is_proposed_against_the_current_version() -> None:
    participant = planned()

    contribution = propose(participant, work_training())

    assert contribution.status is ContributionStatus.PROPOSED
    assert contribution.based_on_version == 1
    assert (contribution.proposed_by, contribution.proposed_on) == (NAV, TODAY)
    assert participant.events == []  # nothing is published until it is accepted


def test_a_contribution_needs_a_plan() -> None:
    with pytest.raises(Conflict) as refused:
        propose(enrolled(), work_training())

    assert refused.value.code == "no-plan"


@pytest.mark.parametrize(
    "proposal",
    [
        SectionProposal(section=Section.ACTIVITIES),
        SectionProposal(section=Section.END_GOAL),
        SectionProposal(section=Section.NORWEGIAN_GOAL, end_goal=EndGoal.WORK),
        SectionProposal(
            section=Section.END_GOAL, end_goal=EndGoal.WORK, norwegian_goal=CefrLevel.B1
        ),
        SectionProposal(
            section=Section.ACTIVITIES,
            activities=(activity(5.0),),
            participant_group=ParticipantGroup.VOCATIONAL,
        ),
    ],
    ids=["no-activities", "no-end-goal", "wrong-field", "two-sections", "group-with-activities"],
)
def test_a_contribution_must_fit_its_section(proposal: SectionProposal) -> None:
    with pytest.raises(Invalid) as refused:
        propose(planned(), proposal)

    assert refused.value.code == "contribution-shape"


def test_a_contribution_needs_a_reason() -> None:
    with pytest.raises(Invalid) as refused:
        planned().propose_contribution(
            contribution_id=CONTRIBUTION_ID,
            proposal=work_training(),
            reason=" ",
            proposed_by=NAV,
            today=TODAY,
        )

    assert refused.value.code == "reason-required"


def test_accepting_activities_adds_them_as_a_new_version_credited_to_the_contributor() -> None:
    participant = planned()
    contribution = propose(participant, work_training(5.0))

    plan = participant.accept_contribution(contribution, editor=EDITOR, reason=None, today=TODAY)

    assert plan.version == 2
    assert [a.kind for a in plan.activities][-1] is ActivityKind.NAV_MEASURE
    assert plan.programme_hours_per_week == 37.5
    assert plan.reason == "Agreed with the participant."  # the contribution's reason
    assert (plan.changed_by, plan.contribution_id) == (EDITOR, CONTRIBUTION_ID)
    assert plan.contributors_of(Section.ACTIVITIES) == (EDITOR, NAV)
    assert plan.contributors_of(Section.NORWEGIAN_GOAL) == (EDITOR,)
    assert contribution.status is ContributionStatus.ACCEPTED
    assert (contribution.decided_by, contribution.resulting_version) == (EDITOR, 2)
    assert participant.events == [
        events.PlanUpdated(
            participant_id=PARTICIPANT_ID,
            plan_version=2,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activity_kinds=(
                ActivityKind.NORWEGIAN,
                ActivityKind.LANGUAGE_PRACTICE,
                ActivityKind.NAV_MEASURE,
            ),
            programme_hours_per_week=37.5,
            saved_on=TODAY,
        )
    ]


def test_accepting_a_goal_replaces_it_with_the_editors_reason() -> None:
    participant = planned()
    contribution = propose(
        participant,
        SectionProposal(section=Section.NORWEGIAN_GOAL, norwegian_goal=CefrLevel.B2),
        by=TEACHER,
    )

    plan = participant.accept_contribution(
        contribution, editor=EDITOR, reason="Discussed in the review.", today=TODAY
    )

    assert plan.norwegian_goal is CefrLevel.B2
    assert plan.reason == "Discussed in the review."
    assert plan.contributors_of(Section.NORWEGIAN_GOAL) == (EDITOR, TEACHER)


def test_accepting_more_than_full_time_is_refused_and_changes_nothing() -> None:
    participant = planned()  # 32.5 hours
    contribution = propose(participant, work_training(10.0))

    with pytest.raises(Invalid) as refused:
        participant.accept_contribution(contribution, editor=EDITOR, reason=None, today=TODAY)

    assert refused.value.code == "hours-over-full-time"
    assert contribution.status is ContributionStatus.PROPOSED
    assert participant.plan is not None
    assert participant.plan.version == 1


def test_a_decided_contribution_cannot_be_decided_again() -> None:
    participant = planned()
    accepted = propose(participant, work_training())
    participant.accept_contribution(accepted, editor=EDITOR, reason=None, today=TODAY)
    rejected = propose(participant, work_training())
    rejected.reject(editor=EDITOR, reason="Not now.", today=TODAY)

    for contribution in (accepted, rejected):
        with pytest.raises(Conflict) as refused:
            participant.accept_contribution(contribution, editor=EDITOR, reason=None, today=TODAY)
        assert refused.value.code == "contribution-decided"
    with pytest.raises(Conflict):
        rejected.reject(editor=EDITOR, reason="Again.", today=TODAY)


def test_a_rejection_needs_a_reason() -> None:
    contribution: Contribution = propose(planned(), work_training())

    with pytest.raises(Invalid) as refused:
        contribution.reject(editor=EDITOR, reason="", today=TODAY)

    assert refused.value.code == "reason-required"
    assert contribution.status is ContributionStatus.PROPOSED


# Full time ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "heavy_self_study", "full_time", "required"),
    [
        ((25.0, 12.5), False, True, 37.5),
        ((20.0, 12.5), False, False, 37.5),
        ((20.0, 10.0), True, True, 30.0),
        ((20.0, 9.5), True, False, 30.0),
        ((25.0, 12.5), True, True, 30.0),
    ],
    ids=["37.5", "below-37.5", "30-heavy", "below-30-heavy", "37.5-heavy"],
)
def test_full_time_is_37_5_hours_or_30_with_heavy_self_study(
    hours: tuple[float, ...], heavy_self_study: bool, full_time: bool, required: float
) -> None:
    plan = update_plan(
        enrolled(),
        activities=tuple(activity(h) for h in hours),
        heavy_self_study=heavy_self_study,
    )

    assert (plan.full_time, plan.required_hours_per_week) == (full_time, required)


def test_below_full_time_is_accepted_and_flagged_not_refused() -> None:
    participant = enrolled()

    plan = update_plan(participant, activities=(activity(15.0),))

    assert participant.plan == plan
    assert not plan.full_time


def test_hours_not_counted_in_the_programme_do_not_make_full_time() -> None:
    plan = update_plan(
        enrolled(),
        activities=(activity(30.0), activity(7.5, counts_as_programme_hours=False)),
    )

    assert (plan.programme_hours_per_week, plan.full_time) == (30.0, False)


def test_more_than_37_5_hours_is_refused_even_with_heavy_self_study() -> None:
    with pytest.raises(Invalid) as refused:
        update_plan(enrolled(), activities=(activity(30.0), activity(8.0)), heavy_self_study=True)

    assert refused.value.code == "hours-over-full-time"
