from enum import StrEnum


class ExitCreateReason(StrEnum):
    EDUCATION = "education"
    END_GOAL_REACHED = "end_goal_reached"
    HEALTH = "health"
    INVALID_ABSENCE = "invalid_absence"
    MOVED = "moved"
    OTHER = "other"
    OWN_REQUEST = "own_request"
    PERIOD_EXPIRED = "period_expired"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
