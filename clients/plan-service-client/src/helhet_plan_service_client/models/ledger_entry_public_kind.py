from enum import StrEnum


class LedgerEntryPublicKind(StrEnum):
    ABSENCE = "absence"
    ATTENDANCE = "attendance"

    def __str__(self) -> str:
        return str(self.value)
