from enum import StrEnum


class ListContributionsParticipantsParticipantIdPlanContributionsGetStatusType0(StrEnum):
    ACCEPTED = "accepted"
    PROPOSED = "proposed"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
