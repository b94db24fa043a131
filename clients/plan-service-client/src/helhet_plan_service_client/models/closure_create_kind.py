from enum import StrEnum


class ClosureCreateKind(StrEnum):
    CLOSURE = "closure"
    HOLIDAY = "holiday"

    def __str__(self) -> str:
        return str(self.value)
