"""Codes and small values the placement aggregates and their events share.

Plain Python: the enums are the codes the API and the events carry (NACE sections,
opening kinds, end reasons, ...), and the flags the reporting service counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from helhet_common.domain_errors import Invalid

SECTORS: dict[str, str] = {
    "A": "agriculture, forestry and fishing",
    "B": "mining and quarrying",
    "C": "manufacturing",
    "D": "electricity and gas supply",
    "E": "water supply and waste management",
    "F": "construction",
    "G": "wholesale and retail trade",
    "H": "transport and storage",
    "I": "accommodation and food service",
    "J": "information and communication",
    "K": "financial and insurance activities",
    "L": "real estate",
    "M": "professional, scientific and technical activities",
    "N": "administrative and support services",
    "O": "public administration",
    "P": "education",
    "Q": "health and social work",
    "R": "arts, entertainment and recreation",
    "S": "other service activities",
    "T": "households as employers",
    "U": "extraterritorial organisations",
}


class Ownership(StrEnum):
    MUNICIPAL = "municipal"
    PRIVATE = "private"


class ContactRole(StrEnum):
    MANAGER = "manager"
    DAILY_SUPERVISOR = "daily_supervisor"
    HR = "hr"
    MENTOR = "mentor"
    SIGNATORY = "signatory"


class AgreementKind(StrEnum):
    NONE = "none"
    ORAL = "oral"
    LETTER_OF_INTENT = "letter_of_intent"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    IA_AGREEMENT = "ia_agreement"


class Anchoring(StrEnum):
    """How high in the employer the agreement is anchored (the research: a person who
    leaves takes the agreement with them unless it sits higher)."""

    INDIVIDUAL = "individual"
    DEPARTMENT = "department"
    TOP_MANAGEMENT = "top_management"
    SECTOR = "sector"


class HistoryKind(StrEnum):
    CONTACT = "contact"
    VISIT = "visit"
    INCIDENT = "incident"
    AGREEMENT = "agreement"
    CONTACT_ADDED = "contact_added"
    CONTACT_LEFT = "contact_left"
    NOTE = "note"


class OpeningKind(StrEnum):
    LANGUAGE_PRACTICE = "language_practice"
    WORK_PRACTICE = "work_practice"
    NAV_WORK_TRAINING = "nav_work_training"
    WAGE_SUBSIDY = "wage_subsidy"
    MUNICIPAL_JOB = "municipal_job"
    ORDINARY_JOB = "ordinary_job"


class OpeningStatus(StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class Skill(StrEnum):
    LISTENING = "listening"
    READING = "reading"
    SPEAKING = "speaking"
    WRITING = "writing"


CEFR_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1")


def cefr_rank(level: str) -> int:
    try:
        return CEFR_LEVELS.index(level)
    except ValueError:
        raise Invalid(f"{level!r} is not a CEFR level.", code="cefr-level") from None


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class Purpose(StrEnum):
    LANGUAGE_LEARNING = "language_learning"
    WORK_EXPERIENCE = "work_experience"
    QUALIFICATION = "qualification"
    CLARIFICATION = "clarification"
    RECRUITMENT = "recruitment"


class AssessmentMethod(StrEnum):
    ASSESSMENT_FORM = "assessment_form"
    TEACHER_OBSERVATION = "teacher_observation"
    EMPLOYER_EVALUATION = "employer_evaluation"
    NORWEGIAN_TEST = "norwegian_test"


class FollowUpKind(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    THREE_WAY_TALK = "three_way_talk"
    EVALUATION = "evaluation"


class FollowUpOutcome(StrEnum):
    ON_TRACK = "on_track"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"


class PlacementStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(StrEnum):
    COMPLETED = "completed"
    HIRED = "hired"
    ENDED_BY_PARTICIPANT = "ended_by_participant"
    ENDED_BY_EMPLOYER = "ended_by_employer"
    MOVED = "moved"
    # The participant's consent to the employer was withdrawn or lapsed: never chosen by
    # a caseworker, set when placement-service learns of it.
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_EXPIRED = "consent_expired"
    # The participant's introduction programme ended (an exit), and no NAV measure
    # carries the placement past it.
    PROGRAMME_ENDED = "programme_ended"


class NextStep(StrEnum):
    NEW_PLACEMENT = "new_placement"
    NAV_MEASURE = "nav_measure"
    EDUCATION = "education"
    WORK = "work"
    NORWEGIAN_TRAINING = "norwegian_training"
    QUALIFICATION_PROGRAMME = "qualification_programme"
    UNDECIDED = "undecided"


class ExtensionReason(StrEnum):
    LEARNING_GOALS_NOT_MET = "learning_goals_not_met"
    HIRING_PROSPECT = "hiring_prospect"
    PARTICIPANT_WISH = "participant_wish"
    SUBSIDY_CONTINUES = "subsidy_continues"


class NavMeasureType(StrEnum):
    WORK_TRAINING = "work_training"  # arbeidstrening
    TEMPORARY_WAGE_SUBSIDY = "temporary_wage_subsidy"  # midlertidig lønnstilskudd
    PERMANENT_WAGE_SUBSIDY = "permanent_wage_subsidy"
    MENTOR = "mentor"
    FOLLOW_UP = "follow_up"  # oppfølging
    QUALIFICATION_PROGRAMME = "qualification_programme"  # kvalifiseringsprogrammet


class NavMeasureRole(StrEnum):
    FUNDS = "funds"  # pays for the placement while it runs
    CONTINUES = "continues"  # carries it on after the programme's benefit ends


# Flags: codes the reporting service counts and caseworkers see.
FLAG_OUTSIDE_WISHES = "outside-wishes"
FLAG_THIRD_UNRELATED_SECTOR = "third-unrelated-sector"
FLAG_SUBSIDY_DRIVEN_EXTENSION = "subsidy-driven-extension"


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


def check_sector(sector: str, nace_code: str | None) -> None:
    if sector not in SECTORS:
        raise Invalid(f"{sector!r} is not a NACE section letter (A-U).", code="invalid-sector")
    if nace_code is not None:
        digits = nace_code.replace(".", "")
        if not digits.isdigit() or not 2 <= len(digits) <= 5:
            raise Invalid("A NACE code looks like 87.101 or 56.", code="invalid-nace-code")
