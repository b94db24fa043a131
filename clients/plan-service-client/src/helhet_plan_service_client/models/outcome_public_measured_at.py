from enum import StrEnum


class OutcomePublicMeasuredAt(StrEnum):
    AT_EXIT = "at_exit"
    ONE_YEAR_AFTER = "one_year_after"
    YEAR_N = "year_n"

    def __str__(self) -> str:
        return str(self.value)
