from enum import StrEnum


class ProgrammeDetailRegime(StrEnum):
    INTEGRERINGSLOVEN = "integreringsloven"
    INTRODUKSJONSLOVEN = "introduksjonsloven"

    def __str__(self) -> str:
        return str(self.value)
