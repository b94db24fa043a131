from enum import StrEnum


class CertificatePublicRegime(StrEnum):
    INTEGRERINGSLOVEN = "integreringsloven"
    INTRODUKSJONSLOVEN = "introduksjonsloven"

    def __str__(self) -> str:
        return str(self.value)
