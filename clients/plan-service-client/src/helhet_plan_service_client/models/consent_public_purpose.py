from enum import StrEnum


class ConsentPublicPurpose(StrEnum):
    MATCHING = "matching"
    MENTORING = "mentoring"
    PLACEMENT = "placement"
    SOCIAL_NETWORK = "social_network"

    def __str__(self) -> str:
        return str(self.value)
