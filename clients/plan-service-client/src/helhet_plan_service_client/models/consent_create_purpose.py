from enum import StrEnum


class ConsentCreatePurpose(StrEnum):
    MATCHING = "matching"
    MENTORING = "mentoring"
    PLACEMENT = "placement"
    SOCIAL_NETWORK = "social_network"

    def __str__(self) -> str:
        return str(self.value)
