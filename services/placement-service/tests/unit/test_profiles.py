"""The participant profile and consents, folded from plan-service's events."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from helhet_common.consent.model import granted
from placement_service.domain import profiles
from placement_service.domain.profiles import Consent, Profile

ORG = "974760673"


def test_the_newest_plan_and_mapping_win_whatever_the_order() -> None:
    state = Profile(uuid4())
    state = profiles.plan_updated(state, municipality="3403", version=2, end_goal="education")
    state = profiles.plan_updated(state, municipality="3403", version=1, end_goal="work")
    assert (state.plan_version, state.end_goal, state.municipality) == (2, "education", "3403")
    mapping = dict(
        municipality=None,
        education_level="secondary",
        work_experience_sectors=("I",),
        interests=(),
        norwegian_levels={"speaking": "A2"},
        has_driving_licence=False,
        childcare_needs=True,
    )
    state = profiles.mapping_recorded(state, version=3, wished_sectors=("Q",), **mapping)  # type: ignore[arg-type]
    state = profiles.mapping_recorded(state, version=2, wished_sectors=("F",), **mapping)  # type: ignore[arg-type]
    assert (state.mapping_version, state.wished_sectors) == (3, ("Q",))


def consent(**changes: object) -> Consent:
    state = Consent(uuid4(), uuid4())
    return granted(
        state,
        recipient_kind=str(changes.get("kind", "employer")),
        recipient_id=ORG,
        purpose=str(changes.get("purpose", "placement")),
        granted_on=date(2026, 10, 1),
        expires_on=changes.get("expires_on"),  # type: ignore[arg-type]
    )


def test_an_employer_sees_only_with_a_consent_to_it_for_placement_or_matching() -> None:
    day = date(2026, 11, 2)
    assert profiles.employer_may_see(consent(), ORG, day)
    assert profiles.employer_may_see(consent(purpose="matching"), ORG, day)
    assert not profiles.employer_may_see(consent(), "987654309", day)
    assert not profiles.employer_may_see(consent(purpose="mentoring"), ORG, day)
    assert not profiles.employer_may_see(consent(kind="volunteer"), ORG, day)
