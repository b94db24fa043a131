from enum import StrEnum


class ReadyHealthReadyGetResponse503Status(StrEnum):
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
