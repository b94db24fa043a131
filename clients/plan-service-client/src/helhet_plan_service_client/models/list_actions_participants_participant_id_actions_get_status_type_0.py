from enum import StrEnum


class ListActionsParticipantsParticipantIdActionsGetStatusType0(StrEnum):
    CANCELLED = "cancelled"
    DONE = "done"
    OPEN = "open"
    OVERDUE = "overdue"

    def __str__(self) -> str:
        return str(self.value)
