from enum import StrEnum


class ActivityInKind(StrEnum):
    EDUCATION = "education"
    HEALTH = "health"
    LANGUAGE_PRACTICE = "language_practice"
    NAV_MEASURE = "nav_measure"
    NORWEGIAN = "norwegian"
    OTHER = "other"
    PARENTING_GUIDANCE = "parenting_guidance"
    SOCIAL_STUDIES = "social_studies"
    WORK_PRACTICE = "work_practice"

    def __str__(self) -> str:
        return str(self.value)
