"""The codes plan-service's aggregates, their events and its API share.

Plain Python: each enum is a closed list of codes, the values the API accepts and the
events carry. Nothing here knows an aggregate, so ``events.py`` can import it alone.
"""

from __future__ import annotations

from enum import StrEnum

from helhet_common.responsibilities import Responsibility as Responsibility

# The participant and the programme ---------------------------------------------------


class HouseholdType(StrEnum):
    SINGLE = "single"
    FAMILY = "family"


class Gender(StrEnum):
    """A coarse gender, for statistics only (outcomes differ widely between women and
    men: issue 16)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Regime(StrEnum):
    """The law the participant's programme runs under."""

    INTEGRATION_ACT = "integreringsloven"  # since 2021
    INTRODUCTION_ACT = "introduksjonsloven"  # started before 2021


class ExtensionReason(StrEnum):
    EXPECTED_TO_REACH_END_GOAL = "expected_to_reach_end_goal"  # integreringsloven § 13
    EDUCATION_IN_PROGRESS = "education_in_progress"
    WORK_TRAINING_IN_PROGRESS = "work_training_in_progress"
    NORWEGIAN_TRAINING = "norwegian_training"
    OTHER = "other"


class LeaveReason(StrEnum):
    PARENTAL = "parental"
    ILLNESS = "illness"
    CARE_FOR_RELATIVE = "care_for_relative"
    WELFARE = "welfare"
    WORK = "work"  # e.g. a temporary job outside the programme
    OTHER = "other"


class Completion(StrEnum):
    """IMDi's two ways out: avsluttet (completed) or avbrutt (interrupted)."""

    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


class ExitReason(StrEnum):
    END_GOAL_REACHED = "end_goal_reached"
    PERIOD_EXPIRED = "period_expired"
    WORK = "work"
    EDUCATION = "education"
    MOVED = "moved"
    HEALTH = "health"
    OWN_REQUEST = "own_request"
    INVALID_ABSENCE = "invalid_absence"
    OTHER = "other"


class ProgrammeStatus(StrEnum):
    NOT_STARTED = "not_started"
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


# The plan ------------------------------------------------------------------------------


class EndGoal(StrEnum):
    """The plan's sluttmål."""

    WORK = "work"
    EDUCATION = "education"
    QUALIFICATION = "qualification"


class ParticipantGroup(StrEnum):
    """The participant's group (løp) the end goal is set for (report 004 §2.2)."""

    WORK_ORIENTED = "work_oriented"  # arbeidsrettet
    SCHOOL_ORIENTED = "school_oriented"  # skolerettet
    VOCATIONAL = "vocational"  # fagrettet, e.g. towards a trade certificate


class Section(StrEnum):
    """The parts of the plan, each with its own contributors."""

    END_GOAL = "end_goal"  # sluttmål, with the participant's group
    NORWEGIAN_GOAL = "norwegian_goal"  # norskmål
    ACTIVITIES = "activities"  # what is done, by which unit, how many hours a week


