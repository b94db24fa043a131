from enum import StrEnum


class PlanVersionPublicParticipantGroupType0(StrEnum):
    SCHOOL_ORIENTED = "school_oriented"
    VOCATIONAL = "vocational"
    WORK_ORIENTED = "work_oriented"

    def __str__(self) -> str:
        return str(self.value)
