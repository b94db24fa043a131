from enum import StrEnum


class LeaveCreateReason(StrEnum):
    CARE_FOR_RELATIVE = "care_for_relative"
    ILLNESS = "illness"
    OTHER = "other"
    PARENTAL = "parental"
    WELFARE = "welfare"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
