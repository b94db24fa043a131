from enum import StrEnum


class TestResultPublicLevelsAdditionalProperty(StrEnum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"

    def __str__(self) -> str:
        return str(self.value)
