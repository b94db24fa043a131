from enum import StrEnum


class ParticipantPublicHouseholdType(StrEnum):
    FAMILY = "family"
    SINGLE = "single"

    def __str__(self) -> str:
        return str(self.value)
