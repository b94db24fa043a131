"""Consents, sharing bases and the access rule."""

from __future__ import annotations

from datetime import date

import pytest

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.codes import (
    ConsentPurpose,
    ConsentStatus,
    DataCategory,
    LegalBasis,
    RecipientKind,
    SharingPurpose,
)
from plan_service.domain.sharing import PURPOSES_FOR, Caller, covers, is_plan_editor, may_see

from .builders import PARTICIPANT_ID, TODAY, basis, granted_consent

HAMAR = "3403"


def caller(agency: str = "nav", *roles: str, sub: str = "someone") -> Caller:
    return Caller(
        sub=sub, municipality=HAMAR, agency=agency, roles=frozenset(roles or {"caseworker"})
    )


# Consent ------------------------------------------------------------------------------


def test_granting_records_consent_granted() -> None:
    consent = granted_consent()

    assert consent.events == [
        events.ConsentGranted(
            participant_id=PARTICIPANT_ID,
            consent_id=consent.id,
            recipient_kind=RecipientKind.EMPLOYER,
            recipient_id="974760673",
            purpose=ConsentPurpose.PLACEMENT,
            granted_on=date(2026, 9, 1),
            expires_on=None,
        )
    ]
    assert consent.status(TODAY) is ConsentStatus.IN_FORCE


def test_withdrawing_records_consent_withdrawn_once() -> None:
    consent = granted_consent()

    consent.withdraw(withdrawn_on=TODAY, today=TODAY)
    with pytest.raises(Conflict) as again:
        consent.withdraw(withdrawn_on=TODAY, today=TODAY)

    assert again.value.code == "consent-already-withdrawn"
    assert consent.events[-1] == events.ConsentWithdrawn(
        participant_id=PARTICIPANT_ID, consent_id=consent.id, withdrawn_on=TODAY
    )
    assert consent.status(TODAY) is ConsentStatus.WITHDRAWN
    assert consent.status(TODAY.replace(day=22)) is ConsentStatus.IN_FORCE


def test_a_consent_expires_on_its_expiry_day() -> None:
    consent = granted_consent(expires_on=date(2026, 11, 23))

    assert consent.status(date(2026, 11, 22)) is ConsentStatus.IN_FORCE
    assert consent.status(date(2026, 11, 23)) is ConsentStatus.EXPIRED


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"granted_on": date(2026, 11, 24)}, "consent-in-future"),
        ({"expires_on": date(2026, 9, 1)}, "dates-out-of-order"),
        ({"recipient_id": "Coop"}, "recipient-id"),
    ],
)
def test_a_consent_that_breaks_a_rule_is_refused(changes: dict[str, object], code: str) -> None:
    with pytest.raises(Invalid) as refused:
        granted_consent(**changes)

    assert refused.value.code == code


def test_a_volunteer_is_named_by_its_id_in_volunteer_service() -> None:
    consent = granted_consent(recipient_kind=RecipientKind.VOLUNTEER, recipient_id="v-0193")

    assert consent.recipient_id == "v-0193"


