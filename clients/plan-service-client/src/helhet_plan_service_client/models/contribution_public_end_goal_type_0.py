from enum import StrEnum


class ContributionPublicEndGoalType0(StrEnum):
    EDUCATION = "education"
    QUALIFICATION = "qualification"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
