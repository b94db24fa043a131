from enum import StrEnum


class ProgrammeStartRegime(StrEnum):
    INTEGRERINGSLOVEN = "integreringsloven"
    INTRODUKSJONSLOVEN = "introduksjonsloven"

    def __str__(self) -> str:
        return str(self.value)
