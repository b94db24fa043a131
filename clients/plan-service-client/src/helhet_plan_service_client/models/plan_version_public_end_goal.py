from enum import StrEnum


class PlanVersionPublicEndGoal(StrEnum):
    EDUCATION = "education"
    QUALIFICATION = "qualification"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
