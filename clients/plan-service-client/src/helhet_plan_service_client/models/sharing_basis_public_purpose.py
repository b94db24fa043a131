from enum import StrEnum


class SharingBasisPublicPurpose(StrEnum):
    EDUCATION = "education"
    FOLLOW_UP = "follow_up"
    MAPPING = "mapping"
    NAV_MEASURES = "nav_measures"
    NORWEGIAN_TRAINING = "norwegian_training"
    PLAN = "plan"
    PROGRAMME_COORDINATION = "programme_coordination"
    TRANSITION = "transition"
    WORK_TRAINING = "work_training"

    def __str__(self) -> str:
        return str(self.value)
