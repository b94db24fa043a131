from enum import StrEnum


class LedgerEntryCreateKind(StrEnum):
    ABSENCE = "absence"
    ATTENDANCE = "attendance"

    def __str__(self) -> str:
        return str(self.value)
