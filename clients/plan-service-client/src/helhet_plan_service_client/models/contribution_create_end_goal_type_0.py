from enum import StrEnum


class ContributionCreateEndGoalType0(StrEnum):
    EDUCATION = "education"
    QUALIFICATION = "qualification"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
