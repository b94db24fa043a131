from enum import StrEnum


class PlanPublicEndGoal(StrEnum):
    EDUCATION = "education"
    QUALIFICATION = "qualification"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
