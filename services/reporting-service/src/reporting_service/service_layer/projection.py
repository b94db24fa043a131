"""The participant-chain projection, with its alerts.

One fold on the generic batch fold (``helhet_common.projection``): a batch of events is
applied in a handful of statements whatever its size (rows of participants seen for the
first time created, every row the batch touches loaded and locked, the changed ones
written back), then its ``after`` step makes the alerts of the folded chains match the
gap rules (for live events only: see ``alert_step``). What each event does to a chain
is a pure function in ``domain/chain`` and which alerts should be open is a pure
function in ``domain/alerts.py``, so the result does not depend on the order events of
one participant arrive in on different topics.

``make_projection(settings)`` makes it, with the organisation models and the alert live
window of the settings and a clock (tests pin a ``FixedClock``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.access.projection import sharing_basis_fold
from helhet_common.access.rules import SharingBasis
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import After, Fold, Folded, FoldReplay, fold_projection
from reporting_service import contracts
from reporting_service.adapters import chain_rows
from reporting_service.adapters import organisation as organisation_config
from reporting_service.adapters.tables import READ_MODEL_TABLES, participant_chain, sharing_bases
from reporting_service.domain import chain
from reporting_service.domain.chain import ChainState, Stage, follow_up, year
from reporting_service.domain.organisation import Catalogue
from reporting_service.service_layer import alerts as alert_service
from reporting_service.service_layer import erasure
from reporting_service.settings import ReportingSettings

log = structlog.get_logger(__name__)


def _participant_settled(
    state: ChainState, event: contracts.ParticipantSettled, envelope: CloudEvent, m: str | None
) -> ChainState:
    state = chain.settled(
        state,
        municipality=event.municipality,
        settlement_date=event.settlement_date,
        household_type=event.household_type,
    )
    return follow_up.gender_recorded(
        state, municipality=m, gender=event.gender, on=event.settlement_date, rank=0
    )


def _gender_set(
    state: ChainState, event: contracts.ParticipantGenderSet, envelope: CloudEvent, m: str | None
) -> ChainState:
    return follow_up.gender_recorded(
        state, municipality=m, gender=event.gender, on=event.set_on, rank=1
    )


def _ledger_day(
    state: ChainState,
    event: contracts.LedgerEntryRecorded | contracts.PlacementAttendanceRecorded,
    envelope: CloudEvent,
    m: str | None,
) -> ChainState:
    """A day of the ledger, from plan-service's entry or from the day a placement's
    contact person recorded (the same entry id either way, so the day counts once)."""
    corrects = getattr(event, "corrects", None)
    return follow_up.ledger_entry_recorded(
        state,
        municipality=m,
        entry_id=str(event.entry_id),
        kind=event.kind,
        entry_date=event.entry_date,
        minutes=event.minutes,
        code=event.code,
        effect=event.effect,
        corrects=str(corrects) if corrects else None,
    )


def _programme_started(
    state: ChainState, event: contracts.ProgrammeStarted, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.programme_started(
        state,
        municipality=m,
        regime=event.regime,
        start_date=event.start_date,
        expected_end_date=event.expected_end_date,
    )


def _programme_extended(
    state: ChainState, event: contracts.ProgrammeExtended, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.programme_extended(
        state,
        municipality=m,
        extension_number=event.extension_number,
        expected_end_date=event.expected_end_date,
    )


def _programme_ended(
    state: ChainState, event: contracts.ProgrammeEnded, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.programme_ended(
        state,
        municipality=m,
        completion=event.completion,
        end_date=event.end_date,
        reason=event.reason,
        regime=event.regime,
        start_date=event.start_date,
    )


def _mapping_recorded(
    state: ChainState, event: contracts.MappingRecorded, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.mapping_recorded(
        state, municipality=m, version=event.mapping_version, recorded_on=event.recorded_on
    )


def _plan_updated(
    state: ChainState, event: contracts.PlanUpdated, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.plan_updated(
        state,
        municipality=m,
        version=event.plan_version,
        end_goal=event.end_goal,
        norwegian_goal=event.norwegian_goal,
        updated_at=_noon_utc(event.saved_on) if event.saved_on else envelope.time,
    )


def _test_result_recorded(
    state: ChainState, event: contracts.TestResultRecorded, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.result_recorded(
        state,
        municipality=m,
        test=event.test,
        taken_on=event.taken_on,
        levels=event.levels,
        passed=event.passed,
    )


def _outcome_recorded(
    state: ChainState, event: contracts.OutcomeRecorded, envelope: CloudEvent, m: str | None
) -> ChainState:
    if event.measured_at == "year_n":  # the yearly follow-up, apart from IMDi's and SSB's
        return follow_up.follow_up_recorded(
            state,
            municipality=m,
            years=event.years_since_settlement,
            status=event.status,
            status_on=event.status_on,
            still_in_municipality=event.still_in_municipality,
        )
    return chain.outcome_recorded(
        state,
        municipality=m,
        measured_at=event.measured_at,
        status=event.status,
        status_on=event.status_on,
    )


def _plan_reviewed(
    state: ChainState, event: contracts.PlanReviewed, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.plan_reviewed(
        state,
        municipality=m,
        review_id=str(event.review_id),
        reviewed_on=event.reviewed_on,
        plan_version=event.plan_version,
        nav_present=event.nav_present,
        participant_acknowledged=event.participant_acknowledged,
        disagreement_recorded=event.disagreement_recorded,
        next_review_due=event.next_review_due,
    )


def _meeting_held(
    state: ChainState, event: contracts.MeetingHeld, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.meeting_held(
        state,
        municipality=m,
        meeting_id=str(event.meeting_id),
        kind=event.kind,
        held_on=event.held_on,
        nav_present=event.nav_present,
    )


def _action_created(
    state: ChainState, event: contracts.ActionCreated, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.action_created(
        state,
        municipality=m,
        action_id=str(event.action_id),
        meeting_id=str(event.meeting_id) if event.meeting_id else None,
        owner_agency=event.owner_agency,
        owner_unit=event.owner_unit,
        responsibility=event.responsibility,
        due_date=event.due_date,
        created_on=event.created_on,
    )


def _action_completed(
    state: ChainState, event: contracts.ActionCompleted, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.action_completed(
        state,
        municipality=m,
        action_id=str(event.action_id),
        outcome=event.outcome,
        completed_on=event.completed_on,
    )


def _programme_leave(
    state: ChainState, event: contracts.ProgrammeLeave, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.leave_granted(
        state,
        municipality=m,
        leave_id=str(event.leave_id),
        from_date=event.from_date,
        to_date=event.to_date,
    )


def _participant_moved(
    state: ChainState, event: contracts.ParticipantMoved, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.participant_moved(
        state,
        municipality=m,
        moved_on=event.moved_on,
        from_municipality=event.from_municipality,
        to_municipality=event.to_municipality,
    )


def _participant_erased(
    state: ChainState, event: contracts.ParticipantErased, envelope: CloudEvent, m: str | None
) -> ChainState:
    """Nothing is left of the chain (``service_layer.erasure`` drops the row)."""
    return ChainState(participant_id=state.participant_id, erased=True)


def _consent_granted(
    state: ChainState, event: contracts.ConsentGranted, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.consent_granted(
        state,
        municipality=m,
        consent_id=event.consent_id,
        recipient_kind=event.recipient_kind,
        recipient_id=event.recipient_id,
        purpose=event.purpose,
        granted_on=event.granted_on,
        expires_on=event.expires_on,
    )


def _consent_withdrawn(
    state: ChainState, event: contracts.ConsentWithdrawn, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.consent_withdrawn(
        state, municipality=m, consent_id=event.consent_id, withdrawn_on=event.withdrawn_on
    )


def _placement_started(
    state: ChainState, event: contracts.PlacementStarted, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.placement_started(
        state,
        municipality=m,
        placement_id=str(event.placement_id),
        kind=event.kind,
        sector=event.sector,
        start_date=event.start_date,
        planned_end=event.planned_end,
        flags=tuple(event.flags),
        created_by_municipality=event.created_by_municipality,
    )


def _placement_kind_changed(
    state: ChainState, event: contracts.PlacementKindChanged, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.placement_kind_changed(
        state,
        municipality=m,
        placement_id=str(event.placement_id),
        from_kind=event.from_kind,
        to_kind=event.to_kind,
        effective_date=event.effective_date,
    )


def _placement_ended(
    state: ChainState, event: contracts.PlacementEnded, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.placement_ended(
        state,
        municipality=m,
        placement_id=str(event.placement_id),
        kind=event.kind,
        sector=event.sector,
        actual_end=event.actual_end,
        reason=event.reason,
        next_step=event.next_step,
    )


def _participant_hired(
    state: ChainState, event: contracts.ParticipantHired, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.participant_hired(
        state, municipality=m, placement_id=str(event.placement_id), hired_on=event.hired_on
    )


def _nav_measure_linked(
    state: ChainState, event: contracts.NavMeasureLinked, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.nav_measure_linked(
        state,
        municipality=m,
        placement_id=str(event.placement_id),
        measure_type=event.measure_type,
        role=event.role,
        period_from=event.period_from,
        period_to=event.period_to,
    )


def _match_started(
    state: ChainState, event: contracts.MatchStarted, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.match_started(
        state,
        municipality=m,
        match_id=str(event.match_id),
        role=event.role,
        started_on=event.started_on,
    )


def _match_ended(
    state: ChainState, event: contracts.MatchEnded, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.match_ended(
        state,
        municipality=m,
        match_id=str(event.match_id),
        role=event.role,
        ended_on=event.ended_on,
        was_started=event.was_started,
    )


def _attendance_recorded(
    state: ChainState, event: contracts.AttendanceRecorded, envelope: CloudEvent, m: str | None
) -> ChainState:
    return chain.attendance_recorded(
        state, municipality=m, attended_on=event.attended_on, present=event.present
    )


# The year round and past the programme (issue 16; ``domain/chain/year.py``).


def _timetable_week_checked(
    state: ChainState, event: contracts.TimetableWeekChecked, envelope: CloudEvent, m: str | None
) -> ChainState:
    return year.timetable_week_checked(
        state,
        municipality=m,
        week_start=event.week_start,
        minutes=event.minutes,
        required_minutes=event.required_minutes,
        full_time=event.full_time,
        checked_at=envelope.time,
    )


def _transition_updated(
    state: ChainState, event: contracts.TransitionUpdated, envelope: CloudEvent, m: str | None
) -> ChainState:
    return year.transition_updated(
        state,
        municipality=m,
        nav_dialogue_held_on=event.nav_dialogue_held_on,
        next_step=event.next_step,
        receiving_kind=event.receiving_kind,
        complete=event.complete,
        updated_on=event.updated_on,
        at=envelope.time,
    )


def _hand_over_created(
    state: ChainState, event: contracts.HandOverCreated, envelope: CloudEvent, m: str | None
) -> ChainState:
    return year.hand_over_created(
        state,
        municipality=m,
        hand_over_id=str(event.hand_over_id),
        receiving_kind=event.receiving_kind,
        created_on=event.created_on,
    )


def _hand_over_acknowledged(
    state: ChainState, event: contracts.HandOverAcknowledged, envelope: CloudEvent, m: str | None
) -> ChainState:
    return year.hand_over_acknowledged(
        state,
        municipality=m,
        hand_over_id=str(event.hand_over_id),
        receiving_kind=event.receiving_kind,
        acknowledged_on=event.acknowledged_on,
        follow_up_owner=event.follow_up_owner,
    )


# What each event type does to a chain (one dictionary look-up per event).
TRANSITIONS: dict[type[IntegrationEvent], Callable[..., ChainState]] = {
    contracts.ParticipantSettled: _participant_settled,
    contracts.ProgrammeStarted: _programme_started,
    contracts.ProgrammeExtended: _programme_extended,
    contracts.ProgrammeEnded: _programme_ended,
    contracts.MappingRecorded: _mapping_recorded,
    contracts.PlanUpdated: _plan_updated,
    contracts.TestResultRecorded: _test_result_recorded,
    contracts.OutcomeRecorded: _outcome_recorded,
    contracts.PlanReviewed: _plan_reviewed,
    contracts.MeetingHeld: _meeting_held,
    contracts.ActionCreated: _action_created,
    contracts.ActionCompleted: _action_completed,
    contracts.ProgrammeLeave: _programme_leave,
    contracts.ParticipantMoved: _participant_moved,
    contracts.ParticipantErased: _participant_erased,
    contracts.ConsentGranted: _consent_granted,
    contracts.ConsentWithdrawn: _consent_withdrawn,
    contracts.PlacementStarted: _placement_started,
    contracts.PlacementKindChanged: _placement_kind_changed,
    contracts.PlacementEnded: _placement_ended,
    contracts.ParticipantHired: _participant_hired,
    contracts.NavMeasureLinked: _nav_measure_linked,
    contracts.MatchStarted: _match_started,
    contracts.MatchEnded: _match_ended,
    contracts.AttendanceRecorded: _attendance_recorded,
    contracts.TimetableWeekChecked: _timetable_week_checked,
    contracts.TransitionUpdated: _transition_updated,
    contracts.HandOverCreated: _hand_over_created,
    contracts.HandOverAcknowledged: _hand_over_acknowledged,
    contracts.ParticipantGenderSet: _gender_set,
    contracts.LedgerEntryRecorded: _ledger_day,
    contracts.PlacementAttendanceRecorded: _ledger_day,
}


def transition(state: ChainState, event: IntegrationEvent, envelope: CloudEvent) -> ChainState:
    """What one event does to a participant's chain (nothing, once they are erased)."""
    if state.erased:
        return state
    step = TRANSITIONS.get(type(event))
    if step is None:
        raise TypeError(f"no transition for {type(event).__name__}")
    return step(state, event, envelope, envelope.municipality)


