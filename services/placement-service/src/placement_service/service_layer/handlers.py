"""Command handlers: ``async def handler(command, uow) -> result``, one per command.

A handler loads aggregates through the unit of work's repositories (scoped to the
caller's municipality: another municipality's resource is simply not found), applies
the domain rule with ``uow.clock``'s today, and stores the result. It neither commits
nor tracks: the command runner commits, and the repositories have recorded whatever
they handed out, so the events the aggregates recorded reach the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from helhet_common.access import rules as access_rules
from helhet_common.access.recorder import AccessRecord
from helhet_common.auth.principal import CONTRIBUTOR, EMPLOYER
from helhet_common.domain_errors import Conflict, NotFound
from helhet_common.ids import uuid7
from placement_service.domain import matching, profiles
from placement_service.domain.codes import EndReason, GeoPoint
from placement_service.domain.employers import Employer, HistoryEntry
from placement_service.domain.matching import Candidate, Match, Offer, PastPlacement
from placement_service.domain.openings import Opening
from placement_service.domain.placements import (
    AttendanceEntry,
    FollowUp,
    HoursEntry,
    NavMeasure,
    Placement,
)
from placement_service.domain.profiles import Consent, Profile
from placement_service.service_layer import access, commands
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork


def candidate_from(
    profile: Profile, past: list[Placement], home: GeoPoint | None = None
) -> Candidate:
    return Candidate(
        participant_id=profile.participant_id,
        wished_sectors=profile.wished_sectors,
        work_experience_sectors=profile.work_experience_sectors,
        end_goal=profile.end_goal,
        norwegian_levels=profile.norwegian_levels or None,
        has_driving_licence=profile.has_driving_licence,
        childcare_needs=profile.childcare_needs,
        home=home,
        past_placements=tuple(PastPlacement(p.sector, p.kind) for p in past),
    )


# -- employers ------------------------------------------------------------------------------


async def register_employer(
    command: commands.RegisterEmployer, uow: PlacementUnitOfWork
) -> Employer:
    await uow.employers.ensure_new(command.municipality, command.org_number)
    employer = Employer.register(
        employer_id=uuid7(),
        municipality=command.municipality,
        org_number=command.org_number,
        name=command.name,
        sector=command.sector,
        nace_code=command.nace_code,
        ownership=command.ownership,
        capacity_cap=command.capacity_cap,
        agreement=command.agreement,
        responsible=command.responsible,
        locations=command.locations,
        contacts=command.contacts,
    )
    await uow.employers.add(employer)
    return employer


async def update_employer(command: commands.UpdateEmployer, uow: PlacementUnitOfWork) -> Employer:
    employer = await uow.employers.get(command.employer_id, municipality=command.municipality)
    employer.update(
        expected_version=command.expected_version,
        name=command.name,
        capacity_cap=command.capacity_cap,
        clear_capacity_cap=command.clear_capacity_cap,
        agreement=command.agreement,
        responsible=command.responsible,
    )
    await uow.employers.save(employer)
    return employer


async def add_location(command: commands.AddLocation, uow: PlacementUnitOfWork) -> Employer:
    employer = await uow.employers.get(command.employer_id, municipality=command.municipality)
    employer.add_location(command.location)
    await uow.employers.save(employer)
    return employer


async def add_contact(command: commands.AddContact, uow: PlacementUnitOfWork) -> Employer:
    employer = await uow.employers.get(command.employer_id, municipality=command.municipality)
    employer.add_contact(
        command.contact,
        today=uow.clock.today(),
        recorded_by=command.recorded_by,
        entry_id=uuid7(),
    )
    await uow.employers.save(employer)
    return employer


async def record_contact_left(
    command: commands.RecordContactLeft, uow: PlacementUnitOfWork
) -> Employer:
    """The employer after the contact left; its warnings say when no active contact is
    left (the view shows them)."""
    employer = await uow.employers.get(command.employer_id, municipality=command.municipality)
    employer.contact_leaves(
        command.contact_id,
        left_on=command.left_on,
        today=uow.clock.today(),
        recorded_by=command.recorded_by,
        entry_id=uuid7(),
    )
    await uow.employers.save(employer)
    return employer


async def log_employer_history(
    command: commands.LogEmployerHistory, uow: PlacementUnitOfWork
) -> HistoryEntry:
    """An entry in the employer's log; one about a participant names them, and they must
    have (or have had) a placement at the employer (else the participant is not found)."""
    employer = await uow.employers.get(command.employer_id, municipality=command.municipality)
    if command.participant_id is not None and not any(
        p.employer_id == employer.id and p.municipality == command.municipality
        for p in await uow.placements.of_participant(command.participant_id)
    ):
        raise NotFound.of("participant")
    entry = HistoryEntry(
        id=uuid7(),
        occurred_on=command.occurred_on,
        kind=command.kind,
        summary=command.summary,
        recorded_by=command.recorded_by,
        participant_id=command.participant_id,
    )
    employer.log(entry, today=uow.clock.today())
    await uow.employers.save(employer)
    return entry


# -- openings -------------------------------------------------------------------------------


async def publish_opening(command: commands.PublishOpening, uow: PlacementUnitOfWork) -> Opening:
    employer = await uow.employers.get(command.employer_id, municipality=command.municipality)
    opening = Opening.publish(
        opening_id=uuid7(),
        employer=employer,
        location_id=command.location_id,
        kind=command.kind,
        sector=command.sector,
        title=command.title,
        schedule=command.schedule,
        language_requirements=command.language_requirements,
        capacity=command.capacity,
        created_by_municipality=command.created_by_municipality,
        today=uow.clock.today(),
    )
    await uow.openings.add(opening)
    return opening


async def close_opening(command: commands.CloseOpening, uow: PlacementUnitOfWork) -> Opening:
    opening = await uow.openings.get(command.opening_id, municipality=command.municipality)
    opening.close(reason=command.reason, today=uow.clock.today())
    await uow.openings.save(opening)
    return opening


# -- placements -----------------------------------------------------------------------------


async def start_placement(command: commands.StartPlacement, uow: PlacementUnitOfWork) -> Placement:
    profile = await uow.participants.get(command.participant_id, municipality=command.municipality)
    opening = await uow.openings.get(command.opening_id, municipality=command.municipality)
    # The lock on the employer serialises every start and end at this employer, so the
    # counts below cannot change before this transaction commits.
    employer = await uow.employers.get(
        opening.employer_id, municipality=command.municipality, lock=True
    )
    past = await uow.placements.of_participant(command.participant_id)
    if any(p.opening_id == opening.id and not p.ended for p in past):
        raise Conflict("The participant is already placed in this opening.", code="already-placed")
    consents = await uow.participants.consents(command.participant_id)
    today = uow.clock.today()
    days = {command.start_date, today} if command.start_date <= today else {command.start_date}
    if not all(profiles.placement_covered(consents, employer.org_number, d) for d in days):
        raise Conflict(
            f"The participant has no consent in force to share with {employer.name} "
            "for a placement: record the consent in the participant's plan first.",
            code="no-placement-consent",
        )
    status_before = opening.status
    placement = Placement.start(
        placement_id=uuid7(),
        participant_id=command.participant_id,
        opening=opening,
        employer=employer,
        active_in_opening=await uow.placements.count_active(opening_id=opening.id),
        active_at_employer=await uow.placements.count_active(employer_id=employer.id),
        purpose=command.purpose,
        learning_goals=command.learning_goals,
        plan_end_goal=profile.end_goal,
        plan_version=profile.plan_version,
        language_agreement=command.language_agreement,
        follow_up_plan=command.follow_up_plan,
        start_date=command.start_date,
        planned_end=command.planned_end,
        flags=matching.proposal_flags(candidate_from(profile, past), opening.sector),
    )
    await uow.placements.add(placement)
    if opening.status is not status_before:
        await uow.openings.save(opening)
    return placement


async def change_kind(command: commands.ChangeKind, uow: PlacementUnitOfWork) -> Placement:
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    placement.change_kind(
        change_id=uuid7(),
        to_kind=command.to_kind,
        effective_date=command.effective_date,
        reason=command.reason,
        follow_up_by_unit=command.follow_up_by_unit,
    )
    await uow.placements.save(placement)
    return placement


async def log_follow_up(command: commands.LogFollowUp, uow: PlacementUnitOfWork) -> Placement:
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    placement.log_follow_up(
        FollowUp(
            id=uuid7(),
            visited_on=command.visited_on,
            kind=command.kind,
            by_unit=command.by_unit,
            outcome=command.outcome,
            note=command.note,
        ),
        today=uow.clock.today(),
    )
    await uow.placements.save(placement)
    return placement


async def log_hours(command: commands.LogHours, uow: PlacementUnitOfWork) -> Placement:
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    placement.log_hours(
        [
            HoursEntry(
                id=uuid7(), worked_on=e.worked_on, hours=e.hours, confirmed_by_employer=e.confirmed
            )
            for e in command.entries
        ],
        today=uow.clock.today(),
    )
    await uow.placements.save(placement)
    return placement


async def record_attendance(
    command: commands.RecordAttendance, uow: PlacementUnitOfWork, *, record: AccessRecord
) -> tuple[Placement, AttendanceEntry]:
    """A day of the placement recorded for the participant's ledger. The caller needs
    what reading the placement needs (``record`` notes the read, written with the entry):
    the refugee service's staff and the integration leader always, another agency's staff
    a sharing basis covering placements, an employer's contact person an active contact
    of this placement's employer and the participant's consent to that employer for a
    placement. Without it the placement is not found (or 403 ``no-basis-for-purpose``)."""
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    consent_to = None
    if access_rules.on_consent(record.reader):
        employer = await uow.employers.get(placement.employer_id, municipality=command.municipality)
        if record.reader.agency != EMPLOYER or not any(
            c.login_sub == record.principal.sub for c in employer.active_contacts
        ):
            raise NotFound.of("placement")
        consent_to = profiles.to_employer(employer.org_number)
    await access.basis_for(
        uow,
        record,
        placement.participant_id,
        access.PLACEMENTS,
        what="placement",
        consent_to=consent_to,
    )
    profile = await uow.participants.profile(placement.participant_id)
    entry = placement.record_attendance(
        entry_id=command.entry_id,
        on=command.on,
        kind=command.kind,
        minutes=command.minutes,
        code=command.code,
        codes=command.codes,
        exited_on=profile.exited_on if profile is not None else None,
        recorded_by=command.recorded_by,
        recorded_by_agency=command.recorded_by_agency,
        recorded_at=uow.clock.now(),
        today=uow.clock.today(),
    )
    await uow.placements.save(placement)
    await record.write(uow)
    return placement, entry


async def extend_placement(
    command: commands.ExtendPlacement, uow: PlacementUnitOfWork
) -> Placement:
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    placement.extend(
        extension_id=uuid7(),
        new_end=command.new_end,
        reason=command.reason,
        today=uow.clock.today(),
    )
    await uow.placements.save(placement)
    return placement


async def link_nav_measure(command: commands.LinkNavMeasure, uow: PlacementUnitOfWork) -> Placement:
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    placement.link_nav_measure(
        NavMeasure(
            id=uuid7(),
            type=command.type,
            role=command.role,
            period_from=command.period_from,
            period_to=command.period_to,
            rate_percent=command.rate_percent,
        )
    )
    await uow.placements.save(placement)
    return placement


async def end_placement(command: commands.EndPlacement, uow: PlacementUnitOfWork) -> Placement:
    placement = await uow.placements.get(command.placement_id, municipality=command.municipality)
    await uow.employers.get(placement.employer_id, municipality=command.municipality, lock=True)
    opening = await uow.openings.get(placement.opening_id, municipality=command.municipality)
    placement.end(
        actual_end=command.actual_end,
        reason=command.reason,
        next_step=command.next_step,
        today=uow.clock.today(),
    )
    await uow.placements.save(placement)
    status_before = opening.status
    opening.seat_freed(active_after=await uow.placements.count_active(opening_id=opening.id))
    if opening.status is not status_before:
        await uow.openings.save(opening)
    return placement


async def end_uncovered_placements(
    command: commands.EndUncoveredPlacements, uow: PlacementUnitOfWork
) -> list[Placement]:
    """The participant's running placements at an employer that no consent in force on
    the day of the withdrawal or expiry covers end that day (``command.reason``), and
    their seats are freed."""
    ended = []
    for placement in await uow.placements.of_participant(command.participant_id):
        if placement.ended:
            continue
        employer = await uow.employers.get(
            placement.employer_id, municipality=placement.municipality, lock=True
        )
        if profiles.placement_covered(command.consents, employer.org_number, command.withdrawn_on):
            continue
        await _end_from_outside(placement, uow, on=command.withdrawn_on, reason=command.reason)
        ended.append(placement)
    return ended


async def end_placements_of_moved(
    command: commands.EndPlacementsOfMoved, uow: PlacementUnitOfWork
) -> list[Placement]:
    """The participant moved away: their running placements end on the day of the move
    (``moved``), and their seats are freed."""
    ended = []
    for placement in await uow.placements.of_participant(command.participant_id):
        if placement.ended:
            continue
        await _end_from_outside(placement, uow, on=command.moved_on, reason=EndReason.MOVED)
        ended.append(placement)
    return ended


async def end_placements_of_exited(
    command: commands.EndPlacementsOfExited, uow: PlacementUnitOfWork
) -> list[Placement]:
    """The participant's programme ended: their running placements end that day
    (``programme_ended``), their seats freed; one a NAV measure carries past the end
    runs on (NAV funds it now)."""
    ended = []
    for placement in await uow.placements.of_participant(command.participant_id):
        if placement.ended or placement.funding_after(command.ended_on) is not None:
            continue
        await _end_from_outside(
            placement, uow, on=command.ended_on, reason=EndReason.PROGRAMME_ENDED
        )
        ended.append(placement)
    return ended


async def erase_participant(command: commands.EraseParticipant, uow: PlacementUnitOfWork) -> None:
    """plan-service erased the participant: their placements (with follow-ups, hours,
    kind changes and extensions), their profile, consents and sharing bases, and the
    stored responses that show them are deleted; the seats of placements that were
    running are freed (an opening that was full opens again). A second erasure finds
    nothing left to delete."""
    placements = await uow.placements.of_participant(command.participant_id)
    running = sorted(
        {(p.municipality, p.employer_id, p.opening_id) for p in placements if not p.ended}
    )
    for municipality, employer_id, _ in running:
        await uow.employers.get(employer_id, municipality=municipality, lock=True)
    await uow.placements.delete_of_participant(command.participant_id)
    for municipality, _, opening_id in running:
        opening = await uow.openings.get(opening_id, municipality=municipality)
        status_before = opening.status
        opening.seat_freed(active_after=await uow.placements.count_active(opening_id=opening_id))
        if opening.status is not status_before:
            await uow.openings.save(opening)
    await uow.participants.erase(
        command.participant_id,
        erased_on=command.erased_on,
        reason=command.reason,
        now=uow.clock.now(),
    )


async def _end_from_outside(
    placement: Placement, uow: PlacementUnitOfWork, *, on: date, reason: EndReason
) -> None:
    municipality = placement.municipality
    await uow.employers.get(placement.employer_id, municipality=municipality, lock=True)
    placement.ended_by(on=on, reason=reason)
    await uow.placements.save(placement)
    opening = await uow.openings.get(placement.opening_id, municipality=municipality)
    status_before = opening.status
    opening.seat_freed(active_after=await uow.placements.count_active(opening_id=opening.id))
    if opening.status is not status_before:
        await uow.openings.save(opening)


# -- matching and the employer's view of a candidate ----------------------------------------


@dataclass(frozen=True)
class RankedOpening:
    match: Match
    opening: Opening
    employer: Employer


@dataclass(frozen=True)
class Matches:
    profile: Profile
    ranked: list[RankedOpening]


async def match_openings(command: commands.MatchOpenings, uow: PlacementUnitOfWork) -> Matches:
    profile = await uow.participants.get(command.participant_id, municipality=command.municipality)
    past = await uow.placements.of_participant(command.participant_id)
    current = {p.opening_id for p in past if not p.ended}
    openings = [o for o in await uow.openings.open_in(command.municipality) if o.id not in current]
    employers = await uow.employers.many(sorted({o.employer_id for o in openings}))
    per_opening, per_employer = await uow.placements.active_counts(command.municipality)
    offers: list[Offer] = []
    for opening in openings:
        employer = employers[opening.employer_id]
        location = (
            employer.location(opening.location_id) if opening.location_id is not None else None
        )
        cap = employer.capacity_cap
        offers.append(
            Offer(
                opening_id=opening.id,
                employer_id=employer.id,
                kind=opening.kind,
                sector=opening.sector,
                schedule=opening.schedule,
                requirements=opening.language_requirements,
                capacity=opening.capacity,
                free_seats=opening.capacity - per_opening.get(opening.id, 0),
                employer_free_seats=None if cap is None else cap - per_employer.get(employer.id, 0),
                point=location.point if location else None,
                public_transport=location.public_transport if location else False,
            )
        )
    ranked = matching.rank(candidate_from(profile, past, command.home), offers)
    by_id = {o.id: o for o in openings}
    return Matches(
        profile=profile,
        ranked=[RankedOpening(m, by_id[m.opening_id], employers[m.employer_id]) for m in ranked],
    )


@dataclass(frozen=True)
class CandidateView:
    profile: Profile
    consent: Consent


async def candidate_for_employer(
    uow: PlacementUnitOfWork,
    *,
    municipality: str,
    employer_id: UUID,
    participant_id: UUID,
    login_sub: str,
    purpose: str | None = None,
) -> CandidateView:
    """The candidate's profile, if the caller is an active contact person of the employer
    and the participant's consent to this employer is in force today, for a placement
    purpose (the one ``purpose`` names, if it names a consent purpose). No consent to this
    employer in force: not found (an employer learns nothing about a participant who has
    not consented); one for another purpose: 403 ``no-basis-for-purpose``."""
    employer = await uow.employers.get(employer_id, municipality=municipality)
    if not any(c.login_sub == login_sub for c in employer.active_contacts):
        raise NotFound.of("employer")
    profile = await uow.participants.profile(participant_id)
    if profile is None or profile.municipality != municipality:
        raise NotFound.of("candidate")
    consents = await uow.participants.consents(participant_id)
    reader = access_rules.Reader(
        sub=login_sub, municipality=municipality, agency=EMPLOYER, roles=frozenset({CONTRIBUTOR})
    )
    basis = access_rules.basis_for(
        reader,
        category=access_rules.Category(
            "profile", sharing_purposes=frozenset(), consent_purposes=profiles.EMPLOYER_PURPOSES
        ),
        purpose=purpose,
        bases=(),
        consents=consents,
        consent_to=lambda c: (
            c.recipient_kind == profiles.EMPLOYER and c.recipient_id == employer.org_number
        ),
        today=uow.clock.today(),
        what="candidate",
    )
    consent = next(c for c in consents if c.consent_id == basis.consent_id)
    return CandidateView(profile=profile, consent=consent)
