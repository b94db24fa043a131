"""The published contracts: what each domain event becomes, and that no personal data
ever leaves plan-service in one."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from helhet_common.messaging.envelope import IntegrationEvent, wrap
from plan_service import contracts
from plan_service.domain import events
from plan_service.domain.attendance import DEFAULT_CODE_LIST, EntryKind, LedgerEntry
from plan_service.domain.codes import (
    ActionStatus,
    ActivityKind,
    CefrLevel,
    EndGoal,
    ExtensionReason,
    Gender,
    HouseholdType,
    LeaveReason,
    MeetingKind,
    OutcomeStatus,
    Regime,
    Responsibility,
)
from plan_service.domain.follow_up import Attendee
from plan_service.domain.handover import Basis, BasisKind, HandOver, ReceivingKind, Transition
from plan_service.domain.participants import Participant
from plan_service.domain.timetable import ProviderKind, Session, WeekCheck, check_week

from .builders import (
    PARTICIPANT_ID,
    SETTLED_ON,
    TODAY,
    action,
    activity,
    basis,
    enrolled,
    exit_,
    granted_consent,
    leave,
    mapping,
    meeting,
    norwegian_test,
    outcome,
    planned,
    programme,
    review_values,
    settled,
    update_plan,
)

PERSONAL_VALUES = ("Ruta", "Haile")
TYPES = {
    "helhet.participant.settled.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.programme.started.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.plan.updated.v1": contracts.PLANS_TOPIC,
    "helhet.mapping.recorded.v1": contracts.PLANS_TOPIC,
    "helhet.test_result.recorded.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.programme.extended.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.programme.leave.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.plan.reviewed.v1": contracts.PLANS_TOPIC,
    "helhet.programme.ended.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.outcome.recorded.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.participant.moved.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.participant.gender_set.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.consent.granted.v1": contracts.CONSENTS_TOPIC,
    "helhet.consent.withdrawn.v1": contracts.CONSENTS_TOPIC,
    "helhet.consent.expired.v1": contracts.CONSENTS_TOPIC,
    "helhet.sharing_basis.recorded.v1": contracts.CONSENTS_TOPIC,
    "helhet.meeting.held.v1": contracts.PLANS_TOPIC,
    "helhet.action.created.v1": contracts.PLANS_TOPIC,
    "helhet.action.completed.v1": contracts.PLANS_TOPIC,
    "helhet.ledger_entry.recorded.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.participant.erased.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.timetable_session.added.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.timetable_session.changed.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.timetable_session.ended.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.timetable_week.checked.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.transition.updated.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.hand_over.created.v1": contracts.PARTICIPANTS_TOPIC,
    "helhet.hand_over.acknowledged.v1": contracts.PARTICIPANTS_TOPIC,
}


def every_domain_event() -> list[Any]:
    """A participant with personal details through settlement, programme, plan,
    mapping (with a note naming them), a test, extension, leave, a review (with their
    own comment), exit, outcome and a move; a consent granted and withdrawn, one that lapsed, and a
    sharing basis; and a meeting naming them whose decision becomes an action that is
    done (with a note)."""
    participant = Participant.settle(
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        settlement_date=SETTLED_ON,
        birth_year=1994,
        household_type=HouseholdType.SINGLE,
        languages=("ti",),
        personal={"given_name": "Ruta", "family_name": "Haile"},
        today=TODAY,
    )
    participant.start_programme(programme())
    update_plan(
        participant,
        activities=(
            activity(20.0, provider_unit="Ruta Haile's own tutor"),
            activity(6.0, kind=ActivityKind.OTHER, counts_as_programme_hours=False),
        ),
    )
    participant.record_mapping(mapping(notes="Ruta Haile was a nurse in Asmara."), today=TODAY)
    participant.record_test_result(norwegian_test(), today=TODAY)
    participant.extend_programme(
        new_expected_end_date=date(2028, 12, 31),
        reason=ExtensionReason.EXPECTED_TO_REACH_END_GOAL,
        decided_on=TODAY,
        recorded_by="programradgiver",
        today=TODAY,
    )
    participant.record_leave(leave())
    participant.review_plan(
        **review_values(
            participant_comment="Ruta Haile wants to be a nurse.",
            participant_disagrees=True,
            municipality_justification="Ruta Haile needs B2 first.",
        )
    )
    participant.end_programme(exit_(), today=TODAY)
    participant.record_outcome(outcome(), today=TODAY)
    participant.move_away(moved_on=TODAY, to_municipality="0301", today=TODAY)
    participant.set_gender(Gender.FEMALE, today=TODAY)
    consent = granted_consent()
    consent.withdraw(withdrawn_on=TODAY, today=TODAY)
    lapsing = granted_consent(expires_on=TODAY)
    lapsing.events.clear()  # its grant is above
    lapsing.announce_lapse(today=TODAY)
    held = meeting(
        attendees=(Attendee("refugee-service", name="Ruta Haile's adviser"),),
        notes="Ruta Haile came with her sister.",
    )
    decided = action(meeting_id=held.id, description="Find Ruta Haile a placement")
    decided.complete(
        outcome=ActionStatus.DONE,
        completed_on=TODAY,
        note="Ruta Haile starts Monday",
        completed_by="nav-veileder",
        today=TODAY,
    )
    absence = LedgerEntry.record(
        entry_id=uuid4(),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        kind=EntryKind.ABSENCE,
        on=date(2026, 11, 2),
        minutes=90,
        code="sykt_barn",
        codes=DEFAULT_CODE_LIST,
        programme_period=(date(2026, 4, 1), date(2028, 3, 31)),
        corrected=None,
        recorded_by="Ruta Haile's teacher",
        recorded_by_agency="learning-centre",
        recorded_at=datetime(2026, 11, 2, 15, tzinfo=UTC),
        today=TODAY,
    )
    weekly = Session.add(
        session_id=uuid4(),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        provider_kind=ProviderKind.WORK_PRACTICE,
        provider_id="974760673",
        weekday=2,
        starts=time(8, 0),
        ends=time(15, 30),
        valid_from=date(2026, 11, 3),
        valid_to=None,
        existing=[],
        recorded_by="Ruta Haile's contact person",
        recorded_by_agency="employer",
        recorded_at=datetime(2026, 11, 2, 15, tzinfo=UTC),
    )
    weekly.change(
        starts=time(9, 0), ends=None, valid_to=None, existing=[weekly], by_agency="employer"
    )
    weekly.end(last_day=date(2027, 6, 30), by_agency="employer")
    checked = WeekCheck.announce(
        check_id=uuid4(),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        week=check_week(date(2026, 11, 2), [weekly], [], programme=(date(2026, 4, 1), TODAY)),
        previous=None,
    )
    assert checked is not None
    transition = Transition(participant_id=PARTICIPANT_ID, municipality="3403")
    transition.update(
        programme=programme(),
        months=3,
        nav_dialogue_held_on=date(2027, 12, 1),
        next_step=OutcomeStatus.WORK,
        receiving_kind=ReceivingKind.EMPLOYER,
        receiving_unit_id="974760673",
        by="Ruta Haile's adviser",
        at=datetime(2028, 1, 2, tzinfo=UTC),
        today=date(2028, 1, 2),
    )
    handed = HandOver.make(
        hand_over_id=uuid4(),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        programme=programme(),
        months=3,
        receiving_kind=ReceivingKind.EMPLOYER,
        receiving_unit_id="974760673",
        basis=Basis(kind=BasisKind.CONSENT, id=uuid4()),
        existing=[],
        package={"participant_comment": "Ruta Haile wants to work with children."},
        created_by="Ruta Haile's adviser",
        today=date(2028, 1, 2),
    )
    handed.acknowledge(
        by="Ruta Haile's adviser", agency="refugee-service", on_behalf=True, today=date(2028, 1, 9)
    )
    return [
        *participant.events,
        *consent.events,
        *lapsing.events,
        *basis().events,
        *held.events,
        *decided.events,
        *absence.events,
        events.ParticipantErased(
            participant_id=PARTICIPANT_ID, erased_on=date(2031, 11, 3), reason="request"
        ),
        *weekly.events,
        *checked.events,
        *transition.events,
        *handed.events,
    ]


def translate_one(domain_event: Any) -> IntegrationEvent:
    published = list(contracts.translate(domain_event))
    assert len(published) == 1
    return published[0]


def test_settled_becomes_participant_settled_v1() -> None:
    contract = translate_one(
        events.ParticipantSettled(
            participant_id=PARTICIPANT_ID,
            municipality="3403",
            settlement_date=date(2026, 3, 2),
            birth_year=1994,
            household_type=HouseholdType.SINGLE,
            languages=("ti", "ar"),
        )
    )

    assert contract == contracts.ParticipantSettledV1(
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        settlement_date=date(2026, 3, 2),
        birth_year=1994,
        household_type="single",
        languages=["ti", "ar"],
        gender="unknown",
    )


def test_programme_started_becomes_programme_started_v1() -> None:
    contract = translate_one(
        events.ProgrammeStarted(
            participant_id=PARTICIPANT_ID,
            regime=Regime.INTEGRATION_ACT,
            start_date=date(2026, 4, 1),
            expected_end_date=date(2028, 3, 31),
        )
    )

    assert contract == contracts.ProgrammeStartedV1(
        participant_id=PARTICIPANT_ID,
        regime="integreringsloven",
        start_date=date(2026, 4, 1),
        expected_end_date=date(2028, 3, 31),
    )


def test_plan_updated_becomes_plan_updated_v1_with_kinds_and_hours() -> None:
    contract = translate_one(
        events.PlanUpdated(
            participant_id=PARTICIPANT_ID,
            plan_version=1,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activity_kinds=(ActivityKind.NORWEGIAN, ActivityKind.LANGUAGE_PRACTICE),
            programme_hours_per_week=32.5,
            saved_on=date(2026, 5, 4),
        )
    )

    assert contract == contracts.PlanUpdatedV1(
        participant_id=PARTICIPANT_ID,
        plan_version=1,
        end_goal="work",
        norwegian_goal="B1",
        activity_kinds=["norwegian", "language_practice"],
        programme_hours_per_week=32.5,
        saved_on=date(2026, 5, 4),
    )


def test_every_contract_is_keyed_by_the_participant() -> None:
    for domain_event in every_domain_event():
        assert translate_one(domain_event).subject() == str(PARTICIPANT_ID)


def test_no_contract_carries_personal_data() -> None:
    published = [translate_one(e) for e in every_domain_event()]

    assert [type(c).event_type for c in published] == list(TYPES)
    for contract in published:
        envelope = wrap(contract, source="/helhet/plan-service", municipality="3403")
        text = envelope.to_json_bytes().decode()
        for value in PERSONAL_VALUES:
            assert value not in text, f"{type(contract).__name__} carries {value!r}"


def test_no_contract_has_a_field_for_names_or_free_text() -> None:
    for model in contracts.registry:
        fields = set(model.model_fields)
        assert not {f for f in fields if "name" in f or "personal" in f or "note" in f}
        assert "provider_unit" not in fields


def test_unknown_domain_events_are_refused() -> None:
    with pytest.raises(TypeError):
        list(contracts.translate(object()))


# The registry -------------------------------------------------------------------------


def test_the_registry_holds_every_contract_on_its_topic() -> None:
    assert {m.event_type: m.topic for m in contracts.registry} == TYPES
    assert contracts.registry.topics == sorted(set(TYPES.values()))


def test_the_registry_exports_a_json_schema_for_every_type() -> None:
    schemas = contracts.registry.json_schemas()

    assert set(schemas) == set(TYPES)
    for event_type, schema in schemas.items():
        assert schema["$id"] == f"urn:helhet:event:{event_type}"
        assert schema["x-topic"] == TYPES[event_type]
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert "participant_id" in schema["required"]
        json.dumps(schema)  # serialisable as it is checked in


def test_every_contract_survives_the_envelope_round_trip() -> None:
    for domain_event in every_domain_event():
        contract = translate_one(domain_event)
        envelope = wrap(contract, source="/helhet/plan-service", municipality="3403")

        assert contracts.registry.parse(envelope) == contract


def test_the_checked_in_schemas_are_what_the_registry_exports() -> None:
    """``make contracts`` writes them; a contract change must show in review."""
    folder = Path(__file__).resolve().parents[4] / "contracts" / "plan-service"

    for event_type, schema in contracts.registry.envelope_schemas(service="plan-service").items():
        checked_in = folder / f"{event_type}.schema.json"
        assert checked_in.is_file(), f"{checked_in.name} is missing: run make contracts"
        assert json.loads(checked_in.read_text(encoding="utf-8")) == schema, (
            f"{checked_in.name} is stale: run make contracts"
        )


FORMAT_CHECKER = FormatChecker()


def test_every_contract_in_its_envelope_matches_the_checked_in_schema() -> None:
    """What an integrator validates against is what is sent: the whole envelope."""
    folder = Path(__file__).resolve().parents[4] / "contracts" / "plan-service"
    for domain_event in every_domain_event():
        contract = translate_one(domain_event)
        envelope = wrap(contract, source="/helhet/plan-service", municipality="3403")
        schema = json.loads((folder / f"{envelope.type}.schema.json").read_text("utf-8"))

        errors = list(
            Draft202012Validator(schema, format_checker=FORMAT_CHECKER).iter_errors(
                json.loads(envelope.to_json_bytes())
            )
        )

        assert errors == [], (envelope.type, [e.message for e in errors])


def test_mapping_recorded_is_exactly_the_agreed_contract_without_notes() -> None:
    """docs/decisions/0002: these fields, no more; the notes stay in plan-service."""
    participant = settled()
    participant.record_mapping(mapping(notes="private"), today=TODAY)

    contract = translate_one(participant.events[-1])

    assert contract.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "mapping_version": 1,
        "recorded_by_agency": "learning-centre",
        "recorded_on": "2026-09-01",
        "education_level": "secondary",
        "work_experience_sectors": ["Q", "I"],
        "wished_sectors": ["Q"],
        "interests": ["football", "cooking"],
        "norwegian_levels": {
            "listening": "A2",
            "reading": "A2",
            "speaking": "A1",
            "writing": "A0",
        },
        "has_driving_licence": False,
        "childcare_needs": True,
    }


def test_consent_contracts_are_exactly_the_agreed_ones() -> None:
    """docs/decisions/0001: field names and nullable dates as agreed."""
    consent = granted_consent()
    consent.withdraw(withdrawn_on=TODAY, today=TODAY)
    lapsing = granted_consent(expires_on=TODAY)
    lapsing.events.clear()  # its grant is above
    lapsing.announce_lapse(today=TODAY)
    granted, withdrawn = (translate_one(e) for e in consent.events)
    recorded = translate_one(basis().events[0])

    assert granted.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "consent_id": str(consent.id),
        "recipient_kind": "employer",
        "recipient_id": "974760673",
        "purpose": "placement",
        "granted_on": "2026-09-01",
        "expires_on": None,
    }
    assert withdrawn.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "consent_id": str(consent.id),
        "withdrawn_on": "2026-11-23",
    }
    assert set(recorded.model_dump()) == {
        "participant_id",
        "basis_id",
        "agency",
        "purpose",
        "legal_basis",
        "valid_from",
        "valid_to",
    }
    assert recorded.model_dump(mode="json")["legal_basis"] == "integreringsloven"


# Decision 0003: reviews, meetings, actions, leave, moving away ---------------------------


def test_plan_reviewed_is_exactly_the_agreed_contract() -> None:
    participant = planned()
    review = participant.review_plan(
        **review_values(
            agencies_present=("refugee-service", "nav", "refugee-service"),
            participant_disagrees=True,
            municipality_justification="The municipality decides: B2 is needed first.",
            participant_comment="I disagree.",
        )
    )

    contract = translate_one(participant.events[-1])

    assert contract.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "review_id": str(review.id),
        "plan_version": 1,
        "reviewed_on": "2026-11-20",
        "agencies_present": ["refugee-service", "nav"],
        "nav_present": True,
        "participant_acknowledged": True,
        "disagreement_recorded": True,
        "next_review_due": "2027-05-20",
    }


def test_meeting_held_names_agencies_not_people() -> None:
    held = meeting(
        kind=MeetingKind.TRANSITION_DIALOGUE,
        attendees=(
            Attendee("refugee-service", name="Kari"),
            Attendee("learning-centre", role="teacher"),
            Attendee("refugee-service", name="Per"),
        ),
    )

    contract = translate_one(held.events[0])

    assert contract.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "meeting_id": str(held.id),
        "kind": "transition_dialogue",
        "held_on": "2026-11-18",
        "agencies_present": ["refugee-service", "learning-centre"],
        "nav_present": False,
    }


def test_action_contracts_carry_the_owner_and_dates_not_the_description() -> None:
    held = meeting()
    decided = action(meeting_id=held.id, responsibility=Responsibility.NAV_MEASURES)
    decided.complete(
        outcome=ActionStatus.CANCELLED,
        completed_on=TODAY,
        note=None,
        completed_by="nav-veileder",
        today=TODAY,
    )

    created, completed = (translate_one(e) for e in decided.events)

    assert created.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "action_id": str(decided.id),
        "meeting_id": str(held.id),
        "owner_agency": "nav",
        "owner_unit": "nav",
        "responsibility": "nav_measures",
        "due_date": "2026-12-15",
        "created_on": "2026-11-18",
    }
    assert completed.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "action_id": str(decided.id),
        "outcome": "cancelled",
        "completed_on": "2026-11-23",
    }


@pytest.mark.parametrize(
    ("reason", "published"),
    [
        (LeaveReason.PARENTAL, "parental"),
        (LeaveReason.ILLNESS, "health"),
        (LeaveReason.CARE_FOR_RELATIVE, "care"),
        (LeaveReason.WORK, "work"),
        (LeaveReason.WELFARE, "other"),
        (LeaveReason.OTHER, "other"),
    ],
)
def test_leave_is_published_with_the_reasons_of_decision_0003(
    reason: LeaveReason, published: str
) -> None:
    participant = enrolled()
    granted = leave(reason=reason)
    participant.record_leave(granted)

    contract = translate_one(participant.events[-1])

    assert contract.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "leave_id": str(granted.id),
        "reason": published,
        "from_date": "2026-11-01",
        "to_date": "2026-12-31",
    }


@pytest.mark.parametrize("destination", ["0301", None])
def test_moved_names_both_municipalities_or_none_for_abroad(destination: str | None) -> None:
    participant = settled()
    participant.move_away(moved_on=TODAY, to_municipality=destination, today=TODAY)

    contract = translate_one(participant.events[-1])

    assert contract.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "moved_on": "2026-11-23",
        "from_municipality": "3403",
        "to_municipality": destination,
    }


def test_erased_is_exactly_the_agreed_contract() -> None:
    erased = translate_one(
        events.ParticipantErased(
            participant_id=PARTICIPANT_ID, erased_on=date(2031, 11, 3), reason="retention_expired"
        )
    )

    assert erased.model_dump(mode="json") == {
        "participant_id": str(PARTICIPANT_ID),
        "erased_on": "2031-11-03",
        "reason": "retention_expired",
    }
    assert (type(erased).topic, erased.subject()) == ("helhet.participants", str(PARTICIPANT_ID))
