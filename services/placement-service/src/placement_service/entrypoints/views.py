"""Domain objects -> the public schemas (never table rows).

A write route answers with one of these views of its handler's result. Views that need
'today' read the one clock (``helhet_common.clock``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, cast

from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.pagination import Page
from placement_service.domain.employers import Employer, HistoryEntry, Location
from placement_service.domain.matching import WEIGHTS
from placement_service.domain.openings import Opening, Schedule
from placement_service.domain.placements import AttendanceEntry, NavMeasure, Placement
from placement_service.domain.profiles import Consent, Profile
from placement_service.entrypoints import schemas
from placement_service.service_layer.handlers import CandidateView, Matches, RankedOpening
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork


def location(loc: Location) -> schemas.LocationPublic:
    return schemas.LocationPublic(
        id=loc.id,
        name=loc.name,
        address=loc.address,
        point=schemas.GeoIn(latitude=loc.point.latitude, longitude=loc.point.longitude)
        if loc.point
        else None,
        public_transport=loc.public_transport,
    )


def employer(e: Employer, today: date | None = None) -> schemas.EmployerPublic:
    a, r = e.agreement, e.responsible
    return schemas.EmployerPublic(
        id=e.id,
        municipality=e.municipality,
        org_number=e.org_number,
        name=e.name,
        sector=e.sector,
        nace_code=e.nace_code,
        ownership=e.ownership.value,
        capacity_cap=e.capacity_cap,
        agreement=schemas.AgreementIn(
            kind=a.kind.value,
            anchored_at=a.anchored_at.value,
            signed_on=a.signed_on,
            valid_to=a.valid_to,
        ),
        responsible=schemas.MunicipalContactIn(
            name=r.name, unit=r.unit, phone=r.phone, email=r.email
        )
        if r
        else None,
        locations=[location(x) for x in e.locations],
        contacts=[
            schemas.ContactPublic(
                id=c.id,
                name=c.name,
                role=c.role.value,
                phone=c.phone,
                email=c.email,
                login_sub=c.login_sub,
                left_on=c.left_on,
                active=c.active,
            )
            for c in e.contacts
        ],
        version=e.version,
        warnings=[
            schemas.WarningPublic(code=w.code, message=w.message)
            for w in e.warnings(today or SYSTEM_CLOCK.today())
        ],
    )


def schedule(s: Schedule) -> schemas.ScheduleIn:
    return schemas.ScheduleIn(
        days=[d.value for d in s.days],
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        hours_per_week=s.hours_per_week,
    )


def opening(o: Opening) -> schemas.OpeningPublic:
    return schemas.OpeningPublic(
        id=o.id,
        municipality=o.municipality,
        employer_id=o.employer_id,
        location_id=o.location_id,
        kind=o.kind.value,
        sector=o.sector,
        title=o.title,
        schedule=schedule(o.schedule),
        language_requirements={k.value: v for k, v in o.language_requirements.items()},
        capacity=o.capacity,
        created_by_municipality=o.created_by_municipality,
        status=o.status.value,
        published_on=o.published_on,
        closed_on=o.closed_on,
        close_reason=o.close_reason,
    )


def measure(m: NavMeasure) -> schemas.NavMeasurePublic:
    return schemas.NavMeasurePublic(
        id=m.id,
        type=m.type.value,
        role=m.role.value,
        period_from=m.period_from,
        period_to=m.period_to,
        rate_percent=m.rate_percent,
    )


def funding_chain(p: Placement, programme_end: date | None) -> schemas.FundingChain:
    if programme_end is None:
        return schemas.FundingChain(
            programme_expected_end=None,
            continued_by=None,
            summary="The programme's expected end is not known here yet.",
        )
    if p.planned_end <= programme_end:
        return schemas.FundingChain(
            programme_expected_end=programme_end,
            continued_by=None,
            summary=f"The placement is planned to end on {p.planned_end}, within the programme "
            f"(which ends on {programme_end}).",
        )
    carried = p.funding_after(programme_end)
    if carried is None:
        return schemas.FundingChain(
            programme_expected_end=programme_end,
            continued_by=None,
            summary=f"The programme's benefit ends on {programme_end} and no NAV measure "
            f"carries the placement on to {p.planned_end}.",
        )
    rate = f" at {carried.rate_percent:g} %" if carried.rate_percent is not None else ""
    return schemas.FundingChain(
        programme_expected_end=programme_end,
        continued_by=measure(carried),
        summary=f"The programme's benefit ends on {programme_end}; "
        f"{carried.type.value.replace('_', ' ')}{rate} carries the placement until "
        f"{carried.period_to}.",
    )


def placement(
    p: Placement, *, today: date | None = None, programme_end: date | None = None
) -> schemas.PlacementPublic:
    la, fp = p.language_agreement, p.follow_up_plan
    return schemas.PlacementPublic(
        id=p.id,
        municipality=p.municipality,
        participant_id=p.participant_id,
        opening_id=p.opening_id,
        employer_id=p.employer_id,
        kind=p.kind.value,
        sector=p.sector,
        status=p.status(today or SYSTEM_CLOCK.today()).value,
        purpose=p.purpose.value,
        learning_goals=list(p.learning_goals),
        plan_end_goal=p.plan_end_goal,
        plan_version=p.plan_version,
        language_agreement=schemas.LanguageAgreementIn(
            levels=cast(schemas.Levels, {k.value: v for k, v in la.levels.items()}),
            assessment=la.assessment.value,
        ),
        follow_up_plan=schemas.FollowUpPlanIn(
            every_days=fp.every_days,
            by_unit=fp.by_unit,
            employer_contact_id=fp.employer_contact_id,
        ),
        next_follow_up_due=p.next_follow_up_due(),
        start_date=p.start_date,
        planned_end=p.planned_end,
        actual_end=p.actual_end,
        end_reason=p.end_reason.value if p.end_reason else None,
        next_step=p.next_step.value if p.next_step else None,
        created_by_municipality=p.created_by_municipality,
        flags=list(p.flags),
        kind_history=[
            schemas.KindChangePublic(
                from_kind=c.from_kind.value,
                to_kind=c.to_kind.value,
                effective_date=c.effective_date,
                reason=c.reason,
            )
            for c in p.kind_changes
        ],
        follow_ups=[
            schemas.FollowUpPublic(
                id=f.id,
                visited_on=f.visited_on,
                kind=f.kind.value,
                by_unit=f.by_unit,
                outcome=f.outcome.value,
                note=f.note,
            )
            for f in p.follow_ups
        ],
        extensions=[
            schemas.ExtensionPublic(
                previous_end=x.previous_end,
                new_end=x.new_end,
                reason=x.reason.value,
                flags=list(x.flags),
            )
            for x in p.extensions
        ],
        nav_measures=[measure(m) for m in p.nav_measures],
        hours_total=p.ledger().total_hours,
        funding_chain=funding_chain(p, programme_end) if p.nav_measures or programme_end else None,
        version=p.version,
    )


def placement_view(
    uow: PlacementUnitOfWork,
) -> Callable[[Placement], Awaitable[schemas.PlacementPublic]]:
    """The placement as its routes answer: with the programme's expected end, which the
    participant projection in the same unit of work knows."""

    async def view(p: Placement) -> schemas.PlacementPublic:
        profile = await uow.participants.profile(p.participant_id)
        return placement(p, programme_end=profile.programme_expected_end if profile else None)

    return view


def ledger(p: Placement, page: Page) -> schemas.LedgerPublic:
    totals = p.ledger()
    days = sorted(p.hours, key=lambda h: h.worked_on)
    return schemas.LedgerPublic(
        placement_id=p.id,
        total_hours=totals.total_hours,
        confirmed_hours=totals.confirmed_hours,
        by_kind=totals.by_kind,
        by_month=totals.by_month,
        items=[
            schemas.HoursDayPublic(
                worked_on=h.worked_on,
                hours=h.hours,
                confirmed_by_employer=h.confirmed_by_employer,
                kind=p.kind_on(h.worked_on).value,
            )
            for h in days[page.offset : page.offset + page.limit]
        ],
        total=len(days),
        limit=page.limit,
        offset=page.offset,
    )


def attendance(found: tuple[Placement, AttendanceEntry]) -> schemas.AttendancePublic:
    p, a = found
    return schemas.AttendancePublic(
        id=a.id,
        placement_id=p.id,
        participant_id=p.participant_id,
        date=a.on,
        kind=cast(Any, a.kind),
        hours=a.minutes / 60,
        code=a.code,
        effect=cast(Any, a.effect),
        recorded_by_agency=a.recorded_by_agency,
    )


def history_entry(h: HistoryEntry) -> schemas.HistoryPublic:
    return schemas.HistoryPublic(
        id=h.id,
        occurred_on=h.occurred_on,
        kind=h.kind.value,
        summary=h.summary,
        recorded_by=h.recorded_by,
        participant_id=h.participant_id,
    )


def match(ranked: RankedOpening) -> schemas.MatchPublic:
    m = ranked.match
    return schemas.MatchPublic(
        opening_id=m.opening_id,
        employer_id=m.employer_id,
        employer_name=ranked.employer.name,
        title=ranked.opening.title,
        kind=ranked.opening.kind.value,
        sector=ranked.opening.sector,
        score=m.score,
        flags=list(m.flags),
        factors=[
            schemas.FactorPublic(
                factor=f.name,
                weight=f.weight,
                score=f.score,
                points=f.points,
                reason=f.reason,
                explanation=f.explanation,
            )
            for f in m.factors
        ],
    )


def weights() -> dict[str, int]:
    return dict(WEIGHTS)


def matches(found: Matches, page: Page) -> schemas.MatchesPublic:
    return schemas.MatchesPublic(
        participant_id=found.profile.participant_id,
        wished_sectors=list(found.profile.wished_sectors),
        end_goal=found.profile.end_goal,
        weights=weights(),
        items=[match(r) for r in found.ranked[page.offset : page.offset + page.limit]],
        total=len(found.ranked),
        limit=page.limit,
        offset=page.offset,
    )


def candidate(found: CandidateView) -> schemas.CandidatePublic:
    profile, consent = found.profile, found.consent
    return schemas.CandidatePublic(
        participant_id=profile.participant_id,
        consent_id=consent.consent_id,
        consent_expires_on=consent.expires_on,
        education_level=profile.education_level,
        work_experience_sectors=list(profile.work_experience_sectors),
        wished_sectors=list(profile.wished_sectors),
        norwegian_levels=dict(profile.norwegian_levels),
        has_driving_licence=profile.has_driving_licence,
        languages=list(profile.languages),
    )


def profile(p: Profile) -> schemas.ProfilePublic:
    return schemas.ProfilePublic(
        participant_id=p.participant_id,
        municipality=p.municipality,
        settlement_date=p.settlement_date,
        programme_expected_end=p.programme_expected_end,
        end_goal=p.end_goal,
        plan_version=p.plan_version,
        mapping_version=p.mapping_version,
        education_level=p.education_level,
        work_experience_sectors=list(p.work_experience_sectors),
        wished_sectors=list(p.wished_sectors),
        interests=list(p.interests),
        norwegian_levels=dict(p.norwegian_levels),
        has_driving_licence=p.has_driving_licence,
        childcare_needs=p.childcare_needs,
        languages=list(p.languages),
    )


def consent(c: Consent, today: date) -> schemas.ConsentPublic:
    return schemas.ConsentPublic(
        consent_id=c.consent_id,
        recipient_kind=c.recipient_kind,
        recipient_id=c.recipient_id,
        purpose=c.purpose,
        granted_on=c.granted_on,
        expires_on=c.expires_on,
        withdrawn_on=c.withdrawn_on,
        in_force=c.in_force(today),
    )
