"""volunteer-service's published contracts: the registry, the translation, and no
personal data in any event."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from volunteer_service import contracts
from volunteer_service.contracts import consumed
from volunteer_service.domain.codes import EndReason, Role, Setting
from volunteer_service.domain.matches import Match

from .builders import TODAY, volunteer

PERSONAL = {"name", "phone", "email", "address", "given_name", "family_name", "contacts"}


def test_the_registry_lists_every_published_event_and_its_topic() -> None:
    assert {m.event_type for m in contracts.registry} == {
        "helhet.volunteer.registered.v1",
        "helhet.volunteer.vetted.v1",
        "helhet.volunteer.deactivated.v1",
        "helhet.activity.published.v1",
        "helhet.activity.cancelled.v1",
        "helhet.attendance.recorded.v1",
        "helhet.match.proposed.v1",
        "helhet.match.started.v1",
        "helhet.match.ended.v1",
        "helhet.access.recorded.v1",
    }
    assert contracts.registry.topics == ["helhet.access", "helhet.volunteering"]


def test_no_event_carries_personal_data() -> None:
    for event_type, schema in contracts.registry.json_schemas().items():
        assert not PERSONAL & set(schema["properties"]), event_type


def test_a_registered_volunteer_is_published_without_name() -> None:
    v = volunteer(personal={"name": "Ola Hansen", "phone": "+47 900 00 000"})
    (published,) = contracts.translate(v.events[0])
    assert "Ola" not in published.model_dump_json()
    assert published.model_dump()["volunteer_id"] == v.id


def test_an_ended_match_says_whether_it_had_started() -> None:
    match = Match(
        id=uuid4(),
        municipality="3403",
        participant_id=uuid4(),
        volunteer_id=uuid4(),
        role=Role.GUIDE,
        setting=Setting.EVERYDAY,
        involves_minors=False,
        involves_developmental_disabilities=False,
        proposed_on=date(2026, 11, 1),
    )
    match.end(EndReason.PARTICIPANT_DECLINED, today=TODAY)
    (published,) = contracts.translate(match.events[0])
    assert published.model_dump()["was_started"] is False
    assert published.subject() == str(match.participant_id)


def test_the_consumed_models_are_plan_services_topics() -> None:
    assert consumed.registry.topics == ["helhet.consents", "helhet.participants", "helhet.plans"]


def test_an_unknown_domain_event_is_refused_not_dropped() -> None:
    with pytest.raises(TypeError, match="no contract"):
        list(contracts.translate(object()))
