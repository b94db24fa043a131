"""Norwegian organisation numbers (organisasjonsnummer), plain Python for any layer."""

from __future__ import annotations

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def is_valid_org_number(value: str) -> bool:
    """Nine ASCII digits, the last a modulus-11 check digit (Brønnøysund's rule)."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], ORG_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[8])
