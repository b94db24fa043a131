from enum import StrEnum


class ErasurePublicReason(StrEnum):
    REQUEST = "request"
    RETENTION_EXPIRED = "retention_expired"

    def __str__(self) -> str:
        return str(self.value)