@pytest.mark.parametrize(
    ("withdrawn_on", "code"),
    [(date(2026, 8, 31), "dates-out-of-order"), (date(2026, 11, 24), "withdrawal-in-future")],
)
def test_withdrawal_dates_are_checked(withdrawn_on: date, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        granted_consent().withdraw(withdrawn_on=withdrawn_on, today=TODAY)

    assert refused.value.code == code


# Sharing bases ------------------------------------------------------------------------


def test_recording_a_basis_records_sharing_basis_recorded() -> None:
    recorded = basis()

    assert recorded.events == [
        events.SharingBasisRecorded(
            participant_id=PARTICIPANT_ID,
            basis_id=recorded.id,
            agency="nav",
            purpose=SharingPurpose.NAV_MEASURES,
            legal_basis=LegalBasis.INTEGRATION_ACT,
            valid_from=date(2026, 9, 1),
            valid_to=None,
        )
    ]
    assert recorded.in_force(TODAY)
    assert not recorded.in_force(date(2026, 8, 31))


@pytest.mark.parametrize(
    ("agency", "code"),
    [
        ("refugee-service", "basis-not-needed"),
        ("employer", "agency-needs-consent"),
        ("volunteer", "agency-needs-consent"),
        ("platform", "unknown-agency"),
    ],
)
def test_only_the_programmes_public_agencies_get_a_basis(agency: str, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        basis(agency=agency)

    assert refused.value.code == code


def test_an_overlapping_basis_for_the_same_agency_and_purpose_is_a_conflict() -> None:
    first = basis(valid_to=date(2027, 8, 31))

    with pytest.raises(Conflict) as refused:
        basis(existing=(first,), valid_from=date(2027, 8, 31))

    assert refused.value.code == "sharing-basis-exists"
    assert basis(existing=(first,), valid_from=date(2027, 9, 1)).valid_from == date(2027, 9, 1)


# The access rule ----------------------------------------------------------------------


def sees(who: Caller, *, bases: tuple[object, ...] = (), person_sub: str | None = "p-1") -> bool:
    return may_see(who, municipality=HAMAR, person_sub=person_sub, bases=bases, today=TODAY)  # type: ignore[arg-type]


def test_the_programme_owner_and_the_leader_always_see() -> None:
    assert sees(caller("refugee-service"))
    assert sees(caller("platform", "integration_leader"))


def test_another_agency_sees_only_with_a_basis_in_force() -> None:
    assert not sees(caller("nav"))
    assert sees(caller("nav"), bases=(basis(),))
    assert not sees(caller("learning-centre"), bases=(basis(),))
    assert not sees(caller("nav"), bases=(basis(valid_to=date(2026, 11, 22)),))


def test_nobody_sees_across_municipalities() -> None:
    elsewhere = Caller(
        sub="x", municipality="3407", agency="refugee-service", roles=frozenset({"caseworker"})
    )

    assert not sees(elsewhere)


def test_a_participant_sees_only_themself_whatever_their_agency_claim() -> None:
    assert sees(caller("refugee-service", "participant", sub="p-1"))
    assert not sees(caller("refugee-service", "participant", sub="p-2"))
    assert not sees(caller("refugee-service", "participant", sub="p-1"), person_sub=None)


# Per purpose ------------------------------------------------------------------------


def covered(
    who: Caller, category: DataCategory, purpose: str | None = None, *bases: object
) -> bool:
    return covers(who, category=category, purpose=purpose, bases=bases, today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize("category", list(DataCategory))
def test_the_owner_the_leader_and_the_participant_are_covered_for_everything(
    category: DataCategory,
) -> None:
    assert covered(caller("refugee-service"), category)
    assert covered(caller("platform", "integration_leader"), category, "nav_measures")
    assert covered(caller("nav", "participant", sub="p-1"), category)


def test_a_basis_covers_the_categories_its_purpose_allows() -> None:
    nav_measures = basis(purpose=SharingPurpose.NAV_MEASURES)

    assert covered(caller("nav"), DataCategory.PLAN, None, nav_measures)
    assert covered(caller("nav"), DataCategory.MEETINGS, None, nav_measures)
    assert covered(caller("nav"), DataCategory.CONTACTS, None, nav_measures)
    assert not covered(caller("nav"), DataCategory.RESULTS, None, nav_measures)


def test_a_basis_for_mapping_does_not_open_the_plan() -> None:
    mapping = basis(agency="learning-centre", purpose=SharingPurpose.MAPPING)
    teacher = caller("learning-centre", "contributor")

    assert covered(teacher, DataCategory.MAPPING, None, mapping)
    assert covered(teacher, DataCategory.PARTICIPANT, None, mapping)
    assert not covered(teacher, DataCategory.PLAN, None, mapping)
    assert not covered(teacher, DataCategory.CERTIFICATE, None, mapping)


def test_a_named_sharing_purpose_needs_a_basis_for_exactly_that_purpose() -> None:
    nav_measures = basis(purpose=SharingPurpose.NAV_MEASURES)

    assert covered(caller("nav"), DataCategory.PLAN, "nav_measures", nav_measures)
    assert not covered(caller("nav"), DataCategory.PLAN, "transition", nav_measures)
    # A purpose that is not a sharing purpose (e.g. case_work) narrows nothing.
    assert covered(caller("nav"), DataCategory.PLAN, "case_work", nav_measures)


def test_a_basis_out_of_force_or_of_another_agency_covers_nothing() -> None:
    expired = basis(valid_to=date(2026, 11, 22))
    learning_centres = basis(agency="learning-centre")

    assert not covered(caller("nav"), DataCategory.PARTICIPANT, None, expired)
    assert not covered(caller("nav"), DataCategory.PARTICIPANT, None, learning_centres)


def test_every_category_is_covered_by_some_purpose_and_the_participant_by_all() -> None:
    assert set(PURPOSES_FOR) == set(DataCategory)
    assert all(PURPOSES_FOR.values())
    assert PURPOSES_FOR[DataCategory.PARTICIPANT] == frozenset(SharingPurpose)


def test_the_plans_editor_is_a_plan_editor_or_the_owners_caseworker() -> None:
    assert is_plan_editor(caller("nav", "plan_editor"))
    assert is_plan_editor(caller("refugee-service", "caseworker"))
    assert not is_plan_editor(caller("nav", "caseworker"))
    assert not is_plan_editor(caller("refugee-service", "contributor"))
