from enum import StrEnum


class ActionCompletionOutcome(StrEnum):
    CANCELLED = "cancelled"
    DONE = "done"

    def __str__(self) -> str:
        return str(self.value)
