"""The participant-chain projection, with its alerts.

A batch of events is applied in a handful of statements whatever its size: create the
rows of participants seen for the first time, load (and lock) every row the batch
touches, write back the changed ones, then load the batch's open alerts, open the new
ones and close the cleared ones. What each event does to a chain is a pure function in
``domain/chain.py`` and which alerts should be open is a pure function in
``domain/alerts.py``, so the result does not depend on the order events of one
participant arrive in on different topics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_if_absent
from helhet_common.messaging.consumer import Applied, BatchHandler, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from reporting_service import contracts
from reporting_service.adapters import chain_rows
from reporting_service.adapters import organisation as organisation_config
from reporting_service.adapters.tables import READ_MODEL_TABLES, participant_chain
from reporting_service.domain import chain
from reporting_service.domain.chain import ChainState, Stage
from reporting_service.domain.organisation import Catalogue
from reporting_service.service_layer import alerts as alert_service
from reporting_service.settings import ReportingSettings

table = participant_chain
OSLO = ZoneInfo("Europe/Oslo")


def today_in_norway() -> date:
    return datetime.now(OSLO).date()


def configured_catalogue() -> Catalogue:
    """The shipped organisation models plus the configured folder (cached)."""
    return organisation_config.catalogue(ReportingSettings().organisation_models_dir)


def transition(state: ChainState, event: IntegrationEvent, envelope: CloudEvent) -> ChainState:
    """What one event does to a participant's chain."""
    m = envelope.municipality
    match event:
        case contracts.ParticipantSettled():
            return chain.settled(
                state,
                municipality=event.municipality,
                settlement_date=event.settlement_date,
                household_type=event.household_type,
            )
        case contracts.ProgrammeStarted():
            return chain.programme_started(
                state,
                municipality=m,
                regime=event.regime,
                start_date=event.start_date,
                expected_end_date=event.expected_end_date,
            )
        case contracts.ProgrammeExtended():
            return chain.programme_extended(
                state,
                municipality=m,
                extension_number=event.extension_number,
                expected_end_date=event.expected_end_date,
            )
        case contracts.ProgrammeEnded():
            return chain.programme_ended(
                state,
                municipality=m,
                completion=event.completion,
                end_date=event.end_date,
                reason=event.reason,
                regime=event.regime,
                start_date=event.start_date,
            )
        case contracts.MappingRecorded():
            return chain.mapping_recorded(
                state, municipality=m, version=event.mapping_version, recorded_on=event.recorded_on
            )
        case contracts.PlanUpdated():
            return chain.plan_updated(
                state,
                municipality=m,
                version=event.plan_version,
                end_goal=event.end_goal,
                norwegian_goal=event.norwegian_goal,
                updated_at=envelope.time,
            )
        case contracts.TestResultRecorded():
            return chain.result_recorded(
                state,
                municipality=m,
                test=event.test,
                taken_on=event.taken_on,
                levels=event.levels,
                passed=event.passed,
            )
        case contracts.OutcomeRecorded():
            return chain.outcome_recorded(
                state,
                municipality=m,
                measured_at=event.measured_at,
                status=event.status,
                status_on=event.status_on,
            )
        case contracts.ConsentGranted():
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
        case contracts.ConsentWithdrawn():
            return chain.consent_withdrawn(
                state, municipality=m, consent_id=event.consent_id, withdrawn_on=event.withdrawn_on
            )
        case contracts.PlacementStarted():
            return chain.placement_started(
                state,
                municipality=m,
                placement_id=str(event.placement_id),
                kind=event.kind,
                sector=event.sector,
                start_date=event.start_date,
                planned_end=event.planned_end,
                flags=tuple(event.flags),
            )
        case contracts.PlacementKindChanged():
            return chain.placement_kind_changed(
                state,
                municipality=m,
                placement_id=str(event.placement_id),
                from_kind=event.from_kind,
                to_kind=event.to_kind,
                effective_date=event.effective_date,
            )
        case contracts.PlacementEnded():
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
        case contracts.ParticipantHired():
            return chain.participant_hired(
                state, municipality=m, placement_id=str(event.placement_id), hired_on=event.hired_on
            )
        case contracts.NavMeasureLinked():
            return chain.nav_measure_linked(
                state,
                municipality=m,
                placement_id=str(event.placement_id),
                measure_type=event.measure_type,
                role=event.role,
                period_from=event.period_from,
                period_to=event.period_to,
            )
        case contracts.MatchStarted():
            return chain.match_started(
                state,
                municipality=m,
                match_id=str(event.match_id),
                role=event.role,
                started_on=event.started_on,
            )
        case contracts.MatchEnded():
            return chain.match_ended(
                state,
                municipality=m,
                match_id=str(event.match_id),
                role=event.role,
                ended_on=event.ended_on,
                was_started=event.was_started,
            )
        case contracts.AttendanceRecorded():
            return chain.attendance_recorded(
                state, municipality=m, attended_on=event.attended_on, present=event.present
            )
    raise TypeError(f"no transition for {type(event).__name__}")


def _participant(event: IntegrationEvent) -> UUID:
    participant_id = getattr(event, "participant_id", None)
    if not isinstance(participant_id, UUID):
        raise TypeError(f"{type(event).__name__} names no participant")
    return participant_id


WRITTEN = [*chain_rows.COLUMNS, "updated_at"]


def make_apply(
    *,
    today: Callable[[], date] = today_in_norway,
    catalogue: Callable[[], Catalogue] = configured_catalogue,
) -> BatchHandler:
    """The batch handler, with its clock and organisation models (tests pass their own)."""

    async def apply_chain_events(session: AsyncSession, items: Sequence[Applied]) -> None:
        ids = sorted({_participant(event) for event, _ in items})  # a stable lock order
        now = datetime.now(UTC)
        await insert_if_absent(
            session,
            table,
            [{"participant_id": i, "stage": Stage.UNKNOWN.value, "updated_at": now} for i in ids],
        )
        rows = await session.execute(
            select(table).where(table.c.participant_id.in_(ids)).with_for_update()
        )
        before = {row.participant_id: chain_rows.from_row(dict(row._mapping)) for row in rows}
        after = dict(before)
        for event, envelope in items:
            participant_id = _participant(event)
            after[participant_id] = transition(after[participant_id], event, envelope)
        changed = [state for i, state in after.items() if state != before[i]]
        if changed:
            await session.execute(
                update(table)
                .where(table.c.participant_id == bindparam("b_participant_id"))
                .values({c: bindparam(f"b_{c}") for c in WRITTEN}),
                [
                    {
                        "b_participant_id": state.participant_id,
                        **{f"b_{k}": v for k, v in chain_rows.to_row(state).items()},
                        "b_updated_at": now,
                    }
                    for state in changed
                ],
            )
        states = list(after.values())
        await alert_service.reconcile(
            session,
            states,
            municipalities={s.municipality for s in states if s.municipality},
            catalogue=catalogue(),
            today=today(),
            now=now,
        )

    return apply_chain_events


apply_chain_events = make_apply()


def make_projection(apply: BatchHandler = apply_chain_events) -> Projection:
    return Projection(
        name="participant-chain",
        registry=contracts.registry,
        apply_many=apply,
        tables=READ_MODEL_TABLES,
    )


projection = make_projection()
