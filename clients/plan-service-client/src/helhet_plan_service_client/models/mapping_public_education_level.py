from enum import StrEnum


class MappingPublicEducationLevel(StrEnum):
    BACHELOR = "bachelor"
    MASTER_OR_HIGHER = "master_or_higher"
    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    VOCATIONAL = "vocational"

    def __str__(self) -> str:
        return str(self.value)
