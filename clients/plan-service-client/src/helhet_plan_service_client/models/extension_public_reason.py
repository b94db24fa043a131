from enum import StrEnum


class ExtensionPublicReason(StrEnum):
    EDUCATION_IN_PROGRESS = "education_in_progress"
    EXPECTED_TO_REACH_END_GOAL = "expected_to_reach_end_goal"
    NORWEGIAN_TRAINING = "norwegian_training"
    OTHER = "other"
    WORK_TRAINING_IN_PROGRESS = "work_training_in_progress"

    def __str__(self) -> str:
        return str(self.value)
