from enum import StrEnum


class OutcomeAtExitCreateMeasuredAt(StrEnum):
    AT_EXIT = "at_exit"
    ONE_YEAR_AFTER = "one_year_after"

    def __str__(self) -> str:
        return str(self.value)
