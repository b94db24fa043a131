from enum import StrEnum


class DecisionInResponsibilityType0(StrEnum):
    EXIT = "exit"
    FOLLOW_UP = "follow_up"
    LANGUAGE_PRACTICE = "language_practice"
    MAPPING = "mapping"
    NAV_MEASURES = "nav_measures"
    NORWEGIAN_TRAINING = "norwegian_training"
    PLAN = "plan"
    SETTLEMENT = "settlement"
    SOCIAL_NETWORK = "social_network"
    TRANSITION = "transition"
    WORK_PRACTICE = "work_practice"

    def __str__(self) -> str:
        return str(self.value)
