"""Every command handler, through the fake unit of work (no database, no broker).

The tier between the domain's unit tests and the API's integration tests: a handler
loads through the repositories, applies the rule with the pinned clock's today, stores,
and what its events say is what the outbox would get on commit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from uuid import uuid4

import pytest

from helhet_common.absence_codes import DEFAULT_CODE_LIST
from helhet_common.access.recorder import AccessRecord
from helhet_common.auth import Principal
from helhet_common.clock import FixedClock
from helhet_common.domain_errors import Conflict, Invalid, NotFound, StaleVersion
from helhet_common.testing.guards import handlers_without_a_test
from placement_service.adapters.tables import access_log
from placement_service.domain import events
from placement_service.domain.codes import (
    FLAG_OUTSIDE_WISHES,
    FLAG_SUBSIDY_DRIVEN_EXTENSION,
    AgreementKind,
    Anchoring,
    AssessmentMethod,
    ContactRole,
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    GeoPoint,
    HistoryKind,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    OpeningStatus,
    Ownership,
    Purpose,
    Skill,
)
from placement_service.domain.employers import Agreement, ContactPerson, Employer, Location
from placement_service.domain.openings import Opening
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement, Placement
from placement_service.domain.profiles import Consent, Profile
from placement_service.service_layer import commands, handlers

from .builders import HAMAR, TODAY, VALID_ORG, employer, opening, placement, schedule
from .fakes import FakePlacementUnitOfWork

GJOVIK = "3407"


@pytest.fixture
def uow() -> FakePlacementUnitOfWork:
    return FakePlacementUnitOfWork(clock=FixedClock(TODAY))


def profile(**changes: object) -> Profile:
    values: dict[str, object] = dict(
        participant_id=uuid4(),
        municipality=HAMAR,
        plan_version=2,
        end_goal="work",
        wished_sectors=("Q",),
        programme_expected_end=date(2027, 6, 30),
    )
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


def stored_employer(uow: FakePlacementUnitOfWork, **changes: object) -> Employer:
    return uow.employers.put(employer(**changes))


def stored_opening(uow: FakePlacementUnitOfWork, e: Employer, **changes: object) -> Opening:
    return uow.openings.put(opening(e, **changes))


def consenting(uow: FakePlacementUnitOfWork, org: str = VALID_ORG, **changes: object) -> Profile:
    """A participant who consented, before the placements here start, to a placement at
    the employer ``org``."""
    who = uow.participants.put(profile(**changes))
    uow.participants.granted.append(
        consent(who.participant_id, recipient_id=org, granted_on=date(2026, 10, 1))
    )
    return who


def stored_placement(uow: FakePlacementUnitOfWork, **changes: object) -> Placement:
    e = stored_employer(uow)
    o = stored_opening(uow, e, capacity=2)
    return uow.placements.put(placement(o, e, **changes))


# -- employers ------------------------------------------------------------------------------


def register(**changes: object) -> commands.RegisterEmployer:
    values: dict[str, object] = dict(
        municipality=HAMAR,
        org_number=VALID_ORG,
        name="Hamar sykehjem",
        sector="Q",
        nace_code=None,
        ownership=Ownership.MUNICIPAL,
        capacity_cap=3,
        agreement=Agreement(AgreementKind.ORAL, Anchoring.DEPARTMENT),
        responsible=None,
        locations=(),
        contacts=(),
    )
    values.update(changes)
    return commands.RegisterEmployer(**values)  # type: ignore[arg-type]


async def test_register_employer_stores_it_and_announces_its_codes(
    uow: FakePlacementUnitOfWork,
) -> None:
    registered = await uow.run(handlers.register_employer, register())
    assert uow.employers.stored(registered.id).name == "Hamar sykehjem"
    assert uow.events == [
        events.EmployerRegistered(
            employer_id=registered.id,
            org_number=VALID_ORG,
            sector="Q",
            nace_code=None,
            ownership=Ownership.MUNICIPAL,
            capacity_cap=3,
            agreement_kind=AgreementKind.ORAL,
            anchored_at=Anchoring.DEPARTMENT,
        )
    ]
    assert [c.event_type for c in uow.published] == ["helhet.employer.registered.v1"]


async def test_a_second_employer_with_the_same_number_is_a_conflict(
    uow: FakePlacementUnitOfWork,
) -> None:
    await uow.run(handlers.register_employer, register())
    with pytest.raises(Conflict) as error:
        # Before the rules: a duplicate is refused whatever else is wrong with it.
        await uow.run(handlers.register_employer, register(name="Another", sector="?"))
    assert error.value.code == "employer-exists"
    assert len(uow.events) == 1
    await uow.run(handlers.register_employer, register(municipality=GJOVIK))


async def test_update_employer_checks_the_version(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow)
    command = commands.UpdateEmployer(
        employer_id=e.id, municipality=HAMAR, expected_version=1, name="Nytt navn"
    )
    updated = await uow.run(handlers.update_employer, command)
    assert (updated.name, updated.version) == ("Nytt navn", 2)
    assert uow.employers.stored(e.id).version == 2
    with pytest.raises(StaleVersion) as error:
        await uow.run(handlers.update_employer, command)
    assert error.value.details == {"current_version": 2}
    assert uow.events == []


async def test_another_municipality_s_employer_is_not_found(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow)
    command = commands.AddLocation(
        employer_id=e.id,
        municipality=GJOVIK,
        location=Location(id=uuid4(), name="Lager", address="Vegen 2"),
    )
    with pytest.raises(NotFound) as error:
        await uow.run(handlers.add_location, command)
    assert error.value.code == "employer-not-found"


async def test_add_location(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow)
    site = Location(id=uuid4(), name="Lager", address="Vegen 2", point=GeoPoint(60.8, 11.0))
    command = commands.AddLocation(employer_id=e.id, municipality=HAMAR, location=site)
    await uow.run(handlers.add_location, command)
    assert uow.employers.stored(e.id).locations == [site]


async def test_add_contact_dates_the_history_by_the_clock(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow)
    contact = ContactPerson(uuid4(), "Per", ContactRole.MENTOR, login_sub="per@firma")
    command = commands.AddContact(
        employer_id=e.id, municipality=HAMAR, contact=contact, recorded_by="caseworker-1"
    )
    await uow.run(handlers.add_contact, command)
    stored = uow.employers.stored(e.id)
    assert stored.contacts[-1] == contact
    assert (stored.history[-1].occurred_on, stored.history[-1].kind) == (
        TODAY,
        HistoryKind.CONTACT_ADDED,
    )
    with pytest.raises(Conflict) as error:
        await uow.run(handlers.add_contact, replace(command, contact=replace(contact, id=uuid4())))
    assert error.value.code == "login-in-use"


async def test_record_contact_left_warns_when_no_contact_is_left(
    uow: FakePlacementUnitOfWork,
) -> None:
    e = stored_employer(uow)
    command = commands.RecordContactLeft(
        employer_id=e.id,
        municipality=HAMAR,
        contact_id=e.contacts[0].id,
        left_on=TODAY,
        recorded_by="caseworker-1",
    )
    after = await uow.run(handlers.record_contact_left, command)
    assert [w.code for w in after.warnings(TODAY)] == ["no-active-contact"]
    tomorrow = replace(command, left_on=TODAY + timedelta(days=1))
    with pytest.raises(Conflict):  # already left
        await uow.run(handlers.record_contact_left, tomorrow)


async def test_a_departure_tomorrow_is_in_the_future_by_the_clock() -> None:
    uow = FakePlacementUnitOfWork(clock=FixedClock(TODAY - timedelta(days=1)))
    e = stored_employer(uow)
    command = commands.RecordContactLeft(
        employer_id=e.id,
        municipality=HAMAR,
        contact_id=e.contacts[0].id,
        left_on=TODAY,
        recorded_by="caseworker-1",
    )
    with pytest.raises(Invalid) as error:
        await uow.run(handlers.record_contact_left, command)
    assert error.value.code == "date-in-future"


async def test_log_employer_history(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow)
    command = commands.LogEmployerHistory(
        employer_id=e.id,
        municipality=HAMAR,
        occurred_on=TODAY,
        kind=HistoryKind.VISIT,
        summary="Visited the ward.",
        recorded_by="caseworker-1",
    )
    entry = await uow.run(handlers.log_employer_history, command)
    assert uow.employers.stored(e.id).history == [entry]
    with pytest.raises(Invalid):
        await uow.run(
            handlers.log_employer_history, replace(command, occurred_on=TODAY + timedelta(days=1))
        )


# -- openings -------------------------------------------------------------------------------


async def test_publish_opening_is_dated_today(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow)
    command = commands.PublishOpening(
        municipality=HAMAR,
        employer_id=e.id,
        location_id=None,
        kind=OpeningKind.WORK_PRACTICE,
        sector=None,
        title="Care ward",
        schedule=schedule(),
        language_requirements={Skill.SPEAKING: "A2"},
        capacity=2,
        created_by_municipality=True,
    )
    published = await uow.run(handlers.publish_opening, command)
    assert uow.events == [
        events.OpeningPublished(
            opening_id=published.id,
            employer_id=e.id,
            kind=OpeningKind.WORK_PRACTICE,
            sector="Q",
            capacity=2,
            created_by_municipality=True,
            language_requirements={Skill.SPEAKING: "A2"},
            hours_per_week=20.0,
            published_on=TODAY,
        )
    ]


async def test_close_opening(uow: FakePlacementUnitOfWork) -> None:
    o = stored_opening(uow, stored_employer(uow))
    command = commands.CloseOpening(opening_id=o.id, municipality=HAMAR, reason="Hired.")
    await uow.run(handlers.close_opening, command)
    assert uow.events == [
        events.OpeningClosed(opening_id=o.id, employer_id=o.employer_id, closed_on=TODAY)
    ]
    with pytest.raises(Conflict) as error:
        await uow.run(handlers.close_opening, command)
    assert error.value.code == "opening-closed"


# -- placements -----------------------------------------------------------------------------


def start(opening_id: object, participant_id: object, **changes: object) -> commands.StartPlacement:
    values: dict[str, object] = dict(
        municipality=HAMAR,
        participant_id=participant_id,
        opening_id=opening_id,
        purpose=Purpose.LANGUAGE_LEARNING,
        learning_goals=("Take oral instructions",),
        language_agreement=LanguageAgreement(
            {Skill.SPEAKING: "A2"}, AssessmentMethod.ASSESSMENT_FORM
        ),
        follow_up_plan=FollowUpPlan(14, "Hamar læringssenter"),
        start_date=date(2026, 11, 2),
        planned_end=date(2027, 2, 1),
    )
    values.update(changes)
    return commands.StartPlacement(**values)  # type: ignore[arg-type]


async def test_start_placement_takes_the_last_seat(uow: FakePlacementUnitOfWork) -> None:
    e = stored_employer(uow, sector="I")
    o = stored_opening(uow, e, capacity=1)
    who = consenting(uow)
    started = await uow.run(handlers.start_placement, start(o.id, who.participant_id))
    assert uow.openings.stored(o.id).status is OpeningStatus.FILLED
    # The opening was loaded first, so its event comes first, as in the outbox.
    assert uow.events == [
        events.OpeningFilled(opening_id=o.id, employer_id=e.id, capacity=1),
        events.PlacementStarted(
            participant_id=who.participant_id,
            placement_id=started.id,
            opening_id=o.id,
            employer_id=e.id,
            kind=OpeningKind.LANGUAGE_PRACTICE,
            sector="I",
            purpose=Purpose.LANGUAGE_LEARNING,
            created_by_municipality=False,
            plan_version=2,
            start_date=date(2026, 11, 2),
            planned_end=date(2027, 2, 1),
            flags=(FLAG_OUTSIDE_WISHES,),
        ),
    ]


async def test_a_participant_is_placed_once_per_opening(uow: FakePlacementUnitOfWork) -> None:
    o = stored_opening(uow, stored_employer(uow), capacity=2)
    who = consenting(uow)
    await uow.run(handlers.start_placement, start(o.id, who.participant_id))
    with pytest.raises(Conflict) as error:
        await uow.run(handlers.start_placement, start(o.id, who.participant_id))
    assert error.value.code == "already-placed"


async def test_a_participant_of_another_municipality_is_not_found(
    uow: FakePlacementUnitOfWork,
) -> None:
    o = stored_opening(uow, stored_employer(uow))
    who = uow.participants.put(profile(municipality=GJOVIK))
    with pytest.raises(NotFound) as error:
        await uow.run(handlers.start_placement, start(o.id, who.participant_id))
    assert error.value.code == "participant-not-found"
    assert uow.placements.all() == []


async def test_the_employer_cap_counts_its_running_placements(
    uow: FakePlacementUnitOfWork,
) -> None:
    e = stored_employer(uow, capacity_cap=1)
    first, second = stored_opening(uow, e, capacity=1), stored_opening(uow, e, capacity=1)
    await uow.run(handlers.start_placement, start(first.id, consenting(uow).participant_id))
    with pytest.raises(Conflict) as error:
        await uow.run(
            handlers.start_placement,
            start(second.id, consenting(uow).participant_id),
        )
    assert error.value.code == "employer-capacity-reached"


@pytest.mark.parametrize(
    ("given", "why"),
    [
        (None, "no consent at all"),
        ({"recipient_id": "987654309"}, "a consent to another employer"),
        ({"purpose": "matching"}, "a consent for matching, not a placement"),
        ({"granted_on": date(2026, 11, 10)}, "granted after the placement started"),
        ({"withdrawn_on": date(2026, 11, 1)}, "withdrawn before it started"),
        ({"expires_on": date(2026, 11, 2)}, "expired on the day it starts"),
    ],
)
async def test_a_placement_starts_only_on_a_consent_to_that_employer(
    uow: FakePlacementUnitOfWork, given: dict[str, object] | None, why: str
) -> None:
    o = stored_opening(uow, stored_employer(uow))
    who = uow.participants.put(profile())
    if given is not None:
        changes = {"granted_on": date(2026, 10, 1), **given}
        uow.participants.granted.append(consent(who.participant_id, **changes))
    with pytest.raises(Conflict) as error:
        await uow.run(handlers.start_placement, start(o.id, who.participant_id))
    assert error.value.code == "no-placement-consent", why
    assert uow.placements.all() == []
    assert uow.events == []


async def test_change_kind(uow: FakePlacementUnitOfWork) -> None:
    p = stored_placement(uow)
    command = commands.ChangeKind(
        placement_id=p.id,
        municipality=HAMAR,
        to_kind=OpeningKind.WORK_PRACTICE,
        effective_date=date(2026, 11, 1),
        reason="ready",
        follow_up_by_unit=None,
    )
    changed = await uow.run(handlers.change_kind, command)
    assert changed.kind is OpeningKind.WORK_PRACTICE
    assert uow.events == [
        events.KindChanged(
            participant_id=p.participant_id,
            placement_id=p.id,
            from_kind=OpeningKind.LANGUAGE_PRACTICE,
            to_kind=OpeningKind.WORK_PRACTICE,
            effective_date=date(2026, 11, 1),
        )
    ]


async def test_log_follow_up_refuses_a_visit_after_today(uow: FakePlacementUnitOfWork) -> None:
    p = stored_placement(uow)
    command = commands.LogFollowUp(
        placement_id=p.id,
        municipality=HAMAR,
        visited_on=TODAY,
        kind=FollowUpKind.VISIT,
        by_unit="NAV Hamar",
        outcome=FollowUpOutcome.ON_TRACK,
        note=None,
    )
    followed = await uow.run(handlers.log_follow_up, command)
    assert followed.next_follow_up_due() == TODAY + timedelta(days=14)
    assert uow.events == [
        events.FollowUpLogged(
            participant_id=p.participant_id,
            placement_id=p.id,
            visited_on=TODAY,
            kind=FollowUpKind.VISIT,
            outcome=FollowUpOutcome.ON_TRACK,
        )
    ]
    with pytest.raises(Invalid) as error:
        await uow.run(
            handlers.log_follow_up, replace(command, visited_on=TODAY + timedelta(days=1))
        )
    assert error.value.code == "date-in-future"


async def test_log_hours_fills_the_ledger_all_or_nothing(uow: FakePlacementUnitOfWork) -> None:
    p = stored_placement(uow)
    line = commands.HoursLine
    command = commands.LogHours(
        placement_id=p.id,
        municipality=HAMAR,
        entries=(
            line(worked_on=date(2026, 9, 2), hours=5),
            line(worked_on=date(2026, 9, 3), hours=4.5, confirmed=True),
        ),
    )
    logged = await uow.run(handlers.log_hours, command)
    assert (logged.ledger().total_hours, logged.ledger().confirmed_hours) == (9.5, 4.5)
    assert uow.events == []
    again = replace(
        command, entries=(line(worked_on=date(2026, 9, 4), hours=3), command.entries[0])
    )
    with pytest.raises(Conflict) as error:
        await uow.run(handlers.log_hours, again)
    assert error.value.code == "hours-already-logged"
    assert uow.placements.stored(p.id).ledger().total_hours == 9.5


async def test_extend_placement_flags_a_subsidy_extension(uow: FakePlacementUnitOfWork) -> None:
    p = stored_placement(uow)
    command = commands.ExtendPlacement(
        placement_id=p.id,
        municipality=HAMAR,
        new_end=date(2027, 3, 1),
        reason=ExtensionReason.SUBSIDY_CONTINUES,
    )
    extended = await uow.run(handlers.extend_placement, command)
    assert FLAG_SUBSIDY_DRIVEN_EXTENSION in extended.flags
    assert uow.events == [
        events.PlacementExtended(
            participant_id=p.participant_id,
            placement_id=p.id,
            previous_end=p.planned_end,
            new_end=date(2027, 3, 1),
            reason=ExtensionReason.SUBSIDY_CONTINUES,
            flags=(FLAG_SUBSIDY_DRIVEN_EXTENSION,),
        )
    ]


async def test_link_nav_measure(uow: FakePlacementUnitOfWork) -> None:
    p = stored_placement(uow)
    command = commands.LinkNavMeasure(
        placement_id=p.id,
        municipality=HAMAR,
        type=NavMeasureType.TEMPORARY_WAGE_SUBSIDY,
        role=NavMeasureRole.CONTINUES,
        period_from=date(2026, 10, 1),
        period_to=date(2027, 6, 30),
        rate_percent=40.0,
    )
    await uow.run(handlers.link_nav_measure, command)
    assert uow.events == [
        events.NavMeasureLinked(
            participant_id=p.participant_id,
            placement_id=p.id,
            measure_type=NavMeasureType.TEMPORARY_WAGE_SUBSIDY,
            role=NavMeasureRole.CONTINUES,
            period_from=date(2026, 10, 1),
            period_to=date(2027, 6, 30),
            rate_percent=40.0,
        )
    ]
    with pytest.raises(Conflict):
        await uow.run(handlers.link_nav_measure, command)


async def test_ending_hired_frees_the_seat_of_a_filled_opening(
    uow: FakePlacementUnitOfWork,
) -> None:
    e = stored_employer(uow)
    o = stored_opening(uow, e, capacity=1)
    who = consenting(uow)
    started = await uow.run(handlers.start_placement, start(o.id, who.participant_id))
    uow.events.clear()
    command = commands.EndPlacement(
        placement_id=started.id,
        municipality=HAMAR,
        actual_end=TODAY,
        reason=EndReason.HIRED,
        next_step=NextStep.WORK,
    )
    await uow.run(handlers.end_placement, command)
    assert uow.openings.stored(o.id).status is OpeningStatus.OPEN
    assert [type(event) for event in uow.events] == [
        events.PlacementEnded,
        events.ParticipantHired,
        events.OpeningReopened,
    ]
    assert uow.events[1] == events.ParticipantHired(
        participant_id=who.participant_id,
        placement_id=started.id,
        employer_id=e.id,
        sector="Q",
        via_kind=OpeningKind.LANGUAGE_PRACTICE,
        hired_on=TODAY,
    )
    with pytest.raises(Conflict) as error:
        await uow.run(handlers.end_placement, command)
    assert error.value.code == "placement-ended"


async def test_an_end_after_today_is_refused(uow: FakePlacementUnitOfWork) -> None:
    p = stored_placement(uow)
    command = commands.EndPlacement(
        placement_id=p.id,
        municipality=HAMAR,
        actual_end=TODAY + timedelta(days=1),
        reason=EndReason.COMPLETED,
        next_step=NextStep.EDUCATION,
    )
    with pytest.raises(Invalid) as error:
        await uow.run(handlers.end_placement, command)
    assert error.value.code == "date-in-future"
    assert uow.events == []


async def test_a_withdrawn_consent_ends_the_placements_it_no_longer_covers(
    uow: FakePlacementUnitOfWork,
) -> None:
    """Withdrawn from the nursing home, still in force to the shop: the placement at the
    nursing home ends on the day of the withdrawal, its filled opening opens again; the
    one at the shop runs on."""
    home, shop = stored_employer(uow), stored_employer(uow, org_number="987654309")
    at_home = stored_opening(uow, home, capacity=1)
    at_shop = stored_opening(uow, shop, capacity=1)
    who = consenting(uow)
    uow.participants.granted.append(
        consent(who.participant_id, recipient_id="987654309", granted_on=date(2026, 10, 1))
    )
    home_placement = await uow.run(handlers.start_placement, start(at_home.id, who.participant_id))
    await uow.run(handlers.start_placement, start(at_shop.id, who.participant_id))
    uow.events.clear()
    withdrawn_on = date(2026, 11, 20)
    to_home = replace(uow.participants.granted[0], withdrawn_on=withdrawn_on)
    command = commands.EndUncoveredPlacements(
        participant_id=who.participant_id,
        withdrawn_on=withdrawn_on,
        consents=(to_home, uow.participants.granted[1]),
    )
    ended = await uow.run(handlers.end_uncovered_placements, command)
    assert [p.id for p in ended] == [home_placement.id]
    assert uow.events[0] == events.PlacementEnded(
        participant_id=who.participant_id,
        placement_id=home_placement.id,
        employer_id=home.id,
        kind=OpeningKind.LANGUAGE_PRACTICE,
        sector="Q",
        actual_end=withdrawn_on,
        reason=EndReason.CONSENT_WITHDRAWN,
        next_step=NextStep.UNDECIDED,
        hours_logged=0.0,
    )
    assert [type(e) for e in uow.events] == [events.PlacementEnded, events.OpeningReopened]
    assert uow.openings.stored(at_home.id).status is OpeningStatus.OPEN
    assert uow.openings.stored(at_shop.id).status is OpeningStatus.FILLED
    # Once ended, a second withdrawal changes nothing.
    uow.events.clear()
    assert await uow.run(handlers.end_uncovered_placements, command) == []
    assert uow.events == []


async def test_a_participant_who_moved_away_leaves_their_placements_and_is_not_found(
    uow: FakePlacementUnitOfWork,
) -> None:
    """The move ends every running placement on the day of the move (``moved``); the
    participant is then no longer found here, so nothing new starts."""
    home, shop = stored_employer(uow), stored_employer(uow, org_number="987654309")
    who = consenting(uow)
    uow.participants.granted.append(
        consent(who.participant_id, recipient_id="987654309", granted_on=date(2026, 10, 1))
    )
    first = await uow.run(
        handlers.start_placement, start(stored_opening(uow, home).id, who.participant_id)
    )
    second = await uow.run(
        handlers.start_placement, start(stored_opening(uow, shop).id, who.participant_id)
    )
    uow.events.clear()
    moved_on = date(2026, 11, 15)
    ended = await uow.run(
        handlers.end_placements_of_moved,
        commands.EndPlacementsOfMoved(participant_id=who.participant_id, moved_on=moved_on),
    )
    assert sorted(p.id for p in ended) == sorted([first.id, second.id])
    ends = [e for e in uow.events if isinstance(e, events.PlacementEnded)]
    assert {(e.reason, e.next_step, e.actual_end) for e in ends} == {
        (EndReason.MOVED, NextStep.UNDECIDED, moved_on)
    }
    uow.participants.put(replace(who, moved_on=moved_on))
    with pytest.raises(NotFound) as error:
        await uow.run(
            handlers.start_placement, start(stored_opening(uow, home).id, who.participant_id)
        )
    assert error.value.code == "participant-not-found"


async def test_an_exit_ends_the_placements_no_nav_measure_carries_past_it(
    uow: FakePlacementUnitOfWork,
) -> None:
    """The programme ended: a running placement ends that day (``programme_ended``);
    one a NAV measure runs on past the end is NAV's now and runs on; the participant
    is no longer found for a new placement."""
    home, shop = stored_employer(uow), stored_employer(uow, org_number="987654309")
    who = consenting(uow)
    uow.participants.granted.append(
        consent(who.participant_id, recipient_id="987654309", granted_on=date(2026, 10, 1))
    )
    ending = await uow.run(
        handlers.start_placement, start(stored_opening(uow, home).id, who.participant_id)
    )
    carried = await uow.run(
        handlers.start_placement, start(stored_opening(uow, shop).id, who.participant_id)
    )
    ended_on = date(2026, 11, 15)
    await uow.run(
        handlers.link_nav_measure,
        commands.LinkNavMeasure(
            municipality=carried.municipality,
            placement_id=carried.id,
            type=NavMeasureType.TEMPORARY_WAGE_SUBSIDY,
            role=NavMeasureRole.CONTINUES,
            period_from=ended_on,
            period_to=ended_on + timedelta(days=100),
            rate_percent=None,
        ),
    )
    uow.events.clear()
    command = commands.EndPlacementsOfExited(participant_id=who.participant_id, ended_on=ended_on)
    ended = await uow.run(handlers.end_placements_of_exited, command)
    assert [p.id for p in ended] == [ending.id]
    ends = [e for e in uow.events if isinstance(e, events.PlacementEnded)]
    assert [(e.reason, e.actual_end) for e in ends] == [(EndReason.PROGRAMME_ENDED, ended_on)]
    assert uow.placements.stored(carried.id).actual_end is None
    assert await uow.run(handlers.end_placements_of_exited, command) == []
    uow.participants.put(replace(who, exited_on=ended_on))
    with pytest.raises(NotFound):
        await uow.run(
            handlers.start_placement, start(stored_opening(uow, home).id, who.participant_id)
        )


async def test_an_erasure_deletes_the_placements_and_frees_their_seats(
    uow: FakePlacementUnitOfWork,
) -> None:
    employer = stored_employer(uow)
    who, other = consenting(uow), consenting(uow)
    full = stored_opening(uow, employer, capacity=1)
    placed = await uow.run(handlers.start_placement, start(full.id, who.participant_id))
    kept = await uow.run(
        handlers.start_placement, start(stored_opening(uow, employer).id, other.participant_id)
    )
    assert uow.openings.stored(full.id).status is OpeningStatus.FILLED
    uow.events.clear()
    command = commands.EraseParticipant(
        participant_id=who.participant_id, erased_on=TODAY, reason="request"
    )
    await uow.run(handlers.erase_participant, command)
    assert [type(e) for e in uow.events] == [events.OpeningReopened]
    assert [p.id for p in uow.placements.all()] == [kept.id]
    assert placed.id not in {p.id for p in uow.placements.all()}
    assert await uow.participants.profile(who.participant_id) is None
    assert uow.participants.erased == {who.participant_id: (TODAY, "request")}
    # Again: nothing left to delete, nothing published.
    uow.events.clear()
    await uow.run(handlers.erase_participant, command)
    assert uow.events == []


async def test_a_planned_placement_whose_consent_is_withdrawn_ends_on_its_start_date(
    uow: FakePlacementUnitOfWork,
) -> None:
    o = stored_opening(uow, stored_employer(uow))
    who = consenting(uow)
    planned = await uow.run(
        handlers.start_placement,
        start(o.id, who.participant_id, start_date=TODAY + timedelta(days=14)),
    )
    withdrawn = replace(uow.participants.granted[0], withdrawn_on=TODAY)
    await uow.run(
        handlers.end_uncovered_placements,
        commands.EndUncoveredPlacements(
            participant_id=who.participant_id, withdrawn_on=TODAY, consents=(withdrawn,)
        ),
    )
    stored = uow.placements.stored(planned.id)
    assert (stored.actual_end, stored.end_reason) == (
        TODAY + timedelta(days=14),
        EndReason.CONSENT_WITHDRAWN,
    )


# -- matching and the employer's view of a candidate ----------------------------------------


async def test_match_openings_ranks_the_open_ones_not_yet_taken(
    uow: FakePlacementUnitOfWork,
) -> None:
    care = stored_employer(uow, sector="Q")
    shop = stored_employer(uow, sector="G", org_number="987654309", ownership=Ownership.PRIVATE)
    wished = stored_opening(uow, care, capacity=2)
    unwished = stored_opening(uow, shop, capacity=2, kind=OpeningKind.ORDINARY_JOB)
    taken = stored_opening(uow, care, capacity=2)
    closed = stored_opening(uow, care)
    closed.close(reason="done", today=TODAY)
    uow.openings.put(closed)
    who = uow.participants.put(profile())
    uow.placements.put(placement(taken, care, participant_id=who.participant_id))
    command = commands.MatchOpenings(
        municipality=HAMAR, participant_id=who.participant_id, home=None
    )
    found = await uow.run(handlers.match_openings, command)
    assert found.profile == who
    assert [r.opening.id for r in found.ranked] == [wished.id, unwished.id]
    assert found.ranked[1].match.flags == (FLAG_OUTSIDE_WISHES,)
    assert uow.events == []


def consent(participant_id: object, **changes: object) -> Consent:
    values: dict[str, object] = dict(
        consent_id=uuid4(),
        participant_id=participant_id,
        recipient_kind="employer",
        recipient_id=VALID_ORG,
        purpose="placement",
        granted_on=TODAY - timedelta(days=3),
    )
    values.update(changes)
    return Consent(**values)  # type: ignore[arg-type]


async def test_an_employer_sees_a_candidate_only_with_consent_in_force(
    uow: FakePlacementUnitOfWork,
) -> None:
    e = stored_employer(
        uow, contacts=(ContactPerson(uuid4(), "Kari", ContactRole.MANAGER, login_sub="kari"),)
    )
    who = uow.participants.put(profile())
    ask = dict(municipality=HAMAR, employer_id=e.id, participant_id=who.participant_id)
    with pytest.raises(NotFound) as error:
        async with uow:
            await handlers.candidate_for_employer(uow, login_sub="kari", **ask)  # type: ignore[arg-type]
    assert error.value.code == "candidate-not-found"
    given = consent(who.participant_id)
    uow.participants.granted.append(given)
    async with uow:
        found = await handlers.candidate_for_employer(uow, login_sub="kari", **ask)  # type: ignore[arg-type]
        assert (found.profile, found.consent) == (who, given)
        with pytest.raises(NotFound) as error:
            await handlers.candidate_for_employer(uow, login_sub="someone", **ask)  # type: ignore[arg-type]
        assert error.value.code == "employer-not-found"
    uow.participants.granted[0] = replace(given, withdrawn_on=TODAY)
    with pytest.raises(NotFound):
        async with uow:
            await handlers.candidate_for_employer(uow, login_sub="kari", **ask)  # type: ignore[arg-type]


class NotedRecord(AccessRecord):
    """The route's access record, its rows kept here (the fakes hold no tables)."""

    written: list[object]

    async def write(self, uow: object) -> None:
        self.written = list(self.participants)


