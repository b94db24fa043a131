from enum import StrEnum


class CertificatePublicEndGoalType0(StrEnum):
    EDUCATION = "education"
    QUALIFICATION = "qualification"
    WORK = "work"

    def __str__(self) -> str:
        return str(self.value)
