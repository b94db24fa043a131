from enum import StrEnum


class ExitPublicCompletion(StrEnum):
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"

    def __str__(self) -> str:
        return str(self.value)
