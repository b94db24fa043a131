from enum import StrEnum


class CertificatePublicStatus(StrEnum):
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"

    def __str__(self) -> str:
        return str(self.value)