def _participant(event: IntegrationEvent) -> UUID:
    participant_id = getattr(event, "participant_id", None)
    if not isinstance(participant_id, UUID):
        raise TypeError(f"{type(event).__name__} names no participant")
    return participant_id


chain_fold: Fold[ChainState] = Fold(
    table=participant_chain,
    key="participant_id",
    events=tuple(TRANSITIONS),
    key_of=_participant,
    transition=transition,
    from_row=lambda row: chain_rows.from_row(row._mapping),
    to_row=chain_rows.to_row,
    blank=lambda _: {"stage": Stage.UNKNOWN.value},
    initial=lambda participant_id: ChainState(participant_id=participant_id),
)


# Public agencies' sharing bases (plan-service's): whose chain NAV, the learning centre
# and the county may read here (``helhet_common.access``); the shared fold, with the
# initial state the bulk rebuild needs.
basis_fold: Fold[SharingBasis] = sharing_basis_fold(sharing_bases)


FOLDS: list[Fold[Any]] = [chain_fold, basis_fold]


def _report_unknown_owners(
    items: Sequence[Applied], catalogue: Catalogue, seen: set[tuple[str, str]]
) -> None:
    """An action owned by a unit the municipality's model does not name is kept and
    routed as it is (decision 0003), and reported here once per unit and projection."""
    for event, envelope in items:
        if not isinstance(event, contracts.ActionCreated) or envelope.municipality is None:
            continue
        key = (envelope.municipality, event.owner_unit)
        if key in seen:
            continue
        seen.add(key)
        model = catalogue.for_municipality(envelope.municipality)
        if model is not None and model.unit(event.owner_unit) is None:
            log.warning(
                "action_owner_unit_unknown",
                municipality=envelope.municipality,
                owner_unit=event.owner_unit,
                model=model.key,
            )


