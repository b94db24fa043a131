"""The purpose a change is checked against: the one the caller names in ``X-Purpose``,
for a person and for an agency system alike (a system's reads already worked so)."""

from __future__ import annotations

from helhet_common.auth import CASEWORKER, Principal
from plan_service.entrypoints.deps import naming_purpose
from plan_service.entrypoints.inputs import caller_of

NAV_SYSTEM = Principal(
    sub="nav-system",
    municipality="3403",
    agency="nav",
    roles=frozenset({CASEWORKER}),
    client="nav-system",
    client_name="NAV Innlandet",
    purpose="nav_measures",
)


async def _roles() -> Principal:  # the role check itself is not what is tested here
    return NAV_SYSTEM


async def test_an_agency_system_naming_another_purpose_is_held_to_it() -> None:
    caller = naming_purpose(_roles)

    named = await caller(principal=NAV_SYSTEM, purpose="education")
    unnamed = await caller(principal=NAV_SYSTEM, purpose=None)

    # Checked against its basis for `education` (403 no-basis-for-purpose when it has
    # only one for `nav_measures`), not silently against its configured purpose.
    assert named.purpose == "education"
    assert unnamed.purpose == "nav_measures"


def test_the_domain_checks_a_system_s_change_against_its_purpose() -> None:
    # Before, an agency system's change was checked against no purpose at all (any basis
    # covering the data let it write), while its reads were held to its purpose.
    assert caller_of(NAV_SYSTEM).purpose == "nav_measures"