class CefrLevel(StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"


class ActivityKind(StrEnum):
    NORWEGIAN = "norwegian"
    SOCIAL_STUDIES = "social_studies"
    LANGUAGE_PRACTICE = "language_practice"
    WORK_PRACTICE = "work_practice"
    NAV_MEASURE = "nav_measure"
    EDUCATION = "education"
    PARENTING_GUIDANCE = "parenting_guidance"
    HEALTH = "health"
    OTHER = "other"


class ContributionStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Competence mapping, tests and outcomes ------------------------------------------------


class EducationLevel(StrEnum):
    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    VOCATIONAL = "vocational"
    BACHELOR = "bachelor"
    MASTER_OR_HIGHER = "master_or_higher"


class Skill(StrEnum):
    """The four Norwegian skills, as the Norwegian test reports them."""

    LISTENING = "listening"
    READING = "reading"
    SPEAKING = "speaking"
    WRITING = "writing"


class LanguageLevel(StrEnum):
    """CEFR, with A0 for 'below A1'."""

    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"


class Interest(StrEnum):
    """A closed list, so that a code can never carry free text about a person.

    Add codes in a reviewed change; ``other`` plus a note covers the rest. Religion,
    health and politics are deliberately absent (special categories of personal data).
    """

    FOOTBALL = "football"
    OTHER_SPORTS = "other_sports"
    SWIMMING = "swimming"
    CYCLING = "cycling"
    HIKING = "hiking"
    FISHING = "fishing"
    COOKING = "cooking"
    MUSIC = "music"
    DANCE = "dance"
    ART = "art"
    CRAFTS = "crafts"
    SEWING = "sewing"
    THEATRE = "theatre"
    PHOTOGRAPHY = "photography"
    READING = "reading"
    GAMES = "games"
    TECHNOLOGY = "technology"
    GARDENING = "gardening"
    ANIMALS = "animals"
    CHILDREN_AND_YOUTH = "children_and_youth"
    VOLUNTEERING = "volunteering"
    OTHER = "other"


class TestKind(StrEnum):
    __test__ = False  # not a pytest class

    NORWEGIAN = "norwegian"
    SOCIAL_STUDIES = "social_studies"


class OutcomeStatus(StrEnum):
    WORK = "work"
    EDUCATION = "education"
    NAV_MEASURE = "nav_measure"
    QUALIFICATION_PROGRAMME = "qualification_programme"
    SOCIAL_ASSISTANCE = "social_assistance"
    OTHER = "other"
    MOVED_AWAY = "moved_away"  # follow-up: moved out of reach
    UNKNOWN = "unknown"  # follow-up: the status could not be found


class MeasurePoint(StrEnum):
    """IMDi measures status at exit; SSB in November the year after."""

    AT_EXIT = "at_exit"
    ONE_YEAR_AFTER = "one_year_after"
    # The yearly follow-up, n years after settlement (n = 1..5); published as
    # ``year_n`` with ``years_since_settlement``.
    YEAR_1 = "year_1"
    YEAR_2 = "year_2"
    YEAR_3 = "year_3"
    YEAR_4 = "year_4"
    YEAR_5 = "year_5"

    @classmethod
    def year(cls, n: int) -> MeasurePoint:
        return cls(f"year_{n}")

    @property
    def years_since_settlement(self) -> int | None:
        """n for the yearly follow-up, None for the exit and the SSB measure."""
        return int(self.value[5:]) if self.value.startswith("year_") else None

    @property
    def code(self) -> str:
        """The published code: ``at_exit``, ``one_year_after`` or ``year_n``."""
        return "year_n" if self.years_since_settlement is not None else self.value


# Consents and sharing bases ------------------------------------------------------------


class RecipientKind(StrEnum):
    EMPLOYER = "employer"
    VOLUNTEER = "volunteer"
    MENTOR = "mentor"
    ORGANISATION = "organisation"


class ConsentPurpose(StrEnum):
    PLACEMENT = "placement"
    MATCHING = "matching"
    MENTORING = "mentoring"
    SOCIAL_NETWORK = "social_network"


class SharingPurpose(StrEnum):
    """Why a public agency needs the participant's data."""

    PROGRAMME_COORDINATION = "programme_coordination"
    MAPPING = "mapping"
    PLAN = "plan"
    NORWEGIAN_TRAINING = "norwegian_training"
    WORK_TRAINING = "work_training"
    NAV_MEASURES = "nav_measures"
    EDUCATION = "education"
    TRANSITION = "transition"
    FOLLOW_UP = "follow_up"


class LegalBasis(StrEnum):
    INTEGRATION_ACT = "integreringsloven"
    INTRODUCTION_ACT = "introduksjonsloven"
    NAV_ACT = "nav_loven"
    SOCIAL_SERVICES_ACT = "sosialtjenesteloven"
    EDUCATION_ACT = "opplaeringslova"
    PUBLIC_ADMINISTRATION_ACT = "forvaltningsloven"


class ConsentStatus(StrEnum):
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class DataCategory(StrEnum):
    """What a read or a write touches, for the purpose check of another agency."""

    PARTICIPANT = "participant"  # settlement, the programme, consents and sharing bases
    PLAN = "plan"  # the plan, its versions, contributions and reviews
    MEETINGS = "meetings"  # meetings and actions
    CONTACTS = "contacts"  # the participant's contact person per agency
    MAPPING = "mapping"  # competence mappings
    RESULTS = "results"  # test results and outcomes
    CERTIFICATE = "certificate"  # the participation certificate's data


# Meetings and actions ------------------------------------------------------------------


class MeetingKind(StrEnum):
    THREE_WAY_TALK = "three_way_talk"  # trekantsamtale: participant, teacher, adviser
    CASE_MEETING = "case_meeting"  # e.g. a qualification group or a team meeting
    PLAN_REVIEW = "plan_review"
    TRANSITION_DIALOGUE = "transition_dialogue"  # with NAV before the programme ends


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionFilter(StrEnum):
    """What a list of actions can be narrowed to: a status, or open and past due."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"