def follow_up_staff() -> NotedRecord:
    staff = Principal(
        sub="case@hamar",
        municipality=HAMAR,
        agency="refugee-service",
        roles=frozenset({"caseworker"}),
    )
    return NotedRecord(
        table=access_log,
        principal=staff,
        purpose="case_work",
        operation="POST /placements/{placement_id}/attendance",
        categories=("placements",),
    )


async def test_record_attendance_publishes_a_day_once_and_logs_the_read(
    uow: FakePlacementUnitOfWork,
) -> None:
    p = stored_placement(uow)
    uow.participants.put(profile(participant_id=p.participant_id))
    record = follow_up_staff()
    command = commands.RecordAttendance(
        placement_id=p.id,
        municipality=HAMAR,
        entry_id=uuid4(),
        on=date(2026, 11, 2),
        kind="absence",
        minutes=240,
        code="ugyldig",
        codes=DEFAULT_CODE_LIST,
        recorded_by="case@hamar",
        recorded_by_agency="refugee-service",
    )
    run = partial(handlers.record_attendance, record=record)
    _, entry = await uow.run(run, command)
    assert (entry.effect, record.written) == ("reduces", [p.participant_id])
    assert [type(e) for e in uow.events] == [events.AttendanceRecorded]
    with pytest.raises(Conflict) as error:
        await uow.run(run, replace(command, entry_id=uuid4(), kind="attendance", code=None))
    assert error.value.code == "attendance-already-recorded"
    with pytest.raises(Invalid) as refused:
        await uow.run(run, replace(command, on=date(2026, 11, 3), code="tannlege"))
    assert refused.value.code == "unknown-absence-code"
    uow.participants.put(profile(participant_id=p.participant_id, exited_on=date(2026, 11, 5)))
    with pytest.raises(Invalid) as refused:
        await uow.run(run, replace(command, on=date(2026, 11, 6)))
    assert refused.value.code == "date-after-exit"
    assert len(uow.placements.stored(p.id).attendance) == 1


def test_every_handler_has_a_test_here() -> None:
    assert handlers_without_a_test(handlers, __file__) == []
