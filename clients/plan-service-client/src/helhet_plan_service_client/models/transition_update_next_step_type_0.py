from enum import StrEnum


class TransitionUpdateNextStepType0(StrEnum):
    EDUCATION = "education"
    MOVED_AWAY = "moved_away"
    NAV_MEASURE = "nav_measure"
    OTHER = "other"
    QUALIFICATION_PROGRAMME = "qualification_programme"
    SOCIAL_ASSISTANCE = "social_assistance"
    UNKNOWN = "unknown"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