async def _erase(session: AsyncSession, items: Sequence[Applied], *, now: datetime) -> set[UUID]:
    """The batch's erasures kept, and everything of an erased participant the batch
    touched dropped (an event that comes after the erasure included); returns them."""
    erasures = [e for e, _ in items if isinstance(e, contracts.ParticipantErased)]
    if erasures:
        await erasure.record(session, erasures, now=now)
    gone = await erasure.erased_among(session, {_participant(e) for e, _ in items})
    await erasure.drop(session, gone)
    return gone


class ErasingReplay(FoldReplay):
    """A rebuild's replay that writes nothing of an erased participant: neither one
    erased in the replayed events nor one erased before (``erased_participants`` is kept
    across a rebuild), and drops the alerts that still name them."""

    def __init__(self, folds: Sequence[Fold[Any]], *, clock: Clock) -> None:
        super().__init__(folds, clock=clock)
        self._clock_now = clock.now
        self.erasures: list[contracts.ParticipantErased] = []

    def add(self, event: IntegrationEvent, envelope: CloudEvent) -> None:
        super().add(event, envelope)
        if isinstance(event, contracts.ParticipantErased):
            self.erasures.append(event)

    async def write(self, session: AsyncSession) -> int:
        await erasure.record(session, self.erasures, now=self._clock_now())
        gone = await erasure.all_erased(session)
        chains, bases = self.states
        for key in gone & set(chains):
            del chains[key]
        for key in [k for k, b in bases.items() if b.participant_id in gone]:
            del bases[key]
        written = await super().write(session)
        await erasure.drop(session, gone)
        return written


