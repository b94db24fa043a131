from enum import StrEnum


class TestResultPublicTest(StrEnum):
    NORWEGIAN = "norwegian"
    SOCIAL_STUDIES = "social_studies"

    def __str__(self) -> str:
        return str(self.value)
