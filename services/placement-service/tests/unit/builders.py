"""Builders for the domain's unit tests: an employer, an opening, a placement."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from uuid import uuid4

from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    AssessmentMethod,
    ContactRole,
    OpeningKind,
    Ownership,
    Purpose,
    Skill,
    Weekday,
)
from placement_service.domain.employers import Agreement, ContactPerson, Employer, MunicipalContact
from placement_service.domain.openings import Opening, Schedule
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement, Placement

HAMAR = "3403"
TODAY = date(2026, 11, 23)
VALID_ORG = "974760673"
WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


def schedule(start: int = 830, end: int = 1430, days: tuple[Weekday, ...] = WEEKDAYS) -> Schedule:
    return Schedule(days, time(start // 100, start % 100), time(end // 100, end % 100), 20.0)


def employer(**changes: Any) -> Employer:
    values: dict[str, Any] = dict(
        employer_id=uuid4(),
        municipality=HAMAR,
        org_number=VALID_ORG,
        name="Hamar sykehjem",
        sector="Q",
        nace_code="87.101",
        ownership=Ownership.MUNICIPAL,
        capacity_cap=3,
        agreement=Agreement(AgreementKind.COOPERATION_AGREEMENT, Anchoring.TOP_MANAGEMENT),
        responsible=MunicipalContact("Ola", "Hamar flyktningkontor"),
        locations=(),
        contacts=(ContactPerson(uuid4(), "Kari", ContactRole.DAILY_SUPERVISOR),),
    )
    values.update(changes)
    e = Employer.register(**values)
    e.events.clear()
    return e


def opening(e: Employer | None = None, **changes: Any) -> Opening:
    values: dict[str, Any] = dict(
        opening_id=uuid4(),
        employer=e or employer(),
        location_id=None,
        kind=OpeningKind.LANGUAGE_PRACTICE,
        sector=None,
        title="Care ward",
        schedule=schedule(),
        language_requirements={Skill.SPEAKING: "A2"},
        capacity=2,
        created_by_municipality=False,
        today=TODAY,
    )
    values.update(changes)
    o = Opening.publish(**values)
    o.events.clear()
    return o


def placement(o: Opening | None = None, e: Employer | None = None, **changes: Any) -> Placement:
    e = e or employer()
    o = o or opening(e)
    values: dict[str, Any] = dict(
        placement_id=uuid4(),
        participant_id=uuid4(),
        opening=o,
        employer=e,
        active_in_opening=0,
        active_at_employer=0,
        purpose=Purpose.LANGUAGE_LEARNING,
        learning_goals=("Take oral instructions",),
        plan_end_goal="work",
        plan_version=1,
        language_agreement=LanguageAgreement(
            {Skill.SPEAKING: "A2"}, AssessmentMethod.ASSESSMENT_FORM
        ),
        follow_up_plan=FollowUpPlan(14, "Hamar læringssenter"),
        start_date=date(2026, 9, 1),
        planned_end=date(2026, 12, 18),
        flags=(),
    )
    values.update(changes)
    p = Placement.start(**values)
    p.events.clear()
    return p
