from enum import StrEnum


class HandOverPublicBasisKind(StrEnum):
    CONSENT = "consent"
    SHARING_BASIS = "sharing_basis"

    def __str__(self) -> str:
        return str(self.value)
