"""Builders for the participant aggregate: a valid default, changed only where a test
says so."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from plan_service.domain.codes import (
    ActivityKind,
    CefrLevel,
    Completion,
    ConsentPurpose,
    EducationLevel,
    EndGoal,
    ExitReason,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    RecipientKind,
    Regime,
    SharingPurpose,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import Action, Attendee, ContactPerson, Meeting
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Activity, Contributor
from plan_service.domain.programmes import Exit, Leave, Programme
from plan_service.domain.results import Outcome, TestResult
from plan_service.domain.sharing import Consent, SharingBasis

TODAY = date(2026, 11, 23)
SETTLED_ON = date(2026, 3, 2)
PARTICIPANT_ID = UUID("01930000-0000-7000-8000-000000000001")
EDITOR = Contributor("refugee-service", "programradgiver")


def settled(**changes: Any) -> Participant:
    """A participant settled in Hamar on 2 March 2026, with no events recorded yet."""
    values: dict[str, Any] = dict(
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        settlement_date=SETTLED_ON,
        birth_year=1994,
        household_type=HouseholdType.SINGLE,
        languages=("ti", "ar"),
        personal={"given_name": "Ruta", "family_name": "Haile"},
        today=TODAY,
    )
    values.update(changes)
    participant = Participant.settle(**values)
    participant.events.clear()
    return participant


def programme(
    start: date = date(2026, 4, 1),
    end: date = date(2028, 3, 31),
    regime: Regime = Regime.INTEGRATION_ACT,
) -> Programme:
    return Programme(regime=regime, start_date=start, expected_end_date=end)


def enrolled() -> Participant:
    participant = settled()
    participant.start_programme(programme())
    participant.events.clear()
    return participant


def activity(hours: float = 20.0, **changes: Any) -> Activity:
    values: dict[str, Any] = dict(
        kind=ActivityKind.NORWEGIAN, provider_unit="Hamar læringssenter", hours_per_week=hours
    )
    values.update(changes)
    return Activity(**values)


def update_plan(participant: Participant, *, version: int = 0, **changes: Any) -> Any:
    values: dict[str, Any] = dict(
        expected_version=version,
        end_goal=EndGoal.WORK,
        norwegian_goal=CefrLevel.B1,
        activities=(activity(20.0), activity(12.5, kind=ActivityKind.LANGUAGE_PRACTICE)),
        reason="agreed with the participant" if version else None,
        editor=EDITOR,
        today=TODAY,
    )
    values.update(changes)
    return participant.update_plan(**values)


def planned() -> Participant:
    """Enrolled, with a plan at version 1 and no events recorded yet."""
    participant = enrolled()
    update_plan(participant)
    participant.events.clear()
    return participant


def mapping(**changes: Any) -> Mapping:
    values: dict[str, Any] = dict(
        recorded_by_agency="learning-centre",
        recorded_on=date(2026, 9, 1),
        education_level=EducationLevel.SECONDARY,
        work_experience_sectors=("Q", "I"),
        wished_sectors=("Q",),
        interests=(Interest.FOOTBALL, Interest.COOKING),
        norwegian_levels={
            Skill.LISTENING: LanguageLevel.A2,
            Skill.READING: LanguageLevel.A2,
            Skill.SPEAKING: LanguageLevel.A1,
            Skill.WRITING: LanguageLevel.A0,
        },
        has_driving_licence=False,
        childcare_needs=True,
    )
    values.update(changes)
    return Mapping(**values)


def norwegian_test(**changes: Any) -> TestResult:
    values: dict[str, Any] = dict(
        id=UUID("01930000-0000-7000-8000-0000000000a1"),
        test=TestKind.NORWEGIAN,
        taken_on=date(2026, 6, 10),
        recorded_by_agency="learning-centre",
        levels={Skill.LISTENING: LanguageLevel.B1, Skill.WRITING: LanguageLevel.A2},
    )
    values.update(changes)
    return TestResult(**values)


def exit_(**changes: Any) -> Exit:
    values: dict[str, Any] = dict(
        completion=Completion.COMPLETED, end_date=date(2026, 11, 2), reason=ExitReason.WORK
    )
    values.update(changes)
    return Exit(**values)


def ended(**changes: Any) -> Participant:
    """Enrolled, then exited on 2 November 2026, no events recorded."""
    participant = enrolled()
    participant.end_programme(exit_(**changes), today=TODAY)
    participant.events.clear()
    return participant


def outcome(**changes: Any) -> Outcome:
    values: dict[str, Any] = dict(
        measured_at=MeasurePoint.AT_EXIT,
        status=OutcomeStatus.WORK,
        status_on=date(2026, 11, 2),
        recorded_by_agency="refugee-service",
        recorded_by="programradgiver",
    )
    values.update(changes)
    return Outcome(**values)


def granted_consent(**changes: Any) -> Consent:
    values: dict[str, Any] = dict(
        consent_id=UUID("01930000-0000-7000-8000-0000000000c1"),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        recipient_kind=RecipientKind.EMPLOYER,
        recipient_id="974760673",
        purpose=ConsentPurpose.PLACEMENT,
        granted_on=date(2026, 9, 1),
        expires_on=None,
        recorded_by="programradgiver",
        today=TODAY,
    )
    values.update(changes)
    return Consent.grant(**values)


def basis(existing: tuple[SharingBasis, ...] = (), **changes: Any) -> SharingBasis:
    values: dict[str, Any] = dict(
        basis_id=UUID("01930000-0000-7000-8000-0000000000b1"),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        agency="nav",
        purpose=SharingPurpose.NAV_MEASURES,
        legal_basis=LegalBasis.INTEGRATION_ACT,
        valid_from=date(2026, 9, 1),
        valid_to=None,
        recorded_by="programradgiver",
        existing=existing,
    )
    values.update(changes)
    return SharingBasis.record(**values)


def leave(**changes: Any) -> Leave:
    """Parental leave in November and December 2026."""
    values: dict[str, Any] = dict(
        from_date=date(2026, 11, 1),
        to_date=date(2026, 12, 31),
        reason=LeaveReason.PARENTAL,
        id=UUID("01930000-0000-7000-8000-0000000000d1"),
        recorded_by="programradgiver",
    )
    values.update(changes)
    return Leave(**values)


def review_values(**changes: Any) -> dict[str, Any]:
    """The arguments of ``Participant.review_plan``: a review on 20 November 2026 with
    the refugee service and the learning centre, acknowledged, no disagreement."""
    values: dict[str, Any] = dict(
        review_id=UUID("01930000-0000-7000-8000-0000000000e1"),
        reviewed_on=date(2026, 11, 20),
        agencies_present=("refugee-service", "learning-centre"),
        participant_acknowledged=True,
        participant_disagrees=False,
        participant_comment=None,
        municipality_justification=None,
        next_review_due=None,
        recorded_by_agency="refugee-service",
        today=TODAY,
    )
    values.update(changes)
    return values


def meeting(**changes: Any) -> Meeting:
    """A three-way talk on 18 November 2026, with its MeetingHeld event."""
    values: dict[str, Any] = dict(
        meeting_id=UUID("01930000-0000-7000-8000-0000000000f1"),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        kind=MeetingKind.THREE_WAY_TALK,
        held_on=date(2026, 11, 18),
        attendees=(Attendee("refugee-service"), Attendee("learning-centre")),
        participant_present=True,
        notes=None,
        recorded_by_agency="refugee-service",
        recorded_by="programradgiver",
        settled_on=SETTLED_ON,
        today=TODAY,
    )
    values.update(changes)
    return Meeting.hold(**values)


def action(**changes: Any) -> Action:
    """NAV's action, decided on 18 November 2026 and due on 15 December, with its
    ActionCreated event."""
    values: dict[str, Any] = dict(
        action_id=UUID("01930000-0000-7000-8000-0000000000a9"),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        description="Apply for work training",
        owner_agency="nav",
        owner_unit="nav",
        due_date=date(2026, 12, 15),
        created_on=date(2026, 11, 18),
        meeting_id=None,
        responsibility=None,
        recorded_by="programradgiver",
        settled_on=SETTLED_ON,
        today=TODAY,
    )
    values.update(changes)
    return Action.create(**values)


def contact(**changes: Any) -> ContactPerson:
    values: dict[str, Any] = dict(
        id=UUID("01930000-0000-7000-8000-0000000000c9"),
        agency="nav",
        name="Ola Veileder",
        assigned_on=date(2026, 9, 1),
        role="veileder",
    )
    values.update(changes)
    return ContactPerson(**values)
