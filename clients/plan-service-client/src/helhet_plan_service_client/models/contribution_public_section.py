from enum import StrEnum


class ContributionPublicSection(StrEnum):
    ACTIVITIES = "activities"
    END_GOAL = "end_goal"
    NORWEGIAN_GOAL = "norwegian_goal"

    def __str__(self) -> str:
        return str(self.value)
