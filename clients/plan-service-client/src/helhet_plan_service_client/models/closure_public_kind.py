from enum import StrEnum


class ClosurePublicKind(StrEnum):
    CLOSURE = "closure"
    HOLIDAY = "holiday"

    def __str__(self) -> str:
        return str(self.value)
