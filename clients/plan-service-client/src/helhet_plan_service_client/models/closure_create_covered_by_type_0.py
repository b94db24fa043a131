from enum import StrEnum


class ClosureCreateCoveredByType0(StrEnum):
    COUNTY = "county"
    EMPLOYER = "employer"
    LEARNING_CENTRE = "learning-centre"
    NAV = "nav"
    REFUGEE_SERVICE = "refugee-service"
    VOLUNTEER = "volunteer"

    def __str__(self) -> str:
        return str(self.value)
