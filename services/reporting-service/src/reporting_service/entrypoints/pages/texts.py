"""The pages' texts: every language's translations (``templates/i18n/<lang>.json``) and
the formatting of dates, months, numbers and shares in the page's language."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from fastapi import Request

from helhet_common.web import Translations

I18N_DIR = Path(__file__).parent / "templates" / "i18n"
LANGUAGES = ("nb", "en")
DASH = "\u2013"  # shown for a date or figure that is not there


@cache
def translations() -> Translations:
    """The texts of every language, ``templates/i18n/<lang>.json``; a file that lacks a
    key another has stops the app at start-up (``install``)."""
    return Translations(I18N_DIR, default="nb")


class Translator:
    """``t("key", n=3)``: the text of ``key`` in the page's language, formatted."""

    def __init__(self, lang: str) -> None:
        texts = translations()
        self.lang = texts.pick(lang)
        self._texts = texts[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        """A text with a count ``n`` (or ``count`` when ``n`` is already formatted) has
        its plural forms as ``key.one`` and ``key.other`` (one and other are the forms
        of both bokmål and English)."""
        text = self._texts.get(key)
        if text is None:
            count = values.get("count", values.get("n"))
            if isinstance(count, int | float) and f"{key}.one" in self._texts:
                text = self._texts[f"{key}.one" if count == 1 else f"{key}.other"]
        if text is None:
            return key
        return text.format(**values) if values else text

    def language_name(self, lang: str) -> str:
        """``lang``'s own name for itself (``language_name`` in its catalogue), for the
        link that switches to it."""
        return translations()[lang]["language_name"]

    def has(self, key: str) -> bool:
        return key in self._texts or f"{key}.one" in self._texts

    def maybe(self, prefix: str, code: str | None) -> str:
        """The text of ``prefix.code``, or the code itself when there is none."""
        if code is None:
            return ""
        key = f"{prefix}.{code}"
        return self(key) if key in self._texts else code

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return DASH
        if isinstance(value, datetime):
            value = value.date()
        return value.strftime("%d.%m.%Y") if self.lang == "nb" else value.isoformat()

    def month(self, value: date | str) -> str:
        """A month as "08.2026" (nb) or "2026-08" (en)."""
        if isinstance(value, str):
            value = date.fromisoformat(value[:7] + "-01")
        return value.strftime("%m.%Y") if self.lang == "nb" else value.strftime("%Y-%m")

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return DASH
        clock = value.strftime("%H:%M")
        return f"{self.day(value)} {clock}"

    def number(self, value: float, decimals: int = 0) -> str:
        text = f"{value:,.{decimals}f}"
        if self.lang == "nb":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    def percent(self, share: float) -> str:
        """A share (0..1) as a percentage, "68 %" in Norwegian, "68%" in English."""
        shown = self.number(share * 100, 0 if abs(share * 100 - round(share * 100)) < 0.05 else 1)
        return f"{shown}\u00a0%" if self.lang == "nb" else f"{shown}%"


def page_language(request: Request) -> str:
    lang = request.query_params.get("lang", "nb")
    return lang if lang in LANGUAGES else "nb"
