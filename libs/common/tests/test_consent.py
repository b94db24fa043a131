"""The consent rule every service enforces (docs/decisions/0001-consent-events.md)."""

from __future__ import annotations

import itertools
from datetime import date
from uuid import uuid4

from sqlalchemy import MetaData, Table

from helhet_common.consent.contracts import ConsentExpired, ConsentGranted, ConsentWithdrawn
from helhet_common.consent.model import Consent, granted, withdrawn
from helhet_common.consent.projection import consent_fold, ended_on
from helhet_common.consent.tables import consent_columns
from helhet_common.messaging.envelope import CloudEvent, wrap

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


def test_the_consent_fold_follows_the_events_whatever_their_order() -> None:
    """The fold every consent projection uses: a withdrawal delivered before its grant
    stays in force, and a second grant does not bring the consent back."""
    participant, consent_id = uuid4(), uuid4()
    grant = ConsentGranted(
        participant_id=participant,
        consent_id=consent_id,
        recipient_kind="employer",
        recipient_id="974760673",
        purpose="placement",
        granted_on=date(2026, 9, 1),
        expires_on=date(2027, 9, 1),
    )
    withdrawal = ConsentWithdrawn(
        participant_id=participant, consent_id=consent_id, withdrawn_on=date(2026, 9, 15)
    )
    fold = consent_fold(Table("consents", MetaData(), *consent_columns()))
    assert fold.handles(grant)
    assert fold.handles(withdrawal)
    assert fold.key_of(grant) == fold.key_of(withdrawal) == consent_id
    finals = set()
    for order in itertools.permutations([grant, withdrawal, grant]):
        state = Consent(consent_id, participant)
        for event in order:
            state = fold.transition(state, event, _envelope(event))
        finals.add(state)
    [final] = finals
    assert (final.purpose, final.withdrawn_on) == ("placement", date(2026, 9, 15))
    assert final.in_force(date(2026, 9, 14))
    assert not final.in_force(DAY)


def _envelope(event: ConsentGranted | ConsentWithdrawn | ConsentExpired) -> CloudEvent:
    return wrap(event, source="/helhet/plan-service", municipality="3403")


def test_an_expiry_seen_before_its_grant_keeps_the_consent_ended() -> None:
    participant, consent_id = uuid4(), uuid4()
    grant = ConsentGranted(
        participant_id=participant,
        consent_id=consent_id,
        recipient_kind="volunteer",
        recipient_id=str(uuid4()),
        purpose="social_network",
        granted_on=date(2026, 9, 1),
        expires_on=date(2026, 9, 30),
    )
    lapse = ConsentExpired(
        participant_id=participant, consent_id=consent_id, expired_on=date(2026, 9, 30)
    )
    fold = consent_fold(Table("consents", MetaData(), *consent_columns()))
    finals = set()
    for order in itertools.permutations([grant, lapse]):
        state = Consent(consent_id, participant)
        for event in order:
            state = fold.transition(state, event, _envelope(event))
        finals.add(state)
    [final] = finals
    assert final.in_force(date(2026, 9, 29))
    assert not final.in_force(date(2026, 9, 30))
    assert ended_on(lapse) == date(2026, 9, 30)
    assert ended_on(grant) is None
