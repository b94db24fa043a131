"""The municipality-wide list of absence codes (docs/benefit.md, "Absence codes"): the
legal defaults and each municipality's own additions, one list for every service that
records attendance and absence (plan-service's ledger, placement-service's placement
days), so a code one accepts the other accepts too (report 002, F7).

The additions are the shared setting ``HELHET_ABSENCE_CODES`` (``ServiceSettings.
absence_codes``), the same for every service. Plain Python: no I/O, no framework.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from helhet_common.domain_errors import Invalid


class BenefitEffect(StrEnum):
    """What an hour of the absence does to the introduction benefit."""

    KEEPS = "keeps"  # the benefit is paid (valid absence, illness, holiday, paid leave)
    REDUCES = "reduces"  # invalid absence: reduced per hour (integreringsloven § 21)
    UNPAID_LEAVE = "unpaid_leave"  # leave without benefit: no benefit for the hours


@dataclass(frozen=True)
class AbsenceCode:
    code: str
    effect: BenefitEffect
    label: str  # Norwegian, for the screens; never in an event


# The legal defaults: a municipality may add codes of its own, but not change what a
# default does to the benefit.
DEFAULT_CODES: tuple[AbsenceCode, ...] = (
    AbsenceCode("gyldig", BenefitEffect.KEEPS, "Gyldig fravær (innvilget)"),
    AbsenceCode("ugyldig", BenefitEffect.REDUCES, "Ugyldig fravær"),
    AbsenceCode("syk", BenefitEffect.KEEPS, "Egen sykdom (egenmelding eller legeerklæring)"),
    AbsenceCode("sykt_barn", BenefitEffect.KEEPS, "Barns sykdom"),
    AbsenceCode("velferd", BenefitEffect.KEEPS, "Velferdspermisjon"),
    AbsenceCode("hoytid", BenefitEffect.KEEPS, "Religiøs høytid"),
    AbsenceCode("ferie", BenefitEffect.KEEPS, "Ferie"),
    AbsenceCode("permisjon_med_stonad", BenefitEffect.KEEPS, "Permisjon med stønad"),
    AbsenceCode("permisjon_uten_stonad", BenefitEffect.UNPAID_LEAVE, "Permisjon uten stønad"),
)
CODE_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
# What the setting holds: municipality number -> code -> effect.
Additions = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class CodeList:
    """A municipality's absence codes: the legal defaults and its own additions."""

    codes: Mapping[str, AbsenceCode]

    @classmethod
    def for_municipality(cls, municipality: str, extra: Additions | None = None) -> CodeList:
        """The defaults, and the codes ``extra[municipality]`` adds (code -> effect).
        A default keeps its effect whatever the configuration says."""
        codes = {c.code: c for c in DEFAULT_CODES}
        for code, effect in ((extra or {}).get(municipality) or {}).items():
            if code not in codes:
                codes[code] = AbsenceCode(code, BenefitEffect(effect), code)
        return cls(codes=codes)

    def get(self, code: str) -> AbsenceCode:
        found = self.codes.get(code)
        if found is None:
            raise Invalid(
                f"Unknown absence code {code!r}; the municipality's codes are "
                + ", ".join(sorted(self.codes))
                + ".",
                code="unknown-absence-code",
                known=sorted(self.codes),
            )
        return found


DEFAULT_CODE_LIST = CodeList(codes={c.code: c for c in DEFAULT_CODES})
