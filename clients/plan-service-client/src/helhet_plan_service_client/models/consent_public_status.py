from enum import StrEnum


class ConsentPublicStatus(StrEnum):
    EXPIRED = "expired"
    IN_FORCE = "in_force"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
