"""Norwegian person identifiers: fødselsnummer and D-number (11 digits with two mod-11
check digits; a D-number adds 4 to the first digit of the day) and the DUF number (the
immigration authorities' 12 digits). Only their form is checked here; they are sent to
plan-service, which keeps them, and never anywhere else."""

from __future__ import annotations

import re

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest


def valid_eleven_digits(value: str) -> bool:
    """Eleven digits whose two check digits are right."""
    if not re.fullmatch(r"\d{11}", value):
        return False
    digits = [int(c) for c in value]
    return (
        _check_digit(digits[:9], _W1) == digits[9] and _check_digit(digits[:10], _W2) == digits[10]
    )


def is_d_number(value: str) -> bool:
    return len(value) == 11 and value[0] in "4567"


def valid_duf_number(value: str) -> bool:
    return re.fullmatch(r"\d{12}", value) is not None


def with_check_digits(first_nine: str) -> str | None:
    """The eleven-digit number that starts with ``first_nine`` (for synthetic samples);
    None when no check digit exists for it."""
    digits = [int(c) for c in first_nine]
    k1 = _check_digit(digits, _W1)
    if k1 is None:
        return None
    k2 = _check_digit([*digits, k1], _W2)
    if k2 is None:
        return None
    return f"{first_nine}{k1}{k2}"