def alert_step(*, catalogue: Catalogue, live_window: timedelta, clock: Clock) -> After:
    """The fold's ``after`` step: the alerts of the batch's folded chains reconciled
    with the gap rules as of the clock's today.

    Alerts are evaluated for the participants whose events in the batch are live: at
    least one younger than ``live_window``. A replay of old events (a rebuild) or a long
    backlog leaves their alerts as they are, so a rebuild neither loses the alerts'
    history nor writes a flurry of alerts opened and closed by half-replayed chains; the
    daily clock (``evaluate-alerts``) reconciles them with the finished chains."""
    unknown_owners: set[tuple[str, str]] = set()

    async def reconcile_alerts(
        session: AsyncSession, items: Sequence[Applied], folded: Sequence[Folded[Any]]
    ) -> None:
        now = clock.now()
        gone = await _erase(session, items, now=now)
        oldest_live = now - live_window
        live = {_participant(event) for event, envelope in items if envelope.time >= oldest_live}
        _report_unknown_owners(items, catalogue, unknown_owners)
        chains = folded[0]
        states = [state for key, state in chains.after.items() if key in live and key not in gone]
        await alert_service.reconcile(
            session,
            states,
            municipalities={s.municipality for s in states if s.municipality},
            catalogue=catalogue,
            today=clock.today(),
            now=now,
        )

    return reconcile_alerts


def make_projection(settings: ReportingSettings, *, clock: Clock = SYSTEM_CLOCK) -> Projection:
    """The consumer's projection, with the organisation models and the alert live window
    of ``settings``."""
    projection = fold_projection(
        name="participant-chain",
        registry=contracts.registry,
        folds=FOLDS,
        tables=READ_MODEL_TABLES,
        after=alert_step(
            catalogue=organisation_config.catalogue(settings.organisation_models_dir),
            live_window=timedelta(hours=settings.alert_live_window_hours),
            clock=clock,
        ),
        clock=clock,
        # A rebuild folds every event in memory and writes each chain once; it does not
        # evaluate alerts (nor would the batch path, for events older than the live
        # window): ``after_rebuild`` reconciles them all with the rebuilt chains.
        bulk_rebuild=True,
    )
    # ... and a participant plan-service erased stays out of it (``ErasingReplay``).
    return replace(projection, bulk_replay=lambda: ErasingReplay(FOLDS, clock=clock))


def _noon_utc(day: date) -> datetime:
    """A day as a moment that is the same date in Norway and in UTC."""
    return datetime.combine(day, time(12), tzinfo=UTC)
