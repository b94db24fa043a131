from enum import StrEnum


class ConsentPublicRecipientKind(StrEnum):
    EMPLOYER = "employer"
    MENTOR = "mentor"
    ORGANISATION = "organisation"
    VOLUNTEER = "volunteer"

    def __str__(self) -> str:
        return str(self.value)
