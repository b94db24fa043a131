from enum import StrEnum


class TransitionPublicReceivingKindType0(StrEnum):
    COUNTY_SCHOOL = "county_school"
    EMPLOYER = "employer"
    NAV = "nav"

    def __str__(self) -> str:
        return str(self.value)
