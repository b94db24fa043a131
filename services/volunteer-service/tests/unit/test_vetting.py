"""The vetting rule: a police certificate only for tasks with minors or people with
developmental disabilities; a task's requirements decide who may take it; a
bridge-builder never replaces an interpreter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helhet_common.domain_errors import Invalid
from volunteer_service.domain import events, vetting
from volunteer_service.domain.codes import Role, Setting, Vulnerable
from volunteer_service.domain.vetting import CertificateSeen, TaskRequirements

from .builders import TODAY, bridge_builder, volunteer

MINORS = frozenset({Vulnerable.MINORS})


def seen(days_ago: int = 10, grounds: frozenset[Vulnerable] = MINORS) -> CertificateSeen:
    return CertificateSeen(
        seen_on=TODAY - timedelta(days=days_ago), seen_by="coord", grounds=grounds
    )


def codes(v: object, task: TaskRequirements) -> list[str]:
    assert hasattr(v, "eligibility")
    return [m.code for m in v.eligibility(task, today=TODAY)]


@pytest.mark.parametrize(
    ("minors", "disabilities", "required"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_a_certificate_may_be_required_only_for_minors_or_developmental_disabilities(
    minors: bool, disabilities: bool, required: bool
) -> None:
    task = TaskRequirements(
        Role.HOMEWORK_HELP,
        involves_minors=minors,
        involves_developmental_disabilities=disabilities,
    )
    assert vetting.police_certificate_may_be_required(task) is required


def test_demanding_a_certificate_for_an_adult_task_is_refused() -> None:
    with pytest.raises(Invalid) as refused:
        vetting.check_demand(TaskRequirements(Role.GUIDE), demands_certificate=True)
    assert refused.value.code == "police-certificate-not-lawful"
    vetting.check_demand(
        TaskRequirements(Role.GUIDE, involves_minors=True), demands_certificate=True
    )


def test_an_adult_task_needs_no_certificate() -> None:
    assert codes(volunteer(), TaskRequirements(Role.GUIDE)) == []


def test_a_task_with_minors_needs_a_certificate_seen() -> None:
    v = volunteer(roles=[Role.HOMEWORK_HELP])
    task = TaskRequirements(Role.HOMEWORK_HELP, involves_minors=True)
    assert codes(v, task) == ["police-certificate-missing"]
    v.record_certificate_seen(seen(), today=TODAY)
    assert codes(v, task) == []


def test_a_certificate_seen_long_ago_no_longer_counts() -> None:
    v = volunteer(roles=[Role.HOMEWORK_HELP])
    v.record_certificate_seen(seen(days_ago=4 * 365), today=TODAY)
    task = TaskRequirements(Role.HOMEWORK_HELP, involves_minors=True)
    assert codes(v, task) == ["police-certificate-outdated"]


def test_a_certificate_seen_for_minors_does_not_cover_developmental_disabilities() -> None:
    v = volunteer(roles=[Role.GUIDE])
    v.record_certificate_seen(seen(), today=TODAY)
    task = TaskRequirements(Role.GUIDE, involves_developmental_disabilities=True)
    assert codes(v, task) == ["police-certificate-scope"]


def test_recording_a_certificate_needs_lawful_grounds_and_a_past_date() -> None:
    v = volunteer()
    with pytest.raises(Invalid) as no_grounds:
        v.record_certificate_seen(seen(grounds=frozenset()), today=TODAY)
    assert no_grounds.value.code == "police-certificate-not-lawful"
    with pytest.raises(Invalid) as future:
        v.record_certificate_seen(seen(days_ago=-1), today=TODAY)
    assert future.value.code == "seen-in-future"
    assert v.certificate is None
    assert [type(e) for e in v.events] == [events.VolunteerRegistered]


def test_recording_a_certificate_records_that_it_was_seen_only() -> None:
    v = volunteer()
    v.record_certificate_seen(seen(), today=TODAY)
    assert v.certificate == seen()
    assert v.events[-1] == events.VolunteerVetted(
        volunteer_id=v.id, seen_on=seen().seen_on, grounds=frozenset({Vulnerable.MINORS})
    )
    assert set(CertificateSeen.__dataclass_fields__) == {"seen_on", "seen_by", "grounds"}


def test_a_host_family_must_be_trained() -> None:
    v = volunteer(roles=[Role.HOST_FAMILY])
    assert codes(v, TaskRequirements(Role.HOST_FAMILY)) == ["training-missing"]
    v.record_training("host_family_course", TODAY, today=TODAY)
    assert codes(v, TaskRequirements(Role.HOST_FAMILY)) == []


def test_a_role_the_volunteer_does_not_take_is_missing() -> None:
    assert codes(volunteer(roles=[Role.GUIDE]), TaskRequirements(Role.TRANSPORT)) == [
        "role-not-offered"
    ]


@pytest.mark.parametrize("setting", [Setting.MAPPING_TALK, Setting.HEALTH_CHECK])
def test_a_bridge_builder_never_replaces_an_interpreter(setting: Setting) -> None:
    with pytest.raises(Invalid) as refused:
        vetting.check_not_interpreting(
            TaskRequirements(Role.BRIDGE_BUILDER, setting=setting), bridge_builder=True
        )
    assert refused.value.code == "interpreter-required"
    with pytest.raises(Invalid):  # nor does any volunteer as a language supporter
        vetting.check_not_interpreting(
            TaskRequirements(Role.LANGUAGE_SUPPORT, setting=setting), bridge_builder=False
        )


def test_a_bridge_builder_may_support_in_teaching() -> None:
    vetting.check_not_interpreting(
        TaskRequirements(Role.LANGUAGE_SUPPORT, setting=Setting.TEACHING), bridge_builder=True
    )
    assert codes(bridge_builder(), TaskRequirements(Role.LANGUAGE_SUPPORT)) == []


def test_a_bridge_builder_is_bilingual_and_has_terms() -> None:
    with pytest.raises(Invalid) as one_language:
        bridge_builder(languages=["ti"])
    assert one_language.value.code == "bridge-builder-bilingual"
    with pytest.raises(Invalid) as no_terms:
        bridge_builder(bridge=None)
    assert no_terms.value.code == "bridge-builder-terms"
    with pytest.raises(Invalid) as not_a_bridge_builder:
        volunteer(roles=[Role.BRIDGE_BUILDER])
    assert not_a_bridge_builder.value.code == "bridge-builder-role"
