"""Every command handler, through the fake unit of work (no database, no broker).

The tier between the domain's unit tests and the API's integration tests: a handler
loads the participant as the caller may see them, checks who may decide, applies the
rule with the pinned clock's today and stores; what its events say is what the outbox
would get on commit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from helhet_common.clock import FixedClock
from helhet_common.domain_errors import Conflict, Invalid, NotAllowed, NotFound, StaleVersion
from helhet_common.testing.guards import handlers_without_a_test
from plan_service.domain import events
from plan_service.domain.attendance import DEFAULT_CODE_LIST, EntryKind
from plan_service.domain.benefit import GTable
from plan_service.domain.codes import (
    ActionStatus,
    ActivityKind,
    CefrLevel,
    Completion,
    ConsentPurpose,
    ContributionStatus,
    EducationLevel,
    EndGoal,
    ExitReason,
    ExtensionReason,
    Gender,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    RecipientKind,
    Regime,
    Responsibility,
    Section,
    SharingPurpose,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import Attendee
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Contributor, SectionProposal
from plan_service.domain.programmes import Leave
from plan_service.domain.sharing import Caller
from plan_service.service_layer import commands, handlers
from plan_service.service_layer.benefit import facts_of

from .builders import (
    PARTICIPANT_ID,
    SETTLED_ON,
    TODAY,
    action,
    activity,
    basis,
    contact,
    ended,
    enrolled,
    granted_consent,
    planned,
    settled,
)
from .fakes import FakePlanUnitOfWork

HAMAR, GJOVIK = "3403", "3407"
ADVISER = Caller(
    sub="programradgiver",
    municipality=HAMAR,
    agency="refugee-service",
    roles=frozenset({"caseworker"}),
)
NAV_ADVISER = Caller(
    sub="nav-veileder", municipality=HAMAR, agency="nav", roles=frozenset({"contributor"})
)
IN_GJOVIK = replace(ADVISER, municipality=GJOVIK)
PERSON = "ruta-haile"
THE_PARTICIPANT = Caller(
    sub=PERSON, municipality=HAMAR, agency="refugee-service", roles=frozenset({"participant"})
)


@pytest.fixture
def uow() -> FakePlanUnitOfWork:
    return FakePlanUnitOfWork(clock=FixedClock(TODAY))


def stored(uow: FakePlanUnitOfWork, participant: Participant) -> Participant:
    return uow.participants.put(participant)


def nav_may_see(uow: FakePlanUnitOfWork) -> None:
    """NAV has a basis in force for its measures (which covers the plan and meetings)."""
    uow.sharing_bases.put(basis(agency="nav", purpose=SharingPurpose.NAV_MEASURES))


# The participant, the programme, the plan ---------------------------------------------


def settle(**changes: object) -> commands.SettleParticipant:
    values: dict[str, object] = dict(
        municipality=HAMAR,
        settlement_date=SETTLED_ON,
        birth_year=1994,
        household_type=HouseholdType.SINGLE,
        languages=("ti", "ar"),
        personal={"given_name": "Ruta", "family_name": "Haile"},
        caller=ADVISER,
    )
    values.update(changes)
    return commands.SettleParticipant(**values)  # type: ignore[arg-type]


async def test_settle_participant_stores_them_and_announces_codes_not_names(
    uow: FakePlanUnitOfWork,
) -> None:
    participant = await uow.run(handlers.settle_participant, settle())

    assert uow.participants.stored(participant.id).personal["given_name"] == "Ruta"
    assert uow.events == [
        events.ParticipantSettled(
            participant_id=participant.id,
            municipality=HAMAR,
            settlement_date=SETTLED_ON,
            birth_year=1994,
            household_type=HouseholdType.SINGLE,
            languages=("ti", "ar"),
        )
    ]
    assert uow.commits == 1


async def test_settle_participant_is_the_programme_owners_and_refused_stores_nothing(
    uow: FakePlanUnitOfWork,
) -> None:
    with pytest.raises(NotAllowed) as refused:
        await uow.run(handlers.settle_participant, settle(caller=NAV_ADVISER))

    assert refused.value.code == "programme-owner-only"
    assert uow.participants.all() == []
    assert uow.events == []


async def test_settle_participant_takes_today_from_the_clock() -> None:
    uow = FakePlanUnitOfWork(clock=FixedClock(SETTLED_ON - timedelta(days=1)))

    with pytest.raises(Invalid) as refused:
        await uow.run(handlers.settle_participant, settle())

    assert refused.value.code == "settlement-in-future"


def start(**changes: object) -> commands.StartProgramme:
    values: dict[str, object] = dict(
        participant_id=PARTICIPANT_ID,
        municipality=HAMAR,
        regime=Regime.INTEGRATION_ACT,
        start_date=date(2026, 4, 1),
        expected_end_date=date(2028, 3, 31),
        caller=ADVISER,
    )
    values.update(changes)
    return commands.StartProgramme(**values)  # type: ignore[arg-type]


async def test_start_programme_stores_it_and_announces_programme_started(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())

    await uow.run(handlers.start_programme, start())

    programme = uow.participants.stored(PARTICIPANT_ID).programme
    assert programme is not None
    assert programme.expected_end_date == date(2028, 3, 31)
    assert uow.events == [
        events.ProgrammeStarted(
            participant_id=PARTICIPANT_ID,
            regime=Regime.INTEGRATION_ACT,
            start_date=date(2026, 4, 1),
            expected_end_date=date(2028, 3, 31),
        )
    ]


async def test_another_municipalitys_participant_is_not_found(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled())

    with pytest.raises(NotFound) as refused:
        await uow.run(handlers.start_programme, start(municipality=GJOVIK, caller=IN_GJOVIK))

    assert refused.value.code == "participant-not-found"
    assert uow.participants.stored(PARTICIPANT_ID).programme is None


def plan_update(**changes: object) -> commands.UpdatePlan:
    values: dict[str, object] = dict(
        participant_id=PARTICIPANT_ID,
        municipality=HAMAR,
        expected_version=0,
        end_goal=EndGoal.WORK,
        norwegian_goal=CefrLevel.B1,
        activities=(activity(20.0), activity(15.0, kind=ActivityKind.LANGUAGE_PRACTICE)),
        caller=ADVISER,
    )
    values.update(changes)
    return commands.UpdatePlan(**values)  # type: ignore[arg-type]


async def test_update_plan_saves_a_version_by_the_editor_on_the_clocks_day(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, enrolled())

    await uow.run(handlers.update_plan, plan_update())

    plan = uow.participants.stored(PARTICIPANT_ID).plan
    assert plan is not None
    assert (plan.version, plan.started_on) == (1, TODAY)
    assert plan.changed_by == Contributor("refugee-service", "programradgiver")
    assert uow.events == [
        events.PlanUpdated(
            participant_id=PARTICIPANT_ID,
            plan_version=1,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activity_kinds=(ActivityKind.NORWEGIAN, ActivityKind.LANGUAGE_PRACTICE),
            programme_hours_per_week=35.0,
            saved_on=TODAY,
        )
    ]


async def test_update_plan_on_a_stale_version_is_refused(uow: FakePlanUnitOfWork) -> None:
    stored(uow, planned())

    with pytest.raises(StaleVersion) as refused:
        await uow.run(handlers.update_plan, plan_update(expected_version=0))

    assert (refused.value.code, refused.value.details) == ("stale-version", {"current_version": 1})
    assert uow.events == []


async def test_update_plan_is_the_editors_another_agency_proposes(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, enrolled())
    nav_may_see(uow)

    with pytest.raises(NotAllowed) as refused:
        await uow.run(handlers.update_plan, plan_update(caller=NAV_ADVISER))

    assert refused.value.code == "plan-editor-only"


async def test_link_login_gives_the_participant_their_login_once(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    login = commands.LinkLogin(participant_id=PARTICIPANT_ID, municipality=HAMAR, person_sub=PERSON)

    await uow.run(handlers.link_login, login)
    await uow.run(handlers.link_login, replace(login, person_sub="someone-else"))

    assert uow.participants.stored(PARTICIPANT_ID).person_sub == PERSON
    assert uow.events == []


async def test_set_gender_is_the_programme_owners_and_published_only_when_it_changes(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    nav_may_see(uow)
    command = commands.SetGender(
        caller=ADVISER, participant_id=PARTICIPANT_ID, gender=Gender.FEMALE
    )

    await uow.run(handlers.set_gender, command)
    await uow.run(handlers.set_gender, command)  # the same again: nothing changes
    with pytest.raises(NotAllowed) as not_owner:
        await uow.run(handlers.set_gender, replace(command, caller=NAV_ADVISER))

    assert uow.participants.stored(PARTICIPANT_ID).gender is Gender.FEMALE
    assert not_owner.value.code == "programme-owner-only"
    assert [type(e).__name__ for e in uow.events] == ["ParticipantGenderSet"]


async def test_link_national_id_is_the_programme_owners_and_one_number_one_participant(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    other = stored(uow, settled(participant_id=uuid4()))
    nav_may_see(uow)
    link = commands.LinkNationalId(
        caller=ADVISER, participant_id=PARTICIPANT_ID, national_id="01817010055"
    )

    await uow.run(handlers.link_national_id, link)
    await uow.run(handlers.link_national_id, link)  # the same again: nothing changes
    with pytest.raises(Conflict) as taken:
        await uow.run(handlers.link_national_id, replace(link, participant_id=other.id))
    with pytest.raises(NotAllowed) as not_owner:
        await uow.run(handlers.link_national_id, replace(link, caller=NAV_ADVISER))

    assert uow.participants.national_ids == {"01817010055": PARTICIPANT_ID}
    assert taken.value.code == "national-id-linked-elsewhere"
    assert not_owner.value.code == "programme-owner-only"
    assert uow.events == []


async def test_move_away_is_today_unless_said_and_announces_both_municipalities(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, planned())
    move = commands.MoveAway(caller=ADVISER, participant_id=PARTICIPANT_ID, to_municipality="0301")

    await uow.run(handlers.move_away, move)

    moved = uow.participants.stored(PARTICIPANT_ID).moved
    assert moved is not None
    assert moved.moved_on == TODAY
    assert uow.events == [
        events.ParticipantMoved(
            participant_id=PARTICIPANT_ID,
            moved_on=TODAY,
            from_municipality=HAMAR,
            to_municipality="0301",
        )
    ]


# The programme after its start ------------------------------------------------------


async def test_extend_programme_records_who_and_when(uow: FakePlanUnitOfWork) -> None:
    stored(uow, enrolled())
    extend = commands.ExtendProgramme(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        new_expected_end_date=date(2028, 9, 30),
        reason=ExtensionReason.EDUCATION_IN_PROGRESS,
    )

    await uow.run(handlers.extend_programme, extend)

    programme = uow.participants.stored(PARTICIPANT_ID).programme
    assert programme is not None
    (extension,) = programme.extensions
    assert (extension.decided_on, extension.recorded_by) == (TODAY, "programradgiver")
    assert uow.events == [
        events.ProgrammeExtended(
            participant_id=PARTICIPANT_ID,
            extension_number=1,
            previous_expected_end_date=date(2028, 3, 31),
            new_expected_end_date=date(2028, 9, 30),
            reason=ExtensionReason.EDUCATION_IN_PROGRESS,
            decided_on=TODAY,
        )
    ]


async def test_extend_programme_is_the_programme_owners(uow: FakePlanUnitOfWork) -> None:
    stored(uow, enrolled())
    nav_may_see(uow)
    extend = commands.ExtendProgramme(
        caller=NAV_ADVISER,
        participant_id=PARTICIPANT_ID,
        new_expected_end_date=date(2028, 9, 30),
        reason=ExtensionReason.OTHER,
    )

    with pytest.raises(NotAllowed) as refused:
        await uow.run(handlers.extend_programme, extend)

    assert refused.value.code == "programme-owner-only"


async def test_record_leave_stores_it_and_announces_programme_leave(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, enrolled())
    leave = Leave(
        id=uuid4(),
        from_date=date(2026, 12, 1),
        to_date=date(2026, 12, 31),
        reason=LeaveReason.ILLNESS,
        recorded_by="programradgiver",
    )

    await uow.run(
        handlers.record_leave,
        commands.RecordLeave(caller=ADVISER, participant_id=PARTICIPANT_ID, leave=leave),
    )

    programme = uow.participants.stored(PARTICIPANT_ID).programme
    assert programme is not None
    assert programme.leaves == (leave,)
    assert uow.events == [
        events.LeaveGranted(
            participant_id=PARTICIPANT_ID,
            leave_id=leave.id,
            reason=LeaveReason.ILLNESS,
            from_date=date(2026, 12, 1),
            to_date=date(2026, 12, 31),
        )
    ]


async def test_end_programme_stores_the_exit_and_announces_programme_ended(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, enrolled())
    end = commands.EndProgramme(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        completion=Completion.INTERRUPTED,
        end_date=date(2026, 11, 20),
        reason=ExitReason.MOVED,
    )

    await uow.run(handlers.end_programme, end)

    programme = uow.participants.stored(PARTICIPANT_ID).programme
    assert programme is not None
    assert programme.exit is not None
    assert uow.events == [
        events.ProgrammeEnded(
            participant_id=PARTICIPANT_ID,
            completion=Completion.INTERRUPTED,
            end_date=date(2026, 11, 20),
            reason=ExitReason.MOVED,
            regime=Regime.INTEGRATION_ACT,
            start_date=date(2026, 4, 1),
        )
    ]


async def test_end_programme_in_the_future_is_refused_by_the_clock(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, enrolled())
    end = commands.EndProgramme(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        completion=Completion.COMPLETED,
        end_date=TODAY + timedelta(days=1),
        reason=ExitReason.WORK,
    )

    with pytest.raises(Invalid) as refused:
        await uow.run(handlers.end_programme, end)

    assert refused.value.code == "exit-in-future"
    assert uow.events == []


# Mapping, tests, outcomes -----------------------------------------------------------

LEVELS = {
    Skill.LISTENING: LanguageLevel.A2,
    Skill.READING: LanguageLevel.A2,
    Skill.SPEAKING: LanguageLevel.A1,
    Skill.WRITING: LanguageLevel.A1,
}


async def test_record_mapping_is_the_next_version_dated_today_by_default(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    record = commands.RecordMapping(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        recorded_by_agency="refugee-service",
        recorded_on=None,
        education_level=EducationLevel.SECONDARY,
        work_experience_sectors=("Q",),
        wished_sectors=("Q", "I"),
        interests=(Interest.FOOTBALL,),
        norwegian_levels=LEVELS,
        has_driving_licence=False,
        childcare_needs=True,
        notes="Was a nurse.",
    )

    mapping = await uow.run(handlers.record_mapping, record)

    assert (mapping.version, mapping.recorded_on) == (1, TODAY)
    assert uow.participants.mappings == [(PARTICIPANT_ID, mapping, "programradgiver")]
    assert uow.events == [
        events.MappingRecorded(
            participant_id=PARTICIPANT_ID,
            mapping_version=1,
            recorded_by_agency="refugee-service",
            recorded_on=TODAY,
            education_level=EducationLevel.SECONDARY,
            work_experience_sectors=("Q",),
            wished_sectors=("Q", "I"),
            interests=(Interest.FOOTBALL,),
            norwegian_levels=LEVELS,
            has_driving_licence=False,
            childcare_needs=True,
        )
    ]


async def test_record_test_result_is_tagged_with_the_callers_agency(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    record = commands.RecordTestResult(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        test=TestKind.SOCIAL_STUDIES,
        taken_on=date(2026, 10, 1),
        levels={},
        passed=True,
    )

    result = await uow.run(handlers.record_test_result, record)

    assert result.recorded_by_agency == "refugee-service"
    assert uow.participants.test_results == [(PARTICIPANT_ID, result, "programradgiver")]
    assert uow.events == [
        events.TestResultRecorded(
            participant_id=PARTICIPANT_ID,
            test_result_id=result.id,
            test=TestKind.SOCIAL_STUDIES,
            taken_on=date(2026, 10, 1),
            levels={},
            passed=True,
        )
    ]


def outcome_at_exit() -> commands.RecordOutcome:
    return commands.RecordOutcome(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        measured_at=MeasurePoint.AT_EXIT,
        status=OutcomeStatus.WORK,
        status_on=date(2026, 11, 10),
    )


async def test_record_outcome_after_the_exit_says_when_the_programme_ended(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, ended())

    await uow.run(handlers.record_outcome, outcome_at_exit())

    outcome = uow.participants.stored(PARTICIPANT_ID).outcomes[MeasurePoint.AT_EXIT]
    assert outcome.recorded_by == "programradgiver"
    assert uow.events == [
        events.OutcomeRecorded(
            participant_id=PARTICIPANT_ID,
            measured_at=MeasurePoint.AT_EXIT,
            status=OutcomeStatus.WORK,
            status_on=date(2026, 11, 10),
            programme_end_date=date(2026, 11, 2),
        )
    ]


async def test_record_outcome_twice_is_a_conflict(uow: FakePlanUnitOfWork) -> None:
    stored(uow, ended())
    await uow.run(handlers.record_outcome, outcome_at_exit())

    with pytest.raises(Conflict) as refused:
        await uow.run(handlers.record_outcome, outcome_at_exit())

    assert refused.value.code == "outcome-already-recorded"
    assert len(uow.events) == 1


# Consent and sharing bases ------------------------------------------------------------


def grant(caller: Caller = ADVISER) -> commands.GrantConsent:
    return commands.GrantConsent(
        caller=caller,
        participant_id=PARTICIPANT_ID,
        recipient_kind=RecipientKind.EMPLOYER,
        recipient_id="974760673",
        purpose=ConsentPurpose.PLACEMENT,
    )


async def test_grant_consent_by_the_participant_themself(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled(person_sub=PERSON))

    consent = await uow.run(handlers.grant_consent, grant(THE_PARTICIPANT))

    assert uow.consents.stored(consent.id).recorded_by == PERSON
    assert uow.events == [
        events.ConsentGranted(
            participant_id=PARTICIPANT_ID,
            consent_id=consent.id,
            recipient_kind=RecipientKind.EMPLOYER,
            recipient_id="974760673",
            purpose=ConsentPurpose.PLACEMENT,
            granted_on=TODAY,
            expires_on=None,
        )
    ]


async def test_grant_consent_for_someone_else_is_not_found(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled(person_sub="another-person"))

    with pytest.raises(NotFound) as refused:
        await uow.run(handlers.grant_consent, grant(THE_PARTICIPANT))

    assert refused.value.code == "participant-not-found"
    assert uow.consents.all() == []


async def test_withdraw_consent_announces_the_day(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled())
    consent = uow.consents.put(granted_consent())
    withdraw = commands.WithdrawConsent(
        caller=ADVISER, participant_id=PARTICIPANT_ID, consent_id=consent.id
    )

    await uow.run(handlers.withdraw_consent, withdraw)

    assert uow.consents.stored(consent.id).withdrawn_on == TODAY
    assert uow.events == [
        events.ConsentWithdrawn(
            participant_id=PARTICIPANT_ID, consent_id=consent.id, withdrawn_on=TODAY
        )
    ]


async def test_announce_lapsed_consents_once_each_and_only_the_lapsed(
    uow: FakePlanUnitOfWork,
) -> None:
    """Expired yesterday and today: announced (the expiry day is no longer in force);
    expiring tomorrow, withdrawn or without an expiry: not. A second run announces
    nothing."""
    stored(uow, settled())
    ids = [UUID(f"01930000-0000-7000-8000-0000000000d{n}") for n in range(5)]
    yesterday = uow.consents.put(
        granted_consent(consent_id=ids[0], expires_on=TODAY - timedelta(days=1))
    )
    today = uow.consents.put(granted_consent(consent_id=ids[1], expires_on=TODAY))
    uow.consents.put(granted_consent(consent_id=ids[2], expires_on=TODAY + timedelta(days=1)))
    uow.consents.put(granted_consent(consent_id=ids[3]))
    withdrawn = granted_consent(consent_id=ids[4], expires_on=TODAY - timedelta(days=2))
    withdrawn.withdraw(withdrawn_on=TODAY - timedelta(days=3), today=TODAY)
    uow.consents.put(withdrawn)

    announced = await uow.run(handlers.announce_lapsed_consents, commands.AnnounceLapsedConsents())

    assert [c.id for c in announced] == [yesterday.id, today.id]
    assert uow.events == [
        events.ConsentExpired(
            participant_id=PARTICIPANT_ID,
            consent_id=yesterday.id,
            expired_on=TODAY - timedelta(days=1),
        ),
        events.ConsentExpired(participant_id=PARTICIPANT_ID, consent_id=today.id, expired_on=TODAY),
    ]
    assert uow.consents.stored(today.id).lapse_announced_on == TODAY
    uow.events.clear()
    again = await uow.run(handlers.announce_lapsed_consents, commands.AnnounceLapsedConsents())
    assert again == []
    assert uow.events == []


async def test_withdraw_an_unknown_consent_is_not_found(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled())
    withdraw = commands.WithdrawConsent(
        caller=ADVISER, participant_id=PARTICIPANT_ID, consent_id=uuid4()
    )

    with pytest.raises(NotFound) as refused:
        await uow.run(handlers.withdraw_consent, withdraw)

    assert refused.value.code == "consent-not-found"


async def test_record_sharing_basis_from_today_by_default(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled())
    record = commands.RecordSharingBasis(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        agency="learning-centre",
        purpose=SharingPurpose.NORWEGIAN_TRAINING,
        legal_basis=LegalBasis.INTEGRATION_ACT,
    )

    recorded = await uow.run(handlers.record_sharing_basis, record)

    assert uow.sharing_bases.stored(recorded.id).recorded_by == "programradgiver"
    assert uow.events == [
        events.SharingBasisRecorded(
            participant_id=PARTICIPANT_ID,
            basis_id=recorded.id,
            agency="learning-centre",
            purpose=SharingPurpose.NORWEGIAN_TRAINING,
            legal_basis=LegalBasis.INTEGRATION_ACT,
            valid_from=TODAY,
            valid_to=None,
        )
    ]


async def test_another_agency_without_a_basis_cannot_see_the_participant(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    record = commands.RecordSharingBasis(
        caller=NAV_ADVISER,
        participant_id=PARTICIPANT_ID,
        agency="nav",
        purpose=SharingPurpose.NAV_MEASURES,
        legal_basis=LegalBasis.NAV_ACT,
    )

    with pytest.raises(NotFound) as refused:
        await uow.run(handlers.record_sharing_basis, record)

    assert refused.value.code == "participant-not-found"


# The plan as a shared document ----------------------------------------------------------

WORK_TRAINING = SectionProposal(
    section=Section.ACTIVITIES,
    activities=(activity(2.5, kind=ActivityKind.NAV_MEASURE, provider_unit="NAV Hamar"),),
)


async def propose(uow: FakePlanUnitOfWork) -> commands.ProposeContribution:
    stored(uow, planned())
    nav_may_see(uow)
    return commands.ProposeContribution(
        caller=NAV_ADVISER,
        participant_id=PARTICIPANT_ID,
        proposal=WORK_TRAINING,
        reason="Agreed in the case meeting.",
    )


async def test_propose_contribution_is_stored_and_not_published(
    uow: FakePlanUnitOfWork,
) -> None:
    contribution = await uow.run(handlers.propose_contribution, await propose(uow))

    found = uow.contributions.stored(contribution.id)
    assert (found.status, found.proposed_on, found.based_on_version) == (
        ContributionStatus.PROPOSED,
        TODAY,
        1,
    )
    assert found.proposed_by == Contributor("nav", "nav-veileder")
    assert uow.events == []


async def test_accept_contribution_is_the_plans_next_version(uow: FakePlanUnitOfWork) -> None:
    contribution = await uow.run(handlers.propose_contribution, await propose(uow))
    accept = commands.AcceptContribution(
        caller=ADVISER, participant_id=PARTICIPANT_ID, contribution_id=contribution.id
    )

    await uow.run(handlers.accept_contribution, accept)

    assert uow.contributions.stored(contribution.id).resulting_version == 2
    plan = uow.participants.stored(PARTICIPANT_ID).plan
    assert plan is not None
    assert plan.contribution_id == contribution.id
    assert uow.events == [
        events.PlanUpdated(
            participant_id=PARTICIPANT_ID,
            plan_version=2,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activity_kinds=(
                ActivityKind.NORWEGIAN,
                ActivityKind.LANGUAGE_PRACTICE,
                ActivityKind.NAV_MEASURE,
            ),
            programme_hours_per_week=35.0,
            saved_on=TODAY,
        )
    ]


async def test_accept_another_participants_contribution_is_not_found(
    uow: FakePlanUnitOfWork,
) -> None:
    contribution = await uow.run(handlers.propose_contribution, await propose(uow))
    uow.contributions.put(replace(contribution, participant_id=uuid4()))
    accept = commands.AcceptContribution(
        caller=ADVISER, participant_id=PARTICIPANT_ID, contribution_id=contribution.id
    )

    with pytest.raises(NotFound) as refused:
        await uow.run(handlers.accept_contribution, accept)

    assert refused.value.code == "contribution-not-found"


async def test_reject_contribution_keeps_the_plan(uow: FakePlanUnitOfWork) -> None:
    contribution = await uow.run(handlers.propose_contribution, await propose(uow))
    reject = commands.RejectContribution(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        contribution_id=contribution.id,
        reason="Not before the Norwegian test.",
    )

    await uow.run(handlers.reject_contribution, reject)

    rejected = uow.contributions.stored(contribution.id)
    assert (rejected.status, rejected.decided_on) == (ContributionStatus.REJECTED, TODAY)
    assert uow.participants.stored(PARTICIPANT_ID).plan.version == 1  # type: ignore[union-attr]
    assert uow.events == []


async def test_review_plan_records_the_review_and_when_the_next_is_due(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, planned())
    review = commands.ReviewPlan(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        agencies_present=("refugee-service", "nav"),
        participant_acknowledged=True,
    )

    reviewed = await uow.run(handlers.review_plan, review)

    assert uow.plans.reviews == [(PARTICIPANT_ID, reviewed, "programradgiver")]
    assert uow.events == [
        events.PlanReviewed(
            participant_id=PARTICIPANT_ID,
            review_id=reviewed.id,
            plan_version=1,
            reviewed_on=TODAY,
            agencies_present=("refugee-service", "nav"),
            nav_present=True,
            participant_acknowledged=True,
            participant_disagrees=False,
            next_review_due=date(2027, 5, 23),
        )
    ]


# Meetings, actions, contact persons ---------------------------------------------------


def decision(**changes: object) -> commands.Decision:
    values: dict[str, object] = dict(
        description="Apply for work training",
        owner_agency="nav",
        owner_unit="nav",
        due_date=date(2026, 12, 15),
        responsibility=Responsibility.NAV_MEASURES,
    )
    values.update(changes)
    return commands.Decision(**values)  # type: ignore[arg-type]


async def test_hold_meeting_announces_the_meeting_then_its_actions(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, planned())
    nav_may_see(uow)
    hold = commands.HoldMeeting(
        caller=NAV_ADVISER,
        participant_id=PARTICIPANT_ID,
        kind=MeetingKind.CASE_MEETING,
        held_on=date(2026, 11, 20),
        attendees=(Attendee("nav", name="Ola"), Attendee("refugee-service")),
        decisions=(decision(),),
    )

    meeting, (decided,) = await uow.run(handlers.hold_meeting, hold)

    assert uow.meetings.stored(meeting.id).recorded_by == "nav-veileder"
    assert uow.actions.stored(decided.id).meeting_id == meeting.id
    assert uow.events == [
        events.MeetingHeld(
            participant_id=PARTICIPANT_ID,
            meeting_id=meeting.id,
            kind=MeetingKind.CASE_MEETING,
            held_on=date(2026, 11, 20),
            agencies_present=("nav", "refugee-service"),
            nav_present=True,
        ),
        events.ActionCreated(
            participant_id=PARTICIPANT_ID,
            action_id=decided.id,
            meeting_id=meeting.id,
            owner_agency="nav",
            owner_unit="nav",
            responsibility=Responsibility.NAV_MEASURES,
            due_date=date(2026, 12, 15),
            created_on=date(2026, 11, 20),
        ),
    ]


async def test_hold_meeting_with_one_bad_decision_stores_nothing(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, planned())
    hold = commands.HoldMeeting(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        kind=MeetingKind.THREE_WAY_TALK,
        held_on=date(2026, 11, 20),
        attendees=(Attendee("refugee-service"),),
        decisions=(decision(), decision(owner_agency="police")),
    )

    with pytest.raises(Invalid) as refused:
        await uow.run(handlers.hold_meeting, hold)

    assert refused.value.code == "unknown-agency"
    assert (uow.meetings.all(), uow.actions.all(), uow.events) == ([], [], [])


async def test_create_action_is_created_today_by_default(uow: FakePlanUnitOfWork) -> None:
    stored(uow, planned())
    create = commands.CreateAction(
        caller=ADVISER, participant_id=PARTICIPANT_ID, decision=decision()
    )

    created = await uow.run(handlers.create_action, create)

    assert uow.actions.stored(created.id).created_on == TODAY
    assert uow.events == [
        events.ActionCreated(
            participant_id=PARTICIPANT_ID,
            action_id=created.id,
            meeting_id=None,
            owner_agency="nav",
            owner_unit="nav",
            responsibility=Responsibility.NAV_MEASURES,
            due_date=date(2026, 12, 15),
            created_on=TODAY,
        )
    ]


async def test_create_action_for_a_moved_participant_is_refused(
    uow: FakePlanUnitOfWork,
) -> None:
    participant = planned()
    participant.move_away(moved_on=TODAY, to_municipality=None, today=TODAY)
    stored(uow, participant)
    create = commands.CreateAction(
        caller=ADVISER, participant_id=PARTICIPANT_ID, decision=decision()
    )

    with pytest.raises(Conflict) as refused:
        await uow.run(handlers.create_action, create)

    assert refused.value.code == "participant-moved"


def completion(caller: Caller, action_id: object) -> commands.CompleteAction:
    return commands.CompleteAction(
        caller=caller,
        participant_id=PARTICIPANT_ID,
        action_id=action_id,  # type: ignore[arg-type]
        outcome=ActionStatus.DONE,
        note="Started on Monday.",
    )


async def test_complete_action_by_its_owning_agency(uow: FakePlanUnitOfWork) -> None:
    stored(uow, planned())
    nav_may_see(uow)
    open_action = uow.actions.put(action())

    await uow.run(handlers.complete_action, completion(NAV_ADVISER, open_action.id))

    done = uow.actions.stored(open_action.id)
    assert (done.status, done.completed_on, done.completed_by) == (
        ActionStatus.DONE,
        TODAY,
        "nav-veileder",
    )
    assert uow.events == [
        events.ActionCompleted(
            participant_id=PARTICIPANT_ID,
            action_id=open_action.id,
            outcome=ActionStatus.DONE,
            completed_on=TODAY,
        )
    ]


async def test_complete_action_by_another_agency_is_refused(uow: FakePlanUnitOfWork) -> None:
    stored(uow, planned())
    uow.sharing_bases.put(basis(agency="learning-centre", purpose=SharingPurpose.PLAN))
    teacher = replace(NAV_ADVISER, sub="laerer", agency="learning-centre")
    open_action = uow.actions.put(action())

    with pytest.raises(NotAllowed) as refused:
        await uow.run(handlers.complete_action, completion(teacher, open_action.id))

    assert refused.value.code == "action-owner-only"
    assert uow.actions.stored(open_action.id).status is ActionStatus.OPEN


async def test_complete_an_unknown_action_is_not_found(uow: FakePlanUnitOfWork) -> None:
    stored(uow, planned())

    with pytest.raises(NotFound) as refused:
        await uow.run(handlers.complete_action, completion(ADVISER, uuid4()))

    assert refused.value.code == "action-not-found"


async def test_assign_contact_person_replaces_the_agencys_current_one(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, settled())
    previous = uow.contacts.put(PARTICIPANT_ID, contact())
    assign = commands.AssignContact(
        caller=ADVISER,
        participant_id=PARTICIPANT_ID,
        agency="nav",
        name="Marte Kvam",
        handover_note="The application for work training is not sent yet.",
    )

    new, replaced = await uow.run(handlers.assign_contact_person, assign)

    assert new.assigned_on == TODAY
    assert replaced is not None
    assert (replaced.id, replaced.ended_on) == (previous.id, TODAY)
    assert await uow.contacts.of_participant(PARTICIPANT_ID) == [new, replaced]
    assert uow.contacts.recorded_by[new.id] == "programradgiver"
    assert uow.events == []


async def test_assign_another_agencys_contact_is_refused(uow: FakePlanUnitOfWork) -> None:
    stored(uow, settled())
    nav_may_see(uow)
    assign = commands.AssignContact(
        caller=NAV_ADVISER, participant_id=PARTICIPANT_ID, agency="learning-centre", name="Ingrid"
    )

    with pytest.raises(NotAllowed) as refused:
        await uow.run(handlers.assign_contact_person, assign)

    assert refused.value.code == "own-agency-only"


# The guard --------------------------------------------------------------------------


def test_every_handler_has_a_test_here() -> None:
    assert handlers_without_a_test(handlers, __file__) == []


# The ledger and the benefit ---------------------------------------------------------


def ledger_entry(**changes: Any) -> commands.RecordLedgerEntry:
    values: dict[str, Any] = dict(
        caller=NAV_ADVISER,
        participant_id=PARTICIPANT_ID,
        entry_id=uuid4(),
        kind=EntryKind.ABSENCE,
        on=date(2026, 11, 2),
        minutes=240,
        code="ugyldig",
        codes=DEFAULT_CODE_LIST,
    )
    values.update(changes)
    return commands.RecordLedgerEntry(**values)


async def test_record_ledger_entry_stores_who_recorded_it_and_announces_it(
    uow: FakePlanUnitOfWork,
) -> None:
    stored(uow, enrolled())
    nav_may_see(uow)

    entry = await uow.run(handlers.record_ledger_entry, ledger_entry())

    assert uow.ledger.stored(entry.id).recorded_by == "nav-veileder"
    assert uow.events == [
        events.LedgerEntryRecorded(
            participant_id=PARTICIPANT_ID,
            entry_id=entry.id,
            kind="absence",
            on=date(2026, 11, 2),
            minutes=240,
            code="ugyldig",
            effect="reduces",
            corrects=None,
            recorded_by_agency="nav",
        )
    ]


async def test_record_ledger_entry_corrects_an_entry_once(uow: FakePlanUnitOfWork) -> None:
    stored(uow, enrolled())
    first = await uow.run(handlers.record_ledger_entry, ledger_entry(caller=ADVISER))
    fixed = await uow.run(
        handlers.record_ledger_entry, ledger_entry(caller=ADVISER, code="syk", corrects=first.id)
    )

    assert uow.ledger.stored(fixed.id).corrects == first.id
    with pytest.raises(Conflict) as raised:
        await uow.run(handlers.record_ledger_entry, ledger_entry(caller=ADVISER, corrects=first.id))
    assert raised.value.code == "entry-already-corrected"
    with pytest.raises(NotFound):
        await uow.run(handlers.record_ledger_entry, ledger_entry(caller=ADVISER, corrects=uuid4()))


async def test_record_ledger_entry_without_a_basis_is_not_found(uow: FakePlanUnitOfWork) -> None:
    stored(uow, enrolled())

    with pytest.raises(NotFound):
        await uow.run(handlers.record_ledger_entry, ledger_entry())
    assert uow.events == []


async def test_export_benefit_month_records_the_month_once_for_the_programme_owner(
    uow: FakePlanUnitOfWork,
) -> None:
    participant = stored(uow, enrolled())
    uow.benefit.facts_of[HAMAR] = [facts_of(participant)]
    table = GTable.with_extra({"2026-05-01": 135_000})
    export = commands.ExportBenefitMonth(caller=ADVISER, month=date(2026, 10, 1), g_table=table)

    done = await uow.run(handlers.export_benefit_month, export)

    assert done.participants == 1
    assert done.total_ore == round(2 * 135_000 * 100 / 12)
    assert uow.benefit.exported[HAMAR] == {date(2026, 10, 1): done.exported_at}
    with pytest.raises(Conflict):
        await uow.run(handlers.export_benefit_month, export)
    with pytest.raises(NotAllowed):
        await uow.run(handlers.export_benefit_month, replace(export, caller=NAV_ADVISER))
    with pytest.raises(Conflict) as raised:
        await uow.run(handlers.export_benefit_month, replace(export, month=date(2026, 11, 1)))
    assert raised.value.code == "month-not-ended"
