"""The consent rule every service enforces (docs/decisions/0001-consent-events.md)."""

from __future__ import annotations

import itertools
from datetime import date
from uuid import uuid4

from helhet_common.consent.model import Consent, granted, withdrawn

DAY = date(2026, 10, 1)


def _granted(state: Consent, on: date = date(2026, 9, 1), expires: date | None = None) -> Consent:
    return granted(
        state,
        recipient_kind="employer",
        recipient_id="974760673",
        purpose="placement",
        granted_on=on,
        expires_on=expires,
    )


def test_in_force_between_grant_and_expiry_or_withdrawal() -> None:
    blank = Consent(uuid4(), uuid4())
    assert not blank.in_force(DAY)
    consent = _granted(blank, expires=date(2026, 12, 1))
    assert consent.in_force(DAY)
    assert not consent.in_force(date(2026, 8, 31))  # before the grant
    assert not consent.in_force(date(2026, 12, 1))  # the expiry day is no longer in force
    assert not withdrawn(consent, withdrawn_on=DAY).in_force(DAY)
    assert withdrawn(consent, withdrawn_on=DAY).in_force(date(2026, 9, 30))


def test_a_late_grant_does_not_resurrect_a_withdrawal_and_order_does_not_matter() -> None:
    blank = Consent(uuid4(), uuid4())
    steps = [
        _granted,
        lambda s: withdrawn(s, withdrawn_on=date(2026, 9, 15)),
        lambda s: withdrawn(s, withdrawn_on=date(2026, 9, 20)),
    ]
    results = set()
    for order in itertools.permutations(steps):
        state = blank
        for step in order:
            state = step(state)
        results.add(state)
    [final] = results
    assert final.withdrawn_on == date(2026, 9, 15)
    assert not final.in_force(DAY)
