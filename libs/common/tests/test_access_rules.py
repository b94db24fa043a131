"""The shared access rule: whose data a reader may read, and on what basis."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from helhet_common.access.rules import (
    CONSENT,
    PROGRAMME_LAW,
    Category,
    Reader,
    SharingBasis,
    basis_for,
)
from helhet_common.consent.model import Consent
from helhet_common.domain_errors import NotAllowed, NotFound

TODAY = date(2026, 12, 8)
PID = uuid4()
PLACEMENTS = Category(
    "placements",
    sharing_purposes=frozenset({"work_training", "nav_measures"}),
    consent_purposes=frozenset({"placement"}),
)


def reader(agency: str, *roles: str) -> Reader:
    return Reader(
        sub="s", municipality="3403", agency=agency, roles=frozenset(roles or {"caseworker"})
    )


def basis(agency: str = "nav", purpose: str = "work_training", **dates: date) -> SharingBasis:
    return SharingBasis(
        basis_id=uuid4(),
        participant_id=PID,
        agency=agency,
        purpose=purpose,
        legal_basis="nav_loven",
        valid_from=dates.get("valid_from", TODAY - timedelta(days=1)),
        valid_to=dates.get("valid_to"),
    )


def consent(purpose: str = "placement", recipient: str = "974760673") -> Consent:
    return Consent(
        consent_id=uuid4(),
        participant_id=PID,
        recipient_kind="employer",
        recipient_id=recipient,
        purpose=purpose,
        granted_on=TODAY - timedelta(days=3),
    )


def decide(who: Reader, *, purpose: str | None = None, bases=(), consents=(), to=None):  # type: ignore[no-untyped-def]
    return basis_for(
        who,
        category=PLACEMENTS,
        purpose=purpose,
        bases=bases,
        consents=consents,
        consent_to=to,
        today=TODAY,
    )


def test_the_programme_owner_and_the_integration_leader_read_on_the_law() -> None:
    assert decide(reader("refugee-service")).legal_basis == PROGRAMME_LAW
    assert decide(reader("nav", "integration_leader")).legal_basis == PROGRAMME_LAW


def test_another_agency_without_a_basis_in_force_finds_nothing() -> None:
    with pytest.raises(NotFound):
        decide(reader("nav"))
    with pytest.raises(NotFound):
        decide(reader("nav"), bases=[basis(agency="county")])
    with pytest.raises(NotFound):
        decide(reader("nav"), bases=[basis(valid_to=TODAY - timedelta(days=1))])


def test_a_basis_reads_on_its_law_for_a_purpose_that_allows_the_category() -> None:
    b = basis()
    found = decide(reader("nav"), bases=[b])
    assert (found.legal_basis, found.basis_id) == ("nav_loven", b.basis_id)


def test_a_basis_that_does_not_cover_the_purpose_is_refused() -> None:
    with pytest.raises(NotAllowed) as error:
        decide(reader("nav"), bases=[basis(purpose="mapping")])
    assert error.value.code == "no-basis-for-purpose"
    with pytest.raises(NotAllowed):
        decide(reader("nav"), purpose="nav_measures", bases=[basis(purpose="work_training")])
    # A purpose of the reader's own (not a sharing purpose) is not checked.
    assert decide(reader("nav"), purpose="case_work", bases=[basis()]).basis_id is not None


def test_an_employer_reads_on_a_consent_to_them_only() -> None:
    mine = consent()
    to_me = lambda c: c.recipient_id == "974760673"  # noqa: E731
    found = decide(reader("employer", "contributor"), consents=[mine], to=to_me)
    assert (found.legal_basis, found.consent_id) == (CONSENT, mine.consent_id)
    with pytest.raises(NotFound):
        decide(reader("employer", "contributor"), consents=[consent(recipient="x")], to=to_me)
    with pytest.raises(NotFound):  # no way to tell which consents are to this reader
        decide(reader("employer", "contributor"), consents=[mine])
    with pytest.raises(NotAllowed):
        decide(reader("employer", "contributor"), consents=[consent("mentoring")], to=to_me)
    with pytest.raises(NotFound):  # an employer has no legal basis
        decide(reader("employer"), bases=[basis(agency="employer")])


def test_a_reader_without_a_staff_role_finds_nothing() -> None:
    with pytest.raises(NotFound):
        decide(reader("nav", "operator"), bases=[basis()])
