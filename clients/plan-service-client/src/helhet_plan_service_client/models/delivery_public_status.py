from enum import StrEnum


class DeliveryPublicStatus(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    REPLAY = "replay"

    def __str__(self) -> str:
        return str(self.value)
