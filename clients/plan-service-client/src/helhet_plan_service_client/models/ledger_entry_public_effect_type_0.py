from enum import StrEnum


class LedgerEntryPublicEffectType0(StrEnum):
    KEEPS = "keeps"
    REDUCES = "reduces"
    UNPAID_LEAVE = "unpaid_leave"

    def __str__(self) -> str:
        return str(self.value)
