from enum import StrEnum


class SharingBasisCreateLegalBasis(StrEnum):
    FORVALTNINGSLOVEN = "forvaltningsloven"
    INTEGRERINGSLOVEN = "integreringsloven"
    INTRODUKSJONSLOVEN = "introduksjonsloven"
    NAV_LOVEN = "nav_loven"
    OPPLAERINGSLOVA = "opplaeringslova"
    SOSIALTJENESTELOVEN = "sosialtjenesteloven"

    def __str__(self) -> str:
        return str(self.value)
