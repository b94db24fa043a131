from enum import StrEnum


class ParticipantPublicProgrammeStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    NOT_STARTED = "not_started"
    ON_LEAVE = "on_leave"

    def __str__(self) -> str:
        return str(self.value)
