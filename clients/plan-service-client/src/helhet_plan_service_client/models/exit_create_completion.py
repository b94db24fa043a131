from enum import StrEnum


class ExitCreateCompletion(StrEnum):
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"

    def __str__(self) -> str:
        return str(self.value)
