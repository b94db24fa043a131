from enum import StrEnum


class ClosureCreateProviderKind(StrEnum):
    LANGUAGE_PRACTICE = "language_practice"
    LEARNING_CENTRE = "learning_centre"
    NAV_MEASURE = "nav_measure"
    OTHER = "other"
    WORK_PRACTICE = "work_practice"

    def __str__(self) -> str:
        return str(self.value)
