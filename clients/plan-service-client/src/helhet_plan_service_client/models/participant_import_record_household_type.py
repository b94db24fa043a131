from enum import StrEnum


class ParticipantImportRecordHouseholdType(StrEnum):
    FAMILY = "family"
    SINGLE = "single"

    def __str__(self) -> str:
        return str(self.value)
